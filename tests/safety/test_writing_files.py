"""Writing files: only regular files are replaced, leftovers of interrupted writes go, exports keep
what the user added, and what is read stops at the size limit whatever the file claims."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.exportfile import ExportFileError, keep_user_text
from reader.core.fileio import NotAFile, atomic_write_text
from reader.core.library import Library
from reader.core.paths import Locations
from reader.core.store import Annotation, AnnotationStore


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_anything_but_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    path = {"fifo": tmp_path / "pipe", "folder": tmp_path, "device": Path("/dev/null")}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(NotAFile):
        atomic_write_text(path, "x")
    assert kind != "device" or Path("/dev/null").is_char_device()


def test_leftovers_of_interrupted_writes_are_removed_on_the_next_open(tmp_path: Path) -> None:
    locations = Locations.resolve(tmp_path / "home")
    library = Library(locations)
    library.articles()
    store = AnnotationStore.open(locations.database)
    store.add(Annotation.new(article="a", quote="q"))
    store.close()
    leftovers = [
        locations.data / ".annotations.json.4242.tmp",
        locations.data / ".library.json.77.tmp",
        locations.articles / "abc.txt.part",
    ]
    for path in leftovers:
        path.write_bytes(b"x" * 1000)
    Library(locations).articles()
    store = AnnotationStore.open(locations.database)
    assert not any(p.exists() for p in leftovers)
    assert len(store) == 1 and any("temporary" in n for n in store.take_notices())


def run(
    *args: str, stdin: object = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        stdin=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize("source", ["/dev/zero", "stdin"])
def test_reading_stops_at_the_limit_whatever_the_file_claims(source: str) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = run("clean", "-" if source == "stdin" else source, stdin=zero)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "too large" in proc.stderr


def test_a_full_stdout_is_one_line_and_exit_1() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "reader", "library"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1 and proc.stderr == "reader: cannot write the output: disk is full\n"


# -- re-exporting Markdown ---------------------------------------------------------------------

LAST = """---
title: "T"
exported: "1"
---

# T

> 甲

^a1

> 乙

^a2
"""
NEW = LAST.replace('exported: "1"', 'exported: "2"').replace("> 乙\n\n^a2\n", "> 乙\n\n^a2\n\n> 丙\n\n^a3\n")


def test_what_the_user_added_between_blocks_and_at_the_end_survives() -> None:
    current = LAST.replace("^a1\n", "^a1\n\nMy comment on 甲.\n").replace("# T\n", "# T\n\nIntro I wrote.\n")
    current += "\n## My own section\n\nThoughts.\n"
    merged = keep_user_text(NEW, LAST, current)
    assert "^a1\n\nMy comment on 甲.\n" in merged and "# T\n\nIntro I wrote.\n" in merged
    assert (
        merged.endswith("## My own section\n\nThoughts.\n") and "> 丙" in merged and 'exported: "2"' in merged
    )


def test_a_comment_after_a_removed_highlight_is_kept() -> None:
    current = LAST.replace("^a2\n", "^a2\n\nAbout 乙.\n")
    merged = keep_user_text(NEW.replace("> 乙\n\n^a2\n\n", ""), LAST, current)
    assert "About 乙." in merged


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("> 甲", "> 甲 (edited)"),
        lambda t: t.replace("> 甲\n", ""),
        lambda t: t.replace("> 甲\n", "> 甲\nmine\n"),
    ],
)
def test_a_change_inside_an_exported_block_is_refused(edit) -> None:
    with pytest.raises(ExportFileError, match="--force"):
        keep_user_text(NEW, LAST, edit(LAST))
