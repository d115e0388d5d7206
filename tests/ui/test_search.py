"""Search in the reader: what is displayed in any script, what the original says, pinyin; Esc ends it."""

from __future__ import annotations

from textual.widgets import Input

from reader.ui.app import ReaderApp
from reader.ui.screens.reader import ReaderScreen

from .test_reader import open_reader, seed_id
from .test_reading import CUHK


def shown(view, match: tuple[int, int]) -> str:
    a, b = view.view.conversion.map.range_to_dst(*match)
    return view.view.view_text[a:b]


async def test_search_finds_what_a_converted_view_displays(locations):
    """The original (Simplified) says 软件; 台灣正體 displays 軟體, which folds to 软体, not 软件."""
    app = ReaderApp(locations, open_article=seed_id(locations, CUHK))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_reader(pilot, app)
        while view.options.script != "taiwan":
            await pilot.press("s")
        await pilot.press("slash", *"軟體", "enter")
        assert view.matches, "what is on screen is found"
        assert all(shown(view, m) == "軟體" for m in view.matches)
        await pilot.press("escape", "slash", "ctrl+u", *"软件", "enter")
        assert view.matches and all(shown(view, m) == "軟體" for m in view.matches), (
            "and what the original says"
        )


async def test_search_by_pinyin_with_or_without_tones(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, CUHK))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_reader(pilot, app)
        text = view.document.text
        for query in ("xueyuan", "xué yuàn", "xue2yuan4", "XueYuan"):
            await pilot.press("slash", "ctrl+u", *query, "enter")
            assert view.matches, f"{query} finds 学院"
            assert {text[a:b] for a, b in view.matches} == {"学院"}
            assert len(view.matches) == text.count("学院")
        await pilot.press("slash", "ctrl+u", *"xue3yuan4", "enter")
        assert not view.matches, "a wrong tone finds nothing"


async def test_escape_after_a_search_ends_the_search_and_nothing_else(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        await pilot.press("slash", *"zzzz", "enter")
        assert not view.matches
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen), (
            "Esc after a search that found nothing stays in the article"
        )
        await pilot.press("slash", *"香港", "enter")
        assert view.matches
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen) and not view.matches
        await pilot.press("slash", *"香港")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen), "Esc in the search box closes the box"
        assert not app.screen.query_one("#search", Input).display
        await pilot.press("escape")
        assert not isinstance(app.screen, ReaderScreen), "with no search on, Esc goes back"
