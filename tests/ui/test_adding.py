"""Adding from the app: PDFs, saved pages, books and folders through the add dialog, off the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Input

from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import AddScreen
from tests.samples import (
    BOOK_TITLE,
    PAGE_TITLE,
    PDF_HEADING,
    write_book,
    write_page,
    write_pdf,
    write_scanned_pdf,
)

from .conftest import library_shown, wait_for


async def _add(app: ReaderApp, pilot, value: str) -> None:
    await pilot.press("ctrl+n")
    assert isinstance(app.screen, AddScreen)
    app.screen.query_one(Input).value = value
    await pilot.press("enter")


def _messages(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_folder_of_every_kind_is_added_off_the_ui_thread(
    locations, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "in"
    (folder / "web").mkdir(parents=True)
    write_pdf(folder)
    write_book(folder)
    write_page(folder / "web")
    write_scanned_pdf(folder)
    (folder / ".hidden.txt").write_text("隐藏。", encoding="utf-8")
    threads: list[str] = []
    real_add = Library.add

    def add(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return real_add(self, *args, **kwargs)

    monkeypatch.setattr(Library, "add", add)
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_shown(pilot)
        await _add(app, pilot, str(folder))
        await wait_for(pilot, lambda: len(screen.articles) == 8)
        await wait_for(pilot, lambda: any(m.startswith("Added ") for m in _messages(app)))
        titles = {a.title for a in screen.articles}
        assert {PDF_HEADING, PAGE_TITLE, BOOK_TITLE} <= titles
        messages = _messages(app)
        assert any("scan.pdf: is a scanned PDF" in m for m in messages), "the unreadable file is named"
        assert "Added 3 articles; skipped 1 (1 hidden); 1 could not be read" in messages
    assert threads and threading.main_thread().name not in threads, "files are read and written off the UI"


async def test_a_single_book_is_added_and_named(locations, tmp_path: Path) -> None:
    book = write_book(tmp_path)
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_shown(pilot)
        await _add(app, pilot, f"'{book}'")
        await wait_for(pilot, lambda: len(screen.articles) == 6)
        await wait_for(pilot, lambda: f"Added 1 article: {BOOK_TITLE}" in _messages(app))
        assert screen.current() is not None and screen.current().title == BOOK_TITLE, "the new one is chosen"


def _article(chars: int) -> str:
    """A pasted article of about ``chars`` characters: a title line, then paragraphs."""
    paragraph = "粤港澳大湾区研发投入超过四千亿元，同比增长百分之三点五。区内高新技术企业数量已突破七万家。"
    count = chars // (len(paragraph) + 2) + 1
    return "大湾区科技合作迈上新台阶\n\n" + "\n\n".join(f"第{k}段：{paragraph}" for k in range(count))


async def test_a_long_paste_arrives_whole_and_is_saved_like_a_file(locations) -> None:
    from textual import events
    from textual.widgets import TextArea

    from reader.ui.screens.dialogs import PasteScreen

    text = _article(20_000)
    assert len(text) >= 20_000
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_shown(pilot)
        await pilot.press("ctrl+v")
        assert isinstance(app.screen, PasteScreen)
        # As a terminal's bracketed paste arrives: one event, its line breaks carriage returns.
        app.post_message(events.Paste(text.replace("\n", "\r")))
        area = app.screen.query_one(TextArea)
        await wait_for(pilot, lambda: area.text.replace("\r\n", "\n").replace("\r", "\n") == text)
        assert area.document.line_count == text.count("\n") + 1, "every line break is one"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(screen.articles) == 6)
        (pasted,) = [a for a in screen.articles if a.source_name.startswith("pasted-")]
        assert pasted.title == "大湾区科技合作迈上新台阶", "the first line is the title"
        assert "Added 1 article: 大湾区科技合作迈上新台阶" in _messages(app)
    doc = Library(locations).document(pasted.id)
    assert (
        doc.text.count("第") >= text.count("第") - 1 and "第0段" in doc.text and doc.text.endswith("七万家。")
    )


async def test_lines_pasted_into_the_filter_open_the_paste_box(locations) -> None:
    from textual import events
    from textual.widgets import TextArea

    from reader.ui.screens.dialogs import PasteScreen

    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_shown(pilot)
        app.post_message(events.Paste("成就"))
        await pilot.pause()
        assert screen.query_one("#filter", Input).value == "成就", "a word pasted is a filter"
        text = _article(500)
        app.post_message(events.Paste(text.replace("\n", "\r")))  # as a terminal pastes line breaks
        await wait_for(pilot, lambda: isinstance(app.screen, PasteScreen))
        assert app.screen.query_one(TextArea).text == text
        await pilot.press("escape")
        await pilot.pause()
        from reader.ui.widgets.confirm import ConfirmScreen

        assert isinstance(app.screen, ConfirmScreen), "Esc asks before the pasted text is thrown away"


async def test_pasting_the_same_article_again_updates_it(locations) -> None:
    library = Library(locations)
    first = library.add_text(_article(300))
    again = library.add_text(_article(300))
    assert first.article is not None and again.article is not None
    assert again.updated and again.article.id == first.article.id
    empty = library.add_text("  \n\n ")
    assert empty.error is not None and "\n" not in empty.error and "pasted text" in empty.error
