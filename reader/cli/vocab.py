"""The learner's words from the command line: ``stats`` and ``vocab`` (mark, list, export, import...)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reader.cli.common import Command, UserError, notify_opened, open_library, out, table
from reader.core.paths import Locations
from reader.core.sanitize import visible_line

STATUS_CHOICES = "known|learning|learning1-4|ignored|new"


def add_vocab_commands(command: Command) -> None:
    """Add ``stats`` and ``vocab`` to the parser whose ``command`` helper is given."""
    p = command("stats", cmd_stats, "how much of an article you know: known %%, new words, HSK level")
    p.add_argument("article", metavar="ARTICLE", help="an article id, or the path of a file in the library")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--hsk",
        metavar="STANDARD",
        help="HSK lists: 2025 (exam syllabus), 2021 (grading standard) "
        "or 2.0 (default: the one set with `reader vocab standard`)",
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="new words to list (text output)")

    vocab = command("vocab", _usage, "word statuses, word lists, Anki cards, segmentation corrections")
    sub = vocab.add_subparsers(dest="vocab_command", metavar="ACTION")
    p = sub.add_parser("mark", help="set the status of words (WORD or WORD:READING, e.g. 行:xíng)")
    p.set_defaults(func=cmd_mark)
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("--status", required=True, metavar=STATUS_CHOICES)

    p = sub.add_parser("list", help="list words with a status")
    p.set_defaults(func=cmd_list)
    p.add_argument("--status", metavar=STATUS_CHOICES)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="write cards for Anki (.apkg) or Anki's text import (tsv)")
    p.set_defaults(func=cmd_export)
    p.add_argument("--format", choices=["apkg", "tsv"], default="apkg")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument(
        "--status", action="append", metavar="S", help="words with this status (repeat; default: learning)"
    )
    p.add_argument("--article", metavar="A", help="words met in this article")
    p.add_argument("--tag", metavar="T", help="words tagged T, or met in an article tagged T")
    p.add_argument("--since", metavar="DATE", help="words changed on or after DATE (YYYY-MM-DD)")
    p.add_argument("--colour", "--color", action="store_true", help="pinyin coloured by tone")
    p.add_argument("--deck", default="reader", help="the deck's name in Anki")

    p = sub.add_parser(
        "import", help="mark the words of a list known (one per line, Pleco or Anki text export)"
    )
    p.set_defaults(func=cmd_import)
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--hsk", type=int, metavar="LEVEL", help="also every word of HSK LEVEL and below (7: 7-9)")
    p.add_argument("--status", default="known", metavar=STATUS_CHOICES)
    p.add_argument("--overwrite", action="store_true", help="also change words that already have a status")

    p = sub.add_parser(
        "words", help="your segmentation corrections: list, --join WORD, --split PART PART..., --remove WORD"
    )
    p.set_defaults(func=cmd_words)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--join", metavar="WORD", help="always keep WORD whole (大湾区)")
    group.add_argument("--split", nargs="+", metavar="PART", help="cut the word the PARTs spell into them")
    group.add_argument("--remove", metavar="WORD", help="forget the correction of WORD")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("standard", help="show or set the HSK lists levels come from (2025, 2021, 2.0)")
    p.set_defaults(func=cmd_standard)
    p.add_argument("standard", nargs="?", metavar="STANDARD")


def _usage(args: argparse.Namespace) -> int:

    raise UserError("say what to do: `reader vocab mark|list|export|import|words|standard ...`")


def _store(args: argparse.Namespace) -> Any:
    from reader.core.vocab.store import VocabStore

    store = VocabStore(Locations.resolve(args.home).data / "vocab.json")
    notify_opened(store)
    return store


def _library(args: argparse.Namespace) -> Any:
    return open_library(args)


def _status(text: str) -> Any:
    from reader.core.vocab.record import parse_status

    try:
        return parse_status(text)
    except ValueError as exc:
        raise UserError(visible_line(str(exc))) from None


def _standard(store: Any, given: str | None) -> str:
    from reader.core.vocab.levels import normal_standard

    try:
        return normal_standard(given) if given else store.hsk_standard
    except ValueError as exc:
        raise UserError(visible_line(str(exc))) from None


def cmd_mark(args: argparse.Namespace) -> int:
    from reader.core.vocab.record import Mark

    status = _status(args.status)
    marks = []
    for item in args.words:
        word, _, reading = item.partition(":")
        if not word.strip():
            raise UserError(f"no word in {visible_line(repr(item))}")
        marks.append(Mark(word, reading or None))
    changed = _store(args).mark_many(marks, status)
    out(f"{changed} entr{'y' if changed == 1 else 'ies'} changed; {len(marks)} word(s) now {status.label}")
    return 0


def _record_row(r: Any, standard: str) -> dict[str, Any]:
    from reader.core.vocab.levels import frequency_rank, hsk_level

    return {
        "word": r.word,
        "reading": r.reading,
        "form": r.form,
        "shown": r.shown,
        "status": r.status,
        "stage": r.stage,
        "hsk": hsk_level(r.word, standard),
        "frequency_rank": frequency_rank(r.word),
        "article": r.article,
        "sentence": r.sentence,
        "tags": r.tags,
        "added": r.added,
        "changed": r.changed,
        "seen": r.seen,
    }


def cmd_list(args: argparse.Namespace) -> int:
    from reader.core.sanitize import dumps

    store = _store(args)
    records = store.entries(_status(args.status).name if args.status else None)
    standard = store.hsk_standard
    if args.json:
        out(dumps({"standard": standard, "words": [_record_row(r, standard) for r in records]}, indent=1))
        return 0
    from reader.core.vocab.levels import hsk_level, level_label

    rows = [
        (
            r.form or r.word,
            r.reading or r.shown,
            r.status_value.label,
            f"HSK {level_label(hsk_level(r.word, standard))}",
            r.changed[:10],
            r.sentence,
        )
        for r in records
    ]
    for line in table(rows):
        out(line)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from reader.core.sanitize import dumps
    from reader.core.vocab.stats import article_stats, stats_text

    if args.limit < 0:
        raise UserError("--limit must be 0 or more")
    library, store = _library(args), _store(args)
    article = library.find(args.article)
    prepared = library.prepared(article.id)
    cache = Locations.resolve(args.home).cache / "words"
    report = article_stats(prepared, store, _standard(store, args.hsk), cache_folder=cache)
    report = {"article": article.id, "title": article.title, **report}
    out(dumps(report, indent=1) if args.json else stats_text(report, args.limit))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from reader.core.vocab.cards import choose_cards

    library, store = _library(args), _store(args)
    article_id = library.find(args.article).id if args.article else None
    cards = choose_cards(
        library,
        store,
        statuses=[_status(s).name for s in (args.status or ["learning"])],
        article_id=article_id,
        article_words=_article_words(args, library, store, article_id) if article_id else None,
        tag=args.tag.lstrip("#") if args.tag else None,
        since=args.since.strip() if args.since else None,
        colour=args.colour,
    )
    if not cards:
        raise UserError("no words to export with these filters")
    output = Path(args.output)
    _write(output, cards, args)
    out(f"{len(cards)} card(s) written to {visible_line(str(output))}")
    return 0


def _article_words(args: argparse.Namespace, library: Any, store: Any, article_id: str) -> set[str]:
    """The Simplified words of an article (counted through the cache)."""
    from reader.core.vocab.article import prepared_words

    cache = Locations.resolve(args.home).cache / "words"
    return set(prepared_words(library.prepared(article_id), cache, store.corrections_digest()).words)


def _write(out: Path, cards: list[Any], args: argparse.Namespace) -> None:
    from reader.core.fileio import NotAFile
    from reader.core.storage import describe
    from reader.core.vocab.cards import write_cards

    try:
        write_cards(cards, out, args.format, args.deck)
    except NotAFile as exc:
        raise UserError(f"{visible_line(str(out))}: {exc.strerror}") from None
    except OSError as exc:
        raise UserError(f"{visible_line(str(out))}: could not write: {describe(exc)}") from None


def cmd_import(args: argparse.Namespace) -> int:
    from reader.core.load import LoadError, load_path
    from reader.core.vocab.record import Mark
    from reader.core.vocab.wordlists import hsk_words, parse_word_list

    if args.file is None and args.hsk is None:
        raise UserError("give a FILE of words, --hsk LEVEL, or both")
    status = _status(args.status)
    store = _store(args)
    words: list[str] = []
    if args.file is not None:
        try:
            text = load_path(args.file).text
        except LoadError as exc:
            raise UserError(str(exc)) from None
        words = parse_word_list(text, csv=args.file.lower().endswith(".csv"))
        if not words:
            raise UserError(f"{visible_line(args.file)}: no Chinese words found; nothing was imported")
    if args.hsk is not None:
        try:
            words += hsk_words(args.hsk, store.hsk_standard)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    changed = store.mark_many([Mark(w) for w in words], status, only_new=not args.overwrite)
    out(
        f"{len(words)} word(s) read; {changed} marked {status.label}"
        + ("" if args.overwrite else f"; {len(words) - changed} already had a status and were kept")
    )
    return 0


def cmd_words(args: argparse.Namespace) -> int:
    from reader.core.sanitize import dumps

    store = _store(args)
    if args.join or args.split:
        fix = store.add_correction(args.join or "".join(args.split), args.split or ())
        out(
            f"{fix.kind} {visible_line(fix.word)}"
            + (f" = {' + '.join(fix.parts)}" if fix.parts else "")
            + "; applied to articles prepared from now on"
        )
        return 0
    if args.remove:
        if not store.remove_correction(args.remove):
            raise UserError(f"no correction for {visible_line(args.remove)}")
        out(f"removed {visible_line(args.remove)}")
        return 0
    fixes = store.corrections()
    if args.json:
        out(
            dumps(
                [{"word": f.word, "kind": f.kind, "parts": f.parts, "added": f.added} for f in fixes],
                indent=1,
            )
        )
        return 0
    for line in table([(f.kind, f.word, " + ".join(f.parts)) for f in fixes]):
        out(line)
    return 0


def cmd_standard(args: argparse.Namespace) -> int:

    store = _store(args)
    value = store.set_hsk_standard(_standard(store, args.standard)) if args.standard else store.hsk_standard
    out(value)
    return 0
