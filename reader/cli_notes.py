"""Command-line access to highlights and notes: ``reader notes``, ``reader export``, ``reader import-notes``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.paths import Locations

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def add_note_commands(command: Command) -> None:
    notes = command("notes", _notes_usage, "highlights and notes: add or list")
    sub = notes.add_subparsers(dest="notes_command", metavar="ACTION")

    p = sub.add_parser("add", help="highlight a passage (found by its text) and tag or annotate it")
    p.set_defaults(func=cmd_notes_add)
    p.add_argument("article", metavar="ARTICLE", help="an article id, or the path of a file in the library")
    p.add_argument("--quote", required=True, help="the exact passage")
    p.add_argument("--prefix", default="", help="text just before the passage, to pick one of several")
    p.add_argument("--suffix", default="", help="text just after the passage")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    p.add_argument("--note", default="", help="a note (use \\n for new lines)")
    p.add_argument("--color", type=int, default=1, choices=range(1, 6), metavar="1-5")

    p = sub.add_parser("list", help="list highlights and notes")
    p.set_defaults(func=cmd_notes_list)
    p.add_argument("--article", metavar="A")
    p.add_argument("--tag", metavar="T")
    p.add_argument("--json", action="store_true")

    p = command("export", cmd_export, "export highlights and notes as Markdown or Web Annotation JSON")
    p.add_argument("--article", metavar="A")
    p.add_argument("--tag", metavar="T")
    p.add_argument("--format", choices=["md", "json"], default="md")
    p.add_argument("--pinyin", action="store_true", help="add a pinyin line under each highlight (Markdown)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="a file for everything, or an existing folder for one file per article (default: stdout)")

    p = command("import-notes", cmd_import_notes, "read back a Web Annotation JSON export")
    p.add_argument("file", metavar="FILE")


def _notes_usage(args: argparse.Namespace) -> int:
    from reader.cli import UserError

    raise UserError("say what to do: `reader notes add ...` or `reader notes list`")


def _open(args: argparse.Namespace) -> tuple[Any, Any]:
    from reader.core.library import Library
    from reader.core.store import AnnotationStore

    locations = Locations.resolve(args.home)
    store = AnnotationStore.open(locations.database)
    if store.recovered_from:
        print(f"reader: the notes file could not be read; it was moved to {store.recovered_from}", file=sys.stderr)
    return Library(locations), store


def cmd_notes_add(args: argparse.Namespace) -> int:
    from reader.cli import UserError
    from reader.core.anchoring import make_selector, match_quote
    from reader.core.store import Annotation

    library, store = _open(args)
    article = library.find(args.article)
    text = library.document(article.id).text
    found = match_quote(text, args.quote, prefix=args.prefix, suffix=args.suffix)
    if found is None:
        raise UserError(f"the passage {args.quote!r} is not in {article.title!r}")
    start, end, _score = found
    quote, prefix, suffix = make_selector(text, start, end)
    ann = store.add(Annotation.new(
        article=article.id, quote=quote, prefix=prefix, suffix=suffix, start=start, end=end,
        color=args.color, tags=args.tag, note=args.note.replace("\\n", "\n"),
    ))
    print(ann.id)
    return 0


def cmd_notes_list(args: argparse.Namespace) -> int:
    library, store = _open(args)
    article_id = library.find(args.article).id if args.article else None
    anns = store.search(article=article_id, tag=args.tag)
    if args.json:
        print(json.dumps([a.to_dict() for a in anns], ensure_ascii=False, indent=1))
        return 0
    titles = {a.id: a.title for a in library.articles()}
    for a in anns:
        tags = " ".join(f"#{t}" for t in a.tags)
        note = a.note.split("\n", 1)[0]
        print(f"{a.id}  {titles.get(a.article, a.article)}  [{a.color}] {a.quote!r} {tags} {note}".rstrip())
    return 0


def _collect(library: Any, store: Any, article_ref: str | None, tag: str | None) -> list[Any]:
    from reader.core.anchoring import anchor_all
    from reader.core.export import ArticleNotes

    articles = [library.find(article_ref)] if article_ref else library.articles()
    out = []
    for article in articles:
        anns = store.search(article=article.id, tag=tag)
        if not anns and not article_ref:
            continue
        text = library.document(article.id).text
        placed = anchor_all(text, anns)
        out.append(ArticleNotes(article.id, article.title, article.source_name, article.script, article.tags,
                                text, placed))
    return out


def cmd_export(args: argparse.Namespace) -> int:
    from reader.cli import UserError
    from reader.core.export import to_json, to_markdown

    library, store = _open(args)
    groups = _collect(library, store, args.article, args.tag)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    pinyin_line = _pinyin_line() if args.pinyin else None

    def render(selected: list[Any]) -> str:
        if args.format == "json":
            return to_json([a for g in selected for a in g.annotations])
        return to_markdown(selected, exported_at=exported_at, pinyin_line=pinyin_line)

    out = Path(args.output) if args.output else None
    if out is not None and out.is_dir():
        for group in groups:
            target = out / f"{_safe_name(group.title)}-{group.id}.{args.format}"
            _write(target, render([group]))
            print(target)
        return 0
    if not groups:
        raise UserError("no highlights to export" + (f" with tag {args.tag!r}" if args.tag else ""))
    text = render(groups)
    if out is None:
        sys.stdout.write(text)
    else:
        _write(out, text)
    return 0


def _write(path: Path, text: str) -> None:
    from reader.cli import UserError
    from reader.core.fileio import atomic_write_text

    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserError(f"{path}: could not write: {exc.strerror or exc}") from None


def _safe_name(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_" else "-" for c in title.strip())
    return re.sub("-{2,}", "-", keep).strip("-")[:40] or "article"


def _pinyin_line() -> Callable[[str], str]:
    from reader.core.pinyin import Style, annotate

    def line(text: str) -> str:
        words = []
        for token in annotate(text, Style.MARKS):
            syllables = [p for p in token.pinyin if p]
            if syllables:
                words.append("".join(syllables))
        return " ".join(words)

    return line


def cmd_import_notes(args: argparse.Namespace) -> int:
    from reader.cli import UserError
    from reader.core.export import ExportError, from_web_annotations
    from reader.core.store import Annotation

    try:
        data = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{args.file}: cannot be read ({exc})") from None
    try:
        items = from_web_annotations(data)
    except ExportError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    _library, store = _open(args)
    added = updated = 0
    for fields in items:
        ann = Annotation.from_dict(fields)
        if store.get(ann.id) is None:
            store.restore(ann)
            added += 1
        else:
            store.update(ann.id, **{k: v for k, v in fields.items() if k not in ("id", "created", "updated")})
            updated += 1
    print(f"imported {added} new and {updated} updated annotations")
    return 0
