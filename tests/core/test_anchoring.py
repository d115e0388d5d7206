"""Anchoring: highlights stay on the right words when an article's text changes."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring import (
    Anchored,
    anchor,
    anchor_all,
    approximate_matches,
    edit_distance_within,
    make_selector,
    match_quote,
)
from reader.core.store import Annotation

ARTICLE = (
    "近年來，中國高度重視人工智能發展。2017年7月，中國印發實施《新一代人工智能發展規劃》；"
    "2021年「十四五」規劃明確要壯大人工智能產業；2022年黨的二十大報告強調，要用人工智能推動產業升級。\n\n"
    "香港背靠祖國，與內地互聯互通融合發展，引進AI頭部公司、技術和人才，把握AI經濟黃金機遇。"
    "今年秋天，維多利亞港兩岸的燈光比往年更亮，市民在海濱長廊散步，談論著新的創科園區。\n\n"
    "老師說：「讀書要慢，慢慢讀才能讀懂。」學生們點點頭，翻開了課本的第一頁。"
)


def selector_at(text: str, quote: str, nth: int = 0) -> tuple[int, int, str, str]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    q, prefix, suffix = make_selector(text, start, start + len(quote))
    assert q == quote
    return start, start + len(quote), prefix, suffix


def ann_for(text: str, quote: str, nth: int = 0) -> Annotation:
    start, end, prefix, suffix = selector_at(text, quote, nth)
    return Annotation.new(article="a1", quote=quote, prefix=prefix, suffix=suffix, start=start, end=end)


# -- match_quote ----------------------------------------------------------------


def test_exact_match_with_context_scores_one() -> None:
    start, end, prefix, suffix = selector_at(ARTICLE, "維多利亞港兩岸的燈光")
    found = match_quote(ARTICLE, "維多利亞港兩岸的燈光", prefix=prefix, suffix=suffix, hint=start)
    assert found == (start, end, 1.0)


def test_make_selector_keeps_32_characters_of_context() -> None:
    quote, prefix, suffix = make_selector(ARTICLE, 100, 110)
    assert quote == ARTICLE[100:110]
    assert prefix == ARTICLE[68:100] and len(prefix) == 32
    assert suffix == ARTICLE[110:142]
    assert make_selector("短文", 0, 2) == ("短文", "", "")


def test_match_after_insertion_before_the_quote() -> None:
    quote = "讀書要慢，慢慢讀才能讀懂"
    start, _end, prefix, suffix = selector_at(ARTICLE, quote)
    changed = "（編者按：本文有所刪節。）" + ARTICLE
    s, e, score = match_quote(changed, quote, prefix=prefix, suffix=suffix, hint=start)
    assert changed[s:e] == quote and score > 0.95


def test_match_after_edits_inside_the_quote() -> None:
    quote = "市民在海濱長廊散步，談論著新的創科園區"
    start, _end, prefix, suffix = selector_at(ARTICLE, quote)
    changed = ARTICLE.replace("市民在海濱長廊散步", "許多市民在海濱長廊上散步")
    found = match_quote(changed, quote, prefix=prefix, suffix=suffix, hint=start)
    assert found is not None
    s, e, score = found
    assert "海濱長廊上散步" in changed[s:e] and changed[s:e].endswith("創科園區")
    assert 0.8 < score < 1.0


def test_match_after_deletion_inside_and_around_the_quote() -> None:
    quote = "引進AI頭部公司、技術和人才，把握AI經濟黃金機遇"
    start, _end, prefix, suffix = selector_at(ARTICLE, quote)
    changed = ARTICLE.replace("香港背靠祖國，", "").replace("、技術和人才", "和人才")
    found = match_quote(changed, quote, prefix=prefix, suffix=suffix, hint=start)
    assert found is not None
    s, e, _ = found
    assert changed[s:e] == "引進AI頭部公司和人才，把握AI經濟黃金機遇"


def test_edited_context_still_places_the_quote() -> None:
    quote = "學生們點點頭"
    start, _end, prefix, suffix = selector_at(ARTICLE, quote)
    changed = ARTICLE.replace("才能讀懂。」", "才能真正讀懂。」").replace("翻開了課本", "打開了書本")
    s, e, score = match_quote(changed, quote, prefix=prefix, suffix=suffix, hint=start)
    assert changed[s:e] == quote
    assert 0.8 < score < 1.0


def test_ambiguous_quote_settled_by_context() -> None:
    text = "他說人工智能很重要。她說人工智能很危險。我們都說人工智能很有趣。"
    quote = "人工智能"
    _, _, prefix, suffix = selector_at(text, quote, nth=1)
    s, e, _ = match_quote(text, quote, prefix=prefix, suffix=suffix)
    assert (s, e) == (text.index("她說") + 2, text.index("她說") + 6)


def test_ambiguous_quote_settled_by_hint_when_context_is_the_same() -> None:
    text = "一二三四五。" * 6
    for nth in (0, 3, 5):
        start = nth * 6
        assert match_quote(text, "三四", hint=start + 1) is not None
        s, _, _ = match_quote(text, "三四", prefix="一二", suffix="五。", hint=start + 1)
        assert s == start + 2


def test_exact_quote_elsewhere_loses_to_the_edited_passage_in_its_context() -> None:
    """An unchanged copy of the words in the wrong place is not better than the edited original."""
    text = "天氣預報說明天會下雨。\n" + "小明說：今天天氣預報不準。" + "我們把傘帶上吧，以防萬一。"
    quote, prefix, suffix = "明天會下雨", "天氣預報說", "。\n小明說"
    changed = text.replace("明天會下雨", "明天可能會下雨") + "有人說明天會下雨，也有人不信。"
    s, e, _ = match_quote(changed, quote, prefix=prefix, suffix=suffix, hint=5)
    assert changed[s:e] == "明天可能會下雨"


def test_no_match() -> None:
    assert match_quote(ARTICLE, "量子力學的基本原理") is None
    assert match_quote(ARTICLE, "") is None
    assert match_quote("", "香港") is None


def test_quote_mostly_rewritten_is_not_placed() -> None:
    quote = "維多利亞港兩岸的燈光比往年更亮"
    start, end, prefix, suffix = selector_at(ARTICLE, quote)
    changed = ARTICLE[:start] + "這一段已經完全改寫為別的內容了" + ARTICLE[end:]
    changed = changed.replace(prefix, "前文也改了" * 4).replace(suffix, "後文同樣改了" * 4)
    assert match_quote(changed, quote, prefix=prefix, suffix=suffix, hint=start) is None


def test_approximate_matches_and_distance() -> None:
    assert approximate_matches("abcXdefg", "abcdef", 2) == [(0, 7, 1)]
    assert approximate_matches("xxabdefyy", "abcdef", 2) == [(2, 7, 1)]
    assert approximate_matches("今天天氣很好", "明天天氣", 1) == [(0, 4, 1)]
    assert edit_distance_within("我們明天去公園", "我們去公園") == 2
    assert edit_distance_within("", "ab") == 2


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="天地人你我他的了是", min_size=0, max_size=30),
    st.text(alphabet="天地人你我他", min_size=1, max_size=8),
)
def test_distance_agrees_with_dynamic_programming(text: str, pattern: str) -> None:
    # Semi-global edit distance: the pattern against any substring of the text.
    prev = [0] * (len(text) + 1)
    for i, pc in enumerate(pattern, 1):
        cur = [i] + [0] * len(text)
        for j, tc in enumerate(text, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pc != tc))
        prev = cur
    assert edit_distance_within(text, pattern) == min(prev)


# -- annotations ----------------------------------------------------------------


def test_anchor_unchanged_text_is_instant_and_exact() -> None:
    ann = ann_for(ARTICLE, "把握AI經濟黃金機遇")
    assert anchor(ARTICLE, ann) == Anchored(ann.start, ann.end, 1.0)


def test_anchor_all_moves_highlights_and_flags_orphans() -> None:
    keep = ann_for(ARTICLE, "維多利亞港兩岸的燈光")
    gone = ann_for(ARTICLE, "2022年黨的二十大報告強調")
    changed = "前言：這是新加的一段話。\n\n" + ARTICLE.replace(
        "2022年黨的二十大報告強調，要用人工智能推動產業升級。", ""
    )
    placed = anchor_all(changed, [gone, keep])
    assert [a.id for a in placed] == [keep.id, gone.id]
    assert changed[placed[0].start : placed[0].end] == "維多利亞港兩岸的燈光" and not placed[0].orphan
    assert placed[1].orphan and (placed[1].start, placed[1].end) == (gone.start, gone.end)
    assert not keep.orphan and not gone.orphan  # the originals are untouched


def long_article(size: int = 1_000_000) -> str:
    """About ``size`` characters of Chinese-looking text that does not repeat itself."""
    rng = random.Random(7)
    common = [chr(c) for c in range(0x4E00, 0x4E00 + 3000, 3)]
    out: list[str] = []
    n = 0
    while n < size:
        s = "".join(rng.choices(common, k=rng.randrange(8, 40))) + rng.choice("。，；！？")
        if rng.random() < 0.1:
            s += "\n\n"
        out.append(s)
        n += len(s)
    return "".join(out)


def test_anchoring_in_a_megabyte_article_after_edits() -> None:
    text = long_article()
    rng = random.Random(3)
    anns = []
    for _ in range(20):
        start = rng.randrange(len(text) - 100)
        anns.append(
            Annotation.new(
                article="a",
                quote=text[start : start + 20],
                start=start,
                end=start + 20,
                prefix=text[start - 32 : start],
                suffix=text[start + 20 : start + 52],
            )
        )
    # The text changes: something inserted near the start, and every quote edited in the middle.
    changed = "新的導言。" * 40 + text
    edited = []
    for a in anns:
        s = a.start + 200
        changed = changed[: s + 10] + "X" + changed[s + 11 :]
        edited.append(a)
    placed = anchor_all(changed, edited)
    assert sum(not a.orphan for a in placed) == len(edited)
    by_id = {a.id: a for a in placed}
    for a in edited:
        b = by_id[a.id]
        assert b.start == a.start + 200 and b.end == a.end + 200
