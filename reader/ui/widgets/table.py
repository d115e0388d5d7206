"""A table that paints only the rows on screen: ten thousand articles cost what thirty do.

Textual's ``DataTable`` measures and stores every row it is given; at 10,000
rows that takes over a second before the first frame. Here the rows are any
sequence (the caller's own objects) and a cell is made by the caller's
``cells(row, column)`` only when its line is painted, through the Line API
(``render_line``), as the article view does.

The first line is the header (clicking a label posts :class:`RowTable.HeaderSelected`);
the cursor row is kept in sight; Enter or a click posts :class:`RowTable.RowSelected`.
Each column has one cell of padding on either side, as ``DataTable`` has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

R = TypeVar("R")
Justify = Literal["left", "right", "center"]
PADDING = 1  # cells either side of every column


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    justify: Justify = "left"


class RowTable(ScrollView, Generic[R], can_focus=True):
    BINDINGS = [
        Binding("down", "cursor_down", "Next row", id="table.down", show=False),
        Binding("up", "cursor_up", "Previous row", id="table.up", show=False),
        Binding("pagedown", "page_down", "Page down", id="table.page-down", show=False),
        Binding("pageup", "page_up", "Page up", id="table.page-up", show=False),
        Binding("home", "scroll_top", "First row", id="table.first", show=False),
        Binding("end", "scroll_bottom", "Last row", id="table.last", show=False),
        Binding("enter", "select_cursor", "Select", id="table.select", show=False),
    ]
    COMPONENT_CLASSES = {"row-table--header", "row-table--cursor", "row-table--even-row"}
    DEFAULT_CSS = """
    RowTable {
        background: $surface; color: $foreground;
        overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1;
    }
    RowTable > .row-table--header { text-style: bold; background: $panel; color: $foreground; }
    RowTable > .row-table--even-row { background: $surface-lighten-1 50%; }
    RowTable:dark > .row-table--even-row { background: $surface-darken-1 40%; }
    RowTable > .row-table--cursor {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class RowSelected(Message):
        """Enter or a click on a row: ``index`` in :attr:`RowTable.rows`."""

        def __init__(self, table: RowTable[object], index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> RowTable[object]:
            return self.table

    class HeaderSelected(Message):
        """A click on a column's label."""

        def __init__(self, table: RowTable[object], key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable[object]:
            return self.table

    def __init__(self, cells: Callable[[R, Column], Text], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cells = cells
        self.columns: list[Column] = []
        self.rows: Sequence[R] = ()
        # Painted lines by (row, cursor on it, width): a refresh repaints only what changed.
        self._lines: LRUCache[tuple[int, bool, int], Strip] = LRUCache(1024)

    # -- contents ----------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._resized()

    def set_rows(self, rows: Sequence[R], *, cursor: int | None = None) -> None:
        """Show ``rows`` (nothing is made until a line is painted); the cursor goes to ``cursor``."""
        self.rows = rows
        self._resized()
        self.move_cursor(row=self.cursor_row if cursor is None else cursor)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def ordered_columns(self) -> list[Column]:
        return list(self.columns)

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of a row as they are painted (before they are cut to their column)."""
        return [self._cells(self.rows[index], column) for column in self.columns]

    def _resized(self) -> None:
        width = sum(c.width + 2 * PADDING for c in self.columns)
        self.virtual_size = Size(width, len(self.rows) + 1)
        self.repaint()

    def repaint(self) -> None:
        """Paint every line again (the rows' contents changed, e.g. their counts)."""
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # another theme

    # -- the cursor ----------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, row: int) -> None:
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self._page:
            self.scroll_to(y=row - self._page + 1, animate=False, immediate=True)
        self.refresh()

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_page_down(self) -> None:
        self.cursor_row += self._page

    def action_page_up(self) -> None:
        self.cursor_row -= self._page

    def action_scroll_top(self) -> None:
        self.cursor_row = 0

    def action_scroll_bottom(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row))  # type: ignore[arg-type]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.post_message(self.HeaderSelected(self, column.key))  # type: ignore[arg-type]
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self.rows):
            self.cursor_row = row
            self.action_select_cursor()

    def _column_at(self, x: int) -> Column | None:
        left = 0
        for column in self.columns:
            left += column.width + 2 * PADDING
            if x < left:
                return column
        return None

    # -- painting ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            style = self.get_component_rich_style("row-table--header")
            cells = [Text(c.label, justify=c.justify) for c in self.columns]
            return self._strip(cells, style, width)
        row = round(self.scroll_y) + y - 1
        base = self.rich_style
        if not 0 <= row < len(self.rows):
            return Strip([Segment(" " * width, base)], width)
        if row == self.cursor_row:
            style = base + self.get_component_rich_style("row-table--cursor")
        elif row % 2:
            style = base + self.get_component_rich_style("row-table--even-row")
        else:
            style = base
        key = (row, row == self.cursor_row, width)
        line = self._lines.get(key)
        if line is None:
            item = self.rows[row]
            line = self._lines[key] = self._strip([self._cells(item, c) for c in self.columns], style, width)
        return line

    def _strip(self, cells: list[Text], style: Style, width: int) -> Strip:
        """One line: each cell cut to its column, aligned, with its padding, over the row's style."""
        console = self.app.console
        pad = Segment(" " * PADDING, style)
        segments: list[Segment] = []
        for index, (column, cell) in enumerate(zip(self.columns, cells)):
            shown = cell.copy()
            shown.no_wrap = True
            shown.truncate(column.width, overflow="ellipsis")
            shown.align(cell.justify or column.justify, column.width)  # type: ignore[arg-type]
            # Each cell's segments carry their column, so they stay apart (in an SVG screenshot too).
            base = style + console.get_style(shown.style or "") + Style.from_meta({"column": index})
            segments.append(pad)
            segments.extend(
                Segment(seg.text, base + seg.style if seg.style else base) for seg in shown.render(console)
            )
            segments.append(pad)
        return Strip(segments).adjust_cell_length(width, style)
