"""One definition of a Chinese character, and every module that asks uses it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from reader.core.han import HAN, HAN_RANGES, IDEOGRAPHIC_MARKS, has_han, is_han

ROOT = Path(__file__).resolve().parent.parent.parent
# Modules that still spell the ranges out; each is to import reader.core.han instead.
NOT_YET = {"reader/core/cleaning/chars.py"}


def _ideograph(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def test_every_ideograph_unicode_names_is_han_and_nothing_else_but_zero() -> None:
    named = [chr(c) for c in range(0x40000) if c < 0xD800 or c > 0xDFFF]
    wrong = [ch for ch in named if is_han(ch) != (_ideograph(ch) or ch == "〇") and unicodedata.name(ch, "")]
    assert not wrong, f"{len(wrong)} characters misjudged, e.g. {[f'U+{ord(c):04X}' for c in wrong[:5]]}"


@pytest.mark.parametrize("ch", ["一", "〇", "龥", "𠀀", "𪜀", "𰀀", "\U000323af", "\U0003fffd", "豈"])
def test_han(ch: str) -> None:
    assert is_han(ch) and has_han(f"ab{ch}")


@pytest.mark.parametrize(
    "ch", ["々", "⺀", "⿕", "あ", "ア", "。", "，", "·", "한", "ꀀ", "䷀", "A", "\U00040000"]
)
def test_not_han(ch: str) -> None:
    """Radicals, iteration marks, kana, punctuation, Hangul, Yi, the Yijing hexagrams (inside the
    old bounds some modules used) and the plane after the ideographic ones."""
    assert not is_han(ch) and not has_han(ch)


def test_the_pattern_and_the_ranges_agree() -> None:
    for a, b in HAN_RANGES:
        for c in {a, b, (a + b) // 2}:
            assert HAN.fullmatch(chr(c))
        for c in (a - 1, b + 1):
            if not any(x <= c <= y for x, y in HAN_RANGES):
                assert HAN.fullmatch(chr(c)) is None


def test_conversion_and_the_dictionary_take_every_han_character_and_the_marks() -> None:
    from reader.core import cedict_markup, convert

    sample = "".join(chr(c) for a, b in HAN_RANGES for c in {a, b, (a + b) // 2}) + "々〆〡〩"
    assert convert._RUN.fullmatch(sample)
    assert re.fullmatch(f"[{cedict_markup._HAN}]+", sample)
    assert set("々〆〡〩") <= {ch for ch in sample if re.match(f"[{IDEOGRAPHIC_MARKS}]", ch)}


def test_no_module_spells_the_ranges_out_again() -> None:
    """The start of the main block or of extension A written in a pattern is a second definition."""
    spelled = re.compile(r"\\u4e00-|\\u3400-|[\u4e00\u3400]-|0x4E00|0x3400", re.IGNORECASE)
    found = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "reader").rglob("*.py")
        if path.name != "han.py" and spelled.search(path.read_text(encoding="utf-8"))
    )
    assert set(found) <= NOT_YET, f"define Han characters in reader/core/han.py only: {found}"
