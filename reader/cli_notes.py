"""Command-line access to highlights and notes: ``reader notes``, ``reader export``, ``reader import-notes``."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.paths import Locations
from reader.core.sanitize import visible_line

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
    p.add_argument("--nth", type=int, metavar="N", help="take the Nth of several places the passage occurs")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    p.add_argument("--note", default=None, help="a note (use \\n for new lines)")
    p.add_argument("--color", type=int, default=None, choices=range(1, 6), metavar="1-5")

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
                   help="a file for everything, or a folder (an existing one, or a path ending in /) for one "
                        "file per article (default: stdout)")
    p.add_argument("--force", action="store_true",
                   help="overwrite a Markdown file changed since it was exported (a copy is kept as FILE.bak)")

    p = command("import-notes", cmd_import_notes, "read back a Web Annotation JSON export")
    p.add_argument("file", metavar="FILE")


def _notes_usage(args: argparse.Namespace) -> int:
    from reader.cli import UserError

    raise UserError("say what to do: `reader notes add ...` or `reader notes list`")


def _open(args: argparse.Namespace) -> tuple[Any, Any]:
    from reader.cli import notify_opened
    from reader.core.library import Library
    from reader.core.store import AnnotationStore

    locations = Locations.resolve(args.home)
    library = Library(locations)
    notify_opened(library)
    store = AnnotationStore.open(locations.database)
    notify_opened(store)
    return library, store


def cmd_notes_add(args: argparse.Namespace) -> int:
    from reader.cli import _out, say
    from reader.core.anchoring import make_selector
    from reader.core.sanitize import clean_multiline
    from reader.core.store import Annotation

    library, store = _open(args)
    article = library.find(args.article)
    text = library.document(article.id).text
    start, end = _place(text, clean_multiline(args.quote), args, article.title)
    same = store.find_same(article.id, start, end)
    note = args.note.replace("\\n", "\n") if args.note is not None else None
    if same is not None:
        changes: dict[str, Any] = {"tags": [*same.tags, *args.tag]}
        if note is not None:
            changes["note"] = note
        if args.color is not None:
            changes["color"] = args.color
        ann = store.update(same.id, **changes)
        what = [name for name, given in (("tags", args.tag), ("note", note is not None),
                                         ("colour", args.color is not None)) if given]
        say(f"this passage was already highlighted ({ann.id})"
            + (f"; its {' and '.join(what)} were updated" if what else "; nothing was added"))
        _out(ann.id)
        return 0
    quote, prefix, suffix = make_selector(text, start, end)
    ann = store.add(Annotation.new(
        article=article.id, quote=quote, prefix=prefix, suffix=suffix, start=start, end=end,
        color=args.color or 1, tags=args.tag, note=note or "",
    ))
    _out(ann.id)
    return 0


def _place(text: str, quote: str, args: argparse.Namespace, title: str) -> tuple[int, int]:
    """Where the passage is: the only exact occurrence, the one its context or ``--nth`` picks, or
    (with no exact one) the closest approximate match. Several candidates are an error saying how many."""
    from reader.cli import UserError
    from reader.core.anchoring import exact_occurrences, match_quote
    from reader.core.sanitize import clean_multiline, visible_line

    shown = visible_line(repr(quote if len(quote) <= 40 else quote[:40] + "…"))
    if not quote:
        raise UserError("the passage to highlight is empty")
    starts = exact_occurrences(text, quote)
    prefix, suffix = clean_multiline(args.prefix), clean_multiline(args.suffix)
    if prefix or suffix:
        starts = [s for s in starts if text[:s].endswith(prefix) and text[s + len(quote):].startswith(suffix)]
    if args.nth is not None:
        if not 1 <= args.nth <= len(starts):
            raise UserError(f"--nth {args.nth}: the passage {shown} occurs {len(starts)} time(s)"
                            + (" with that context" if prefix or suffix else ""))
        return starts[args.nth - 1], starts[args.nth - 1] + len(quote)
    if len(starts) == 1:
        return starts[0], starts[0] + len(quote)
    if len(starts) > 1:
        raise UserError(f"the passage {shown} occurs {len(starts)} times in {visible_line(repr(title))}; "
                        f"choose one with --nth 1 to {len(starts)}, or with --prefix/--suffix")
    found = match_quote(text, quote, prefix=prefix, suffix=suffix)
    if found is None:
        raise UserError(f"the passage {shown} is not in {visible_line(repr(title))}")
    return found[0], found[1]


def cmd_notes_list(args: argparse.Namespace) -> int:
    from reader.cli import _out, table
    from reader.core.sanitize import dumps

    library, store = _open(args)
    article_id = library.find(args.article).id if args.article else None
    from reader.core.sanitize import clean_line

    anns = store.search(article=article_id, tag=clean_line(args.tag).lstrip("#") if args.tag else None)
    if args.json:
        _out(dumps([a.to_dict() for a in anns], indent=1))
        return 0
    titles = {a.id: a.title for a in library.articles()}
    rows = []
    for a in anns:
        tags = " ".join(f"#{t}" for t in a.tags)
        note = a.note.split("\n", 1)[0]
        rows.append((a.id, titles.get(a.article, a.article), f"[{a.color}]", f"{a.quote!r} {tags} {note}".rstrip()))
    for line in table(rows):
        _out(line)
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
    from reader.cli import UserError, _out
    from reader.core.export import to_json, to_markdown
    from reader.core.sanitize import clean_line

    library, store = _open(args)
    groups = _collect(library, store, args.article, clean_line(args.tag).lstrip("#") if args.tag else None)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    pinyin_line = _pinyin_line() if args.pinyin else None

    def render(selected: list[Any]) -> str:
        if args.format == "json":
            return to_json([a for g in selected for a in g.annotations])
        return to_markdown(selected, exported_at=exported_at, pinyin_line=pinyin_line)

    out = Path(args.output) if args.output else None
    if not groups:
        raise UserError("no highlights to export" + (f" with tag {visible_line(repr(args.tag))}" if args.tag else ""))
    if out is not None and (args.output.endswith(("/", os.sep)) or out.is_dir()):
        _make_folder(out)
        for group in groups:
            target = out / f"{_safe_name(group.title)}-{group.id}.{args.format}"
            _write(target, render([group]), args)
            _out(str(target))
        return 0
    text = render(groups)
    if out is None:
        _out(text)
    else:
        _write(out, text, args)
    return 0


def _make_folder(folder: Path) -> None:
    from reader.cli import UserError
    from reader.core.storage import describe

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{visible_line(str(folder))}: cannot make the folder: {describe(exc)}") from None


def _write(path: Path, text: str, args: argparse.Namespace) -> None:
    """Write an export; a Markdown file keeps what the user added to it since the last export."""
    from reader.cli import UserError, say
    from reader.core.exportfile import ExportFileError, write_export
    from reader.core.fileio import NotAFile
    from reader.core.storage import describe

    locations = Locations.resolve(args.home)
    try:
        kept = write_export(path, text, locations, markdown=args.format == "md", force=args.force)
    except ExportFileError as exc:
        raise UserError(str(exc)) from None
    except NotAFile as exc:
        raise UserError(f"{visible_line(str(path))}: {exc.strerror}") from None
    except OSError as exc:
        raise UserError(f"{visible_line(str(path))}: could not write: {describe(exc)}") from None
    if kept:
        say(kept)


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
    """Import a Web Annotation file: all of it, or (if any item is wrong) none of it."""
    from reader.cli import UserError, _out
    from reader.core.export import ExportError, from_web_annotations
    from reader.core.load import LoadError, read_path
    from reader.core.store import Annotation

    shown = visible_line(args.file)
    try:
        data = read_path(args.file)
    except LoadError as exc:
        raise UserError(str(exc)) from None
    try:
        items = [Annotation.from_dict(fields) for fields in from_web_annotations(data)]
    except (ExportError, ValueError) as exc:
        raise UserError(f"{shown}: {exc}; nothing was imported") from None
    library, store = _open(args)
    known = {a.id for a in library.articles()}
    missing = sorted({a.article for a in items} - known)
    if missing:
        count = sum(1 for a in items if a.article in missing)
        raise UserError(f"{shown}: {count} annotation(s) belong to article {visible_line(missing[0])}"
                        + (f" and {len(missing) - 1} other(s)" if len(missing) > 1 else "")
                        + ", which is not in the library (add it first); nothing was imported")
    added, updated, kept = store.import_all(items)
    _out(f"imported {added} new and {updated} updated annotations"
          + (f"; {kept} kept as they were (changed here more recently)" if kept else ""))
    return 0
