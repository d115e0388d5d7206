"""Which rows of a :class:`~reader.core.view.TextView` a screen shows: paging, and the cursor in sight.

A screen is ``height`` rows from row ``top``. Paging works as in ``less``: the
next screen starts with the last whole line of the one before (its pinyin row
too, when it has one), so no line is ever skipped, and a line is shown again
only as the one line of context; paging up is the mirror image. The cursor
keeps its place among the lines on the screen.

After any change of layout (pinyin, script, width, the words arriving) the
screen keeps the same text on its top line if the cursor is then still in
sight, and otherwise moves just enough to show the cursor's line whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.view import TextView

__all__ = [
    "Page",
    "first_line_offset",
    "keep_in_sight",
    "max_top",
    "page",
    "reading_width",
    "settle",
    "text_rows",
    "top_offset",
]

MAX_WIDTH = 88  # cells of text per line on a wide terminal: longer lines read badly
MIN_TEXT = 8


def reading_width(columns: int) -> tuple[int, int]:
    """The width of the text and the left margin for a view ``columns`` cells wide (scroll bar excluded)."""
    width = max(min(columns - 2, MAX_WIDTH), MIN_TEXT)
    return width, max(1, (columns - width) // 2)


@dataclass(frozen=True)
class Page:
    """Where a page turn leaves the screen and the cursor."""

    top: int
    cursor: int


def max_top(view: TextView, height: int) -> int:
    return max(0, view.height - height)


def text_rows(view: TextView, top: int, height: int) -> list[int]:
    """The rows on the screen that hold text (not pinyin, not the blank rows between blocks)."""
    view.ensure_rows(top, top + height)
    return [y for y in range(top, min(top + height, view.height)) if view.row(y).kind == "text"]


def keep_in_sight(view: TextView, top: int, height: int, cursor: int) -> int:
    """``top``, moved as little as possible so that the cursor's line (and its pinyin row) is on screen."""
    top = max(0, min(top, max_top(view, height)))
    y, _ = view.row_of(cursor)
    first = view.line_top(y)
    if y - first >= height:
        first = y  # a screen too short for both: the text wins
    if first < top:
        return first
    if y >= top + height:
        return y - height + 1
    return top


def top_offset(view: TextView, top: int, cursor: int) -> int:
    """The cleaned-text offset that keeps a screen's place through a change of layout.

    The start of its first line, or the cursor when the cursor is on that line
    (the line may break elsewhere in the new layout; the cursor's word stays on top).
    """
    anchor = first_line_offset(view, top)
    if anchor is None:
        return cursor
    y, _ = view.row_of(anchor)
    return cursor if view.row_of(cursor)[0] == y else anchor


def settle(view: TextView, top_offset: int, cursor: int, height: int) -> int:
    """The top row after a change of layout: the line holding ``top_offset`` on top, the cursor in sight."""
    y, _ = view.row_of(top_offset)
    top = min(view.line_top(y), max_top(view, height))
    return keep_in_sight(view, top, height, cursor)


def page(view: TextView, top: int, height: int, direction: int, cursor: int) -> Page:
    """Turn a page down (``direction`` 1) or up (-1) from a screen at ``top``, ``height`` rows high.

    Down, the last whole line stays on top and the cursor goes to the line after
    it, where reading goes on; up, the first whole line stays at the bottom and
    the cursor goes to the top line. At either end the cursor goes to the first
    or last line.
    """
    rows = text_rows(view, top, height)
    if not rows:
        return Page(top, cursor)
    limit = max_top(view, height)
    if (direction > 0 and top >= limit) or (direction < 0 and top <= 0):
        cursor = _line_start(view, rows[-1] if direction > 0 else rows[0], cursor)
        view.open_line(cursor if view.open is not None else None)
        return Page(keep_in_sight(view, top, height, cursor), cursor)
    if direction > 0:
        new_top, cursor = _page_down(view, top, height, rows, cursor)
    else:
        new_top, cursor = _page_up(view, top, height, rows, cursor)
    return Page(keep_in_sight(view, new_top, height, cursor), cursor)


def _page_down(view: TextView, top: int, height: int, rows: list[int], cursor: int) -> tuple[int, int]:
    keep = _anchor(view, rows[-1])
    after = text_rows(view, rows[-1] + 1, 4)
    cursor = _line_start(view, after[0] if after else rows[-1], cursor)
    view.open_line(cursor if view.open is not None else None)  # rows move: find the kept line again
    new_top = view.line_top(view.row_of(keep)[0])
    if new_top <= top:
        new_top = top + height  # a screen of one line: nothing to overlap
    return min(new_top, max_top(view, height)), cursor


def _page_up(view: TextView, top: int, height: int, rows: list[int], cursor: int) -> tuple[int, int]:
    keep = _anchor(view, rows[0])
    gap = view.open is not None
    view.open_line(None)  # worked out without the cursor's pinyin row, which then goes above the top line
    bottom = view.row_of(keep)[0]
    new_top = bottom - (height - gap) + 1
    if view.row(max(new_top, 0)).kind == "text" and view.line_top(max(new_top, 0)) < new_top:
        new_top += 1  # never a line's text without its pinyin row: it shows whole on the next turn
    new_top = max(0, min(new_top, top - 1))
    first = text_rows(view, new_top, height)
    cursor = _line_start(view, first[0], cursor) if first else cursor
    if gap:
        view.open_line(cursor)
    return new_top, cursor


def _anchor(view: TextView, y: int) -> int:
    """A cleaned-text offset on the text row ``y``, to find its line again after rows moved."""
    row = view.row(y)
    assert row.line is not None
    return view.to_text(row.line.start)


def first_line_offset(view: TextView, top: int) -> int | None:
    """A cleaned-text offset on the first line of a screen starting at ``top``."""
    for y in range(top, min(top + 3, view.height)):
        row = view.row(y)
        if row.kind == "text" and row.line is not None:
            return view.to_text(row.line.start)
    return None


def shown_range(view: TextView, top: int, height: int) -> tuple[int, int] | None:
    """The cleaned-text range of the text rows from ``top`` for ``height`` rows (None: no text there)."""
    start = end = None
    for y in range(max(0, top), min(view.height, top + height)):
        row = view.row(y)
        if row.kind == "text" and row.line is not None:
            a, b = view.to_text(row.line.start), view.to_text(row.line.end)
            start = a if start is None else min(start, a)
            end = b if end is None else max(end, b)
    return None if start is None or end is None else (start, end)


def _line_start(view: TextView, y: int, fallback: int) -> int:
    """The first word of the line on text row ``y``."""
    found = view.offset_at(y, 0)
    return fallback if found is None else view.word_at(found)[0]
