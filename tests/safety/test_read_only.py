"""A read-only data home can be read, by every command and the app, with a notice that changes cannot
be saved. Checked on a real read-only mount (permissions do not apply to root, a read-only mount does)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.paths import Locations
from reader.core.store import Annotation, AnnotationStore


def _mount_read_only(source: Path, target: Path) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    first = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True)
    if first.returncode:
        return False
    second = subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], capture_output=True)
    if second.returncode:
        subprocess.run(["umount", str(target)], capture_output=True)
        return False
    return True


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[Path]:
    """A home with the seeds, a note and no cache, seen through a read-only mount."""
    source = tmp_path / "source"
    locations = Locations.resolve(source)
    library = Library(locations)
    article = library.articles()[0]
    store = AnnotationStore.open(locations.database)
    text = library.document(article.id).text
    store.add(Annotation.new(article=article.id, quote=text[10:14], start=10, end=14, note="讀得到"))
    store.close()
    shutil.rmtree(source / "cache", ignore_errors=True)
    shutil.rmtree(source / "themes", ignore_errors=True)
    view = tmp_path / "ro"
    if not _mount_read_only(source, view):
        pytest.skip("needs a read-only mount (root with mount)")
    try:
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)  # lazy: open lock files may remain


def reader(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "READER_HOME": str(home)},
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "args",
    [["library"], ["notes", "list"], ["export"], ["export", "--format", "json"], ["library", "--json"]],
)
def test_every_reading_command_works_with_a_notice(read_only_home: Path, args: list[str]) -> None:
    proc = reader(read_only_home, *args)
    assert proc.returncode == 0, proc.stderr
    assert "read-only" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout.strip()
    if args == ["notes", "list"]:
        assert "讀得到" in proc.stdout


def test_a_change_is_refused_with_one_line(read_only_home: Path) -> None:
    articles = json.loads(reader(read_only_home, "library", "--json").stdout)
    proc = reader(read_only_home, "notes", "add", articles[0]["id"], "--quote", "香港", "--nth", "1")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "read-only" in proc.stderr.splitlines()[-1]


def test_a_new_home_under_a_read_only_parent_is_one_line(read_only_home: Path) -> None:
    proc = reader(read_only_home / "new-home", "library")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "read-only" in proc.stderr


async def test_the_app_starts_and_says_changes_cannot_be_saved(read_only_home: Path) -> None:
    from reader.ui.app import ReaderApp
    from tests.ui.conftest import wait_for

    app = ReaderApp(Locations.resolve(read_only_home), warm=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, app.notes.ready.is_set)
        await pilot.pause(0.2)
        shown = [n.message for n in app._notifications]
        assert any(
            ("read-only" in m and "library" not in m.lower()) or "articles can be read" in m for m in shown
        )
        assert any("notes" in m.lower() and "read-only" in m for m in shown), shown
        assert app.library.articles()
