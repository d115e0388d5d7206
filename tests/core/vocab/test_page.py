"""An open article's word statuses (the reader's copy) and the library's saved figures."""

from __future__ import annotations

from array import array
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.prepare import prepare
from reader.core.syllables import Readings
from reader.core.vocab.article import article_tokens
from reader.core.vocab.counts import count_words
from reader.core.vocab.difficulty import summarize
from reader.core.vocab.library_index import LibraryDifficulty
from reader.core.vocab.page import ArticleStatuses, paint_name
from reader.core.vocab.record import Mark, Status
from reader.core.vocab.store import VocabStore

TEXT = "我用電腦學習中文。电脑很好用，AI 2025。"


def readings(text: str, words: list[str]) -> Readings:
    """Readings cutting ``text`` into ``words`` (every Han character read ``a``: the keys need a reading)."""
    ends, pos = [], 0
    for w in words:
        pos += len(w)
        ends.append(pos)
    assert pos == len(text)
    codes = [1 if "\u4e00" <= ch <= "\u9fff" else 0 for ch in text]
    return Readings(text, array("I", ends), array("H", codes), ("", "a1"), ("", "ā"), ("", "ㄚ"))


WORDS = ["我", "用", "電腦", "學習", "中文", "。", "电脑", "很", "好用", "，", "AI", " ", "2025", "。"]


def test_statuses_follow_the_store_in_either_script(tmp_path: Path) -> None:
    with VocabStore(tmp_path / "v.json") as store:
        page = ArticleStatuses(TEXT, readings(TEXT, WORDS), store.status_of)
        assert len(page) == 8, "only Chinese words: no punctuation, Latin or numbers"
        assert page.status_at(TEXT.index("AI")) is None
        store.mark("电脑", Status("known"))
        page.refresh({"电脑"})
        assert page.status_at(TEXT.index("電腦")) == Status("known") == page.status_at(TEXT.index("电脑"))
        assert page.known_at(TEXT.index("電腦")) and not page.known_at(0)
        assert [name for _a, _b, name in page.painted(0, len(TEXT))].count("new") == 6


def test_marks_of_a_range_name_each_word_once_with_its_sentence(tmp_path: Path) -> None:
    with VocabStore(tmp_path / "v.json") as store:
        page = ArticleStatuses(TEXT, readings(TEXT, WORDS), store.status_of)
        marks = page.marks(0, len(TEXT), "a1")
        assert [m.word for m in marks].count("電腦") == 1 and "电脑" not in [m.word for m in marks]
        assert marks[0].sentence == "我用電腦學習中文。" and marks[0].article == "a1"
        store.mark_many([Mark("我")], Status("learning", 2))
        page.refresh(None)
        assert all(m.word != "我" for m in page.marks(0, len(TEXT), "a1", only_new=True))
        assert paint_name(page.statuses[0]) == "learning-2"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, len(TEXT)), min_size=2, max_size=2))
def test_within_is_every_word_overlapping_the_range(bounds: list[int]) -> None:
    start, end = sorted(bounds)
    page = ArticleStatuses(TEXT, readings(TEXT, WORDS), lambda _w, _r: Status())
    expected = [i for i in range(len(page)) if page.starts[i] < end and page.ends[i] > start]
    assert list(page.within(start, end)) == expected


def test_library_figures_are_saved_and_read_back_and_follow_changes(tmp_path: Path) -> None:
    text = "香港是一個國際城市。香港的大學很多。"
    prepared = prepare(text)
    with VocabStore(tmp_path / "v.json") as store:
        figures = LibraryDifficulty(tmp_path / "cache", store.status_of, store.hsk_standard)
        store.add_listener(figures.changed)
        assert figures.build(["a1"], store.corrections_digest(), lambda: False) == ["a1"], (
            "nothing cached yet"
        )
        first = figures.add_prepared("a1", prepared, store.corrections_digest())
        assert first is not None and first.known == 0
        store.mark("香港", Status("known"))
        after = figures.index.summary("a1")
        assert after is not None and after == summarize(
            count_words(article_tokens(prepared)), store.status_of
        )
        assert after.known == 2
        figures.save()
        again = LibraryDifficulty(tmp_path / "cache", store.status_of, store.hsk_standard)
        assert again.saved() == {"a1": after}, "the next start shows the last figures at once"
        assert again.build(["a1", "a2"], store.corrections_digest(), lambda: False) == ["a2"]
        assert again.index.summary("a1") == after
        assert again.build(["a1"], "other", lambda: False) == ["a1"], "other corrections: counted again"


def test_figure_conditions_are_taken_out_of_the_filter_text() -> None:
    from reader.core.vocab.difficulty import Difficulty
    from reader.core.vocab.figure_filter import split_query

    text, conditions = split_query("香港 known>=80% new<50 HSK<=4")
    assert text == "香港" and [(c.figure, c.op, c.value) for c in conditions] == [
        ("known", ">=", 80),
        ("new", "<", 50),
        ("hsk", "<=", 4),
    ]
    easy = Difficulty(100, 5, 5, 90, 0, 40, 3, (90, 5, 5, 0, 0, 0, 0, 0))
    assert all(c.holds(easy) for c in conditions)
    assert not conditions[0].holds(None), "an article not counted yet matches no condition"
    assert split_query("unknown>3 knownledge")[1] == [], "only whole words"
