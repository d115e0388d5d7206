"""Adding what the user points at: files and folders of them, in batches, with progress and a summary.

The command line's ``reader add`` and the app's add dialog both come here, so a folder is read the
same way wherever it is added: every readable file under it (:func:`reader.core.importers.walk`),
each read by the importer its bytes call for, and one line saying what was added, what was skipped
and why, and what could not be read.

Files are added a batch at a time: the library's lock is taken once per batch (not once per file,
which would rewrite its list thousands of times for a large folder; not once for all, which would
hold every file of the folder in memory before any is saved).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.importers import Skipped, walk
from reader.core.library import AddResult, Library

BATCH = 16

# ``progress(done, total, path)``: called as each file has been read (``done`` counts it).
Progress = Callable[[int, int, Path], None]


@dataclass
class Gathered:
    """The files to add, in order, each with the name the library knows it by; what was skipped."""

    files: list[Path] = field(default_factory=list)
    names: dict[Path, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    folders: int = 0


@dataclass
class AddReport:
    results: list[AddResult]
    skipped: list[Skipped]
    folders: int = 0

    @property
    def added(self) -> list[AddResult]:
        return [r for r in self.results if r.article is not None and not r.updated]

    @property
    def updated(self) -> list[AddResult]:
        return [r for r in self.results if r.article is not None and r.updated]

    @property
    def failed(self) -> list[AddResult]:
        return [r for r in self.results if r.error]

    def summary(self) -> str:
        """One line: added, updated, skipped by reason, and how many could not be read."""
        added, updated, failed = len(self.added), len(self.updated), len(self.failed)
        line = f"added {added} article{'s' * (added != 1)}"
        if updated:
            line += f", updated {updated}"
        if self.skipped:
            reasons = Counter(s.why for s in self.skipped)
            line += (
                f"; skipped {len(self.skipped)} ("
                + ", ".join(f"{n} {why}" for why, n in reasons.most_common())
                + ")"
            )
        if failed:
            line += f"; {failed} could not be read"
        return line


def gather(paths: Iterable[str | os.PathLike[str]]) -> Gathered:
    """Files as given, and every readable file under each folder given.

    A file found in a folder is known by its name, or by its path within the folder when another
    file found there has the same name (``a/index.html`` and ``b/index.html`` are two articles);
    adding the folder again finds the same names, and so updates the same articles.
    """
    found = Gathered()
    for raw in paths:
        path = Path(raw)
        if not _is_dir(path):
            found.files.append(path)
            continue
        found.folders += 1
        walked = walk(path)
        found.skipped.extend(walked.skipped)
        counts = Counter(f.name for f in walked.files)
        for file in walked.files:
            found.files.append(file)
            if counts[file.name] > 1:
                found.names[file] = str(file.relative_to(path.parent))
    return found


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; a path that cannot be looked at (too long, no permission) is
    not, and is then reported by the reading that follows."""
    try:
        return path.is_dir()
    except OSError:
        return False


def add_all(
    library: Library, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None
) -> AddReport:
    """Add every file given and every readable file under every folder given, a batch at a time."""
    found = gather(paths)
    total = len(found.files)
    results: list[AddResult] = []
    done = 0

    def read(path: Path) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, path)

    for start in range(0, total, BATCH):
        batch = found.files[start : start + BATCH]
        results.extend(library.add(batch, names=found.names, on_read=read))
    return AddReport(results, found.skipped, found.folders)
