"""The library screen: every article in a table; sort, filter, open, add, edit, remove.

Typing filters the titles (:class:`~reader.ui.widgets.filter_box.FilterBox` keeps
the focus), so the screen's actions are on keys that cannot be typed.

The screen draws at once and reads the library in the background (the
metadata of 10,000 articles is one read, but it takes a lock another process
may hold); the table paints only the rows on screen, and the highlight counts
follow when the notes are open.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from reader.core.adding import AddReport
from reader.core.library import AddResult, Article, LibraryError, script_mark
from reader.core.search import fuzzy_score
from reader.core.vocab.figure_filter import split_query
from reader.ui.context import Context
from reader.ui.figures import FiguresChanged
from reader.ui.messages import LibraryListed, OpenArticle
from reader.ui.notes import Change, NotesReady
from reader.ui.safe import line, when
from reader.ui.screens.dialogs import AddScreen, ConfirmRemoveScreen, EditScreen, PasteScreen
from reader.ui.widgets.filter_box import FilterBox
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.table import Column, RowTable

# (column key, label): every column sorts.
COLUMNS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("script", "Script"),
    ("length", "Length"),
    ("progress", "Read"),
    ("known", "Known"),
    ("new", "New"),
    ("hsk", "HSK"),
    ("highlights", "Highlights"),
    ("tags", "Tags"),
    ("opened", "Last opened"),
]
WIDTHS = {
    "script": 6,
    "length": 10,
    "progress": 5,
    "known": 5,
    "new": 5,
    "hsk": 4,
    "highlights": 10,
    "tags": 14,
    "opened": 16,
}
RIGHT = {"length", "progress", "known", "new", "hsk", "highlights"}
NARROW = ("title", "script", "length", "progress", "known")  # the columns kept below 90 cells
DESCENDING = ("length", "progress", "known", "highlights", "opened")  # sorted largest (or newest) first
DROPPED_FIRST = ("tags", "script", "highlights", "length")  # between 90 cells and a title of WIDE_TITLE
WIDE_TITLE = 36
FIGURES = ("known", "new", "hsk")  # the learner's columns: they change with word statuses


# Files that could not be read, each told in a toast of its own; the summary counts the rest.
MAX_ERROR_TOASTS = 3


class AddProgress:
    """How far an add has got, on the library's filter box, from the adding thread (a few times a
    second at most, however many files)."""

    def __init__(self, screen: LibraryScreen) -> None:
        self.screen = screen
        self.shown = 0.0

    def __call__(self, done: int, total: int, path: object) -> None:
        now = time.monotonic()
        if total > 1 and (now - self.shown >= 0.2 or done == total):
            self.shown = now
            self.screen.app.call_from_thread(self.screen.show_progress, done, total)


class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open", show=False),  # Enter in the filter opens too
        Binding("ctrl+n", "add", "Add", id="library.add"),
        # Paste, Edit and Remove are listed by F1 and the palette: the footer keeps Help in 80 columns.
        Binding("ctrl+v", "paste", "Paste", id="library.paste", priority=True, show=False),
        Binding("f2", "edit", "Edit", id="library.edit", show=False),
        Binding("f8", "remove", "Remove", id="library.remove", show=False),
        Binding("ctrl+s", "sort", "Sort", id="library.sort"),
        Binding("ctrl+r", "reverse", "Reverse", id="library.reverse", show=False),
        Binding("ctrl+l", "app.annotations", "Highlights", id="library.annotations"),
        Binding("f3", "app.vocabulary", "Words", id="library.vocabulary"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear-filter", show=False),
    ]
    DEFAULT_CSS = """
    LibraryScreen #filter { dock: top; height: 3; }
    LibraryScreen RowTable { height: 1fr; }
    """

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.articles: list[Article] = []
        self.shown: list[Article] = []
        self.loaded = False  # the library has been read once
        self.sort_key = "opened"
        self.reverse = True
        self._counts: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield FilterBox(
            placeholder="type to filter (titles and tags, in either script)", id="filter", table="#articles"
        )
        table: RowTable[Article] = RowTable(self._cell, id="articles")
        table.can_focus = False  # the filter keeps the focus; ↑/↓ there move the table's cursor
        yield table
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.title = "reader"
        self.query_one("#filter", FilterBox).border_subtitle = "reading the library…"
        self.query_one("#filter", FilterBox).focus()
        self._set_columns()

    def on_screen_resume(self) -> None:
        """Read the library when the screen is first shown, and again whenever a reader goes back to it."""
        self.reload()

    # -- contents --------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the library again (in order after any change queued before), then refill the table."""
        self.context.jobs.run(self.context.library.articles, lambda articles: self._loaded(articles, select))

    def _loaded(self, articles: list[Article], select: str | None) -> None:
        first = not self.loaded
        self.articles = articles
        self.loaded = True
        self._counts = self.context.notes.counts()
        self.refresh_table(select)
        ids = [a.id for a in articles]
        if first:
            self.call_after_refresh(self.post_message, LibraryListed())
            self.call_after_refresh(self.context.figures.start, ids)
        else:
            self.context.figures.update(ids)  # articles added or removed since

    def on_notes_ready(self, message: NotesReady) -> None:
        """The highlights column fills in once the store is open."""
        self._counts = self.context.notes.counts()
        self.refresh_table()
        self._table.repaint()

    @on(FiguresChanged)
    def _figures_changed(self) -> None:
        """Known shares, new words or HSK levels changed: re-sort by them, or repaint the rows shown (only
        while the library is on screen: going back to it reads and sorts it again)."""
        if not self.is_current:
            return
        if self.sort_key in FIGURES or split_query(self.query_one("#filter", Input).value)[1]:
            self.refresh_table()
        self._table.repaint()

    def _sort_key(self) -> Callable[[Article], Any]:
        """What the rows are sorted by (one function for the column, not a table of them per row)."""
        counts = self._counts
        if self.sort_key in FIGURES:
            figures = self.context.figures.summaries()
            unknown = (-1.0, 10**9, 99)  # articles not counted yet: after the others, either way
            return lambda a: (
                unknown[FIGURES.index(self.sort_key)]
                if (d := figures.get(a.id)) is None
                else {"known": d.known_share, "new": d.distinct_new, "hsk": d.hsk_level or 10}[self.sort_key]
            )
        keys: dict[str, Callable[[Article], Any]] = {
            "title": attrgetter("title"),
            "script": attrgetter("script"),
            "length": attrgetter("length"),
            "progress": attrgetter("progress"),
            "highlights": lambda a: counts.get(a.id, 0),
            "tags": lambda a: ",".join(a.tags),
            "opened": lambda a: a.last_opened or "",
        }
        return keys[self.sort_key]

    def refresh_table(self, select: str | None = None) -> None:
        table = self._table
        current = select or self.current_id()
        typed = self.query_one("#filter", Input).value
        query, conditions = split_query(typed)
        articles = self.articles
        if conditions:  # known>80, new<50, hsk<=4: by the learner's figures
            summary = self.context.figures.summary
            articles = [a for a in articles if all(c.holds(summary(a.id)) for c in conditions)]
        if query.strip():
            scored = [(fuzzy_score(query, f"{a.title} {' '.join(a.tags)}"), a) for a in articles]
            self.shown = [
                a for s, a in sorted(((s, a) for s, a in scored if s is not None), key=lambda sa: -sa[0])
            ]
        else:
            self.shown = sorted(articles, key=self._sort_key(), reverse=self.reverse)
        ids = [a.id for a in self.shown]
        table.set_rows(self.shown, cursor=ids.index(current) if current in ids else None)
        labels = dict(COLUMNS)
        arrow = "▼" if self.reverse else "▲"
        order = "best match" if query.strip() else f"sorted by {labels[self.sort_key]} {arrow}"
        self.query_one(
            "#filter", Input
        ).border_subtitle = f"{len(self.shown)} of {len(self.articles)} · {order}"

    def _cell(self, a: Article, column: Column) -> Text:
        """One cell, made only when its row is painted (data shown as text, never as markup; the table
        cuts it to its column)."""
        key = column.key
        if key == "title":
            return line(a.title)
        if key == "script":
            return line(script_mark(a.script))
        if key == "length":
            return Text(f"{a.length:,}")
        if key == "progress":
            return Text(f"{a.progress:.0%}")
        if key in FIGURES:
            return self._figure(a, key)
        if key == "highlights":
            return Text(str(self._counts.get(a.id, 0)))
        if key == "tags":
            return line(", ".join(a.tags))
        return line(when(a.last_opened))

    def _figure(self, a: Article, key: str) -> Text:
        d = self.context.figures.summary(a.id)
        if d is None:
            return Text("")
        if key == "known":
            return Text(f"{d.known_share:.0%}" if d.running else "-")
        if key == "new":
            return Text(f"{d.distinct_new:,}")
        return Text("9+" if d.running and d.hsk_level is None else d.hsk_label)  # beyond 7-9

    @property
    def _table(self) -> RowTable[Article]:
        return self.query_one("#articles", RowTable)

    def _set_columns(self) -> None:
        """All columns on a wide screen, the essential ones on a narrow one; the title takes what is left."""
        keys = [k for k, _ in COLUMNS] if self._width() >= 90 else list(NARROW)

        def left(keys: list[str]) -> int:
            # Each column has one cell of padding on either side, and the table a scroll bar.
            return self._width() - sum(WIDTHS.get(k, 0) for k in keys) - 2 * len(keys) - 2

        for key in DROPPED_FIRST:  # a wide screen gives up its least needed columns to a readable title
            if left(keys) >= WIDE_TITLE or len(keys) <= len(NARROW):
                break
            if key in keys:
                keys.remove(key)
        title = max(12, left(keys))
        labels = dict(COLUMNS)
        self._table.set_columns(
            [Column(k, labels[k], WIDTHS.get(k, title), "right" if k in RIGHT else "left") for k in keys]
        )

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def on_resize(self) -> None:
        self._set_columns()

    def current_id(self) -> str | None:
        article = self.current()
        return article.id if article is not None else None

    def current(self) -> Article | None:
        row = self._table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    # -- filter and sort -----------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_table()
        if self.shown:
            self._table.move_cursor(row=0)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value)
        return True

    def action_sort(self) -> None:
        keys = [k for k, _ in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.reverse = self.sort_key in DESCENDING
        self.refresh_table()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.refresh_table()

    @on(RowTable.HeaderSelected)
    def _header(self, event: RowTable.HeaderSelected) -> None:
        if event.key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key, self.reverse = event.key, event.key in DESCENDING
        self.refresh_table()

    # -- actions ---------------------------------------------------------

    @on(RowTable.RowSelected)
    def _row_selected(self, event: RowTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        article = self.current()
        if article is not None:
            self.post_message(OpenArticle(article))

    def action_add(self) -> None:
        def added(paths: object) -> None:
            if isinstance(paths, list) and paths:
                self.query_one("#filter", FilterBox).border_subtitle = "adding: reading…"
                self.add_files(paths)

        self.app.push_screen(AddScreen(), added)

    @work(thread=True, group="add")
    def add_files(self, paths: list[str]) -> None:
        """Read, clean and copy the files, and every readable file under the folders, off the UI thread
        (the library's lock is held only while its list is written)."""
        from reader.core.adding import add_all

        report = add_all(self.context.library, paths, AddProgress(self))
        self.app.call_from_thread(self._added, report)

    def _added(self, report: AddReport) -> None:
        failed = report.failed
        for r in failed[:MAX_ERROR_TOASTS]:
            if r.error:
                self.notify(r.error, severity="error", timeout=10)
        done = [r.article for r in report.results if r.article is not None]
        summary = report.summary()
        if len(done) <= 3 and done and not report.skipped and not failed:
            summary += ": " + ", ".join(a.title for a in done)
        self.notify(
            summary[0].upper() + summary[1:], severity="warning" if failed else "information", timeout=8
        )
        self.reload(select=done[-1].id if done else None)

    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#filter", FilterBox).border_subtitle = f"adding: {done} of {total} files read…"

    def action_paste(self, text: str = "") -> None:
        def pasted(answer: object) -> None:
            if isinstance(answer, str) and answer.strip():
                self.query_one("#filter", FilterBox).border_subtitle = "adding: reading…"
                self.add_pasted(answer)

        self.app.push_screen(PasteScreen(text), pasted)

    @on(FilterBox.Pasted)
    def _pasted_into_filter(self, event: FilterBox.Pasted) -> None:
        """Lines pasted into the filter are an article: the paste box opens with them."""
        self.action_paste(event.text)

    @work(thread=True, group="add")
    def add_pasted(self, text: str) -> None:
        """Clean and keep the pasted text like a file, off the UI thread."""
        try:
            result = self.context.library.add_text(text)
        except LibraryError as exc:
            result = AddResult(Path("pasted text"), error=str(exc))
        self.app.call_from_thread(self._added, AddReport([result], []))

    def action_edit(self) -> None:
        article = self.current()
        if article is None:
            return

        def edited(answer: object) -> None:
            if isinstance(answer, tuple):
                title, tags = answer
                self.context.jobs.run(lambda: self.context.library.update(article.id, title=title, tags=tags))
                self.reload(select=article.id)

        self.app.push_screen(EditScreen(article.title, article.tags), edited)

    def action_remove(self) -> None:
        article = self.current()
        if article is None:
            return

        def answered(answer: object) -> None:
            if answer in ("keep", "all"):
                self.context.jobs.run(
                    lambda: self.context.library.remove(article.id),
                    lambda _removed: self._removed(article, with_notes=answer == "all"),
                )

        self.app.push_screen(
            ConfirmRemoveScreen(article.title, self._counts.get(article.id, 0) > 0), answered
        )

    def _removed(self, article: Article, *, with_notes: bool) -> None:
        removed = self._remove_notes(article.id) if with_notes else 0
        extra = f" and {removed} notes" if removed else ""
        self.notify(f"Removed {article.title}{extra}", timeout=4)
        if self.context.settings.articles.pop(article.id, None) is not None:
            self.context.save_settings()
        self.reload()

    def _remove_notes(self, article_id: str) -> int:
        """Queue the deletion of an article's notes (saved in a worker); how many there were."""
        store = self.context.notes.store
        anns = store.for_article(article_id) if store is not None else []
        for ann in anns:
            self.context.notes.save(Change("delete", ann))
        return len(anns)
