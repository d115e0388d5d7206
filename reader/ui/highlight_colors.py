"""How highlight colours 1-5 look: their theme variables and fallback values.

The colours and their names are the core's (:data:`reader.core.annotation.COLORS`,
:data:`~reader.core.annotation.COLOR_NAMES`); how each looks is the theme's.

A theme sets ``reader-highlight-1`` .. ``reader-highlight-5`` in its
``[variables]`` table; a theme that does not gets the fallbacks below (the
app merges :data:`HIGHLIGHT_VARIABLE_DEFAULTS` into its theme variable
defaults). Widgets that paint with Rich styles look the value up with
:func:`highlight_color`, so they follow a theme switch.
"""

from __future__ import annotations

from textual.app import App

from reader.core.annotation import COLOR_NAMES, COLORS

__all__ = [
    "COLORS",
    "COLOR_NAMES",
    "HIGHLIGHT_VARIABLE_DEFAULTS",
    "SWATCH",
    "clamp",
    "highlight_color",
    "variable",
]

_FALLBACKS = ("#8a7a1e", "#3f7a3a", "#35608f", "#8f3f6a", "#5f4a8f")  # yellow, green, blue, pink, purple
HIGHLIGHT_VARIABLE_DEFAULTS: dict[str, str] = {
    f"reader-highlight-{n}": value for n, value in zip(COLORS, _FALLBACKS, strict=True)
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
