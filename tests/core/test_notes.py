"""An article's highlights as every front end sees them: placed and re-anchored, the one under the
cursor, what an action applies to, the next one, a quoted passage found, a passage highlighted twice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotation import Annotation
from reader.core.notes import ArticleNotes, NotesError, first_line, save, shorten, summary
from reader.core.paths import Locations
from reader.core.store import AnnotationStore

TEXT = "香港背靠祖國，與內地互聯互通融合發展。老師說：「讀書要慢，慢慢讀才能讀懂。」學生們點點頭。"


@pytest.fixture
def store(reader_home: Path) -> AnnotationStore:
    s = AnnotationStore.open(Locations.resolve(reader_home).database)
    yield s
    s.close()


def note(quote: str, article: str = "a1", **kw: object) -> Annotation:
    return Annotation.new(article=article, quote=quote, start=max(TEXT.find(quote), 0), **kw)  # type: ignore[arg-type]


def notes(*anns: Annotation, text: str = TEXT) -> ArticleNotes:
    return ArticleNotes("a1", text, anns)


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


# -- placing -----------------------------------------------------------------------------


def test_load_reanchors_saves_the_new_places_and_flags_orphans(store: AnnotationStore) -> None:
    keep = store.add(note("學生們點點頭"))
    gone = store.add(note("香港背靠祖國"))
    new_text = "編者按：略。" + TEXT.replace("香港背靠祖國，", "")
    placed, problem = ArticleNotes.load(store, "a1", new_text)
    assert problem is None
    assert [a.id for a in placed.annotations] == [keep.id, gone.id], "text order, orphans last"
    moved = store.get(keep.id)
    assert moved is not None and new_text[moved.start : moved.end] == "學生們點點頭"
    assert moved.updated == keep.updated, "placing is not editing"
    assert store.get(gone.id).orphan  # type: ignore[union-attr]
    assert AnnotationStore.open(store.path).get(gone.id).orphan  # type: ignore[union-attr]


def test_placing_never_overwrites_an_edit_made_meanwhile(store: AnnotationStore) -> None:
    ann = store.add(note("學生們點點頭"))
    placed = ArticleNotes.place("a1", "略。" + TEXT, store.for_article("a1"))
    store.update(ann.id, note="written meanwhile", start=1, end=7)
    assert store.save_places(placed.annotations) == 0
    kept = store.get(ann.id)
    assert kept is not None and (kept.start, kept.end, kept.note) == (1, 7, "written meanwhile")


def test_a_refused_save_still_places_and_says_why(store: AnnotationStore, monkeypatch) -> None:
    from reader.core.storage import StoreError

    store.add(note("學生們點點頭"))

    def full(_placed: object) -> int:
        raise StoreError("Could not save notes: No space left on device")

    monkeypatch.setattr(store, "save_places", full)
    placed, problem = ArticleNotes.load(store, "a1", "略。" + TEXT)
    assert problem and "No space" in problem
    assert placed.annotations[0].start == TEXT.index("學生們點點頭") + 2


# -- questions ---------------------------------------------------------------------------


def test_the_highlight_under_a_word_is_the_innermost() -> None:
    outer, inner = note("讀書要慢，慢慢讀"), note("慢慢讀")
    here = notes(outer, inner)
    assert here.at(span("慢慢讀")) == inner
    assert here.at(span("讀書")) == outer
    assert here.at((TEXT.index("讀書"), TEXT.index("讀書"))) == outer, "an empty span is its first character"
    assert here.at(span("學生")) is None


def test_an_orphan_is_never_under_the_cursor_nor_a_step() -> None:
    lost = replace(note("讀書要慢"), orphan=True)
    here = notes(lost)
    assert here.at(span("讀書要慢")) is None and here.step(0, 1) is None
    assert here.annotations == [lost] and here.placed == []


def test_the_target_is_the_selection_or_the_word_trimmed_of_spaces() -> None:
    text = "前 後  中間 "
    here = notes(text=text)
    assert here.target(None, (0, 1)) == (0, 1)
    assert here.target((1, 6), (0, 1)) == (2, 6), "the selection wins, spaces trimmed"
    assert here.target(None, (1, 2)) is None, "a blank word is no target"


def test_an_action_edits_the_highlight_under_the_word_unless_a_selection_asks_for_a_new_one() -> None:
    ann = note("讀書要慢")
    here = notes(ann)
    assert here.editing(None, span("讀書")) == ann
    assert here.editing(span("讀書要慢"), span("讀書")) is None
    assert here.quote(None, span("讀書")) == "讀書要慢"
    assert here.quote(span("學生們"), span("學生")) == "學生們"


def test_steps_go_round_in_text_order() -> None:
    a, b, c = note("香港"), note("讀書"), note("學生")
    here = notes(c, a, b)
    assert here.step(-1, 1) == a
    assert here.step(a.start, 1) == b
    assert here.step(c.start, 1) == a, "after the last comes the first"
    assert here.step(a.start, -1) == c, "before the first comes the last"
    assert here.step(c.start, -1) == b
    assert here.follow(b.start + 1) == b and here.follow(0) == a


@given(st.lists(st.integers(min_value=0, max_value=len(TEXT) - 2), max_size=8), st.integers(0, len(TEXT)))
def test_a_step_forward_then_back_returns_to_a_highlight_start(starts: list[int], offset: int) -> None:
    anns = [Annotation.new(article="a1", quote=TEXT[s : s + 2], start=s) for s in starts]
    here = notes(*anns)
    ahead = here.step(offset, 1)
    if not anns:
        assert ahead is None
        return
    assert ahead is not None and ahead.start in starts
    back = here.step(ahead.start, -1)
    assert back is not None and back.start in starts


def test_summary_and_excerpts_are_one_visible_line() -> None:
    ann = note("讀書", color=3, tags=["a", "b", "c", "d"], note="\n\nfirst \x1b[31mline\nsecond")
    assert summary(ann).startswith("blue highlight #a #b #c ✎ first")
    assert "\x1b" not in summary(ann) and "#d" not in summary(ann)
    assert first_line("\n  \nhello\nworld") == "hello"
    assert shorten("a\nb  c", 10) == "a b c" and shorten("abcdefghijk", 5) == "abcd…"


# -- the command line's questions --------------------------------------------------------


def test_a_quote_is_found_once_by_context_or_by_nth() -> None:
    here = notes()
    assert here.find_quote("學生們") == span("學生們")
    with pytest.raises(NotesError, match="occurs 2 times"):
        here.find_quote("互")
    second = TEXT.index("互", TEXT.index("互") + 1)
    assert here.find_quote("互", nth=2) == (second, second + 1)
    assert here.find_quote("互", prefix="聯") == (second, second + 1)
    with pytest.raises(NotesError, match="--nth 3"):
        here.find_quote("互", nth=3)
    start, end = here.find_quote("學生們點點投")
    assert start == TEXT.index("學生們") and end - start in (5, 6), "a near miss is found approximately"
    with pytest.raises(NotesError, match="not in"):
        here.find_quote("完全不相干的一句話在這裏")
    with pytest.raises(NotesError, match="empty"):
        here.find_quote("")


def test_upsert_adds_once_then_adds_tags_and_sets_what_is_given(store: AnnotationStore) -> None:
    here = notes()
    first = here.upsert(span("讀書要慢"), tags=["a"])
    assert first.created and first.ann.color == 1
    save(store, first.ann)
    again = here.upsert(span("讀書要慢"), tags=["b"], note="n", color=4)
    assert not again.created and again.ann.id == first.ann.id and again.changed == ("tags", "note", "colour")
    save(store, again.ann)
    stored = store.get(first.ann.id)
    assert stored is not None and (stored.tags, stored.note, stored.color) == (["a", "b"], "n", 4)
    assert len(store) == 1 and len(here) == 1
    assert here.upsert(span("讀書要慢")).changed == (), "nothing given: nothing changed"
