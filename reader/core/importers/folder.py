"""A folder's readable files, and what was skipped and why.

Files are chosen by what they are, not by name alone: a file whose name says
text, PDF, web page or book is offered, and so is a file without a known
ending whose first bytes are a PDF's, an EPUB's or a web page's. Hidden
files and folders, symbolic links that lead out of the folder or in a
circle, and anything that is not a regular file are skipped, each with its
reason, so ``reader add DIR`` can say in one line what it left out.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.importers.dispatch import kind_of

READABLE = {".txt", ".text", ".md", ".pdf", ".html", ".htm", ".xhtml", ".mht", ".mhtml", ".epub"}
# Endings of files that are surely not articles: skipped without being opened.
NOT_ARTICLES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".bmp",
    ".svg",
    ".ico",
    ".mp3",
    ".mp4",
    ".m4a",
    ".wav",
    ".mkv",
    ".avi",
    ".mov",
    ".zip",
    ".gz",
    ".tar",
    ".7z",
    ".rar",
    ".exe",
    ".dll",
    ".so",
    ".dylib",
    ".pyc",
    ".db",
    ".sqlite",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".pptx",
    ".ppt",
    ".css",
    ".js",
    ".json",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".iso",
    ".dmg",
}
MAX_FILES = 10_000
MAX_DEPTH = 32


@dataclass(frozen=True)
class Skipped:
    path: Path
    why: str


@dataclass
class Walk:
    """What a walk found: the readable files in order, and the skipped ones with their reasons."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        """One line: how many files, and how many skipped for each reason."""
        reasons = Counter(s.why for s in self.skipped)
        line = f"{len(self.files)} file{'s' * (len(self.files) != 1)} to read"
        if reasons:
            line += "; skipped " + ", ".join(f"{n} {why}" for why, n in reasons.most_common())
        return line


def walk(folder: str | Path, *, recursive: bool = True) -> Walk:
    """Every readable file under ``folder`` (sorted by path), and what was skipped and why."""
    result = Walk()
    root = Path(folder)
    for path, why in _entries(root, recursive):
        if why:
            result.skipped.append(Skipped(path, why))
        elif len(result.files) >= MAX_FILES:
            result.skipped.append(Skipped(path, f"beyond the first {MAX_FILES} files"))
        else:
            result.files.append(path)
    return result


def _entries(root: Path, recursive: bool) -> Iterator[tuple[Path, str]]:
    seen: set[tuple[int, int]] = set()
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                yield folder, "folders seen before (a link in a circle)"
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            yield folder, "folders that cannot be opened (permission denied)"
            continue
        except OSError:
            yield folder, "folders that cannot be opened"
            continue
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                yield path, "hidden"
                continue
            try:
                mode = path.stat().st_mode  # follows links
            except OSError:
                yield path, "broken links or unreadable entries"
                continue
            if stat.S_ISDIR(mode):
                if not recursive:
                    yield path, "folders (not recursive)"
                elif depth + 1 > MAX_DEPTH:
                    yield path, f"folders deeper than {MAX_DEPTH} levels"
                else:
                    subfolders.append((path, depth + 1))
                continue
            yield path, _why_not(path, mode)
        stack.extend(reversed(subfolders))


def _why_not(path: Path, mode: int) -> str:
    """Why ``path`` is not offered, or ``""`` if it is."""
    if not stat.S_ISREG(mode):
        return "not regular files"
    suffix = path.suffix.lower()
    if suffix in READABLE:
        return ""
    if suffix in NOT_ARTICLES:
        return "not articles (images, media, archives, documents of other kinds)"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return "unreadable"
    if not head:
        return "empty"
    kind = kind_of(head, path.name)
    if kind in ("pdf", "html", "mhtml", "epub"):
        return ""
    if kind == "text" and suffix == "" and b"\x00" not in head[:1024]:
        return ""
    return "of unknown kind"
