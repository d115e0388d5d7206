"""Every highlight in the library in one table, filtered from the keyboard.

The filter box takes words (found in the quote, note or title in either
script), ``#tag``, ``c:2`` (or ``c:1,3``) and ``is:orphan``; see
:mod:`reader.core.annotations_query`. ``o`` toggles ``is:orphan`` in the box.
Enter on a row dismisses the screen with ``(article_id, start, end)`` so the
app can open the article at the passage; Esc or q dismisses with ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import DataTable, Input, Label

from reader.core.annotations_query import matches, parse_query, search_key
from reader.core.store import Annotation, AnnotationStore, StoreError
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.highlight_colors import COLOR_NAMES, SWATCH, clamp, highlight_color
from reader.ui.widgets.note_editor import shorten
from reader.ui.widgets.notes_panel import ORPHAN_MARK, first_line

Target = tuple[str, int, int]  # (article id, start, end)
COLUMNS = [("article", "Article"), ("quote", "Quote"), ("tags", "Tags"), ("color", "Colour"),
           ("note", "Note"), ("updated", "Updated")]
ORPHAN_TOKEN = "is:orphan"
MAX_ROWS = 2_000  # a table of every one of 100,000 highlights helps nobody and takes seconds to fill


@dataclass(frozen=True)
class Entry:
    ann: Annotation
    title: str
    key: str  # search_key of quote, note, title and tags


def when(stamp: str) -> str:
    """An ISO time as local ``YYYY-MM-DD HH:MM``."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def toggle_token(value: str, token: str) -> str:
    """The filter with ``token`` added, or removed if it was there."""
    words = value.split()
    if token in words:
        return " ".join(w for w in words if w != token)
    return " ".join([*words, token])


class FilterSuggester(Suggester):
    """Completes a ``#tag`` being typed at the end of the filter."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(" ")[2]
        if not last.startswith("#") or len(last) < 2:
            return None
        prefix = last[1:].casefold()
        for tag in self.tags:
            if tag.casefold().startswith(prefix) and len(tag) > len(prefix):
                return value + tag[len(prefix):]
        return None


class AnnotationsScreen(Screen[Target | None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="annotations.filter"),
        Binding("o", "orphans", "Orphans only", id="annotations.orphans"),
        Binding("escape", "back", "Back", id="annotations.back"),
        Binding("q", "back", "Back", id="annotations.quit", show=False),
    ]
    DEFAULT_CSS = """
    AnnotationsScreen #filter { dock: top; height: 3; }
    AnnotationsScreen DataTable { height: 1fr; }
    AnnotationsScreen #count { height: 1; color: $foreground 60%; padding: 0 1; }
    """

    def __init__(self, store: AnnotationStore, titles: Mapping[str, str], *, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.titles = titles
        self.initial_query = query
        self.entries: list[Entry] = []
        self.loaded = False  # the store has been read (in a worker) and the table filled
        self.shown: list[Annotation] = []

    def compose(self) -> ComposeResult:
        tags = self.store.tags()
        yield Input(self.initial_query, placeholder="filter: words (either script) #tag c:1-5 is:orphan",
                    suggester=FilterSuggester(tags), id="filter")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="annotations")
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield Label("", id="count")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.title = "Highlights and notes"
        self.query_one("#count", Label).update(Text("reading highlights…"))
        self.reload()
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="annotations")
    def reload(self) -> None:
        """Read the store again (another process may have added notes), off the UI thread, and refill."""
        try:
            self.store.reload()
            anns = self.store.all()
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            anns = []
        anns.sort(key=lambda a: a.updated, reverse=True)
        entries = []
        for ann in anns:
            title = self.titles.get(ann.article, "")
            entries.append(Entry(ann, title, search_key(ann.quote, ann.note, title, " ".join(ann.tags))))
        self.app.call_from_thread(self._loaded, entries)

    def _loaded(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.apply_filter(self.query_one("#filter", Input).value)
        self.loaded = True

    def apply_filter(self, value: str) -> None:
        query = parse_query(value)
        self.shown = [e.ann for e in self.entries
                      if matches(query, key=e.key, tags=e.ann.tags, color=e.ann.color, orphan=e.ann.orphan)]
        table = self.query_one(DataTable)
        table.clear()
        for ann in self.shown[:MAX_ROWS]:
            table.add_row(*self.cells(ann), key=ann.id)
        orphans = sum(1 for e in self.entries if e.ann.orphan)
        count = f"{len(self.shown)} of {len(self.entries)}"
        if len(self.shown) > MAX_ROWS:
            count += f" · the newest {MAX_ROWS:,} shown: filter to find others"
        if orphans:
            count += f" · {orphans} orphaned ({ORPHAN_MARK}): o shows only those"
        self.query_one("#count", Label).update(Text(count))

    def cells(self, ann: Annotation) -> list[Text]:
        title = self.titles.get(ann.article)
        article = Text(shorten(title, 30)) if title else Text(f"(removed) {ann.article[:8]}", "dim")
        quote = Text()
        if ann.orphan:
            quote.append(f"{ORPHAN_MARK} ", "bold red")
        quote.append(shorten(ann.quote, 50))
        color = Text(SWATCH, highlight_color(self.app, ann.color))
        color.append(f" {clamp(ann.color)} {COLOR_NAMES[clamp(ann.color)]}")
        return [
            article, quote, Text(" ".join(f"#{t}" for t in ann.tags), "dim"), color,
            Text(shorten(first_line(ann.note), 40), "italic"), Text(when(ann.updated)),
        ]

    # -- events and actions ----------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        ann = self.shown[event.cursor_row]
        if ann.article not in self.titles:
            self.notify("That article is no longer in the library.", severity="warning")
            return
        self.dismiss((ann.article, ann.start, ann.end))

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_orphans(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = toggle_token(box.value, ORPHAN_TOKEN)

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if self.focused is box:
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
