"""How every modal dialog looks: a framed box in the middle of the screen, a title, hints, buttons.

Dialogs (the dictionary, contents, add, edit, remove, a note, tags, a question)
derive from :class:`DialogScreen` and put their contents in one ``Vertical``;
a dialog changes only what is its own (a wider box, a warning border).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

T = TypeVar("T")


class DialogScreen(ModalScreen[T]):
    DEFAULT_CSS = """
    DialogScreen { align: center middle; }
    DialogScreen > Vertical {
        width: 80%; max-width: 90; height: auto; max-height: 85%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    DialogScreen .title { text-style: bold; color: $primary; margin-bottom: 1; }
    DialogScreen .quote { color: $foreground 80%; text-style: italic; margin-bottom: 1; }
    DialogScreen .hint { color: $foreground 60%; }
    DialogScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    DialogScreen Button { margin-left: 1; }
    """
