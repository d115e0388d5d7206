"""Strings from data never drive the terminal and are never read as markup.

Titles, tags, notes, quotes, ids and error messages are written straight into the files here, as an
old store or a bug elsewhere could leave them, so the app's own outbound layer is what is tested.
"""

from __future__ import annotations

import json

from textual.widgets import DataTable
from textual.widgets._toast import Toast

from reader.core.library import Library
from reader.core.store import Annotation, AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.table import RowTable

from .conftest import all_highlights, library_shown, wait_for
from .test_reader import open_reader

MARKUP = "[link='https://evil.example']click me[/link] [@click=app.quit]quit"
ESCAPE = "E\x1b]2;pwned\x07\x1b[31mRED\x9b31m"
TITLE = f"{MARKUP} {ESCAPE}"


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) <= 0x9F]


def hostile_library(locations) -> str:
    """A library whose first article has a hostile title and tags, with a hostile highlight."""
    library = Library(locations)
    article = next(a for a in library.articles() if a.title == "「十四五」成就與香港")
    data = json.loads(locations.library_file.read_text(encoding="utf-8"))
    for entry in data["articles"]:
        if entry["id"] == article.id:
            entry["title"] = TITLE
            entry["tags"] = [ESCAPE, MARKUP]
    locations.library_file.write_text(json.dumps(data), encoding="utf-8")
    with AnnotationStore(locations.database) as store:
        store.add(Annotation.new(article=article.id, quote="成就", start=5, end=7, tags=["tag"], note="note"))
    raw = locations.database.read_text(encoding="utf-8")
    raw = raw.replace('"note"', json.dumps(f"{MARKUP}\n{ESCAPE}")).replace('"tag"', json.dumps(ESCAPE))
    locations.database.write_text(raw, encoding="utf-8")
    return article.id


def painted(app) -> str:
    """Every character the app would send for the current screen (as an SVG screenshot holds it)."""
    return app.export_screenshot()


async def test_library_shows_hostile_titles_and_tags_as_text(locations):
    hostile_library(locations)
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(160, 30)) as pilot:
        await library_shown(pilot)
        assert not raw_controls(painted(app))
        table = app.screen.query_one(RowTable)
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert any("␛]2;pwned" in c for c in cells), cells
        assert any("[link='https://evil.example']" in c for c in cells), "markup in a title is shown as it is"
        assert any(c.startswith("E␛]2;pwned") for c in cells), "tags too"


async def test_toasts_show_data_as_text(locations):
    article_id = hostile_library(locations)
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await pilot.pause()
        from reader.core.adding import AddReport

        app.screen._added(AddReport([], []))  # nothing added; then a message naming the hostile article
        app.notify(f"Removed {TITLE}")
        await pilot.pause()
        await pilot.pause(0.2)
        toasts = list(app.screen.query(Toast))
        assert toasts, "the malformed markup did not make the toast vanish"
        shown = " ".join(str(t.render()) for t in toasts)
        assert "[link='https://evil.example']click me[/link]" in shown and "[@click=app.quit]" in shown
        assert not raw_controls(shown) and "␛]2;pwned" in shown
        assert not raw_controls(painted(app))
        del article_id


async def test_reader_notes_panel_and_status_show_hostile_notes_as_text(locations):
    article_id = hostile_library(locations)
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(160, 30)) as pilot:
        view = await open_reader(pilot, app)
        await wait_for(pilot, lambda: app.screen.highlights.annotations)
        view.move_to(5)
        await pilot.press("m")
        await pilot.pause()
        panel = app.screen.query_one(NotesPanel)
        assert panel.display
        status = str(app.screen.query_one(StatusLine).query_one("#info").render())
        # The tag is shown (its escape either cleaned away where it was read, or as a picture).
        assert "RED" in status and not raw_controls(status)
        assert not raw_controls(painted(app))


async def test_all_highlights_shows_hostile_data_as_text(locations):
    hostile_library(locations)
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await all_highlights(pilot)
        table = screen.query_one(DataTable)
        cells = [str(c) for c in table.get_row_at(0)]
        assert any("[link='" in c for c in cells), cells
        assert not any(raw_controls(c) for c in cells), cells
        assert not raw_controls(painted(app))


async def test_text_pasted_into_a_box_never_holds_a_control_character(locations):
    from textual import events
    from textual.widgets import Input

    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#filter", Input)
        box.post_message(events.Paste(ESCAPE))
        await pilot.pause()
        assert box.value and not raw_controls(box.value), repr(box.value)
        assert not raw_controls(painted(app))
