"""A prepared article: cleaned, its script detected, segmented into words,
and cached on disk keyed by content and pipeline version, so reopening an
article costs one file read.
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.fileio import atomic_write_bytes
from reader.core.model import Document
from reader.core.paths import Locations

# Bump when anything but the cleaner changes what a prepared article holds.
PIPELINE_VERSION = 2


@dataclass
class Prepared:
    document: Document
    script: str
    ends: array | None = None  # end offset of every word token in document.text, in order
    readings: list | None = None  # per token, its pinyin in tone marks (one entry per character)
    _tokens: list | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def tokens(self) -> list | None:
        """Word tokens (``reader.core.segment.Token``) over the cleaned text, made from ``ends`` on demand."""
        if self.ends is None:
            return None
        if self._tokens is None:
            from reader.core.segment import Token

            text, start, tokens = self.document.text, 0, []
            for end in self.ends:
                tokens.append(Token(text[start:end], start, end))
                start = end
            self._tokens = tokens
        return self._tokens

    def word_at(self, offset: int) -> tuple[int, int]:
        """The word token containing ``offset`` as ``(start, end)``."""
        if not self.ends:
            return offset, min(offset + 1, len(self.text))
        i = bisect_right(self.ends, offset)
        i = min(i, len(self.ends) - 1)
        return (self.ends[i - 1] if i else 0), self.ends[i]

    def token_range(self, start: int, end: int) -> range:
        """Indexes of the word tokens that overlap ``[start, end)``."""
        if not self.ends:
            return range(0)
        first = bisect_right(self.ends, start)
        last = bisect_right(self.ends, max(start, end - 1))
        return range(first, min(last + 1, len(self.ends)))

    def annotated(self, start: int, end: int, style: object = None) -> list:
        """``Annotated`` words (``reader.core.pinyin``) over ``[start, end)``, cut at its edges."""
        from reader.core.pinyin import Annotated, Style, word_pinyin, word_tones

        style = Style(style or Style.MARKS)
        text, ends, out = self.text, self.ends, []
        if ends is None:
            return out
        for i in self.token_range(start, end):
            a, b = (ends[i - 1] if i else 0), ends[i]
            word = text[a:b]
            if style is Style.MARKS and self.readings is not None:
                reading = self.readings[i]
            else:
                reading = word_pinyin(word, style)
            tones = word_tones(word) if any(reading) else reading
            if a < start or b > end:  # a word cut by the range edge keeps its own reading
                lo, hi = max(a, start) - a, min(b, end) - a
                word, reading, tones, a, b = word[lo:hi], reading[lo:hi], tones[lo:hi], a + lo, a + hi
            out.append(Annotated(word, a, b, reading, tones))
        return out

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_tokens"] = None
        return state


def prepare(text: str, *, segment: bool = True) -> Prepared:
    from reader.core.clean import clean
    from reader.core.convert import detect_script

    document = clean(text)
    prepared = Prepared(document, detect_script(document.text))
    if segment:
        add_words(prepared)
    return prepared


def add_words(prepared: Prepared) -> None:
    from reader.core.pinyin import Style, word_pinyin
    from reader.core.segment import segment

    tokens = segment(prepared.document.text)
    prepared.ends = array("I", (t.end for t in tokens))
    prepared.readings = [word_pinyin(t.text, Style.MARKS) for t in tokens]
    prepared._tokens = None


def cache_key(text: str) -> str:
    from reader.core.clean import CLEANER_VERSION

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}-c{CLEANER_VERSION}-p{PIPELINE_VERSION}"


def _cache_path(locations: Locations, text: str) -> Path:
    folder = locations.cache / "prepared"
    folder.mkdir(exist_ok=True)
    return folder / f"{cache_key(text)}.pickle"


def prepare_cached(text: str, locations: Locations, *, segment: bool = True) -> Prepared:
    """:func:`prepare` through the disk cache; a damaged cache entry is simply made again."""
    path = _cache_path(locations, text)
    prepared: Prepared | None = None
    try:
        with open(path, "rb") as fh:
            loaded = pickle.load(fh)
        if isinstance(loaded, Prepared) and loaded.document.source == text:
            prepared = loaded
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - any unreadable cache entry is rebuilt, never trusted
        path.unlink(missing_ok=True)
    changed = False
    if prepared is None:
        prepared = prepare(text, segment=segment)
        changed = True
    elif segment and (prepared.ends is None or prepared.readings is None):
        add_words(prepared)
        changed = True
    if changed:
        try:
            atomic_write_bytes(path, pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only costs time
    return prepared
