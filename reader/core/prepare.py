"""A prepared article: cleaned, its script detected, segmented into words with
their readings in every pinyin style, and cached on disk keyed by content and
pipeline version, so reopening an article costs one file read.

Segmenting and reading need jieba and pypinyin, which together hold ~140 MB.
The app prepares articles in a short-lived child process
(:func:`prepare_isolated`), so neither library ever loads into the process that
draws the screen; the command line prepares in its own process.
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from reader.core.fileio import atomic_write_bytes
from reader.core.model import Document
from reader.core.paths import Locations

# Bump when anything but the cleaner changes what a prepared article holds.
PIPELINE_VERSION = 4
STYLES = ("marks", "numbers", "zhuyin")

Reading = tuple  # one entry per character: a syllable, or None for a non-Han character


@dataclass
class Readings:
    """Every word's pinyin (in each style) and tones, aligned with the word ends of the cleaned text."""

    ends: array
    pinyin: dict[str, list[Reading]]
    tones: list[Reading]

    def at(self, start: int, end: int, style: str) -> tuple[Reading, Reading] | None:
        """Pinyin and tones of the cleaned-text range ``[start, end)`` inside one word, or None."""
        ends = self.ends
        i = bisect_right(ends, start)
        if i >= len(ends) or end > ends[i]:
            return None
        lo = start - (ends[i - 1] if i else 0)
        hi = lo + (end - start)
        return self.pinyin[str(style)][i][lo:hi], self.tones[i][lo:hi]


@dataclass
class Prepared:
    document: Document
    script: str
    readings: Readings | None = None  # the words, once segmented (in a child process for the app)

    @property
    def text(self) -> str:
        return self.document.text


def prepare(text: str, *, segment: bool = True) -> Prepared:
    from reader.core.clean import clean
    from reader.core.convert import detect_script

    document = clean(text)
    prepared = Prepared(document, detect_script(document.text))
    if segment:
        add_words(prepared)
    return prepared


def add_words(prepared: Prepared) -> None:
    from reader.core.pinyin import Style, word_pinyin, word_tones
    from reader.core.segment import segment

    words = [t.text for t in segment(prepared.document.text)]
    ends = array("I")
    position = 0
    for word in words:
        position += len(word)
        ends.append(position)
    pinyin = {style: [word_pinyin(w, Style(style)) for w in words] for style in STYLES}
    prepared.readings = Readings(ends, pinyin, [word_tones(w) for w in words])


def cache_key(text: str) -> str:
    from reader.core.clean import CLEANER_VERSION

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}-c{CLEANER_VERSION}-p{PIPELINE_VERSION}"


def _cache_path(locations: Locations, text: str) -> Path:
    folder = locations.cache / "prepared"
    folder.mkdir(exist_ok=True)
    return folder / f"{cache_key(text)}.pickle"


def cached(text: str, locations: Locations) -> Prepared | None:
    """The prepared article from the disk cache, or None; a damaged entry is removed, never trusted."""
    path = _cache_path(locations, text)
    try:
        with open(path, "rb") as fh:
            loaded = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any unreadable cache entry is rebuilt
        path.unlink(missing_ok=True)
        return None
    if isinstance(loaded, Prepared) and loaded.document.source == text:
        return loaded
    return None


def _store(prepared: Prepared, locations: Locations) -> None:
    try:
        atomic_write_bytes(_cache_path(locations, prepared.document.source),
                           pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache that cannot be written only costs time


def prepare_cached(text: str, locations: Locations, *, segment: bool = True) -> Prepared:
    """:func:`prepare` through the disk cache."""
    prepared = cached(text, locations)
    if prepared is None:
        prepared = prepare(text, segment=segment)
    elif segment and prepared.readings is None:
        add_words(prepared)
    else:
        return prepared
    _store(prepared, locations)
    return prepared


class PrepareError(Exception):
    """Preparing words failed in the child process; the message is one line."""


def prepare_isolated(text: str, locations: Locations) -> Prepared:
    """:func:`prepare_cached` with words, done in a child process when the cache does not have them.

    The child (``python -m reader.core.prepare CACHE_DIR``, the text on its
    standard input) loads jieba and pypinyin, writes the cache, sends the
    prepared article back and exits, giving their memory back.
    """
    prepared = cached(text, locations)
    if prepared is not None and prepared.readings is not None:
        return prepared
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "reader.core.prepare", str(locations.cache_root)],
        input=text.encode("utf-8", "surrogatepass"), capture_output=True, check=False,
    )
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PrepareError(lines[-1] if lines else f"the preparing process failed ({proc.returncode})")
    result = pickle.loads(proc.stdout)
    if not isinstance(result, Prepared):
        raise PrepareError("the preparing process sent something unexpected")
    return result


def _child(cache_root: str) -> int:
    import os
    import sys

    from reader.core.segment import configure

    try:
        os.nice(10)  # the screen the reader is looking at comes first
    except (AttributeError, OSError):
        pass

    root = Path(cache_root)
    configure(root / "jieba")
    text = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    prepared = prepare_cached(text, Locations(root, root, root))  # only the cache folder is used
    sys.stdout.buffer.write(pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    import sys

    # Run the module's own copy, so what is pickled is reader.core.prepare.Prepared, not __main__'s.
    from reader.core.prepare import _child as child

    raise SystemExit(child(sys.argv[1]))
