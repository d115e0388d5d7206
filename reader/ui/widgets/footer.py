"""A Footer that redraws its keys once per burst of binding changes.

Opening a screen changes focus and dynamic bindings several times in a row;
Textual's Footer rebuilds all its keys for every change, which costs more
than drawing the article. Here a change schedules one rebuild shortly after,
and further changes before then ride along with it.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

DELAY = 0.05  # seconds: longer than a burst, shorter than a person notices


class ReaderFooter(Footer):
    _pending: bool = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._pending:
            return
        self._pending = True

        def rebuild() -> None:
            self._pending = False
            super(ReaderFooter, self).bindings_changed(screen)

        self.set_timer(DELAY, rebuild)
