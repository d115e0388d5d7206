"""What every command shares: reading input, writing output safely, one-line errors, tables, notices.

Everything printed passes :mod:`reader.core.sanitize` on the way out (text
through ``visible``, JSON through ``dumps``), so a value that slipped in
unclean (an old store, a file name) never drives the terminal. What the core
reports about damaged or read-only files (:func:`notify_opened`) is printed
once, on standard error, when the command ends.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from reader.core.load import read_limited
from reader.core.paths import Locations
from reader.core.sanitize import dumps as json_dumps
from reader.core.sanitize import visible, visible_line

if TYPE_CHECKING:
    from reader.core.library import Library

Handler = Callable[[argparse.Namespace], int]
# ``command(name, handler, help)``: adds a subcommand to the parser and returns its own parser.
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


class UserError(Exception):
    """Bad input: reported as one line, exit status 1."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a device that refuses it)."""


class Notifying(Protocol):
    def take_notices(self) -> list[str]: ...


# -- input ---------------------------------------------------------------------------


def read_input(path: str | None, stdin: bool = True) -> str:
    """The text of ``path``, or of standard input for ``-`` or no path, read by the importer its bytes
    call for (text, PDF, web page, EPUB book)."""
    from reader.core.importers import read_bytes, read_document

    if path in (None, "-"):
        if not stdin:
            raise UserError("no input: give a PATH or - for standard input")
        if sys.stdin is None:
            raise UserError("no standard input to read")
        try:
            data = read_limited(sys.stdin.buffer, "<stdin>")
        except OSError as exc:  # e.g. standard input is a folder (`reader clean - < /`)
            raise UserError(f"standard input cannot be read: {exc.strerror or exc}") from None
        return read_bytes(data, "<stdin>").reading_text
    return read_document(path).reading_text


def locations(args: argparse.Namespace) -> Locations:
    return Locations.resolve(args.home)


def open_library(args: argparse.Namespace) -> Library:
    """The library of ``--home``; its notices are printed when the command ends."""
    from reader.core.library import Library

    library = Library(locations(args))
    notify_opened(library)
    return library


# -- output --------------------------------------------------------------------------


def write(text: str) -> None:
    """Write ``text`` as it is, but with every control character but newline and tab made visible."""
    sys.stdout.write(visible(text))


def out(text: str) -> None:
    """Print ``text`` (and a final newline) with every control character but newline and tab made visible."""
    text = visible(text)
    if not text.endswith("\n"):
        text += "\n"
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc) from None


def flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc) from None


def say(message: str) -> None:
    """One line on standard error, prefixed with the program's name."""
    print(f"reader: {visible_line(message)}", file=sys.stderr)


def stream_json(items: Iterable[object]) -> None:
    """A JSON array written an item at a time: output of any length without holding it all."""
    write("[")
    for n, item in enumerate(items):
        write(("," if n else "") + json_dumps(item))
    write("]\n")


# -- notices -------------------------------------------------------------------------

# Core objects opened by the running command, whose notices are printed once when it ends.
_opened: list[Notifying] = []


def notify_opened(*objects: Any) -> None:
    """Remember core objects (a Library, an AnnotationStore) whose ``take_notices()`` must reach the user."""
    _opened.extend(objects)


def forget_opened() -> None:
    _opened.clear()


def print_notices() -> None:
    while _opened:
        for notice in _opened.pop(0).take_notices():
            say(notice)


# -- tables --------------------------------------------------------------------------


def cells(text: str) -> int:
    """Terminal cells ``text`` takes once made visible (wide characters count two)."""
    from reader.core.layout import text_width

    return text_width(visible_line(text))


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal cells, with an ellipsis when it was cut."""
    text = visible_line(text)
    if cells(text) <= width:
        return text
    kept, used = [], 0
    for ch in text:
        w = cells(ch)
        if used + w > width - 1:
            break
        kept.append(ch)
        used += w
    return "".join(kept) + "…"


def table(
    rows: Sequence[Sequence[str]],
    *,
    right: set[int] | frozenset[int] = frozenset(),
    last_cells: int | None = None,
) -> list[str]:
    """Rows aligned in terminal cells (wide characters count two), two spaces between columns; the
    last column is left ragged and cut to ``last_cells`` when given. Numbers are never cut."""
    if not rows:
        return []
    count = len(rows[0])
    widths = [max(cells(r[i]) for r in rows) for i in range(count - 1)]
    lines = []
    for row in rows:
        shown = []
        for i, (value, width) in enumerate(zip(row, widths)):
            pad = " " * (width - cells(value))
            shown.append(pad + visible_line(value) if i in right else visible_line(value) + pad)
        last = row[-1] if last_cells is None else fit(row[-1], last_cells)
        lines.append("  ".join([*shown, visible_line(last)]).rstrip())
    return lines


def terminal_columns(default: int = 80) -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return default
