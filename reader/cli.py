"""The command line: the same core as the app, scriptable and testable without a screen.

Exit status: 0 on success, 1 on bad input (one line on stderr), 2 on a usage error.
No input, environment or file state gives a traceback. Everything printed
passes :mod:`reader.core.sanitize` on the way out (text through ``visible``,
JSON through ``dumps``), so a value that slipped in unclean (an old store, a
file name) never drives the terminal. What the core reports about damaged or
read-only files (:func:`notify_opened`) is printed once, on standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from reader.core.load import LoadError, load_bytes, load_path, read_limited
from reader.core.paths import HomeError, Locations
from reader.core.sanitize import dumps as json_dumps
from reader.core.sanitize import visible, visible_line

SCRIPT_MARKS = {"simplified": "简", "traditional": "繁", "mixed": "mixed", "none": "—"}


class UserError(Exception):
    """Bad input: reported as one line, exit status 1."""


def _read_input(path: str | None, stdin: bool = True) -> str:
    if path in (None, "-"):
        if not stdin:
            raise UserError("no input: give a PATH or - for standard input")
        if sys.stdin is None:
            raise UserError("no standard input to read")
        try:
            data = read_limited(sys.stdin.buffer, "<stdin>")
        except OSError as exc:  # e.g. standard input is a folder (`reader clean - < /`)
            raise UserError(f"standard input cannot be read: {exc.strerror or exc}") from None
        return load_bytes(data, name="<stdin>").text
    return load_path(path).text


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a device that refuses it)."""


def _write(text: str) -> None:
    """Write ``text`` as it is, but with every control character but newline and tab made visible."""
    sys.stdout.write(visible(text))


def _out(text: str) -> None:
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


def _flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc) from None


def say(message: str) -> None:
    """One line on standard error, prefixed with the program's name."""
    print(f"reader: {visible_line(message)}", file=sys.stderr)


# Core objects opened by the running command, whose notices are printed once when it ends.
_opened: list[Any] = []


def notify_opened(*objects: Any) -> None:
    """Remember core objects (a Library, an AnnotationStore) whose ``take_notices()`` must reach the user."""
    _opened.extend(objects)


def _print_notices() -> None:
    while _opened:
        for notice in _opened.pop(0).take_notices():
            say(notice)


def cmd_clean(args: argparse.Namespace) -> int:
    text = _read_input(args.path)
    from reader.core.clean import clean

    doc = clean(text)
    if args.json:
        blocks = [
            {"kind": b.kind.value, "text": b.text, "start": b.start, "end": b.end}
            | ({"level": b.level} if b.level else {})
            | ({"emphasis": [list(e) for e in b.emphasis]} if b.emphasis else {})
            for b in doc.blocks
        ]
        payload: object = {"title": doc.title, "blocks": blocks}
        if args.changes:
            payload = payload | {"changes": [c.__dict__ for c in doc.changes]}  # type: ignore[operator]
        _out(json_dumps(payload, indent=1))
    elif args.changes:
        for c in doc.changes:
            _out(f"{c.src_start}-{c.src_end}\t{c.kind}\t{c.before!r} -> {c.after!r}")
    else:
        _out(doc.text)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from reader.core.convert import available_configs, convert_text

    if args.to not in available_configs():
        raise UserError(f"unknown conversion {visible_line(repr(args.to))}; choose one of: "
                        f"{', '.join(available_configs())}")
    text = _read_input(args.path)
    if not args.raw:
        from reader.core.clean import clean

        text = clean(text).text
    _out(convert_text(text, args.to))
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    from reader.core.segment import iter_segment

    text = _text_for_words(args)
    tokens = iter_segment(text)
    if args.json:
        _stream_json({"text": t.text, "start": t.start, "end": t.end} for t in tokens)
    else:
        line: list[str] = []
        for t in tokens:  # words apart by a space, a newline kept as a line break
            if t.text == "\n" or "\n" in t.text:
                _write(" ".join(line) + t.text)
                line = []
            elif not t.text.isspace():
                line.append(t.text)
                if len(line) >= 10_000:  # a very long line is written as it goes
                    _write(" ".join(line) + " ")
                    line = []
        _out(" ".join(line))
    return 0


def _stream_json(items: Iterable[object]) -> None:
    """A JSON array written an item at a time: output of any length without holding it all."""
    write = _write
    write("[")
    for n, item in enumerate(items):
        write(("," if n else "") + json_dumps(item))
    write("]\n")


def _text_for_words(args: argparse.Namespace) -> str:
    text = _read_input(args.path)
    if args.raw:
        return text
    from reader.core.clean import clean

    return clean(text).text


def cmd_pinyin(args: argparse.Namespace) -> int:
    from reader.core.layout import layout, render_interlinear
    from reader.core.overrides import load, path_in
    from reader.core.pinyin import PinyinOptions, Style, iter_tokens
    from reader.core.readings import read
    from reader.core.segment import pieces

    style = Style(args.style)
    if not args.json and args.width < 10:
        raise UserError("--width must be at least 10")
    text = _text_for_words(args)
    overrides = load(path_in(Locations.resolve(args.home).data_root))
    for problem in overrides.problems if overrides else ():
        print(f"reader: {problem}", file=sys.stderr)
    options = PinyinOptions(spaced=args.spaced, sandhi=args.sandhi, erhua=not args.no_erhua)
    readings = read(text, overrides)
    if args.json:
        _stream_json({"text": t.text, "start": t.start, "end": t.end, "pinyin": list(t.pinyin)}
                     for t in iter_tokens(readings, style, options))
        return 0
    for a, b in pieces(text):  # a paragraph (or a long one's sentences) at a time
        if a < b:
            tokens = list(iter_tokens(readings, style, options, a, b))
            piece = render_interlinear(layout(tokens, args.width, with_pinyin=True, spaced=args.spaced))
            _write(piece + ("\n" if not piece.endswith("\n") else ""))
    return 0


def _library(args: argparse.Namespace):  # -> Library
    from reader.core.library import Library

    library = Library(Locations.resolve(args.home))
    notify_opened(library)
    return library


def cmd_library(args: argparse.Namespace) -> int:
    library = _library(args)
    articles = library.articles()
    if args.json:
        _out(json_dumps([
            {"id": a.id, "title": a.title, "script": a.script, "length": a.length, "tags": a.tags,
             "progress": round(a.progress, 3), "source": a.source_name}
            for a in articles
        ], indent=1))
        return 0
    rows = [(a.id, SCRIPT_MARKS.get(a.script, a.script), f"{a.length:,}", a.title) for a in articles]
    title_cells = None
    if sys.stdout.isatty():
        used = sum(max((_cells(r[i]) for r in rows), default=0) + 2 for i in range(3))
        title_cells = max(20, _terminal_columns() - used)
    for line in table(rows, right={2}, last_cells=title_cells):
        _out(line)
    return 0


def _cells(text: str) -> int:
    from reader.core.layout import text_width

    return text_width(visible_line(text))


def fit(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, with an ellipsis when it was cut."""
    text = visible_line(text)
    if _cells(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = _cells(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def table(rows: Sequence[Sequence[str]], *, right: set[int] = frozenset(), last_cells: int | None = None
          ) -> list[str]:
    """Rows aligned in terminal cells (wide characters count two), two spaces between columns; the
    last column is left ragged and cut to ``last_cells`` when given. Numbers are never cut."""
    if not rows:
        return []
    count = len(rows[0])
    widths = [max(_cells(r[i]) for r in rows) for i in range(count - 1)]
    lines = []
    for row in rows:
        cells = []
        for i, (value, width) in enumerate(zip(row, widths)):
            pad = " " * (width - _cells(value))
            cells.append(pad + visible_line(value) if i in right else visible_line(value) + pad)
        last = row[-1] if last_cells is None else fit(row[-1], last_cells)
        lines.append("  ".join([*cells, visible_line(last)]).rstrip())
    return lines


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 80


def cmd_add(args: argparse.Namespace) -> int:
    results = _library(args).add(args.paths)
    failed = 0
    for r in results:
        if r.error:
            failed += 1
            say(r.error)
        elif r.article is not None:
            verb = "updated" if r.updated else "added"
            _out(f"{verb} {r.article.id}  {visible_line(r.article.title)}")
    return 1 if failed else 0


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from reader.ui.app import run_app
    except ImportError:
        return cmd_library(args)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("the app needs a terminal; see `reader --help` for the commands")
    return run_app(Locations.resolve(args.home))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader", description="A keyboard-driven terminal reader for Chinese articles."
    )
    parser.add_argument("--home", metavar="DIR", help="keep all data under DIR (default: $READER_HOME or the "
                        "platform's data folders)")
    parser.set_defaults(func=cmd_app, json=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = command("clean", cmd_clean, "print the cleaned text, blocks separated by a blank line")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--json", action="store_true", help="the blocks with their kinds, as JSON")
    p.add_argument("--changes", action="store_true", help="list every change the cleaner made")

    p = command("convert", cmd_convert, "convert the script with OpenCC (after cleaning unless --raw)")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--to", required=True, metavar="CONFIG", help="an OpenCC config: s2t, t2s, s2twp, s2hk, ...")
    p.add_argument("--raw", action="store_true", help="convert the text as given, without cleaning")

    p = command("segment", cmd_segment, "split the text into words")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--json", action="store_true")
    p.add_argument("--raw", action="store_true", help="segment the text as given, without cleaning")

    p = command("pinyin", cmd_pinyin, "interlinear pinyin, each syllable above its character")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--style", choices=["marks", "numbers", "zhuyin"], default="marks")
    p.add_argument("--width", type=int, default=_default_width(), help="line width in terminal cells")
    p.add_argument("--json", action="store_true", help="tokens with per-character pinyin, as JSON")
    p.add_argument("--raw", action="store_true", help="use the text as given, without cleaning")
    p.add_argument("--spaced", action="store_true", help="syllables of a word apart: xiāng gǎng, not xiānggǎng")
    p.add_argument("--sandhi", action="store_true",
                   help="一 and 不 as spoken (yígè, búshì), not as in the dictionary (yīgè, bùshì)")
    p.add_argument("--no-erhua", action="store_true", help="write an erhua 儿 er (yīhuìer), not r (yīhuìr)")

    p = command("library", cmd_library, "list the articles in the library")
    p.add_argument("--json", action="store_true")

    p = command("add", cmd_add, "copy files into the library")
    p.add_argument("paths", nargs="+", metavar="PATH")

    try:
        from reader.cli_notes import add_note_commands
    except ImportError:
        pass
    else:
        add_note_commands(command)
    from reader.cli_vocab import add_vocab_commands; add_vocab_commands(sub, command)  # noqa: E702
    return parser


def _default_width() -> int:
    try:
        return max(20, min(os.get_terminal_size().columns, 200))
    except OSError:
        return 80


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    _opened.clear()
    try:
        code = _run(args)
    finally:
        try:
            _print_notices()
        except Exception:  # noqa: BLE001 - a notice must never turn a result into a traceback
            _opened.clear()
    return code


def _run(args: argparse.Namespace) -> int:
    """The command's exit status; every failure is one line on standard error."""
    from reader.core.export import ExportError
    from reader.core.library import LibraryError
    from reader.core.records import RecordError
    from reader.core.store import StoreError

    try:
        code = int(args.func(args) or 0)
        _flush()
        return code
    except (UserError, LoadError, HomeError, LibraryError, StoreError, ExportError, RecordError) as exc:
        say(str(exc))
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OutputError as exc:
        _silence_stdout()
        from reader.core.storage import describe

        say(f"cannot write the output: {describe(exc.args[0])}")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug still gets one line, not a traceback
        return _unexpected(exc)


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _unexpected(exc: BaseException) -> int:
    if os.environ.get("READER_DEBUG"):
        raise exc
    say(f"unexpected error: {type(exc).__name__}: {exc} (set READER_DEBUG=1 to see where)")
    return 1
