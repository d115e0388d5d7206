"""The library screen: every article in a table; sort, filter, open, add, edit, remove.

Typing filters the titles (:class:`~reader.ui.widgets.filter_box.FilterBox` keeps
the focus), so the screen's actions are on keys that cannot be typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input

from reader.core.library import AddResult, Article, LibraryError
from reader.core.sanitize import visible_line
from reader.core.search import fuzzy_score
from reader.ui.notes import Change, NotesReady
from reader.ui.safe import cell
from reader.ui.screens.dialogs import AddScreen, ConfirmRemoveScreen, EditScreen
from reader.ui.widgets.filter_box import FilterBox
from reader.ui.widgets.footer import ReaderFooter

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

SCRIPT_MARKS = {"simplified": "简", "traditional": "繁", "mixed": "mixed", "none": "—"}
# (column key, label, sort key): every column sorts.
COLUMNS: list[tuple[str, str]] = [
    ("title", "Title"), ("script", "Script"), ("length", "Length"), ("progress", "Read"),
    ("highlights", "Highlights"), ("tags", "Tags"), ("opened", "Last opened"),
]

WIDTHS = {"script": 6, "length": 10, "progress": 5, "highlights": 10, "tags": 14, "opened": 16}
NARROW = ("title", "script", "length", "progress")  # the columns kept below 90 cells


def _when(stamp: str | None) -> str:
    if not stamp:
        return "never"
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return visible_line(stamp)



class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open", show=False),  # Enter in the filter opens too
        Binding("ctrl+n", "add", "Add", id="library.add"),
        Binding("f2", "edit", "Edit", id="library.edit"),
        Binding("f8", "remove", "Remove", id="library.remove"),
        Binding("ctrl+s", "sort", "Sort", id="library.sort"),
        Binding("ctrl+r", "reverse", "Reverse", id="library.reverse", show=False),
        Binding("ctrl+l", "app.annotations", "Highlights", id="library.annotations"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear-filter", show=False),
    ]
    DEFAULT_CSS = """
    LibraryScreen #filter { dock: top; height: 3; }
    LibraryScreen DataTable { height: 1fr; }
    """

    app: ReaderApp

    def __init__(self) -> None:
        super().__init__()
        self.articles: list[Article] = []
        self.shown: list[Article] = []
        self.sort_key = "opened"
        self.reverse = True
        self._counts: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield FilterBox(placeholder="type to filter (titles and tags, in either script)", id="filter",
                        table="#articles")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="articles")
        table.can_focus = False  # the filter keeps the focus; ↑/↓ there move the table's cursor
        yield table
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.title = "reader"
        self.reload()
        self.query_one("#filter", FilterBox).focus()
        library = self.app.library
        if library.recovered_from is not None:
            self.notify(f"The library file could not be read; it was kept as {library.recovered_from}",
                        severity="warning", timeout=10)
        self.call_after_refresh(self.app.first_paint, "library")

    def on_screen_resume(self) -> None:
        self.reload()

    # -- contents --------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        try:
            self.articles = self.app.library.articles()
        except LibraryError as exc:
            self.notify(str(exc), severity="error")
            self.articles = []
        self._counts = self.app.notes.counts()
        self.refresh_table(select)

    def on_notes_ready(self, message: NotesReady) -> None:
        """The highlights column fills in once the store is open."""
        self.reload()

    def _sort_value(self, a: Article) -> object:
        return {
            "title": a.title, "script": a.script, "length": a.length, "progress": a.progress,
            "highlights": self._counts.get(a.id, 0), "tags": ",".join(a.tags), "opened": a.last_opened or "",
        }[self.sort_key]

    def refresh_table(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        current = select or self.current_id()
        query = self.query_one("#filter", Input).value
        if query.strip():
            scored = [(fuzzy_score(query, f"{a.title} {' '.join(a.tags)}"), a) for a in self.articles]
            self.shown = [a for s, a in sorted(((s, a) for s, a in scored if s is not None),
                                              key=lambda sa: -sa[0])]
        else:
            self.shown = sorted(self.articles, key=self._sort_value, reverse=self.reverse)
        table.clear(columns=True)
        columns = self._columns()
        for key, label in columns:
            table.add_column(label, key=key, width=WIDTHS.get(key) or self._title_width())
        for a in self.shown:
            cells = {
                "title": cell(a.title, self._title_width()),
                "script": cell(SCRIPT_MARKS.get(a.script, a.script), WIDTHS["script"]),
                "length": cell(f"{a.length:,}", WIDTHS["length"], justify="right"),
                "progress": Text(f"{a.progress:.0%}", justify="right"),
                "highlights": Text(str(self._counts.get(a.id, 0)), justify="right"),
                "tags": cell(", ".join(a.tags), WIDTHS["tags"]),
                "opened": cell(_when(a.last_opened), WIDTHS["opened"]),
            }
            table.add_row(*(cells[key] for key, _ in columns), key=a.id)
        ids = [a.id for a in self.shown]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        labels = dict(COLUMNS)
        arrow = "▼" if self.reverse else "▲"
        order = "best match" if query.strip() else f"sorted by {labels[self.sort_key]} {arrow}"
        self.query_one("#filter", Input).border_subtitle = f"{len(self.shown)} of {len(self.articles)} · {order}"

    def _columns(self) -> list[tuple[str, str]]:
        """All columns on a wide screen; the essential ones on a narrow one."""
        if self._width() >= 90:
            return COLUMNS
        return [c for c in COLUMNS if c[0] in NARROW]

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _title_width(self) -> int:
        # What the other columns leave (each column has one cell of padding on either side, and
        # the table a scroll bar).
        columns = self._columns()
        others = sum(WIDTHS.get(k, 0) for k, _ in columns) + 2 * len(columns) + 2
        return max(12, self._width() - others)

    def on_resize(self) -> None:
        self.refresh_table()

    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row].id

    def current(self) -> Article | None:
        cid = self.current_id()
        return next((a for a in self.shown if a.id == cid), None)

    # -- filter and sort -----------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_table()
        if self.shown:
            self.query_one(DataTable).move_cursor(row=0)

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
        self.reverse = self.sort_key in ("length", "progress", "highlights", "opened")
        self.refresh_table()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.refresh_table()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key, self.reverse = key, key in ("length", "progress", "highlights", "opened")
        self.refresh_table()

    # -- actions ---------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        article = self.current()
        if article is not None:
            self.app.open_article(article)

    def action_add(self) -> None:
        def added(paths: object) -> None:
            if isinstance(paths, list) and paths:
                self.add_files(paths)

        self.app.push_screen(AddScreen(), added)

    @work(thread=True, group="add")
    def add_files(self, paths: list[str]) -> None:
        results = self.app.library.add(paths)
        self.app.call_from_thread(self._added, results)

    def _added(self, results: list[AddResult]) -> None:
        ok = [r for r in results if r.article is not None]
        for r in results:
            if r.error:
                self.notify(r.error, severity="error", timeout=10)
        if ok:
            names = ", ".join(r.article.title for r in ok if r.article)
            self.notify(f"Added {len(ok)}: {names}", timeout=5)
        self.reload(select=ok[-1].article.id if ok and ok[-1].article else None)

    def action_edit(self) -> None:
        article = self.current()
        if article is None:
            return

        def edited(answer: object) -> None:
            if isinstance(answer, tuple):
                title, tags = answer
                try:
                    self.app.library.update(article.id, title=title, tags=tags)
                except LibraryError as exc:
                    self.notify(str(exc), severity="error")
                self.reload(select=article.id)

        self.app.push_screen(EditScreen(article.title, article.tags), edited)

    def action_remove(self) -> None:
        article = self.current()
        if article is None:
            return

        def answered(answer: object) -> None:
            if answer not in ("keep", "all"):
                return
            try:
                self.app.library.remove(article.id)
            except LibraryError as exc:
                self.notify(str(exc), severity="error")
                return
            removed = self._remove_notes(article.id) if answer == "all" else 0
            extra = f" and {removed} notes" if removed else ""
            self.notify(f"Removed {article.title}{extra}", timeout=4)
            if self.app.settings.articles.pop(article.id, None) is not None:
                self.app.save_settings()
            self.reload()

        self.app.push_screen(ConfirmRemoveScreen(article.title, self._counts.get(article.id, 0) > 0), answered)

    def _remove_notes(self, article_id: str) -> int:
        """Queue the deletion of an article's notes (saved in a worker); how many there were."""
        store = self.app.notes.store
        anns = store.for_article(article_id) if store is not None else []
        for ann in anns:
            self.app.notes.save(Change("delete", ann))
        return len(anns)
