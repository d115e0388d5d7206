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
