"""The library from the command line: ``library`` lists the articles, ``add`` copies files in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import Command, cells, fit, open_library, out, read_input, say, table, terminal_columns
from reader.core.sanitize import dumps as json_dumps
from reader.core.sanitize import visible_line


def add_library_commands(command: Command) -> None:
    p = command("library", cmd_library, "list the articles in the library")
    p.add_argument("--json", action="store_true")

    p = command(
        "add",
        cmd_add,
        "add articles: text, PDF, saved web pages, EPUB books, or every one of them in a folder",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file, a folder (read with its subfolders), or - for standard input (first line: title)",
    )


def cmd_library(args: argparse.Namespace) -> int:
    from reader.core.library import script_mark

    articles = open_library(args).articles()
    if args.json:
        out(
            json_dumps(
                [
                    {
                        "id": a.id,
                        "title": a.title,
                        "script": a.script,
                        "length": a.length,
                        "tags": a.tags,
                        "progress": round(a.progress, 3),
                        "source": a.source_name,
                    }
                    for a in articles
                ],
                indent=1,
            )
        )
        return 0
    rows = [(a.id, script_mark(a.script), f"{a.length:,}", a.title) for a in articles]
    title_cells = None
    if sys.stdout.isatty():
        used = sum(max((cells(r[i]) for r in rows), default=0) + 2 for i in range(3))
        title_cells = max(20, terminal_columns() - used)
    for line in table(rows, right={2}, last_cells=title_cells):
        out(line)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add files and folders (and standard input for ``-``, as the app adds a paste); one line per article
    added, one per file that could not be read, and a summary when a folder or several files were given."""
    from reader.core.adding import AddReport, add_all

    library = open_library(args)
    paths = [p for p in args.paths if p != "-"]
    pasted = [library.add_text(read_input("-"))] if len(paths) < len(args.paths) else []
    with AddProgress() as progress:
        report = add_all(library, paths, progress) if paths else AddReport([], [])
    report = AddReport(pasted + report.results, report.skipped, report.folders)
    for r in report.results:
        if r.error:
            say(r.error)
        elif r.article is not None:
            verb = "updated" if r.updated else "added"
            out(f"{verb} {r.article.id}  {visible_line(r.article.title)}")
    if report.folders or len(report.results) > 1:
        say(report.summary())
    return 1 if report.failed else 0


# Fewer files than this are read quickly enough to need no counts in a log.
PLAIN_COUNTS_FROM = 10


class AddProgress:
    """Progress on standard error: a bar in a terminal, a count at every tenth otherwise (from
    :data:`PLAIN_COUNTS_FROM` files); nothing for a single file."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None
        self._said = 0

    def __enter__(self) -> AddProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, done: int, total: int, path: Path) -> None:
        if total < 2:
            return
        if not sys.stderr.isatty():
            if total < PLAIN_COUNTS_FROM:
                return
            tenth = done * 10 // total
            if tenth > self._said or done == total:
                self._said = tenth
                say(f"read {done} of {total} files")
            return
        if self._bar is None:
            self._start(total)
        self._bar.update(self._task, completed=done, name=fit(visible_line(path.name), 40))

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[name]}", markup=False),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("add", total=total, name="")
        self._bar.start()
