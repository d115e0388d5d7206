"""Type to filter: a box that keeps the focus, so every printable character is typed into it.

The list under it is steered from the box: ↑/↓ and PgUp/PgDn move its cursor,
so nothing printable is ever taken for a command. A paste of several lines is not a filter: it is
handed to the screen as :class:`FilterBox.Pasted`. The screens around it put
their actions on keys that cannot be typed (Enter, Esc, Ctrl and function keys).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import events
from textual.binding import Binding
from textual.message import Message

from reader.ui.safe import SafeInput

_STEERING = [
    Binding("enter", "submit", "Open", id="filter.open"),
    Binding("down", "steer('cursor_down')", "Next row", id="filter.down", show=False),
    Binding("up", "steer('cursor_up')", "Previous row", id="filter.up", show=False),
    Binding("pagedown", "steer('page_down')", "Page down", id="filter.page-down", show=False),
    Binding("pageup", "steer('page_up')", "Page up", id="filter.page-up", show=False),
    Binding("ctrl+home", "steer('scroll_top')", "First row", id="filter.first", show=False),
    Binding("ctrl+end", "steer('scroll_bottom')", "Last row", id="filter.last", show=False),
]


def _editing_keys() -> list[Binding]:
    """The input's own keys (left, Home, Backspace...): they work as in any input, but F1 and the
    palette list the screen's keys, not "Move cursor left"."""
    steered = {b.key for b in _STEERING}
    return [
        replace(b, system=True)
        for key, bindings in SafeInput._merge_bindings().key_to_bindings.items()
        if key not in steered
        for b in bindings
    ]


class FilterBox(SafeInput):
    BINDING_GROUP_TITLE = "List"
    BINDINGS = [*_editing_keys(), *_STEERING]

    @dataclass
    class Pasted(Message):
        """Several lines were pasted: an article, not a filter (the screen may offer to keep it)."""

        text: str

    def __init__(self, value: str = "", *, table: str, **kwargs: object) -> None:
        super().__init__(value, select_on_focus=False, **kwargs)  # type: ignore[arg-type]
        self.table = table  # a selector for the table it steers, in the same screen

    def _on_paste(self, event: events.Paste) -> None:
        """Hand on a paste of several lines (one line is left to the input's own handler, which Textual
        calls next unless the default is prevented)."""
        text = event.text.strip()
        if "\n" in text or "\r" in text:  # a terminal pastes line breaks as carriage returns
            event.stop()
            event.prevent_default()
            self.post_message(self.Pasted(event.text.replace("\r\n", "\n").replace("\r", "\n")))

    def action_steer(self, action: str) -> None:
        """Run a cursor action of the table (``DataTable`` and ``RowTable`` have the same ones)."""
        getattr(self.screen.query_one(self.table), f"action_{action}")()
