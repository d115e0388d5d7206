"""The library from the command line: ``library`` lists the articles, ``add`` copies files in."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import Command, cells, open_library, out, say, table, terminal_columns
from reader.core.sanitize import dumps as json_dumps
from reader.core.sanitize import visible_line


def add_library_commands(command: Command) -> None:
    p = command("library", cmd_library, "list the articles in the library")
    p.add_argument("--json", action="store_true")

    p = command("add", cmd_add, "copy files into the library")
    p.add_argument("paths", nargs="+", metavar="PATH")


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
    failed = 0
    for r in open_library(args).add(args.paths):
        if r.error:
            failed += 1
            say(r.error)
        elif r.article is not None:
            verb = "updated" if r.updated else "added"
            out(f"{verb} {r.article.id}  {visible_line(r.article.title)}")
    return 1 if failed else 0
