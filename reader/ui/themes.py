"""Themes from TOML files: the bundled ``themes/`` folder, then the user's own.

A theme file holds Textual's theme fields and the reader's own variables::

    name = "reader-sepia"
    dark = false
    primary = "#8b5a2b"
    background = "#f4ecd8"
    [variables]
    reader-pinyin = "#7a5c3a"

A user theme with a bundled theme's name replaces it. A broken file is
reported and skipped; the other themes still load. A missing or unreadable
folder of user themes (a read-only home that never had one) is no error.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

from textual.theme import Theme

from reader.core.paths import THEMES_DIR
from reader.core.sanitize import visible_line

BUNDLED_THEMES = THEMES_DIR

# The reader's own theme variables and their fallbacks (used by any theme that omits one).
VARIABLE_DEFAULTS: dict[str, str] = {
    "reader-pinyin": "#8a9bb0",
    "reader-cursor": "#3a5f8a",
    "reader-selection": "#5c4a8a",
    "reader-match": "#8a6d1f",
    "reader-change": "#8a3a3a",
    "reader-pleco-1": "#e30000",
    "reader-pleco-2": "#02b31c",
    "reader-pleco-3": "#1510f0",
    "reader-pleco-4": "#8900bf",
    "reader-pleco-5": "#777777",
    "reader-hanping-1": "#64b4ff",
    "reader-hanping-2": "#55dd55",
    "reader-hanping-3": "#ffaa00",
    "reader-hanping-4": "#ff5050",
    "reader-hanping-5": "#aaaaaa",
    "reader-word-new": "#f0d9a0",
    "reader-learning-1": "#6b4220",
    "reader-learning-2": "#58401f",
    "reader-learning-3": "#46391f",
    "reader-learning-4": "#35321f",
}

_FIELDS = {f.name for f in fields(Theme)} - {"variables"}


def theme_from_toml(path: Path) -> Theme:
    """One theme file; ``ValueError`` with a one-line reason if it is not a theme."""
    try:
        return _theme(path)
    except ValueError as exc:
        raise ValueError(visible_line(str(exc))) from None


def _theme(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        raise ValueError(f"theme {path.name}: {exc}") from None
    variables = data.pop("variables", {})
    if not isinstance(variables, dict):
        raise ValueError(f"theme {path.name}: [variables] must be a table")
    unknown = set(data) - _FIELDS
    if unknown:
        raise ValueError(f"theme {path.name}: unknown keys {', '.join(sorted(unknown))}")
    data.setdefault("name", path.stem)
    if "primary" not in data:
        raise ValueError(f"theme {path.name}: a theme needs at least a primary colour")
    try:
        theme = Theme(**data, variables={k: str(v) for k, v in variables.items()})
        theme.to_color_system()  # validates the colours now, not at the first paint
    except Exception as exc:
        raise ValueError(f"theme {path.name}: {exc}") from None
    return theme


def load_themes(*folders: Path) -> tuple[list[Theme], list[str]]:
    """Themes from each folder in order (later ones replace earlier ones of the same name) and errors."""
    themes: dict[str, Theme] = {}
    errors: list[str] = []
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as exc:
            errors.append(f"themes in {visible_line(str(folder))} cannot be read: {exc.strerror or exc}")
            continue
        for path in paths:
            try:
                theme = theme_from_toml(path)
            except ValueError as exc:
                errors.append(str(exc))
                continue
            themes[theme.name] = theme
    return list(themes.values()), errors
