"""Commands on any text, in or out of the library: ``clean``, ``convert``, ``segment``, ``pinyin``."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import (
    Command,
    UserError,
    locations,
    out,
    read_input,
    stream_json,
    terminal_columns,
    write,
)
from reader.core.sanitize import dumps as json_dumps
from reader.core.sanitize import visible_line


def add_text_commands(command: Command) -> None:
    p = command("clean", cmd_clean, "print the cleaned text, blocks separated by a blank line")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--json", action="store_true", help="the blocks with their kinds, as JSON")
    p.add_argument("--changes", action="store_true", help="list every change the cleaner made")

    p = command("convert", cmd_convert, "convert the script with OpenCC (after cleaning unless --raw)")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument(
        "--to", required=True, metavar="CONFIG", help="an OpenCC config: s2t, t2s, s2twp, s2hk, ..."
    )
    p.add_argument("--raw", action="store_true", help="convert the text as given, without cleaning")

    p = command("segment", cmd_segment, "split the text into words")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--json", action="store_true")
    p.add_argument("--raw", action="store_true", help="segment the text as given, without cleaning")

    p = command("pinyin", cmd_pinyin, "interlinear pinyin, each syllable above its character")
    p.add_argument("path", nargs="?", metavar="PATH|-")
    p.add_argument("--style", choices=["marks", "numbers", "zhuyin"], default="marks")
    p.add_argument(
        "--width",
        type=int,
        default=max(20, min(terminal_columns(), 200)),
        help="line width in terminal cells",
    )
    p.add_argument("--json", action="store_true", help="tokens with per-character pinyin, as JSON")
    p.add_argument("--raw", action="store_true", help="use the text as given, without cleaning")
    p.add_argument(
        "--spaced", action="store_true", help="syllables of a word apart: xiāng gǎng, not xiānggǎng"
    )
    p.add_argument(
        "--sandhi",
        action="store_true",
        help="一 and 不 as spoken (yígè, búshì), not as in the dictionary (yīgè, bùshì)",
    )
    p.add_argument("--no-erhua", action="store_true", help="write an erhua 儿 er (yīhuìer), not r (yīhuìr)")


def cmd_clean(args: argparse.Namespace) -> int:
    text = read_input(args.path)
    from reader.core.clean import clean

    doc = clean(text)
    if args.json:
        blocks = [
            {"kind": b.kind.value, "text": b.text, "start": b.start, "end": b.end}
            | ({"level": b.level} if b.level else {})
            | ({"emphasis": [list(e) for e in b.emphasis]} if b.emphasis else {})
            for b in doc.blocks
        ]
        payload: dict[str, object] = {"title": doc.title, "blocks": blocks}
        if args.changes:
            payload = payload | {"changes": [c.__dict__ for c in doc.changes]}
        out(json_dumps(payload, indent=1))
    elif args.changes:
        for c in doc.changes:
            out(f"{c.src_start}-{c.src_end}\t{c.kind}\t{c.before!r} -> {c.after!r}")
    else:
        out(doc.text)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from reader.core.convert import available_configs, convert_text

    if args.to not in available_configs():
        raise UserError(
            f"unknown conversion {visible_line(repr(args.to))}; choose one of: "
            f"{', '.join(available_configs())}"
        )
    text = read_input(args.path)
    if not args.raw:
        from reader.core.clean import clean

        text = clean(text).text
    out(convert_text(text, args.to))
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    from reader.core.segment import iter_segment

    tokens = iter_segment(_text_for_words(args))
    if args.json:
        stream_json({"text": t.text, "start": t.start, "end": t.end} for t in tokens)
        return 0
    line: list[str] = []
    for t in tokens:  # words apart by a space, a newline kept as a line break
        if t.text == "\n" or "\n" in t.text:
            write(" ".join(line) + t.text)
            line = []
        elif not t.text.isspace():
            line.append(t.text)
            if len(line) >= 10_000:  # a very long line is written as it goes
                write(" ".join(line) + " ")
                line = []
    out(" ".join(line))
    return 0


def _text_for_words(args: argparse.Namespace) -> str:
    text = read_input(args.path)
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
    overrides = load(path_in(locations(args).data_root))
    for problem in overrides.problems if overrides else ():
        print(f"reader: {problem}", file=sys.stderr)
    options = PinyinOptions(spaced=args.spaced, sandhi=args.sandhi, erhua=not args.no_erhua)
    readings = read(text, overrides)
    if args.json:
        stream_json(
            {"text": t.text, "start": t.start, "end": t.end, "pinyin": list(t.pinyin)}
            for t in iter_tokens(readings, style, options)
        )
        return 0
    for a, b in pieces(text):  # a paragraph (or a long one's sentences) at a time
        if a < b:
            tokens = list(iter_tokens(readings, style, options, a, b))
            piece = render_interlinear(layout(tokens, args.width, with_pinyin=True, spaced=args.spaced))
            write(piece + ("\n" if not piece.endswith("\n") else ""))
    return 0
