"""What makes two occurrences the same word: its Simplified form, and its reading where that matters.

A word is keyed by its Simplified form, so 電腦 and 电脑 share one entry. A word
that CC-CEDICT reads in more than one way (行 háng / xíng, 了 le / liǎo, 东西
dōngxī / dōngxi) is also told apart by its reading; any other word is one entry
whatever reading it was shown with, so a reading that shifts with context or
with a presentation option (tone sandhi) never splits it.

Readings are compared as :func:`reading_key`: tone marks, lower case, no
spaces (``xíng``, ``dōngxi``), whether they were given as marks or numbers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["entry_reading", "reading_key", "simplified", "simplify_all", "word_readings"]


@lru_cache(maxsize=65536)
def simplified(word: str) -> str:
    """``word`` in Simplified script (OpenCC ``t2s``): the form every entry is keyed by."""
    from reader.core.convert import convert_text

    return convert_text(word, "t2s")


def simplify_all(words: Iterable[str]) -> dict[str, str]:
    """Each distinct word's Simplified form, converted in one OpenCC call (an article's words at once).

    Words are joined by line breaks, which OpenCC never converts across; should
    the count of lines ever differ, each word is converted on its own.
    """
    distinct = list(dict.fromkeys(w for w in words if "\n" not in w))
    if not distinct:
        return {}
    from reader.core.convert import convert_text

    lines = convert_text("\n".join(distinct), "t2s").split("\n")
    if len(lines) != len(distinct):
        return {w: simplified(w) for w in distinct}
    return dict(zip(distinct, lines))


_SPACES = str.maketrans("", "", " \t'’-·")


@lru_cache(maxsize=65536)
def reading_key(reading: str) -> str:
    """A reading as compared: ``hang2`` and ``háng`` are ``háng``; ``dong1 xi5`` is ``dōngxi``."""
    from reader.core.cedict_markup import numbers_to_marks

    text = unicodedata.normalize("NFC", reading.strip().lower().replace("u:", "ü").replace("v", "ü"))
    return unicodedata.normalize("NFC", numbers_to_marks(text)).translate(_SPACES)


_NO_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")


@lru_cache(maxsize=16384)
def word_readings(simp: str) -> tuple[str, ...]:
    """The distinct readings CC-CEDICT gives the word ``simp`` itself (none for a word it lacks)."""
    from reader.core.dictionary import lookup

    entries = [e for e in lookup(simp) if simp in (e.simplified, e.traditional)]
    return tuple(dict.fromkeys(reading_key(e.pinyin_marks) for e in entries))


def entry_reading(simp: str, reading: str | None) -> str:
    """The reading an entry for ``simp`` shown as ``reading`` is kept under: ``""`` (every reading)
    unless the word has several readings; then the dictionary's reading that ``reading`` is
    (ignoring tones if need be: 知识 shown zhīshi is CC-CEDICT's zhīshi), else ``reading`` itself."""
    if not reading:
        return ""
    readings = word_readings(simp)
    if len(readings) < 2:
        return ""
    key = reading_key(reading)
    if key in readings:
        return key
    toneless = [r for r in readings if r.translate(_NO_TONES) == key.translate(_NO_TONES)]
    return toneless[0] if len(toneless) == 1 else key
