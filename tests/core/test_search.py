"""Search: text in any script and across line breaks, what another script displays, pinyin with or
without tones; fuzzy titles."""

from __future__ import annotations

import pytest

from reader.core.convert import to_script
from reader.core.prepare import prepare
from reader.core.search import Searcher, fuzzy_score, parse_pinyin, syllables_of

TEXT = "西安的学院很好。先生去了学院，又去了西安！一个学生不是小学生。女儿喜欢绿色。AI发展"


@pytest.fixture(scope="module")
def searcher() -> Searcher:
    prepared = prepare(TEXT)
    assert prepared.readings is not None
    return Searcher(prepared.text, syllables_of(prepared.readings, len(prepared.text)))


def found(searcher: Searcher, query: str) -> list[str]:
    return [searcher.text[a:b] for a, b in searcher.find_all(query)]


def test_search_finds_either_script_and_across_line_breaks():
    text = "中國的經濟發\n展很快，发展也好。"
    assert Searcher(text).find_all("发展") == [(5, 8), (11, 13)]
    assert Searcher(text).find_all("經濟") == [(3, 5)]
    assert Searcher(text).find_all("  ") == []


def test_search_finds_what_another_script_displays():
    text = "杨林基金-软件工程专业的学生"
    shown = to_script(text, "taiwan", "simplified")
    assert "軟體" in shown.text
    searcher = Searcher(text)
    assert searcher.find_all("軟體") == [], "the original says 软件: folding 軟體 gives 软体"
    assert searcher.find_all("軟體", shown=shown) == [(5, 7)]
    assert searcher.find_all("软件", shown=shown) == [(5, 7)], "and what the original says"


@pytest.mark.parametrize("query", ["xueyuan", "xué yuàn", "xue2yuan4", "XUE2 YUAN4", "xue yuan4", "xuéyuàn"])
def test_pinyin_with_or_without_tones(searcher, query):
    assert found(searcher, query) == ["学院", "学院"]


@pytest.mark.parametrize("query", ["xue3yuan4", "xuě yuàn", "xueyua", "ueyuan", "xueyuann"])
def test_pinyin_that_does_not_spell_the_readings_finds_nothing(searcher, query):
    assert "学院" not in found(searcher, query)


def test_syllables_are_not_split_in_advance(searcher):
    """``xian`` is 先 (xiān) or 西安 (xī'ān); a space, an apostrophe or a tone number in the middle says
    which. A tone number belongs to the syllable it ends."""
    assert {"先", "西安"} <= set(found(searcher, "xian"))
    assert found(searcher, "xi an") == ["西安", "西安"]
    assert found(searcher, "xi'an") == ["西安", "西安"]
    assert found(searcher, "xi1an1") == ["西安", "西安"]
    assert found(searcher, "xian3") == []


def test_umlaut_spellings_and_tone_sandhi(searcher):
    for query in ("nü", "nv3", "nu:3"):
        assert "女" in found(searcher, query), query
    assert "绿" in found(searcher, "lǜ")
    assert "路" not in found(searcher, "lv")
    # 一 before a fourth tone is read yí; the dictionary tone yī finds it too.
    assert found(searcher, "yi1ge4") == found(searcher, "yi2ge4") == ["一个"]
    assert "不是" in found(searcher, "bu4shi4") and "不是" in found(searcher, "bu2shi4")


def test_pinyin_and_latin_text_are_both_found(searcher):
    hits = found(searcher, "ai")
    assert "AI" in hits, "Latin text in the article is still text"


def test_what_is_not_pinyin():
    assert parse_pinyin("香港") is None
    assert parse_pinyin("x2") is not None and parse_pinyin("2x") is None
    assert parse_pinyin("#tag") is None
    q = parse_pinyin("xué yuàn")
    assert q is not None and q.letters == "xueyuan" and q.ends == {3} and q.mark_tones == {2: 2, 5: 4}


def test_fuzzy_title_matching_ignores_script():
    assert fuzzy_score("成就与", "「十四五」成就與香港") is not None
    assert fuzzy_score("香港成就", "「十四五」成就與香港") is None
    exact = fuzzy_score("香港", "香港高校")
    scattered = fuzzy_score("香港", "香蕉港口")
    assert exact is not None and scattered is not None and exact > scattered
