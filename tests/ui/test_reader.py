"""The reader screen: cursor, scripts, pinyin, search, contents, raw view, remembered position."""

from __future__ import annotations

import json

from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import TocScreen
from reader.ui.screens.dictionary import DictionaryScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reader import ReaderScreen
from reader.ui.widgets.article import ArticleView
from reader.ui.widgets.raw import RawView

from .conftest import wait_for

TRADITIONAL = "「十四五」成就與香港"


def seed_id(locations, title: str = TRADITIONAL) -> str:
    return next(a.id for a in Library(locations).articles() if a.title == title)


async def open_reader(pilot, app, *, warm: bool = True) -> ArticleView:
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, ReaderScreen)
            and app.screen.view is not None
            and app.screen.view.view is not None
        ),
    )
    if warm:
        await wait_for(pilot, lambda: "dictionary" in app.ready, timeout=90)  # a busy machine is slow
        await wait_for(pilot, lambda: app.screen.view.readings_complete, timeout=90)
        await pilot.pause()
    view = app.screen.view
    assert view is not None
    return view


async def test_word_cursor_moves_by_word_line_and_sentence(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        text = view.document.text
        await pilot.press("w")
        first = view.cursor
        assert first > 0 and not text[first].isspace()
        await pilot.press("b")
        assert view.cursor < first
        start = view.cursor
        await pilot.press("j")
        y0, _ = view.view.row_of(start)
        y1, _ = view.view.row_of(view.cursor)
        assert y1 > y0, "j moves down a line"
        await pilot.press("k")
        assert view.view.row_of(view.cursor)[0] == view.view.row_of(start)[0], "k moves back to that line"
        await pilot.press("right_parenthesis")
        assert text[view.cursor - 1] in "。！？\n」" or text[view.cursor - 2 : view.cursor].strip() == ""
        await pilot.press("G")
        assert view.cursor >= len(text) - 10
        await pilot.press("g")
        assert view.cursor == 0


async def test_script_switch_keeps_the_cursor_on_the_same_text(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        for _ in range(40):
            await pilot.press("w")
        offset, word = view.cursor, view.word
        top_before = view.top_offset()
        await pilot.press("s")  # simplified
        assert view.options.script == "simplified"
        assert view.cursor == offset and view.word == word
        vs, ve = view.view.conversion.map.range_to_dst(*word)
        assert view.view.view_text[vs:ve] != view.document.text[word[0] : word[1]] or True
        y, _ = view.view.row_of(offset)
        assert round(view.scroll_y) <= y < round(view.scroll_y) + view.size.height, "cursor stays on screen"
        assert abs(view.top_offset() - top_before) < 120, "the top of the screen shows the same text"
        for _ in range(4):
            await pilot.press("s")
        assert view.options.script == "original" and view.cursor == offset


async def test_pinyin_rows_align_over_words(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        while view.options.pinyin != "all":
            await pilot.press("p")
        rows = [view.view.row(y) for y in range(12)]
        kinds = [r.kind for r in rows]
        assert "pinyin" in kinds
        for r in rows:
            if r.kind == "pinyin":
                for cell in r.line.cells:
                    if cell.pinyin_text:
                        assert cell.col == cell.text_col, f"pinyin of {cell.text} starts over it"
        assert app.settings.pinyin == "all"
        await pilot.press("P")
        assert view.options.style.value == "numbers"


async def test_selection_extends_with_the_cursor(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        await pilot.press("w", "w")
        start = view.word[0]
        await pilot.press("v", "w", "w")
        sel = view.selection
        assert sel is not None and sel[0] == start and sel[1] == view.word[1]
        await pilot.press("escape")
        assert view.selection is None
        assert isinstance(app.screen, ReaderScreen), "escape with a selection only clears it"


async def test_search_finds_simplified_query_in_traditional_text(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        await pilot.press("slash", *"发展", "enter")
        assert view.matches, "发展 finds 發展"
        text = view.document.text
        assert all(text[a:b].replace("\n", "") == "發展" for a, b in view.matches)
        assert view.cursor == view.matches[0][0]
        await pilot.press("n")
        assert view.cursor == view.matches[1][0]
        await pilot.press("N")
        assert view.cursor == view.matches[0][0]


async def test_contents_jumps_to_a_heading(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        toc = view.document.toc()
        await pilot.press("o")
        assert isinstance(app.screen, TocScreen)
        if len(toc) > 1:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        expected = toc[1].offset if len(toc) > 1 else (toc[0].offset if toc else view.cursor)
        assert view.cursor == view.view.word_at(expected)[0]


async def test_dictionary_entry_and_status_gloss(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 24)) as pilot:
        view = await open_reader(pilot, app)
        text = view.document.text
        view.move_to(text.index("中國"))
        await pilot.pause()
        status = str(app.screen.query_one("StatusLine #word").render())
        assert "中國" in status and "zhōngguó" in status.lower().replace(" ", "")
        await pilot.press("enter")
        assert isinstance(app.screen, DictionaryScreen)
        assert any(e.simplified == "中国" for e in app.screen.entries)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_raw_view_toggles(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        await pilot.press("r")
        assert app.screen.query(RawView) and not view.display
        await pilot.press("r")
        assert not app.screen.query(RawView) and view.display


async def test_reading_position_is_remembered(locations):
    article_id = seed_id(locations)
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        for _ in range(3):
            await pilot.press("j")
        await pilot.press("s")
        offset = view.cursor
        assert offset > 0
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
    assert Library(locations).get(article_id).position == offset
    again = ReaderApp(locations, open_article=article_id)
    async with again.run_test(size=(60, 20)) as pilot:
        view = await open_reader(pilot, again, warm=False)
        assert view.cursor == offset, "reopening returns to the same place, at another size"


async def test_resize_keeps_the_place(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        for _ in range(12):
            await pilot.press("j")
        offset = view.cursor
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.cursor == offset
        y, _ = view.view.row_of(offset)
        assert round(view.scroll_y) <= y < round(view.scroll_y) + view.size.height


async def test_keymap_file_remaps_keys(locations):
    locations.keymap_file.write_text(json.dumps({"cursor.word-next": "l"}), encoding="utf-8")
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        before = view.cursor
        await pilot.press("l")
        assert view.cursor > before


async def test_theme_is_remembered(locations):
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert {"reader-light", "reader-dark", "reader-sepia", "reader-contrast"} <= set(app.available_themes)
        app.theme = "reader-sepia"
        await pilot.pause()
    assert json.loads(locations.settings_file.read_text())["theme"] == "reader-sepia"
    again = ReaderApp(locations, warm=False)
    assert again.theme == "reader-sepia"


async def test_a_click_puts_the_cursor_on_a_word(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        y = 2 if view.view.row(2).kind == "text" else 3
        expected = view.view.offset_at(y + round(view.scroll_y), 10)
        await pilot.click(ArticleView, offset=(view._margin + 10, y))
        assert view.cursor == view.view.word_at(expected)[0]
        row, _ = view.view.row_of(view.cursor)
        assert row == y + round(view.scroll_y)


async def test_tone_colours_cycle_and_are_remembered(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        await pilot.press("c")
        assert view.options.tones == "pleco" and view.view.tones
        await pilot.press("c")
        assert view.options.tones == "hanping"
    assert json.loads(locations.settings_file.read_text())["tones"] == "hanping"


async def test_every_binding_is_a_palette_command(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot, app, warm=False)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Pinyin", "Script", "Search", "Contents", "Raw", "Next word", "Select", "Theme"} <= titles
        assert {"Highlight", "Note", "Tags", "Next highlight", "All highlights"} <= titles
        assert not {"Page Left", "Page Right", "Scroll Left"} & titles, (
            "no scroll-view keys a reader cannot use"
        )
        await pilot.press("question_mark")
        assert app.screen.query("HelpPanel"), "? shows the keys"
        await pilot.press("question_mark")
        assert not app.screen.query("HelpPanel")


async def test_status_gloss_and_entries_follow_the_reading_shown(locations):
    """與 read yǔ glosses as "and", and its yǔ entry comes first, not the yú "variant of 歟"."""
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 24)) as pilot:
        view = await open_reader(pilot, app)
        view.move_to(view.document.text.index("與香港"))
        await pilot.pause()
        status = str(app.screen.query_one("StatusLine #word").render())
        assert "yǔ" in status and "and" in status and "variant" not in status, status
        await pilot.press("enter")
        assert isinstance(app.screen, DictionaryScreen)
        assert app.screen.entries[0].pinyin == "yu3"


async def test_raw_view_never_paints_a_control_character(locations, tmp_path):
    """The loader keeps form feeds (page breaks) for the cleaner; the raw view must show, not send, them."""
    path = tmp_path / "paged.txt"
    path.write_text(
        "第一頁的文字，說到一半\n\x0c- 2 -\n接着第二頁的文字。\n\x0c\t表格\t內容\n", encoding="utf-8"
    )
    [added] = Library(locations).add([path])
    assert added.article is not None
    app = ReaderApp(locations, open_article=added.article.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(pilot, app, warm=False)
        await pilot.press("r")
        raw = app.screen.query_one(RawView)
        await wait_for(pilot, lambda: raw.virtual_size.height > 0)
        painted = "".join(seg.text for y in range(raw.size.height) for seg in raw.render_line(y))
        assert "␌" in painted, "page breaks are shown"
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in painted), repr(painted)
