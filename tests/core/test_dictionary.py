"""CC-CEDICT lookups: both scripts, several entries, tone marks, fallback, glosses."""

from __future__ import annotations

import pytest

from reader.core.dictionary import gloss, is_exact, lookup, numbers_to_marks


def test_lookup_by_simplified_and_traditional():
    for word in ("中国", "中國"):
        entries = lookup(word)
        assert entries and entries[0].traditional == "中國" and entries[0].simplified == "中国"
        assert entries[0].pinyin == "Zhong1 guo2"
        assert entries[0].pinyin_marks == "Zhōng guó"
        assert "China" in entries[0].senses


def test_a_headword_with_several_readings_keeps_all_entries():
    readings = {e.pinyin for e in lookup("行")}
    assert {"hang2", "xing2"} <= readings


def test_senses_are_split_on_slashes_only():
    # "to finish; to achieve"-style senses stay whole; no empty senses.
    for e in lookup("了"):
        assert all(s.strip() for s in e.senses)


@pytest.mark.parametrize(
    "numbers,marks",
    [("zhong1 guo2", "zhōng guó"), ("nu:3 er2", "nǚ ér"), ("lu:4", "lǜ"), ("hao3", "hǎo"),
     ("gou3", "gǒu"), ("gui4", "guì"), ("liu2", "liú"), ("men5", "men"), ("Xi1 an1", "Xī ān"),
     ("r5", "r"), ("xue2 sheng5", "xué sheng")],
)
def test_numbers_to_marks(numbers, marks):
    assert numbers_to_marks(numbers) == marks


def test_unknown_compound_falls_back_to_longest_prefix_pieces():
    entries = lookup("人工智能学院")
    assert not is_exact("人工智能学院", entries)
    assert [e.simplified for e in entries][:1] == ["人工智能"]
    assert any(e.simplified == "学院" for e in entries)


def test_no_entry_for_latin():
    assert lookup("DeepSeek") == []
    assert gloss("DeepSeek") is None


def test_gloss_is_short_and_prefers_common_sense():
    assert gloss("中国") == "China"
    assert gloss("李") == "plum"  # the common word before the surname
    for word in ("的", "行", "人工智能学院", "打"):
        g = gloss(word)
        assert g and len(g) <= 60


def test_reading_picks_the_entry_of_the_reading_shown():
    assert lookup("行", "xíng")[0].pinyin == "xing2"
    assert lookup("行", "hang2")[0].pinyin == "hang2"
    assert gloss("行", "xing2") == "to walk"
    assert gloss("了", "liǎo") == "to finish"
    # A reading with no entry leaves the order alone.
    assert lookup("行", "zzz1") == lookup("行")


def test_traditional_only_characters_are_found():
    assert lookup("學院")[0].simplified == "学院"
    assert lookup("們") and lookup("們")[0].simplified == "们"
