"""Type to filter: the library and the list of every highlight take every printable character."""

from __future__ import annotations

from textual.widgets import Input

from reader.core.store import Annotation, AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.annotations import AnnotationsScreen
from reader.ui.screens.library import LibraryScreen

from .conftest import wait_for


async def test_library_filter_gets_every_printable_character(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#filter", Input)
        for typed in ("DeepSeek", "Hong", "ade SRHq/?", "Hong Kong 香港"):
            await pilot.press(*typed)
            await pilot.pause()
            assert app.screen is screen, f"typing {typed!r} opened nothing"
            assert box.value == typed, f"typing {typed!r} left {box.value!r} in the filter"
            await pilot.press("escape")
            assert box.value == ""
        await pilot.press(*"DeepSeek")
        assert [a.title for a in screen.shown] == ["DeepSeek落子香港 學者：發展潛力大 AI生態完整"]


async def test_library_keys_still_work_beside_the_filter(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        first = screen.current()
        await pilot.press("down")
        assert screen.current() != first, "↓ moves in the list while the filter has the focus"
        await pilot.press("up")
        assert screen.current() == first


async def test_all_highlights_filter_gets_every_printable_character(locations):
    with AnnotationStore(locations.database) as store:
        store.add(Annotation.new(article="x", quote="香港", start=0, end=2, tags=["vocab"]))
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: app.notes.store is not None)
        app.action_annotations()
        await pilot.pause()
        assert isinstance(app.screen, AnnotationsScreen)
        screen = app.screen
        await wait_for(pilot, lambda: screen.loaded)
        await pilot.press(*"#vocab is nothing q o")
        box = screen.query_one("#filter", Input)
        assert app.screen is screen and box.value == "#vocab is nothing q o"
