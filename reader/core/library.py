"""The library: articles copied into the data home, their metadata, and
prepared (cleaned and segmented) text cached on disk.

Metadata lives in one JSON file, rewritten atomically under a file lock and
re-read when another process changed it, so two copies of the reader (or the
reader and a command) never lose each other's changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from reader.core.fileio import FileLock, atomic_write_text, move_aside
from reader.core.load import LoadError, load_path
from reader.core.model import Document
from reader.core.paths import SEEDS_DIR, Locations
from reader.core.prepare import Prepared, prepare_cached, prepare_isolated

LIBRARY_VERSION = 1


class LibraryError(Exception):
    """A one-line message for the user."""


@dataclass
class Article:
    id: str
    title: str
    filename: str  # the copy inside the data home's articles folder
    source_name: str  # the name of the file the user added
    script: str  # simplified | traditional | mixed | none
    length: int  # characters in the cleaned text
    added: str
    last_opened: str | None = None
    position: int = 0  # reading position: an offset into the cleaned text
    tags: list[str] = field(default_factory=list)
    encoding: str = "utf-8"

    @property
    def progress(self) -> float:
        return min(1.0, self.position / self.length) if self.length else 0.0


@dataclass
class AddResult:
    path: Path
    article: Article | None = None
    error: str | None = None
    updated: bool = False  # an article of the same name was already there and got the new text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Library:
    """Articles in the data home. Safe to use from several threads and processes."""

    def __init__(self, locations: Locations) -> None:
        self.locations = locations
        self._articles: dict[str, Article] = {}
        self._stamp: tuple[int, int] | None = None
        self._documents: dict[str, tuple[str, Prepared]] = {}
        self._thread_lock = threading.RLock()
        self.recovered_from: Path | None = None
        self._file_lock: FileLock | None = None
        from reader.core.segment import configure

        configure(locations.cache_root / "jieba")  # the word dictionary's cache lives with ours

    # -- persistence -----------------------------------------------------

    @property
    def _file(self) -> Path:
        return self.locations.library_file

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            if self._file_lock is None:
                self._file_lock = FileLock(self._file.with_suffix(".lock"))
            try:
                self._file_lock.__enter__()
            except OSError as exc:
                raise LibraryError(f"the library in {self.locations.data_root} cannot be used: "
                                   f"{exc.strerror or exc}") from None
            try:
                self._refresh()
                yield
            finally:
                self._file_lock.__exit__(None, None, None)

    def _refresh(self) -> None:
        """Read the metadata if it changed on disk since we last read it (or never was read)."""
        path = self._file
        try:
            st = path.stat()
        except FileNotFoundError:
            if self._stamp is None:
                self._stamp = (0, 0)
                self._seed()
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            articles = {a["id"]: Article(**a) for a in data["articles"]}
        except (ValueError, KeyError, TypeError):
            # Never overwrite what we cannot read: keep it beside, tell the user, start again.
            self.recovered_from = move_aside(path)
            self._articles = {}
            self._stamp = (0, 0)
            self._rescan()
            return
        self._articles = articles
        self._stamp = stamp

    def _save(self) -> None:
        data = {"version": LIBRARY_VERSION, "articles": [asdict(a) for a in self._articles.values()]}
        try:
            atomic_write_text(self._file, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise LibraryError(f"could not save the library: {exc.strerror or exc}") from None
        st = self._file.stat()
        self._stamp = (st.st_mtime_ns, st.st_size)

    def _seed(self) -> None:
        """A new data home starts with the bundled articles."""
        seeds = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
        for path in seeds:
            self._add_one(path)
        self._save()

    def _rescan(self) -> None:
        """Rebuild metadata from the article copies after the metadata file was lost."""
        for path in sorted(self.locations.articles.glob("*")):
            self._add_one(path, keep_id=path.stem)
        if not self._articles:
            self._seed()
        else:
            self._save()

    # -- queries ---------------------------------------------------------

    def articles(self) -> list[Article]:
        with self._locked():
            return [replace(a, tags=list(a.tags)) for a in self._articles.values()]

    def get(self, article_id: str) -> Article:
        with self._locked():
            article = self._articles.get(article_id)
            if article is None:
                raise LibraryError(f"no article with id {article_id!r} in the library")
            return replace(article, tags=list(article.tags))

    def find(self, ref: str) -> Article:
        """An article by id, id prefix, title, or the path/name of the file it was added from."""
        with self._locked():
            arts = list(self._articles.values())
        if ref in {a.id for a in arts}:
            return self.get(ref)
        name = Path(ref).name
        matches = [a for a in arts if a.id.startswith(ref) or a.title == ref or a.source_name == name]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise LibraryError(f"no article matches {ref!r} (see `reader library`)")
        raise LibraryError(f"{ref!r} matches {len(matches)} articles; give its id")

    def article_path(self, article: Article) -> Path:
        return self.locations.articles / article.filename

    # -- changes ---------------------------------------------------------

    def add(self, paths: Iterable[str | os.PathLike[str]]) -> list[AddResult]:
        """Copy files into the library; a file that cannot be read is reported and the rest still import."""
        results = []
        with self._locked():
            for raw in paths:
                path = Path(raw)
                try:
                    article, updated = self._add_one(path)
                    results.append(AddResult(path, article, updated=updated))
                except (LoadError, LibraryError) as exc:
                    results.append(AddResult(path, error=str(exc)))
            self._save()
        return results

    def _add_one(self, path: Path, keep_id: str | None = None) -> tuple[Article, bool]:
        loaded = load_path(path)
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()
        same = [a for a in self._articles.values() if a.source_name == path.name and keep_id is None]
        existing = same[0] if same else None
        article_id = keep_id or (existing.id if existing else digest[:10])
        filename = f"{article_id}{path.suffix or '.txt'}"
        target = self.locations.articles / filename
        if path.resolve() != target.resolve():
            try:
                tmp = target.with_suffix(target.suffix + ".part")
                shutil.copyfile(path, tmp)
                os.replace(tmp, target)
            except OSError as exc:
                raise LibraryError(f"{path}: could not copy into the library: {exc.strerror or exc}") from None
        prepared = prepare_cached(loaded.text, self.locations, segment=False)
        doc = prepared.document
        article = Article(
            id=article_id,
            title=doc.title or path.stem,
            filename=filename,
            source_name=path.name,
            script=prepared.script,
            length=len(doc.text),
            added=existing.added if existing else now(),
            encoding=loaded.encoding,
        )
        if existing:
            article.tags, article.last_opened = existing.tags, existing.last_opened
            article.position = min(existing.position, article.length)
            if existing.title != existing.source_name and existing.title != doc.title:
                article.title = existing.title  # a title the user chose survives new text
        self._articles[article_id] = article
        self._documents.pop(article_id, None)
        return article, existing is not None

    def remove(self, article_id: str) -> Article:
        with self._locked():
            article = self._articles.pop(article_id, None)
            if article is None:
                raise LibraryError(f"no article with id {article_id!r} in the library")
            self._save()
        try:
            (self.locations.articles / article.filename).unlink()
        except OSError:
            pass  # the metadata is what counts; a leftover copy is harmless
        return article

    def update(self, article_id: str, *, title: str | None = None, tags: list[str] | None = None,
               position: int | None = None, opened: bool = False) -> Article:
        with self._locked():
            article = self._articles.get(article_id)
            if article is None:
                raise LibraryError(f"no article with id {article_id!r} in the library")
            if title is not None and title.strip():
                article.title = title.strip()
            if tags is not None:
                article.tags = sorted({t.strip() for t in tags if t.strip()})
            if position is not None:
                article.position = max(0, min(position, article.length))
            if opened:
                article.last_opened = now()
            self._save()
            return replace(article, tags=list(article.tags))

    # -- text ------------------------------------------------------------

    def prepared(self, article_id: str, *, segment: bool = True, isolate: bool = False) -> Prepared:
        """The article cleaned (and segmented), from memory, the disk cache, or made now.

        ``isolate`` segments in a child process (see :func:`prepare_isolated`), for the app.
        """
        article = self.get(article_id)
        path = self.article_path(article)
        try:
            loaded = load_path(path)
        except LoadError as exc:
            raise LibraryError(str(exc)) from None
        cached = self._documents.get(article_id)
        if cached and cached[0] == loaded.text and (cached[1].readings is not None or not segment):
            return cached[1]
        if segment and isolate:
            prepared = prepare_isolated(loaded.text, self.locations)
        else:
            prepared = prepare_cached(loaded.text, self.locations, segment=segment)
        self._documents[article_id] = (loaded.text, prepared)
        return prepared

    def document(self, article_id: str) -> Document:
        return self.prepared(article_id, segment=False).document
