"""Note editor, tag input, confirm dialog, notes panel and the library's annotations screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TextArea

from reader.core.store import Annotation, AnnotationStore
from reader.ui.screens.annotations import AnnotationsScreen
from reader.ui.widgets.confirm import ConfirmScreen
from reader.ui.widgets.note_editor import NoteEditor
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.tag_input import TagInput

from .conftest import wait_for

NOT_YET = object()


class Host(App[None]):
    """Pushes one screen and keeps what it dismisses with."""

    def __init__(self, screen: Screen[Any] | None = None) -> None:
        super().__init__()
        self.first = screen
        self.result: object = NOT_YET
        self.selected: list[NotesPanel.Selected] = []

    def on_mount(self) -> None:
        if self.first is not None:
            self.push_screen(self.first, self.done)

    def done(self, result: object) -> None:
        self.result = result

    def on_notes_panel_selected(self, message: NotesPanel.Selected) -> None:
        self.selected.append(message)


class PanelHost(Host):
    def compose(self) -> ComposeResult:
        yield NotesPanel(id="notes")


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    s = AnnotationStore.open(tmp_path / "a.json")
    yield s
    s.close()


def add(store: AnnotationStore, article: str, quote: str, start: int, **kw: Any) -> Annotation:
    orphan = kw.pop("orphan", False)
    ann = store.add(Annotation.new(article=article, quote=quote, start=start, **kw))
    return store.update(ann.id, orphan=True) if orphan else ann


# -- note editor ----------------------------------------------------------------------


async def test_note_editor_returns_typed_text_on_ctrl_s() -> None:
    app = Host(NoteEditor("自由的國家", "first"))
    async with app.run_test() as pilot:
        await pilot.press("space", "l", "i", "n", "e", "enter", "t", "w", "o")
        await pilot.press("ctrl+s")
        assert app.result == "first line\ntwo", f"the editor returned {app.result!r}"


async def test_note_editor_shows_quote_as_plain_text() -> None:
    quote = "[bold red]not markup[/] 引文"
    app = Host(NoteEditor(quote))
    async with app.run_test() as pilot:
        shown = pilot.app.screen.query_one("#quote", Static).content
        assert isinstance(shown, Text) and quote in shown.plain, f"quote shown as {shown!r}"


async def test_note_editor_escape_without_changes_closes_at_once() -> None:
    app = Host(NoteEditor("引文", "unchanged"))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        assert app.result is None, "Esc with no changes should dismiss with None"
        assert not isinstance(pilot.app.screen, ConfirmScreen), "asked although nothing changed"


async def test_note_editor_escape_with_changes_asks_and_discards_only_when_confirmed() -> None:
    app = Host(NoteEditor("引文", ""))
    async with app.run_test() as pilot:
        await pilot.press("x")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ConfirmScreen), "Esc with changes should ask first"
        await pilot.press("n")
        assert isinstance(pilot.app.screen, NoteEditor), "declining should return to the editor"
        assert app.result is NOT_YET, "declining must not dismiss the editor"
        assert pilot.app.screen.query_one(TextArea).text == "x", "declining must keep the text"
        await pilot.press("escape", "y")
        assert app.result is None, "confirming should discard and dismiss with None"


# -- tag input ------------------------------------------------------------------------


async def test_tag_input_completes_existing_tag_and_returns_list() -> None:
    app = Host(TagInput(["history", "politics", "poetry"], ["旧"]))
    async with app.run_test() as pilot:
        box = pilot.app.screen.query_one(Input)
        assert box.value == "旧, ", "current tags should be filled in"
        await pilot.press("p", "o", "l")
        await pilot.pause()
        await pilot.press("tab")
        assert box.value == "旧, politics", f"tab should complete the tag, got {box.value!r}"
        await pilot.press("comma", "space", "n", "e", "w", "enter")
        assert app.result == ["旧", "politics", "new"], f"tags returned: {app.result!r}"


async def test_tag_input_escape_cancels() -> None:
    app = Host(TagInput(["a"]))
    async with app.run_test() as pilot:
        await pilot.press("b", "escape")
        assert app.result is None


# -- notes panel ----------------------------------------------------------------------


async def test_notes_panel_lists_in_text_order_and_posts_selected(store: AnnotationStore) -> None:
    late = add(store, "art", "后来的句子", 40, tags=["t"], note="first line\nsecond")
    lost = add(store, "art", "找不到", 5, orphan=True)
    early = add(store, "art", "开头", 3, color=2)
    app = PanelHost()
    async with app.run_test() as pilot:
        panel = pilot.app.query_one(NotesPanel)
        panel.show_annotations(store.for_article("art"))
        assert [a.id for a in panel.annotations] == [early.id, late.id, lost.id], "text order, orphans last"
        entry = panel.entry(panel.annotations[1]).plain
        assert "后来的句子" in entry and "#t" in entry and "first line" in entry and "second" not in entry
        panel.follow(41)
        assert panel.highlighted == 1, "follow should highlight the highlight at the cursor"
        panel.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [(m.annotation_id, m.start) for m in app.selected] == [(late.id, 40)]


# -- annotations screen ---------------------------------------------------------------


@pytest.fixture
def library_notes(store: AnnotationStore) -> dict[str, Annotation]:
    return {
        "trad": add(store, "a1", "這是自由的國家", 10, tags=["politics"], color=1),
        "simp": add(store, "a2", "她的头发很长", 20, tags=["history", "people"], color=3, note="记住"),
        "plain": add(store, "a2", "天气很好", 50, color=3),
        "orphan": add(store, "a1", "已经删除的段落", 99, color=2, orphan=True),
    }


TITLES = {"a1": "第一篇", "a2": "第二篇"}


def shown_ids(screen: AnnotationsScreen) -> set[str]:
    table = screen.query_one(DataTable)
    rows = {str(key.value) for key in table.rows}
    assert rows == {a.id for a in screen.shown}, "table rows and shown list disagree"
    return rows


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", {"trad", "simp", "plain", "orphan"}),
        ("国家", {"trad"}),  # Simplified query, Traditional quote
        ("頭髮", {"simp"}),  # Traditional query, Simplified quote
        ("記住", {"simp"}),  # found in the note
        ("第二篇", {"simp", "plain"}),  # found in the title
        ("#history", {"simp"}),
        ("#people #history", {"simp"}),
        ("c:3", {"simp", "plain"}),
        ("c:3 很好", {"plain"}),
        ("is:orphan", {"orphan"}),
    ],
)
async def test_annotations_filter(
    store: AnnotationStore, library_notes: dict[str, Annotation], typed: str, expected: set[str]
) -> None:
    app = Host(AnnotationsScreen(store, TITLES))
    async with app.run_test() as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, AnnotationsScreen)
        await wait_for(pilot, lambda: screen.loaded)
        screen.query_one("#filter", Input).insert_text_at_cursor(typed)
        await pilot.pause()
        want = {library_notes[name].id for name in expected}
        assert shown_ids(screen) == want, f"filter {typed!r} left {shown_ids(screen)}"


async def test_annotations_typed_filter_and_orphan_toggle(
    store: AnnotationStore, library_notes: dict[str, Annotation]
) -> None:
    app = Host(AnnotationsScreen(store, TITLES))
    async with app.run_test() as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, AnnotationsScreen)
        await wait_for(pilot, lambda: screen.loaded)
        await pilot.press("c", "colon", "3")
        assert shown_ids(screen) == {library_notes["simp"].id, library_notes["plain"].id}
        await pilot.press("ctrl+o")
        assert screen.query_one("#filter", Input).value == "c:3 is:orphan"
        assert shown_ids(screen) == set(), "no orphan has colour 3"
        await pilot.press("escape", "ctrl+o")
        assert shown_ids(screen) == {library_notes["orphan"].id}, "Ctrl+O shows only orphans"
        await pilot.press("ctrl+o")
        assert len(shown_ids(screen)) == 4, "Ctrl+O again shows everything"


async def test_annotations_enter_returns_article_and_offsets(
    store: AnnotationStore, library_notes: dict[str, Annotation]
) -> None:
    app = Host(AnnotationsScreen(store, TITLES))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: pilot.app.screen.loaded)
        await pilot.press(*"头发", "enter")
        assert app.result == ("a2", 20, 26), f"Enter returned {app.result!r}"


async def test_annotations_escape_returns_none(
    store: AnnotationStore, library_notes: dict[str, Annotation]
) -> None:
    app = Host(AnnotationsScreen(store, TITLES))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        assert app.result is None
