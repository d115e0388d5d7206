"""Pinyin per word: styles, tones, non-Han characters, Traditional text, CC-CEDICT accuracy."""

from __future__ import annotations

import pytest

from reader.core.pinyin import Style, annotate, tone_of, word_pinyin, word_tones


def test_styles():
    assert word_pinyin("中国", Style.MARKS) == ("zhōng", "guó")
    assert word_pinyin("中国", Style.NUMBERS) == ("zhong1", "guo2")
    assert word_pinyin("中国", Style.ZHUYIN) == ("ㄓㄨㄥ", "ㄍㄨㄛˊ")


def test_numbers_style_gives_every_syllable_a_digit():
    assert word_pinyin("我们", Style.NUMBERS) == ("wo3", "men5")


def test_whole_word_picks_the_reading_of_polyphonic_characters():
    # 行 is háng in 银行 and xíng in 行走; 长 zhǎng in 长大, cháng in 长城.
    assert word_pinyin("银行", Style.MARKS)[1] == "háng"
    assert word_pinyin("行走", Style.MARKS)[0] == "xíng"
    assert word_pinyin("长大", Style.MARKS)[0] == "zhǎng"
    assert word_pinyin("长城", Style.MARKS)[0] == "cháng"


def test_non_han_characters_get_none():
    assert word_pinyin("AI应用", Style.MARKS) == (None, None, "yìng", "yòng")
    assert word_pinyin("2025", Style.MARKS) == (None,) * 4
    assert word_pinyin("，", Style.MARKS) == (None,)


def test_traditional_word_is_read_through_its_simplified_form():
    assert word_pinyin("銀行", Style.MARKS) == word_pinyin("银行", Style.MARKS) == ("yín", "háng")
    assert word_pinyin("長大", Style.NUMBERS) == ("zhang3", "da4")


@pytest.mark.parametrize(
    "syllable,tone",
    [
        ("zhōng", 1),
        ("guó", 2),
        ("wǒ", 3),
        ("zài", 4),
        ("men", 5),
        ("lǚ", 3),
        ("nǜ", 4),
        ("zhong1", 1),
        ("men5", 5),
        ("ㄓㄨㄥ", 1),
        ("ㄍㄨㄛˊ", 2),
        ("ㄨㄛˇ", 3),
        ("ㄗㄞˋ", 4),
        ("ㄇㄣ˙", 5),
    ],
)
def test_tone_of_any_style(syllable, tone):
    assert tone_of(syllable) == tone


def test_word_tones():
    assert word_tones("我们好A") == (3, 5, 3, None)


def test_annotate_covers_text_with_per_character_pinyin():
    text = "我們在銀行工作。\nDeepSeek很好"
    words = annotate(text, Style.MARKS)
    assert "".join(w.text for w in words) == text
    for w in words:
        assert len(w.pinyin) == len(w.tones) == w.end - w.start
    by_text = {w.text: w.pinyin for w in words}
    assert by_text["銀行"] == ("yín", "háng")
    assert by_text["。"] == (None,) and by_text["\n"] == (None,)


# --- Accuracy against CC-CEDICT (data nobody on the team wrote) --------------------------------


def _cedict_sample(n: int = 5000) -> list[tuple[str, tuple[str, ...]]]:
    """A deterministic sample of multi-character Simplified headwords with exactly one entry.

    Readings are normalised to the numbers style: lower case, ``u:`` as ``v``;
    erhua stays ``r5``, as the reader stores it.
    """
    import random
    import re

    from reader.core import dictionary
    from reader.core.han import is_han

    blob, index = dictionary._load()
    syllable = re.compile(r"[a-zv]+[1-5]")
    found = []
    for word in index:
        offsets = dictionary._offsets(index, word)
        if len(offsets) != 1 or len(word) < 2 or not all(is_han(c) for c in word):
            continue
        entry = dictionary._parse(dictionary._line(blob, offsets[0]))
        if entry.simplified != word:
            continue
        syllables = entry.pinyin.lower().replace("u:", "v").split()
        if len(syllables) != len(word) or not all(syllable.fullmatch(s) for s in syllables):
            continue
        found.append((word, tuple(syllables)))
    found.sort()
    return random.Random(20240501).sample(found, n)


def _norm(readings) -> tuple[str, ...]:
    return tuple((p or "").replace("ü", "v") for p in readings)


def cedict_accuracy(n: int = 5000) -> tuple[float, float]:
    """Exact-reading rate of whole-word lookup and of char-by-char lookup on the sample."""
    sample = _cedict_sample(n)
    whole = sum(_norm(word_pinyin(w, Style.NUMBERS)) == ref for w, ref in sample)
    chars = sum(_norm(tuple(word_pinyin(c, Style.NUMBERS)[0] for c in w)) == ref for w, ref in sample)
    return whole / n, chars / n


def test_whole_word_readings_match_cccedict_better_than_char_by_char():
    whole, chars = cedict_accuracy()
    # Measured: 96.9% whole-word, 91.3% char by char (pypinyin alone, whole
    # words, made 94.4%). Both thresholds can fail: reading single characters
    # drops below the first and the second.
    assert whole > 0.96
    assert whole > chars + 0.04
