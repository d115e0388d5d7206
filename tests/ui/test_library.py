"""The library screen: seeds on first run, filter, sort, add, edit, remove."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import AddScreen, ConfirmRemoveScreen, EditScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reader import ReaderScreen
from reader.ui.widgets.table import RowTable

from .conftest import library_shown, wait_for


async def test_first_run_shows_the_bundled_seeds(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_shown(pilot)
        assert isinstance(screen, LibraryScreen)
        assert len(screen.shown) == 5, "a new data home starts with the five bundled articles"
        assert screen.query_one(RowTable).row_count == 5


async def test_typing_filters_titles_in_either_script(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_shown(pilot)
        # The seed's title is Traditional (「十四五」成就與香港); type it in Simplified.
        await pilot.press(*"成就与")
        assert screen.query_one("#filter", Input).value == "成就与"
        assert [a.title for a in screen.shown] == ["「十四五」成就與香港"]
        await pilot.press("escape")
        assert len(screen.shown) == 5, "escape clears the filter"


async def test_sort_by_column_and_reverse(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_shown(pilot)
        while screen.sort_key != "length":
            await pilot.press("ctrl+s")
        lengths = [a.length for a in screen.shown]
        assert lengths == sorted(lengths, reverse=True)
        await pilot.press("ctrl+r")
        assert [a.length for a in screen.shown] == sorted(lengths)


async def test_enter_opens_the_highlighted_article(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await library_shown(pilot)
        expected = app.screen.current()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.view is not None)
        assert app.screen.article.id == expected.id


async def test_add_imports_several_files_and_reports_the_bad_one(locations, tmp_path: Path):
    good1 = tmp_path / "one.txt"
    good1.write_text("第一篇\n\n今天天气很好。", encoding="utf-8")
    good2 = tmp_path / "two.txt"
    good2.write_text("第二篇\n\n我们去公园散步。", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_shown(pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, AddScreen)
        app.screen.query_one(Input).value = f"{good1} {missing} {good2}"
        await pilot.press("enter")
        library_screen = app.screen
        await wait_for(pilot, lambda: len(library_screen.articles) == 7)
        titles = {a.title for a in library_screen.articles}
        assert {"第一篇", "第二篇"} <= titles
        assert any("missing.txt" in n.message for n in app._notifications), "the unreadable file is named"
    good1.unlink()
    assert any(a.title == "第一篇" for a in Library(locations).articles()), "the library keeps its own copy"


async def test_edit_title_and_tags(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_shown(pilot)
        target = app.screen.current()
        await pilot.press("f2")
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("#title", Input).value = "新的标题"
        app.screen.query_one("#tags", Input).value = "科技, 香港"
        await pilot.click("#save")
        await wait_for(pilot, lambda: Library(locations).get(target.id).title == "新的标题")
        article = Library(locations).get(target.id)
        assert article.title == "新的标题"
        assert article.tags == ["科技", "香港"]


async def test_remove_asks_first(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_shown(pilot)
        target = app.screen.current()
        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmRemoveScreen)
        await pilot.press("n")
        assert len(Library(locations).articles()) == 5, "cancel keeps the article"
        await pilot.press("f8", "y")
        await wait_for(pilot, lambda: len(Library(locations).articles()) < 5)
        ids = {a.id for a in Library(locations).articles()}
        assert target.id not in ids and len(ids) == 4


async def test_highlight_counts_and_removing_notes_with_an_article(locations):
    from reader.core.store import Annotation, AnnotationStore

    target = Library(locations).articles()[0]
    with AnnotationStore(locations.database) as store:
        for i in range(2):
            store.add(Annotation.new(article=target.id, quote="香港", start=i, end=i + 2))
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_shown(pilot)
        await wait_for(pilot, lambda: screen._counts.get(target.id) == 2)
        screen.query_one(RowTable).move_cursor(row=[a.id for a in screen.shown].index(target.id))
        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmRemoveScreen) and app.screen.with_notes
        await pilot.click("#all")
        await wait_for(pilot, lambda: app.notes.generation == 2 and not app.notes.in_flight)
    with AnnotationStore(locations.database) as store:
        assert store.for_article(target.id) == [], "notes went with the article when asked"


async def test_help_and_palette_list_the_library_keys_not_the_filter_box_editing_keys(locations):
    app = ReaderApp(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_shown(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add", "Sort", "Highlights", "Words", "Paste", "Edit", "Remove"} <= titles
        assert not {"Move cursor left", "Delete character left", "Go to start"} & titles
        await pilot.press("f1")
        table = app.screen.query_one("KeyPanel").query_one("BindingsTable").render_bindings_table()
        shown = " ".join(str(cell) for column in table.columns for cell in column.cells)
        assert "Remove" in shown and "Move cursor" not in shown
        await pilot.press("f1", *"abc", "left", "backspace")  # the editing keys still edit
        assert app.screen.query_one("#filter", Input).value == "ac"
