"""Highlight colours 1-5: their names, their theme variables and fallback values.

A theme sets ``reader-highlight-1`` .. ``reader-highlight-5`` in its
``[variables]`` table; a theme that does not gets the fallbacks below (the
app merges :data:`HIGHLIGHT_VARIABLE_DEFAULTS` into its theme variable
defaults). Widgets that paint with Rich styles look the value up with
:func:`highlight_color`, so they follow a theme switch.
"""

from __future__ import annotations

from textual.app import App

COLORS = (1, 2, 3, 4, 5)
COLOR_NAMES = {1: "yellow", 2: "green", 3: "blue", 4: "pink", 5: "purple"}
HIGHLIGHT_VARIABLE_DEFAULTS: dict[str, str] = {
    "reader-highlight-1": "#8a7a1e",
    "reader-highlight-2": "#3f7a3a",
    "reader-highlight-3": "#35608f",
    "reader-highlight-4": "#8f3f6a",
    "reader-highlight-5": "#5f4a8f",
}
SWATCH = "██"


def variable(color: int) -> str:
    """The theme variable of a highlight colour; ``$`` + this in CSS."""
    return f"reader-highlight-{clamp(color)}"


def clamp(color: int) -> int:
    """A stored colour outside 1-5 (a hand-edited file) shows as colour 1."""
    return color if color in COLORS else 1


def highlight_color(app: App[object], color: int) -> str:
    """The current theme's value for a highlight colour (a CSS colour string)."""
    name = variable(color)
    return app.theme_variables.get(name) or HIGHLIGHT_VARIABLE_DEFAULTS[name]
