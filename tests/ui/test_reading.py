"""Reading you can trust, on the real app: paging shows every line, pinyin never covers text, the
cursor stays in sight, a choice made before the words arrive takes effect, choices are remembered.

The exhaustive products (every seed, size, pinyin mode and script) run on the core view in
``tests/core/test_viewport.py``; these check that the app uses it.
"""

from __future__ import annotations

import threading

import pytest

from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.library import LibraryScreen

from .conftest import wait_for
from .test_reader import open_reader, seed_id

CUHK = "香港中文大學（深圳）"
DEEPSEEK = "DeepSeek落子香港 學者：發展潛力大 AI生態完整"


def screen_rows(view) -> range:
    top = round(view.scroll_y)
    return range(top, min(top + view.scrollable_content_region.height, view.view.height))


def lines_on_screen(view) -> set[tuple[int, int]]:
    """The text lines on screen, each as (block, first offset)."""
    out = set()
    for y in screen_rows(view):
        row = view.view.row(y)
        if row.kind == "text" and row.line is not None and row.line.cells:
            out.add((row.block, row.line.start))
    return out


def every_line(view) -> set[tuple[int, int]]:
    tv = view.view
    tv.ensure(0, len(tv.blocks) - 1)
    return {
        (r.block, r.line.start)
        for y in range(tv.height)
        if (r := tv.row(y)).kind == "text" and r.line is not None and r.line.cells
    }


def cursor_in_sight(view) -> bool:
    y, _ = view.view.row_of(view.cursor)
    return y in screen_rows(view)


async def page_through(pilot, view, key: str) -> set[tuple[int, int]]:
    seen = lines_on_screen(view)
    last = None
    for _ in range(400):
        await pilot.press(key)
        await pilot.pause()
        seen |= lines_on_screen(view)
        state = (round(view.scroll_y), view.cursor)
        if state == last:
            break
        last = state
    return seen


@pytest.mark.parametrize(
    "title,size,pinyin",
    [(CUHK, (120, 40), "off"), (DEEPSEEK, (80, 24), "cursor"), (DEEPSEEK, (80, 24), "all")],
)
async def test_paging_down_and_up_shows_every_line(locations, title, size, pinyin):
    locations.settings_file.write_text(f'{{"pinyin": "{pinyin}"}}', encoding="utf-8")
    app = ReaderApp(locations, open_article=seed_id(locations, title))
    async with app.run_test(size=size) as pilot:
        view = await open_reader(pilot, app)
        await pilot.press("g")
        everything = every_line(view)
        down = await page_through(pilot, view, "pagedown")
        missing = everything - down
        assert not missing, f"{len(missing)} of {len(everything)} lines never shown paging down"
        assert cursor_in_sight(view)
        up = await page_through(pilot, view, "pageup")
        assert not everything - up, "paging back up shows every line too"
        assert round(view.scroll_y) == 0 and cursor_in_sight(view)


async def test_cursor_word_pinyin_never_covers_text(locations):
    locations.settings_file.write_text('{"pinyin": "cursor"}', encoding="utf-8")
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        for keys in ("j", "j", "w", "w", "j", "k", "G", "g"):
            await pilot.press(keys)
            await pilot.pause()
            top = round(view.scroll_y)
            for y in screen_rows(view):
                row = view.view.row(y)
                if row.kind != "text" or row.line is None:
                    continue
                painted = "".join(seg.text for seg in view.render_line(y - top)).replace(" ", "")
                expected = "".join(c.text for c in row.line.cells).replace(" ", "").replace("\n", "")
                assert expected in painted.replace("│", "").replace("▎", ""), (
                    f"after {keys}: the line {expected!r} is painted as {painted!r}"
                )
            cy, _col = view.view.row_of(view.cursor)
            above = view.view.row(cy - 1)
            assert above.kind == "pinyin", "a row is kept for the cursor word's pinyin"
            painted = "".join(seg.text for seg in view.render_line(cy - 1 - top))
            assert view.view.pinyin_of(*view.word, view.options.style) in painted


async def test_cursor_stays_in_sight_when_the_layout_changes(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        for step in range(5):
            for _ in range(step * 5):
                await pilot.press("j")
            for key in ("p", "p", "p", "s", "P", "s", "p"):
                offset = view.cursor
                await pilot.press(key)
                await pilot.pause()
                assert view.cursor == offset, f"{key} keeps the cursor on the same text"
                assert cursor_in_sight(view), f"after {key} at step {step} the cursor is on screen"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert cursor_in_sight(view)


async def test_pinyin_chosen_before_the_words_arrive_takes_effect(locations, monkeypatch):
    gate = threading.Event()
    original = Library.prepared

    def slow(self, article_id, *, segment=True, isolate=False):
        if segment:
            gate.wait(30)
        return original(self, article_id, segment=segment, isolate=isolate)

    monkeypatch.setattr(Library, "prepared", slow)
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        assert not view.segmented
        await pilot.press("p")
        messages = [n.message for n in app._notifications]
        mode = view.options.pinyin
        if mode == "off":
            assert not any("appears" in m for m in messages), f"turning pinyin off promises none: {messages}"
        while view.options.pinyin != "all":
            await pilot.press("p")
        gate.set()
        await wait_for(pilot, lambda: view.segmented, timeout=30)
        await pilot.pause()
        assert view.view.pinyin is not None, "pinyin over every word, as chosen before the words came"
        assert any(view.view.row(y).kind == "pinyin" for y in screen_rows(view))


async def test_script_and_pinyin_are_remembered_per_article(locations):
    first, second, third = (seed_id(locations, t) for t in (CUHK, DEEPSEEK, "資金人才牽手"))
    app = ReaderApp(locations, open_article=first)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        await pilot.press("s", "s", "s")  # taiwan
        while view.options.pinyin != "off":
            await pilot.press("p")
        chosen = (view.options.script, view.options.pinyin)
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        app.open_article(Library(locations).get(second))
        view = await open_reader(pilot, app, warm=False)
        assert (view.options.script, view.options.pinyin) == chosen, (
            "a new article opens as the last one was set"
        )
        while view.options.script != "simplified":
            await pilot.press("s")
        while view.options.pinyin != "all":
            await pilot.press("p")
        await pilot.press("q")
    again = ReaderApp(locations, open_article=first)
    async with again.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, again, warm=False)
        assert (view.options.script, view.options.pinyin) == chosen, "the first article kept its own choices"
        await pilot.press("q")
        again.open_article(Library(locations).get(second))
        view = await open_reader(pilot, again, warm=False)
        assert (view.options.script, view.options.pinyin) == ("simplified", "all")
        await pilot.press("q")
        again.open_article(Library(locations).get(third))
        view = await open_reader(pilot, again, warm=False)
        assert (view.options.script, view.options.pinyin) == ("simplified", "all"), (
            "the default is the last choice"
        )
