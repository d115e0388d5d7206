"""Type to filter: a box that keeps the focus, so every printable character is typed into it.

The list under it is steered from the box: ↑/↓ and PgUp/PgDn move its cursor,
so nothing printable is ever taken for a command. The screens around it put
their actions on keys that cannot be typed (Enter, Esc, Ctrl and function keys).
"""

from __future__ import annotations

from textual.binding import Binding

from reader.ui.safe import SafeInput


class FilterBox(SafeInput):
    BINDINGS = [
        Binding("enter", "submit", "Open", id="filter.open"),
        Binding("down", "steer('cursor_down')", "Next row", id="filter.down", show=False),
        Binding("up", "steer('cursor_up')", "Previous row", id="filter.up", show=False),
        Binding("pagedown", "steer('page_down')", "Page down", id="filter.page-down", show=False),
        Binding("pageup", "steer('page_up')", "Page up", id="filter.page-up", show=False),
        Binding("ctrl+home", "steer('scroll_top')", "First row", id="filter.first", show=False),
        Binding("ctrl+end", "steer('scroll_bottom')", "Last row", id="filter.last", show=False),
    ]

    def __init__(self, value: str = "", *, table: str, **kwargs: object) -> None:
        super().__init__(value, select_on_focus=False, **kwargs)  # type: ignore[arg-type]
        self.table = table  # a selector for the table it steers, in the same screen

    def action_steer(self, action: str) -> None:
        """Run a cursor action of the table (``DataTable`` and ``RowTable`` have the same ones)."""
        getattr(self.screen.query_one(self.table), f"action_{action}")()
