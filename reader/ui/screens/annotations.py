"""Every highlight in the library in one table, filtered from the keyboard.

The filter box takes words (found in the quote, note or title in either
script), ``#tag``, ``c:2`` (or ``c:1,3``) and ``is:orphan``; see
:mod:`reader.core.annotations_query`. It keeps the focus, so everything
printable is typed into it; Ctrl+O toggles ``is:orphan`` in the box. Enter
dismisses the screen with the highlighted row's ``(article_id, start, end)`` so
the app can open the article at the passage; Esc clears the filter, or (when it
is empty) dismisses with ``None``.

The columns fit the screen: quotes, titles and notes are cut to what is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import DataTable, Input, Label

from reader.core.annotations_query import matches, parse_query, search_key
from reader.core.notes import first_line
from reader.core.sanitize import clean_line
from reader.core.store import Annotation, AnnotationStore, StoreError
from reader.ui.highlight_colors import COLOR_NAMES, SWATCH, clamp, highlight_color
from reader.ui.safe import cell, when
from reader.ui.widgets.filter_box import FilterBox
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.notes_panel import ORPHAN_MARK

Target = tuple[str, int, int]  # (article id, start, end)
COLUMNS = [
    ("article", "Article"),
    ("quote", "Quote"),
    ("tags", "Tags"),
    ("color", "Colour"),
    ("note", "Note"),
    ("updated", "Updated"),
]
# Cells each column takes (the quote takes what is left); which columns show at which screen width.
WIDTHS = {"article": 16, "tags": 12, "color": 11, "note": 24, "updated": 16}
NARROW_WIDTHS = {"color": 4}
COLUMNS_AT = (
    (130, ("article", "quote", "tags", "color", "note", "updated")),
    (100, ("article", "quote", "tags", "color", "note")),
    (0, ("article", "quote", "tags", "color")),
)
MIN_QUOTE = 12
ORPHAN_TOKEN = "is:orphan"
MAX_ROWS = 2_000  # a table of every one of 100,000 highlights helps nobody and takes seconds to fill


@dataclass(frozen=True)
class Entry:
    ann: Annotation
    title: str
    key: str  # search_key of quote, note, title and tags


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
                return value + tag[len(prefix) :]
        return None


class AnnotationsScreen(Screen[Target | None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="annotations.open"),
        Binding("ctrl+o", "orphans", "Orphans only", id="annotations.orphans"),
        Binding("escape", "clear_filter", "Clear filter", id="annotations.clear-filter"),
        Binding("escape", "back", "Back", id="annotations.back"),
    ]
    DEFAULT_CSS = """
    AnnotationsScreen #filter { dock: top; height: 3; }
    AnnotationsScreen DataTable { height: 1fr; }
    AnnotationsScreen #count { height: 1; color: $foreground 60%; padding: 0 1; }
    AnnotationsScreen ToastRack { margin-bottom: 2; }  /* above the count and the footer */
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
        tags = [clean_line(t) for t in self.store.tags()]  # offered to be typed
        yield FilterBox(
            self.initial_query,
            placeholder="filter: words (either script) #tag c:1-5 is:orphan",
            suggester=FilterSuggester(tags),
            id="filter",
            table="#annotations",
        )
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="annotations")
        table.can_focus = False  # the filter keeps the focus; ↑/↓ there move the table's cursor
        yield table
        yield Label("", id="count")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.title = "Highlights and notes"
        self.query_one("#count", Label).update(Text("reading highlights…"))
        self.reload()
        self.query_one("#filter", FilterBox).focus()

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
        self.shown = [
            e.ann
            for e in self.entries
            if matches(query, key=e.key, tags=e.ann.tags, color=e.ann.color, orphan=e.ann.orphan)
        ]
        self._fill()
        orphans = sum(1 for e in self.entries if e.ann.orphan)
        count = f"{len(self.shown)} of {len(self.entries)}"
        if len(self.shown) > MAX_ROWS:
            count += f" · the newest {MAX_ROWS:,} shown: filter to find others"
        if orphans:
            count += f" · {orphans} orphaned ({ORPHAN_MARK}): Ctrl+O shows only those"
        self.query_one("#count", Label).update(Text(count))

    def _widths(self) -> dict[str, int]:
        """The columns that fit the screen and their widths in cells (the quote takes what is left)."""
        screen = self.size.width or self.app.size.width
        keys = next(keys for at_least, keys in COLUMNS_AT if screen >= at_least)
        widths = {k: (NARROW_WIDTHS if screen < 100 else WIDTHS).get(k, WIDTHS.get(k, 0)) for k in keys}
        # Each column has a cell of padding on either side; the table has a scroll bar.
        widths["quote"] = max(MIN_QUOTE, screen - sum(widths.values()) - 2 * len(keys) - 2)
        return widths

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        widths = self._widths()
        table.clear(columns=True)
        for key, label in COLUMNS:
            if key in widths:
                table.add_column(label, key=key, width=widths[key])
        for ann in self.shown[:MAX_ROWS]:
            cells = self.cells(ann, widths)
            table.add_row(*(cells[key] for key, _ in COLUMNS if key in widths), key=ann.id)

    def on_resize(self) -> None:
        if self.loaded:
            self._fill()

    def cells(self, ann: Annotation, widths: dict[str, int]) -> dict[str, Text]:
        """Every column's cell for ``ann``, cut to its width (data shown as text, never as markup)."""
        title = self.titles.get(ann.article)
        width = widths.get("article", 16)
        article = cell(title, width) if title else cell(f"(removed) {ann.article}", width, style="dim")
        quote = Text(no_wrap=True, overflow="ellipsis")
        if ann.orphan:
            quote.append(f"{ORPHAN_MARK} ", "bold red")
        quote.append_text(cell(ann.quote[:500], widths["quote"]))
        quote.truncate(widths["quote"], overflow="ellipsis")
        color = Text(SWATCH, highlight_color(self.app, ann.color))
        color.append(f" {clamp(ann.color)}")
        if widths.get("color", 0) > 4:
            color.append(f" {COLOR_NAMES[clamp(ann.color)]}")
        return {
            "article": article,
            "quote": quote,
            "tags": cell(" ".join(f"#{t}" for t in ann.tags), widths.get("tags", 12), style="dim"),
            "color": color,
            "note": cell(first_line(ann.note), widths.get("note", 24), style="italic"),
            "updated": cell(when(ann.updated, never=""), widths.get("updated", 16)),
        }

    # -- events and actions ----------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < min(len(self.shown), MAX_ROWS):
            return
        ann = self.shown[row]
        if ann.article not in self.titles:
            self.notify("That article is no longer in the library.", severity="warning")
            return
        self.dismiss((ann.article, ann.start, ann.end))

    def action_orphans(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = toggle_token(box.value, ORPHAN_TOKEN)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value)
        return True

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_back(self) -> None:
        self.dismiss(None)
