"""Data on screen: every string from outside is shown as text, its control characters made visible.

Titles, tags, notes, quotes, ids, paths and error messages may hold escape
sequences or look like markup. Widgets get them as :class:`rich.text.Text`
built here (never as a ``str``, which Textual may parse as markup), passed
through :mod:`reader.core.sanitize` first.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import JustifyMethod
from rich.style import StyleType
from rich.text import Text
from textual.widgets import Input

from reader.core.sanitize import visible, visible_line


def line(text: str, style: StyleType = "") -> Text:
    """One line of data: a line break becomes a visible picture, never a second line."""
    return Text(visible_line(text), style=style, no_wrap=True, overflow="ellipsis")


def paragraph(text: str, style: StyleType = "") -> Text:
    """Data that may run over lines (a note): newlines stay, other controls become pictures."""
    return Text(visible(text), style=style)


def cell(text: str, width: int, style: StyleType = "", justify: JustifyMethod | None = None) -> Text:
    """A table cell: one line, runs of whitespace as one space, cut to ``width`` terminal cells."""
    out = Text(
        visible_line(" ".join(text.split())), style=style, no_wrap=True, overflow="ellipsis", justify=justify
    )
    out.truncate(max(width, 1), overflow="ellipsis")
    return out


def when(stamp: str | None, never: str = "never") -> str:
    """A stored time (ISO 8601, in either of the forms the files hold) as local ``YYYY-MM-DD HH:MM``;
    one that cannot be read is shown as it is, made visible."""
    if not stamp:
        return never
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return visible_line(stamp)


class SafeInput(Input):
    """A text box that never holds a control character: one pasted in shows as its picture."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(visible_line(text), start, end)
