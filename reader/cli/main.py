"""The command line: the same core as the app, scriptable and testable without a screen.

Exit status: 0 on success, 1 on bad input (one line on stderr), 2 on a usage error.
No input, environment or file state gives a traceback. Each group of commands
lives in its own module and adds itself to the parser built here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from reader.cli.app import cmd_app
from reader.cli.common import Handler, OutputError, UserError, flush, forget_opened, print_notices, say
from reader.cli.library import add_library_commands
from reader.cli.notes import add_note_commands
from reader.cli.text import add_text_commands
from reader.cli.vocab import add_vocab_commands
from reader.core.sanitize import visible_line
from reader.serve import add_serve_command


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors quote the arguments given: shown as visible text, never raw."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {visible_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reader", description="A keyboard-driven terminal reader for Chinese articles.")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep all data under DIR (default: $READER_HOME or the platform's data folders)",
    )
    parser.set_defaults(func=cmd_app, json=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Handler, help: str) -> argparse.ArgumentParser:  # noqa: A002
        # argparse %-formats a help string (a literal % is written %%), but not a description.
        p = sub.add_parser(name, help=help, description=help.replace("%%", "%"))
        p.set_defaults(func=func)
        return p

    add_text_commands(command)
    add_library_commands(command)
    add_note_commands(command)
    add_vocab_commands(command)
    add_serve_command(sub, command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    args = build_parser().parse_args(argv)
    forget_opened()
    try:
        code = _run(args)
    finally:
        try:
            print_notices()
        except Exception:
            forget_opened()
    return code


def _run(args: argparse.Namespace) -> int:
    """The command's exit status; every failure is one line on standard error."""
    from reader.core.export import ExportError
    from reader.core.library import LibraryError
    from reader.core.load import LoadError
    from reader.core.paths import HomeError
    from reader.core.records import RecordError
    from reader.core.store import StoreError

    try:
        code = int(args.func(args) or 0)
        flush()
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
    except Exception as exc:
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
