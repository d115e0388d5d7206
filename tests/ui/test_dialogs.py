"""Dialogs and views: confirm dialogs alike, the raw view's keys and repairs, toasts beside the status
line, tables that keep their columns at 80 columns."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Button, DataTable
from textual.widgets._toast import Toast

from reader.core.library import Library
from reader.core.store import Annotation, AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import ConfirmRemoveScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.confirm import ConfirmScreen
from reader.ui.widgets.raw import RawView
from reader.ui.widgets.status import StatusLine
from reader.ui.widgets.table import RowTable

from .conftest import all_highlights, library_shown, wait_for
from .test_reader import open_reader, seed_id
from .test_reading import CUHK


def focused_button(app) -> str | None:
    focused = app.screen.focused
    return focused.id if isinstance(focused, Button) else None


async def remove_dialog(pilot, app) -> ConfirmRemoveScreen:
    app.screen.action_remove()
    await pilot.pause()
    assert isinstance(app.screen, ConfirmRemoveScreen)
    return app.screen


async def test_remove_dialog_keys_arrows_and_enter(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await library_shown(pilot)
        dialog = await remove_dialog(pilot, app)
        buttons = [b.id for b in dialog.query(Button)]
        start = focused_button(app)
        assert start is not None, "a button has the focus"
        await pilot.press("right")
        after = focused_button(app)
        assert after != start and after in buttons, "→ moves to the next button"
        await pilot.press("left")
        assert focused_button(app) == start, "← moves back"
        await pilot.press("n")
        assert app.screen is library and len(Library(locations).articles()) == 5, "n cancels"
        await remove_dialog(pilot, app)
        await pilot.press("escape")
        assert app.screen is library and len(Library(locations).articles()) == 5, "Esc cancels"
        dialog = await remove_dialog(pilot, app)
        while focused_button(app) != "keep":
            await pilot.press("left")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(library.articles) == 4)
        assert len(Library(locations).articles()) == 4, "Enter presses the focused button"
        await remove_dialog(pilot, app)
        await pilot.press("y")
        await wait_for(pilot, lambda: len(library.articles) == 3)
        assert len(Library(locations).articles()) == 3, "y removes"


async def test_every_confirm_dialog_takes_the_same_keys(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        answers = []
        for keys in (("y",), ("n",), ("escape",), ("left", "enter"), ("right", "enter")):
            app.push_screen(ConfirmScreen("Discard?"), answers.append)
            await pilot.pause()
            start = focused_button(app)
            await pilot.press(*keys)
            await pilot.pause()
            if keys[0] in ("left", "right"):
                answers[-1] = (start, answers[-1])
        assert answers[:3] == [True, False, False]
        # From the safe answer (No), ← reaches Yes; → wraps round to Yes too, or stays: Enter presses it.
        assert answers[3] == ("no", True)


async def test_raw_view_offers_only_what_applies_and_names_each_repair(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, CUHK))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query(RawView)
        active = {key: b.binding.action for key, b in app.screen.active_bindings.items()}
        for key in ("p", "h", "v", "s", "c", "t", "x", "1", "slash"):
            assert key not in active or active[key].startswith("raw"), (
                f"{key} ({active.get(key)}) has no cursor to act on"
            )
        raw = app.screen.query_one(RawView)
        await pilot.press("n")
        await pilot.pause()
        change = raw.changes[raw.current]
        status = str(app.screen.query_one(StatusLine).query_one("#word").render())
        assert change.kind in status, f"the status line names the repair under the cursor: {status!r}"
        assert raw.current == 0
        await pilot.press("n")
        assert raw.current == 1
        await pilot.press("r")
        await pilot.pause()
        assert not app.screen.query(RawView)


async def test_toasts_never_cover_the_status_line(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_reader(pilot, app, warm=False)
        for i in range(3):
            app.notify(f"message {i}\nwith a second line", timeout=30)
        await pilot.pause()
        await pilot.pause(0.3)
        status = app.screen.query_one(StatusLine).region
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert not toast.region.overlaps(status), (
                f"a toast at {toast.region} covers the status line {status}"
            )


def _fits(table: DataTable | RowTable) -> bool:
    return table.virtual_size.width <= table.scrollable_content_region.width


@pytest.mark.parametrize("width", [80, 100])
async def test_all_highlights_keeps_its_columns_on_screen_with_long_quotes(locations, width):
    article = Library(locations).articles()[0]
    with AnnotationStore(locations.database) as store:
        store.add(
            Annotation.new(
                article=article.id,
                quote="香港科技大學首席副校長" * 20,
                start=0,
                end=220,
                tags=["vocabulary", "to-review", "香港"],
                note="一個很長的筆記" * 30,
            )
        )
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await all_highlights(pilot)
        table = screen.query_one(DataTable)
        assert _fits(table), f"{table.virtual_size.width} columns of table on {width}"


async def test_library_keeps_its_columns_at_80_columns(locations):
    import json

    library = Library(locations)
    article = library.articles()[0]
    library.update(
        article.id,
        title="特首考察杭州科創中心 將出席浙港合作首次會議 深化兩地交流合作" * 4,
        tags=["a-very-long-tag-name", "香港"],
    )
    data = json.loads(locations.library_file.read_text(encoding="utf-8"))
    data["articles"][0]["length"] = 67_108_864  # the longest text the loader takes
    locations.library_file.write_text(json.dumps(data), encoding="utf-8")
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_shown(pilot)
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(RowTable)
        await pilot.pause()
        assert _fits(table), f"{table.virtual_size.width} columns of table on 80"
        lines = [table.render_line(y).text for y in range(min(table.row_count + 1, table.size.height))]
        assert all(cell_len(line) <= table.size.width for line in lines)
        title_line = next(line for line in lines if line.lstrip().startswith("特首考察"))
        assert "…" in title_line, "a long title is cut with an ellipsis in its own column"
        assert "67,108,864" in title_line, "the length column is still shown beside a long title"
