"""Highlights and notes from the command line: ``notes add|list``, ``export``, ``import-notes``.

Placing a passage and adding to a highlight already there follow the same
rules as the app (:class:`reader.core.notes.ArticleNotes`).
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import Command, UserError, locations, notify_opened, open_library, out, say, table
from reader.core.sanitize import clean_line, clean_multiline, visible_line

if TYPE_CHECKING:
    from reader.core.export import ExportedArticle
    from reader.core.library import Library
    from reader.core.store import AnnotationStore


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
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="a file for everything, or a folder (an existing one, or a path ending in /) for one "
        "file per article (default: stdout)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite a Markdown file changed since it was exported (a copy is kept as FILE.bak)",
    )

    p = command("import-notes", cmd_import_notes, "read back a Web Annotation JSON export")
    p.add_argument("file", metavar="FILE")


def _notes_usage(args: argparse.Namespace) -> int:
    raise UserError("say what to do: `reader notes add ...` or `reader notes list`")


def _open(args: argparse.Namespace) -> tuple[Library, AnnotationStore]:
    from reader.core.store import AnnotationStore

    library = open_library(args)
    store = AnnotationStore.open(locations(args).database)
    notify_opened(store)
    return library, store


def cmd_notes_add(args: argparse.Namespace) -> int:
    from reader.core.notes import ArticleNotes, NotesError, save

    library, store = _open(args)
    article = library.find(args.article)
    notes = ArticleNotes.place(article.id, library.document(article.id).text, store.for_article(article.id))
    try:
        span = notes.find_quote(
            clean_multiline(args.quote),
            prefix=clean_multiline(args.prefix),
            suffix=clean_multiline(args.suffix),
            nth=args.nth,
            title=article.title,
        )
    except NotesError as exc:
        raise UserError(str(exc)) from None
    note = args.note.replace("\\n", "\n") if args.note is not None else None
    done = notes.upsert(span, tags=args.tag, note=note, color=args.color)
    save(store, done.ann)
    if not done.created:
        say(
            f"this passage was already highlighted ({done.ann.id})"
            + (f"; its {' and '.join(done.changed)} were updated" if done.changed else "; nothing was added")
        )
    out(done.ann.id)
    return 0


def cmd_notes_list(args: argparse.Namespace) -> int:
    from reader.core.sanitize import dumps

    library, store = _open(args)
    article_id = library.find(args.article).id if args.article else None
    anns = store.search(article=article_id, tag=clean_line(args.tag).lstrip("#") if args.tag else None)
    if args.json:
        out(dumps([a.to_dict() for a in anns], indent=1))
        return 0
    titles = {a.id: a.title for a in library.articles()}
    rows = []
    for a in anns:
        tags = " ".join(f"#{t}" for t in a.tags)
        note = a.note.split("\n", 1)[0]
        rows.append(
            (a.id, titles.get(a.article, a.article), f"[{a.color}]", f"{a.quote!r} {tags} {note}".rstrip())
        )
    for line in table(rows):
        out(line)
    return 0


def _collect(
    library: Library, store: AnnotationStore, article_ref: str | None, tag: str | None
) -> list[ExportedArticle]:
    """Each article's highlights (with ``tag``, if given) placed in its text as it is now."""
    from reader.core.export import ExportedArticle
    from reader.core.notes import ArticleNotes

    articles = [library.find(article_ref)] if article_ref else library.articles()
    found = []
    for article in articles:
        anns = store.search(article=article.id, tag=tag)
        if not anns and not article_ref:
            continue
        text = library.document(article.id).text
        placed = ArticleNotes.place(article.id, text, anns).annotations
        found.append(
            ExportedArticle(
                article.id, article.title, article.source_name, article.script, article.tags, text, placed
            )
        )
    return found


def cmd_export(args: argparse.Namespace) -> int:
    from reader.core.export import to_json, to_markdown

    library, store = _open(args)
    groups = _collect(library, store, args.article, clean_line(args.tag).lstrip("#") if args.tag else None)
    exported_at = datetime.now(UTC).isoformat(timespec="seconds")
    pinyin_line = _pinyin_line() if args.pinyin else None

    def render(selected: list[ExportedArticle]) -> str:
        if args.format == "json":
            return to_json([a for g in selected for a in g.annotations])
        return to_markdown(selected, exported_at=exported_at, pinyin_line=pinyin_line)

    output = Path(args.output) if args.output else None
    if not groups:
        raise UserError(
            "no highlights to export" + (f" with tag {visible_line(repr(args.tag))}" if args.tag else "")
        )
    if output is not None and (args.output.endswith(("/", os.sep)) or output.is_dir()):
        _make_folder(output)
        for group in groups:
            target = output / f"{_safe_name(group.title)}-{group.id}.{args.format}"
            _write(target, render([group]), args)
            out(str(target))
        return 0
    text = render(groups)
    if output is None:
        out(text)
    else:
        _write(output, text, args)
    return 0


def _make_folder(folder: Path) -> None:
    from reader.core.storage import describe

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{visible_line(str(folder))}: cannot make the folder: {describe(exc)}") from None


def _write(path: Path, text: str, args: argparse.Namespace) -> None:
    """Write an export; a Markdown file keeps what the user added to it since the last export."""
    from reader.core.exportfile import ExportFileError, write_export
    from reader.core.fileio import NotAFile
    from reader.core.storage import describe

    try:
        kept = write_export(path, text, locations(args), markdown=args.format == "md", force=args.force)
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
    from reader.core.annotation import Annotation
    from reader.core.export import ExportError, from_web_annotations
    from reader.core.load import LoadError, read_path

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
        raise UserError(
            f"{shown}: {count} annotation(s) belong to article {visible_line(missing[0])}"
            + (f" and {len(missing) - 1} other(s)" if len(missing) > 1 else "")
            + ", which is not in the library (add it first); nothing was imported"
        )
    added, updated, kept = store.import_all(items)
    out(
        f"imported {added} new and {updated} updated annotations"
        + (f"; {kept} kept as they were (changed here more recently)" if kept else "")
    )
    return 0
