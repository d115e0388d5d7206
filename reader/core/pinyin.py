"""Pinyin for words and texts, in tone marks, tone numbers or zhuyin.

The readings come from :mod:`reader.core.readings` (word, context model and
dictionary, on the text's Simplified fold); this module gives them as the
layout and the command line use them: per word, one entry per character,
``None`` for characters that are not Han. Loading what reading needs is
deferred to the first call.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.core.han import has_han
from reader.core.syllables import PinyinOptions

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.overrides import Overrides
    from reader.core.syllables import Readings

__all__ = [
    "Annotated",
    "PinyinOptions",
    "Style",
    "annotate",
    "iter_tokens",
    "tokens",
    "tone_of",
    "word_pinyin",
    "word_tones",
]


class Style(str, Enum):
    MARKS = "marks"  # zhōng
    NUMBERS = "numbers"  # zhong1 (neutral tone: 5)
    ZHUYIN = "zhuyin"  # ㄓㄨㄥ


@dataclass(frozen=True, slots=True)
class Annotated:
    """A word with its offsets and per-character pinyin (``None`` for non-Han characters)."""

    text: str
    start: int
    end: int
    pinyin: tuple[str | None, ...]
    tones: tuple[int | None, ...]


@lru_cache(maxsize=65536)
def word_pinyin(word: str, style: Style = Style.MARKS) -> tuple[str | None, ...]:
    """The reading of ``word`` on its own, one entry per character, ``None`` for non-Han characters."""
    if not has_han(word):
        return (None,) * len(word)
    from reader.core.readings import read

    return read(word).at(0, len(word), Style(style).value)[0]


_MARK_TONES = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_ZHUYIN_TONES = {"ˊ": 2, "ˇ": 3, "ˋ": 4, "˙": 5}


@lru_cache(maxsize=4096)
def tone_of(syllable: str) -> int:
    """Tone 1-5 (5 = neutral) of a syllable in any style: zhōng, zhong1 or ㄓㄨㄥ."""
    if not syllable:
        return 5
    last = syllable[-1]
    if last.isdigit():
        return int(last) if last in "12345" else 5
    for ch in syllable:
        if ch in _ZHUYIN_TONES:
            return _ZHUYIN_TONES[ch]
    if "\u3105" <= syllable[0] <= "\u312f" or "\u31a0" <= syllable[0] <= "\u31bf":
        return 1  # zhuyin marks tones 2-5; an unmarked syllable is tone 1
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _MARK_TONES:
            return _MARK_TONES[ch]
    return 5


@lru_cache(maxsize=65536)
def word_tones(word: str) -> tuple[int | None, ...]:
    """Tone numbers 1-5 of ``word``, one per character (``None`` for non-Han)."""
    return tuple(None if p is None else tone_of(p) for p in word_pinyin(word, Style.NUMBERS))


def iter_tokens(
    readings: Readings,
    style: Style,
    options: PinyinOptions | None = None,
    start: int = 0,
    end: int | None = None,
) -> Iterator[Annotated]:
    """Every word of a read text (or of its words in ``[start, end)``) with its pinyin and tones."""
    from bisect import bisect_right

    text, ends, value = readings.text, readings.ends, Style(style).value
    stop = len(text) if end is None else end
    i = bisect_right(ends, start)
    prev = start
    while i < len(ends) and prev < stop:
        word_end = ends[i]
        if word_end > prev:
            py, tones = readings.at(prev, word_end, value, options)
            yield Annotated(text[prev:word_end], prev, word_end, py, tones)
        prev = word_end
        i += 1


def tokens(readings: Readings, style: Style, options: PinyinOptions | None = None) -> list[Annotated]:
    """Every word of a read text with its pinyin and tones, as ``options`` show them."""
    return list(iter_tokens(readings, style, options))


def annotate(
    text: str,
    style: Style = Style.MARKS,
    options: PinyinOptions | None = None,
    overrides: Overrides | None = None,
) -> list[Annotated]:
    """Segment and read ``text`` and give every word its pinyin and tones, in one step."""
    from reader.core.readings import read

    return tokens(read(text, overrides), Style(style), options)
