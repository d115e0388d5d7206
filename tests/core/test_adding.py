"""Adding files and folders: in batches, with progress for each file, names unique within a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import adding
from reader.core.adding import add_all, gather
from reader.core.library import Library
from reader.core.paths import Locations


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(Locations.resolve(tmp_path / "home"))


def _texts(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        path = folder / f"{k:03}.txt"
        path.write_text(f"第{k}篇：天下大势，分久必合，合久必分。\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_a_folder_is_added_in_batches_with_progress_for_every_file(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _texts(tmp_path / "in", 2 * adding.BATCH + 3)
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    library.articles()  # the seeds are saved on first use
    saves = []
    real_save = Library._save
    monkeypatch.setattr(Library, "_save", lambda self: (saves.append(1), real_save(self))[1])
    seen: list[tuple[int, int, Path]] = []
    report = add_all(library, [tmp_path / "in"], lambda done, total, path: seen.append((done, total, path)))
    total = len(files) + 1
    assert [s[:2] for s in seen] == [(k, total) for k in range(1, total + 1)]
    assert len(saves) == 3, "one save a batch, not one a file"
    assert len(report.added) == len(files) and len(report.failed) == 1
    assert report.summary() == f"added {len(files)} articles; 1 could not be read"


def test_files_of_one_name_in_a_folder_are_known_by_their_paths(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        _texts(tmp_path / "site" / sub, 1)
    _texts(tmp_path / "site" / "c", 2)
    found = gather([tmp_path / "site"])
    assert sorted(found.names.values()) == ["site/a/000.txt", "site/b/000.txt", "site/c/000.txt"]
    assert tmp_path / "site" / "c" / "001.txt" not in found.names


def test_the_same_bytes_under_two_names_are_two_articles(library: Library, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (a, b):
        path.write_text("同一篇文章。\n", encoding="utf-8")
    report = add_all(library, [a, b])
    ids = {r.article.id for r in report.added if r.article}
    assert len(ids) == 2 and len(library.articles()) == 5 + 2
