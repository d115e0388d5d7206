"""Paging and the cursor in sight, over every seed, terminal size, pinyin mode and script.

Each case lays out a whole seed as the reader screen does at that terminal size
(the article view is the terminal less the status line and the footer, and one
column for the scroll bar), then pages from top to bottom and back, or changes
the layout under a cursor, and checks what a reader would see.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reader.core.pinyin import Style
from reader.core.prepare import Prepared, prepare
from reader.core.view import TextView
from reader.core.viewport import keep_in_sight, max_top, page, reading_width, settle, text_rows, top_offset

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
SIZES = [(80, 24), (120, 40), (200, 50)]
MODES = ["off", "cursor", "all"]
SCRIPTS = ["original", "other"]


@cache
def prepared(index: int) -> Prepared:
    return prepare(SEEDS[index].read_text(encoding="utf-8"))


@cache
def make_view(index: int, size: tuple[int, int], mode: str, script: str) -> TextView:
    p = prepared(index)
    target = script if script != "other" else ("simplified" if p.script == "traditional" else "taiwan")
    width, _ = reading_width(size[0] - 1)
    view = TextView(
        p.document,
        None,
        script=target,
        source_script=p.script,
        width=width,
        pinyin=Style.MARKS if mode == "all" else None,
        readings=p.readings,
    )
    view.ensure(0, len(view.blocks) - 1)
    return view


def height(size: tuple[int, int]) -> int:
    return size[1] - 2


def fresh(index: int, size: tuple[int, int], mode: str, script: str, cursor: int = 0) -> TextView:
    view = make_view(index, size, mode, script)
    view.open_line(cursor if mode == "cursor" else None)
    return view


def line_ids(view: TextView, rows: list[int]) -> list[tuple[int, int]]:
    out = []
    for y in rows:
        row = view.row(y)
        assert row.line is not None
        out.append((row.block, row.line.start))
    return out


def all_lines(view: TextView) -> set[tuple[int, int]]:
    return set(line_ids(view, text_rows(view, 0, view.height)))


def in_sight(view: TextView, top: int, h: int, cursor: int) -> bool:
    y, _ = view.row_of(cursor)
    return top <= view.line_top(y) and y < top + h


def turn_pages(view: TextView, h: int, direction: int, top: int, cursor: int) -> tuple[set, int, int]:
    seen = set(line_ids(view, text_rows(view, top, h)))
    for turns in range(10_000):
        before = line_ids(view, text_rows(view, top, h))
        p = page(view, top, h, direction, cursor)
        assert in_sight(view, p.top, h, p.cursor), f"turn {turns}: the cursor is off screen"
        if (p.top, p.cursor) == (top, cursor):
            break
        after = line_ids(view, text_rows(view, p.top, h))
        seen |= set(after)
        if p.top != top:
            edge = before[-2:] if direction > 0 else before[:2]
            kept = after[0] if direction > 0 else after[-1]
            clamped = p.top in (0, max_top(view, h))
            assert kept in edge or (clamped and kept in before), (
                f"turn {turns}: the new screen does not start with the last line or two of the previous one"
            )
        top, cursor = p.top, p.cursor
    return seen, top, cursor


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_paging_down_and_back_up_shows_every_line(seed, size, mode, script):
    view = fresh(seed, size, mode, script)
    h = height(size)
    everything = all_lines(view)
    down, top, cursor = turn_pages(view, h, 1, 0, 0)
    assert not everything - down, f"{len(everything - down)} of {len(everything)} lines skipped paging down"
    assert top == max_top(view, h), "paging down reaches the end"
    up, top, _ = turn_pages(view, h, -1, top, cursor)
    assert not everything - up, f"{len(everything - up)} of {len(everything)} lines skipped paging up"
    assert top == 0


def cursors(view: TextView, count: int = 12) -> list[int]:
    text = view.text
    step = max(1, len(text) // count)
    return sorted({view.next_word(view.word_at(i)[0], 1) for i in range(0, len(text), step)})


def changes(size: tuple[int, int], mode: str, script: str) -> list[tuple[tuple[int, int], str, str]]:
    """Every layout one key (or a resize) away: the next pinyin mode, the other script, another size."""
    following = MODES[(MODES.index(mode) + 1) % len(MODES)]
    return [
        (size, following, script),
        (size, mode, "other" if script == "original" else "original"),
        *((s, mode, script) for s in SIZES if s != size),
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_the_cursor_stays_in_sight_through_every_change_of_layout(seed, size, mode):
    for script in SCRIPTS:
        h = height(size)
        for cursor in cursors(make_view(seed, size, mode, script)):
            view = fresh(seed, size, mode, script, cursor)
            y, _ = view.row_of(cursor)
            for top in {keep_in_sight(view, y - k, h, cursor) for k in (0, h // 2, h - 1)}:
                view = fresh(seed, size, mode, script, cursor)
                anchor = top_offset(view, top, cursor)
                for new_size, new_mode, new_script in changes(size, mode, script):
                    new = fresh(seed, new_size, new_mode, new_script, cursor)
                    new_top = settle(new, anchor, cursor, height(new_size))
                    assert in_sight(new, new_top, height(new_size), cursor), (
                        f"cursor {cursor} off screen going from {size} {mode} {script} "
                        f"to {new_size} {new_mode} {new_script}"
                    )


def test_the_top_line_stays_when_the_cursor_allows():
    size, h = (80, 24), 22
    view = fresh(0, size, "off", "original")
    top = 30
    cursor = view.word_at(view.row(text_rows(view, top, h)[0]).line.start)[0]
    anchor = top_offset(view, top, cursor)
    other = fresh(0, size, "off", "other", cursor)
    new_top = settle(other, anchor, cursor, h)
    assert other.row_of(cursor)[0] == text_rows(other, new_top, h)[0], "the cursor's line is still on top"


def test_the_cursor_pinyin_row_moves_with_the_cursor_and_covers_nothing():
    view = fresh(1, (80, 24), "cursor", "original")
    plain = fresh(1, (80, 24), "off", "original")
    text_lines = line_ids(plain, text_rows(plain, 0, plain.height))
    for cursor in cursors(view, 30):
        view.open_line(cursor)
        y, _ = view.row_of(cursor)
        above = view.row(y - 1)
        assert above.kind == "pinyin" and above.line is view.row(y).line
        assert line_ids(view, text_rows(view, 0, view.height)) == text_lines, (
            "every line is still there, in order"
        )
        assert view.height == plain.height + 1
