"""The command line: the same core as the app, scriptable and testable without a screen.

Exit status: 0 on success, 1 on bad input (one line on stderr), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from reader.core.load import LoadError, load_bytes, load_path
from reader.core.paths import Locations

SCRIPT_MARKS = {"simplified": "简", "traditional": "繁", "mixed": "mixed", "none": "—"}


class UserError(Exception):
    """Bad input: reported as one line, exit status 1."""


def _read_input(path: str | None, stdin: bool = True) -> str:
    if path in (None, "-"):
        if not stdin:
            raise UserError("no input: give a PATH or - for standard input")
        data = sys.stdin.buffer.read()
        return load_bytes(data, name="<stdin>").text
    return load_path(path).text


def _out(text: str) -> None:
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


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
        _out(json.dumps(payload, ensure_ascii=False, indent=1))
    elif args.changes:
        for c in doc.changes:
            _out(f"{c.src_start}-{c.src_end}\t{c.kind}\t{c.before!r} -> {c.after!r}")
    else:
        _out(doc.text)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from reader.core.convert import available_configs, convert_text

    if args.to not in available_configs():
        raise UserError(f"unknown conversion {args.to!r}; choose one of: {', '.join(available_configs())}")
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
                sys.stdout.write(" ".join(line) + t.text)
                line = []
            elif not t.text.isspace():
                line.append(t.text)
                if len(line) >= 10_000:  # a very long line is written as it goes
                    sys.stdout.write(" ".join(line) + " ")
                    line = []
        _out(" ".join(line))
    return 0


def _stream_json(items: Iterable[object]) -> None:
    """A JSON array written an item at a time: output of any length without holding it all."""
    write = sys.stdout.write
    write("[")
    for n, item in enumerate(items):
        write(("," if n else "") + json.dumps(item, ensure_ascii=False))
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
            sys.stdout.write(piece + ("\n" if not piece.endswith("\n") else ""))
    return 0


def _library(args: argparse.Namespace):  # -> Library
    from reader.core.library import Library

    return Library(Locations.resolve(args.home))


def cmd_library(args: argparse.Namespace) -> int:
    library = _library(args)
    articles = library.articles()
    if library.recovered_from:
        print(f"reader: the library file could not be read; it was moved to {library.recovered_from}",
              file=sys.stderr)
    if args.json:
        _out(json.dumps([
            {"id": a.id, "title": a.title, "script": a.script, "length": a.length, "tags": a.tags,
             "progress": round(a.progress, 3), "source": a.source_name}
            for a in articles
        ], ensure_ascii=False, indent=1))
        return 0
    from wcwidth import wcswidth

    for a in articles:
        title = a.title if wcswidth(a.title) <= 60 else a.title[:29] + "…"
        _out(f"{a.id}  {SCRIPT_MARKS.get(a.script, a.script):5}  {a.length:>7,}  {title}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    results = _library(args).add(args.paths)
    failed = 0
    for r in results:
        if r.error:
            failed += 1
            print(f"reader: {r.error}", file=sys.stderr)
        else:
            assert r.article is not None
            verb = "updated" if r.updated else "added"
            _out(f"{verb} {r.article.id}  {r.article.title}")
    return 1 if failed else 0


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from reader.ui.app import run_app
    except ImportError:
        return cmd_library(args)
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
    return parser


def _default_width() -> int:
    try:
        return max(20, min(os.get_terminal_size().columns, 200))
    except OSError:
        return 80


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (UserError, LoadError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the library's, the store's and the exports' errors carry one-line messages
        from reader.core.export import ExportError
        from reader.core.library import LibraryError
        from reader.core.store import StoreError

        if isinstance(exc, (LibraryError, StoreError, ExportError)):
            print(f"reader: {exc}", file=sys.stderr)
            return 1
        raise
