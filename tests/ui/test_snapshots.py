"""A few pictures of the app at a fixed size: the library, and the reader with pinyin and highlights in
both scripts.

Most UI tests assert on state; these catch what state cannot, such as
pinyin drawn off its word. Update with ``pytest --snapshot-update`` after
checking the new pictures in the report.
"""

from __future__ import annotations

import pytest

from reader.core.anchoring import make_selector
from reader.core.library import Library
from reader.core.store import Annotation, AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.reader import ReaderScreen

from .conftest import library_shown, wait_for

SIZE = (80, 24)


@pytest.fixture
def reader_app(locations):
    """The reader with pinyin, a yellow highlight and a blue one with a note (underlined)."""
    locations.settings_file.write_text('{"pinyin": "all", "theme": "reader-dark"}', encoding="utf-8")
    library = Library(locations)
    article = next(a for a in library.articles() if a.title == "「十四五」成就與香港")
    text = library.prepared(article.id, segment=False).text
    with AnnotationStore(locations.database) as store:
        for quote, color, note in (("無限的可能", 1, ""), ("中國AI發展之迅猛", 3, "a note")):
            start = text.index(quote)
            _, prefix, suffix = make_selector(text, start, start + len(quote))
            store.add(
                Annotation.new(
                    article=article.id,
                    quote=quote,
                    prefix=prefix,
                    suffix=suffix,
                    start=start,
                    color=color,
                    note=note,
                )
            )
    return ReaderApp(locations, open_article=article.id)


async def _ready(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: "dictionary" in app.ready, timeout=30)
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, ReaderScreen)
            and app.screen.view is not None
            and app.screen.view.view is not None
            and app.screen.view.view.pinyin is not None
            and app.screen.view.segmented
            and len(app.screen.view.highlights) == 2
            and app.screen.words.statuses is not None  # new words underlined
        ),
    )
    await pilot.pause()


def test_library(snap_compare, locations):
    assert snap_compare(ReaderApp(locations, warm=False), terminal_size=SIZE, run_before=library_shown)


def test_reader_with_pinyin_traditional(snap_compare, reader_app):
    assert snap_compare(reader_app, terminal_size=SIZE, run_before=_ready)


def test_reader_with_pinyin_simplified(snap_compare, reader_app):
    async def simplified(pilot) -> None:
        await _ready(pilot)
        await pilot.press("s")
        # The converted view's own readings come from the preparing process.
        await wait_for(pilot, lambda: pilot.app.screen.view.needs_view_readings() is None, timeout=30)
        await pilot.pause()

    assert snap_compare(reader_app, terminal_size=SIZE, run_before=simplified)
