"""Pinyin for words, in tone marks, tone numbers or zhuyin.

pypinyin is given whole words, never single characters: its phrase dictionary
picks the reading of a polyphonic character by the word it is in (on
CC-CEDICT's multi-character words, whole-word lookup gets the exact reading far
more often than char by char; see ``tests/core/test_pinyin.py``).

Traditional words are looked up on their Simplified form, because pypinyin's
phrase dictionary is mostly Simplified; when the conversion changes the length
we fall back to the Traditional word itself.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from reader.core.segment import segment

__all__ = ["Style", "Annotated", "word_pinyin", "word_tones", "tone_of", "annotate", "is_han"]


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


# CJK ideographs: URO, extension A, compatibility, 〇, and the supplementary planes.
_HAN = re.compile(
    "[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U000323af]"
)


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Chinese character (the only characters that get pinyin)."""
    return _HAN.match(ch) is not None


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


_lock = threading.Lock()
_pypinyin: Any = None


def _lib() -> Any:
    """Import pypinyin once (its dictionaries take ~0.3 s), under a lock."""
    global _pypinyin
    if _pypinyin is None:
        with _lock:
            if _pypinyin is None:
                import pypinyin

                _pypinyin = pypinyin
    return _pypinyin


def warm_up() -> None:
    """Load pypinyin's dictionaries now (call from a worker thread)."""
    word_pinyin("中国", Style.MARKS)


def _no_pinyin(chars: str) -> list[str]:
    return [""] * len(chars)


def _raw(word: str, style: Style) -> list[str]:
    """pypinyin's reading of ``word``, one string per character ('' for none)."""
    lib = _lib()
    py_style = {
        Style.MARKS: lib.Style.TONE,
        Style.NUMBERS: lib.Style.TONE3,
        Style.ZHUYIN: lib.Style.BOPOMOFO,
    }[style]
    items = lib.pinyin(
        word, style=py_style, heteronym=False, errors=_no_pinyin, neutral_tone_with_five=True
    )
    out = [item[0] if item else "" for item in items]
    if len(out) != len(word):  # never seen, but keep one entry per character
        out = [_raw(ch, style)[0] if is_han(ch) else "" for ch in word]
    return out


@lru_cache(maxsize=4096)
def _simplified_word(word: str) -> str:
    from reader.core.convert import convert_text

    simplified = convert_text(word, "t2s")
    return simplified if len(simplified) == len(word) else word


@lru_cache(maxsize=65536)
def word_pinyin(word: str, style: Style = Style.MARKS) -> tuple[str | None, ...]:
    """The reading of ``word``, one entry per character, ``None`` for non-Han characters."""
    if not has_han(word):
        return (None,) * len(word)
    lookup = _simplified_word(word)
    raw = _raw(lookup, Style(style))
    return tuple(p if p and is_han(ch) else None for ch, p in zip(word, raw))


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
    """Tone numbers 1-5 of ``word``, one per character (``None`` for non-Han), in any style."""
    return tuple(None if p is None else tone_of(p) for p in word_pinyin(word, Style.NUMBERS))


def annotate(text: str, style: Style = Style.MARKS) -> list[Annotated]:
    """Segment ``text`` and give every word its pinyin and tones, in one step."""
    style = Style(style)
    info = _word_info
    return [Annotated(tok.text, tok.start, tok.end, *info(tok.text, style)) for tok in segment(text)]


@lru_cache(maxsize=65536)
def _word_info(word: str, style: Style) -> tuple[tuple[str | None, ...], tuple[int | None, ...]]:
    """Pinyin and tones of a word together: one cache hit per token when annotating."""
    py = word_pinyin(word, style)
    return py, (word_tones(word) if any(p is not None for p in py) else py)  # type: ignore[return-value]
