"""The library: articles copied into the data home, their metadata, and
prepared (cleaned and segmented) text cached on disk.

Metadata lives in one JSON file, rewritten atomically under a file lock and
re-read when another process changed it, so two copies of the reader (or the
reader and a command) never lose each other's changes.

Damage is never silent: an unreadable metadata file is kept aside and every
entry that can still be read from it is kept (the rest are rebuilt from the
article copies); an entry of the wrong shape is set aside and the others load.
Each such event becomes one message in :meth:`Library.take_notices`, which
every entry point (each command, the app) shows once. A read-only data home
can be read; the notices say that changes cannot be saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from reader.core.fileio import (
    TMP_SUFFIX,
    FileLock,
    aside_name,
    atomic_write_bytes,
    move_aside,
    remove_files,
    stale_temporaries,
    writable_folder,
)
from reader.core.load import LoadError, load_bytes, load_path, read_path
from reader.core.model import Document
from reader.core.paths import SEEDS_DIR, HomeError, Locations
from reader.core.prepare import Prepared, prepare_cached, prepare_isolated
from reader.core.records import RecordError, check, decode_json, salvage_objects
from reader.core.sanitize import clean_line, visible_line

LIBRARY_VERSION = 1
PASTED_TITLE = 60  # characters of a pasted text's first line that make its title
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")


# How an article's script shows in a list: a character for the two scripts, words for the rest.
SCRIPT_MARKS = {"simplified": "简", "traditional": "繁", "mixed": "mixed", "none": "—"}


def script_mark(script: str) -> str:
    return SCRIPT_MARKS.get(script, script)


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


class _LibraryFile(msgspec.Struct):
    """The metadata file's shape; each entry is checked on its own, so one bad entry loses nothing else."""

    articles: list[Any]
    version: int = LIBRARY_VERSION


class _CheckedFile(msgspec.Struct, kw_only=True):
    """The metadata file when every entry is an article: read and checked in one pass (10,000 entries in
    a few tens of milliseconds, not one conversion per entry)."""

    version: int = LIBRARY_VERSION
    articles: list[Article]


@dataclass(frozen=True)
class _Incoming:
    """A file on its way into the library: the bytes to keep, and its cleaned text.

    A text file is kept as it came (``data`` is its bytes, as read once); anything else (a PDF, a web
    page, a book) is kept as the text its importer read from it, in UTF-8, and ``digest`` is of the
    file itself, so that adding it again finds the same article.
    """

    path: Path
    data: bytes
    encoding: str
    prepared: Prepared
    digest: str
    title: str = ""  # the title the file declares (a PDF's, a page's, a book's)
    suffix: str = ""  # of the kept copy: the file's own for text, ``.txt`` for what was read from others
    name: str = ""  # the name the library knows it by, when not the file's own


@dataclass
class AddResult:
    path: Path
    article: Article | None = None
    error: str | None = None
    updated: bool = False  # an article of the same name was already there and got the new text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# What clean_line would change in a title: controls, line breaks, bidi controls, lone surrogates,
# runs of spaces or tabs, spaces at either end. Most titles have none and are kept as they are.
_UNCLEAN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]|  |^\\s|\\s$")


def _tidied(article: Article) -> Article:
    """An article read from the file with a title that shows on one line and a position inside its text."""
    if not article.title or _UNCLEAN.search(article.title):
        article.title = clean_line(article.title) or article.id
    article.position = max(0, min(article.position, article.length))
    return article


def _copy(article: Article) -> Article:
    """A copy a caller may change without changing the library's (a third of ``copy.copy``'s cost, a
    tenth of ``replace``'s: it counts at 10,000 articles)."""
    copied = object.__new__(Article)
    copied.__dict__.update(article.__dict__)
    copied.tags = list(article.tags)
    return copied


def _is_temporary(name: str) -> bool:
    """Whether ``name`` is a temporary of :func:`atomic_write_bytes` (``.NAME.DIGITS.tmp``)."""
    if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
        return False
    middle, _, digits = name[1 : -len(TMP_SUFFIX)].rpartition(".")
    return bool(middle) and digits.isdigit()


class Library:
    """Articles in the data home. Safe to use from several threads and processes."""

    def __init__(self, locations: Locations) -> None:
        self.locations = locations
        self._articles: dict[str, Article] = {}
        self._stamp: tuple[int, int] | None = None
        self._documents: dict[str, tuple[str, Prepared]] = {}
        self._thread_lock = threading.RLock()
        self.recovered_from: Path | None = None
        self.read_only = False  # the data home cannot be written: shown, not saved
        self._notices: list[str] = []
        self._told_read_only = False
        self._swept = False  # leftovers of interrupted writes were looked for
        self._file_lock: FileLock | None = None
        self._prepare_home: Locations | None = None

    # -- persistence -----------------------------------------------------

    @property
    def _file(self) -> Path:
        return self.locations.library_file

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                self.locations.data  # noqa: B018 - made now: a home that cannot exist is one line
            except HomeError as exc:
                raise LibraryError(str(exc)) from None
            if self._file_lock is None:
                self._file_lock = FileLock(self._file.with_suffix(".lock"))
            try:
                self._file_lock.__enter__()
            except OSError as exc:
                raise LibraryError(
                    f"the library in {visible_line(str(self.locations.data_root))} cannot be "
                    f"used: {exc.strerror or exc}"
                ) from None
            try:
                self.read_only = self._file_lock.read_only
                if not self._swept and not self.read_only:
                    self._sweep()
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
            raw = path.read_bytes()
        except OSError as exc:
            raise LibraryError(
                f"the library file {visible_line(str(path))} cannot be read: {exc.strerror or exc}"
            ) from None
        try:
            articles = decode_json(raw, _CheckedFile).articles
        except RecordError:
            articles = None  # a damaged entry, or a damaged file: read entry by entry below
        if articles is not None:
            self._articles = {a.id: _tidied(a) for a in articles}
            self._stamp = stamp
            return
        try:
            entries = decode_json(raw, _LibraryFile).articles
        except RecordError as exc:
            self._recover(path, raw, str(exc))
            return
        self._articles = self._checked(entries)
        self._stamp = stamp
        if len(self._articles) < len(entries) and not self.read_only:
            relisted = self._rescan()  # a set-aside entry's article is listed again from its copy
            if relisted:
                self._notices.append(
                    f"{relisted} article(s) of the damaged entries were listed again from "
                    "their copies (their titles, tags and positions start afresh)"
                )

    def _checked(self, entries: Sequence[object]) -> dict[str, Article]:
        """The entries that are articles; the others are kept aside with a notice."""
        articles: dict[str, Article] = {}
        rejected: list[tuple[object, str]] = []
        for entry in entries:
            try:
                article = check(entry, Article)
            except RecordError as exc:
                rejected.append((entry, str(exc)))
                continue
            articles[article.id] = _tidied(article)
        if rejected:
            where = self._keep_aside(rejected)
            self._notices.append(
                f"{len(rejected)} damaged library entr{'y' if len(rejected) == 1 else 'ies'} "
                f"could not be read ({visible_line(rejected[0][1])}){where}; the rest loaded"
            )
        return articles

    def _keep_aside(self, rejected: list[tuple[object, str]]) -> str:
        if self.read_only:
            return ""
        aside = aside_name(self._file, "rejected")
        try:
            aside.write_text(
                "\n".join(
                    json.dumps({"why": why, "entry": entry}, ensure_ascii=False) for entry, why in rejected
                )
                + "\n",
                encoding="utf-8",
            )
        except (OSError, TypeError, ValueError, RecursionError):
            return ""
        return f"; kept in {visible_line(str(aside))}"

    def _recover(self, path: Path, raw: bytes, why: str) -> None:
        """An unreadable metadata file: keep it aside, keep every entry still readable, rebuild the rest."""
        salvaged = salvage_objects(raw.decode("utf-8", "replace"), key="id")
        self._articles = self._checked(salvaged)
        self._stamp = (0, 0)
        if self.read_only:
            self._notices.append(
                f"The library file {visible_line(str(path))} is damaged ({visible_line(why)}); "
                f"{len(self._articles)} article(s) could still be read"
            )
            return
        self.recovered_from = move_aside(path)
        rebuilt = self._rescan()
        self._notices.append(
            f"The library file was damaged ({visible_line(why)}) and was kept as "
            f"{visible_line(str(self.recovered_from))}; {len(self._articles) - rebuilt} article(s) were "
            f"recovered from it and {rebuilt} rebuilt from their copies (their titles, tags and "
            "positions start afresh)"
        )

    def _sweep(self) -> None:
        """Remove what interrupted writes left (under the lock, so no write is under way): the metadata
        file's temporaries, and unfinished copies and temporaries in the articles folder, found in one
        listing of it however many articles there are."""
        self._swept = True
        leftovers = list(stale_temporaries(self._file))
        folder = self.locations.data_root / "articles"
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        leftovers += [folder / name for name in names if name.endswith(".part") or _is_temporary(name)]
        removed = remove_files(leftovers)
        if removed:
            self._notices.append(f"Removed {removed} unfinished file(s) left by an interrupted save or copy")

    def _save(self) -> None:
        if self.read_only:
            raise LibraryError(
                f"the data folder {visible_line(str(self.locations.data_root))} is read-only: "
                "changes to the library cannot be saved"
            )
        data = _CheckedFile(articles=list(self._articles.values()))
        try:
            atomic_write_bytes(self._file, msgspec.json.format(msgspec.json.encode(data), indent=1))
        except OSError as exc:
            raise LibraryError(f"could not save the library: {exc.strerror or exc}") from None
        st = self._file.stat()
        self._stamp = (st.st_mtime_ns, st.st_size)

    def _seed(self) -> None:
        """A new data home starts with the bundled articles."""
        if self.read_only:
            return  # nothing can be copied into a read-only home; it stays empty
        seeds = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
        for path in seeds:
            self._add_one(path)
        self._save()

    def _rescan(self) -> int:
        """Add the article copies the metadata does not list (after it was damaged); how many were added."""
        known = {a.filename for a in self._articles.values()}
        added = 0
        for path in sorted(self.locations.articles.glob("*")):
            if path.name in known or path.name.startswith(".") or path.suffix == ".part":
                continue
            try:
                self._add_one(path, keep_id=path.stem)
                added += 1
            except (LoadError, LibraryError):
                continue  # not an article (a stray file): leave it alone
        if not self._articles:
            self._seed()
        else:
            self._save()
        return added

    def take_notices(self) -> list[str]:
        """What the user should be told about the library (damage found and repaired, leftovers removed,
        a read-only home), each message once: a second call returns only what happened since."""
        notices, self._notices = self._notices, []
        if self.read_only and not self._told_read_only:
            self._told_read_only = True
            notices.append(
                f"The data folder {visible_line(str(self.locations.data_root))} is read-only: "
                "articles can be read, but changes cannot be saved"
            )
        return notices

    # -- queries ---------------------------------------------------------

    def articles(self) -> list[Article]:
        with self._locked():
            return [_copy(a) for a in self._articles.values()]

    def get(self, article_id: str) -> Article:
        with self._locked():
            article = self._articles.get(article_id)
            if article is None:
                raise LibraryError(f"no article with id {visible_line(repr(article_id))} in the library")
            return _copy(article)

    def find(self, ref: str) -> Article:
        """An article by id, id prefix, title, or the path/name of the file it was added from."""
        with self._locked():
            arts = list(self._articles.values())
        ref = clean_line(ref)
        if not ref:
            raise LibraryError("no article given (see `reader library` for their ids)")
        if ref in {a.id for a in arts}:
            return self.get(ref)
        name = clean_line(Path(ref).name)
        matches = [a for a in arts if a.id.startswith(ref) or a.title == ref or a.source_name == name]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise LibraryError(f"no article matches {visible_line(repr(ref))} (see `reader library`)")
        raise LibraryError(f"{visible_line(repr(ref))} matches {len(matches)} articles; give its id")

    def article_path(self, article: Article) -> Path:
        return self.locations.articles / article.filename

    # -- changes ---------------------------------------------------------

    def add(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        names: Mapping[Path, str] | None = None,
        on_read: Callable[[Path], None] | None = None,
    ) -> list[AddResult]:
        """Copy files into the library; a file that cannot be read is reported and the rest still import.

        The files are read and cleaned first, without the library's lock (cleaning a large file takes
        a while, and another process may want the lock meanwhile); the lock is held only to copy them
        in and save the list. A file is known by its name, unless ``names`` gives it another (two
        files of one name in a folder); ``on_read`` is told of each file as it has been read.
        """
        results: list[AddResult] = []
        incoming: list[tuple[int, _Incoming]] = []
        for raw in paths:
            path = Path(raw)
            try:
                incoming.append((len(results), self._read_new(path, (names or {}).get(path, ""))))
            except (LoadError, LibraryError) as exc:
                results.append(AddResult(path, error=str(exc)))
            else:
                results.append(AddResult(path))
            if on_read is not None:
                on_read(path)
        if not incoming:
            return results
        with self._locked():
            for index, item in incoming:
                try:
                    article, updated = self._put_new(item)
                    results[index] = AddResult(item.path, article, updated=updated)
                except LibraryError as exc:
                    results[index] = AddResult(item.path, error=str(exc))
            self._save()
        return results

    def add_text(self, text: str) -> AddResult:
        """Add pasted text as if it were a file: kept in UTF-8, its first line its title, and known by a
        name made from its contents (the same text pasted again is the same article)."""
        data = text.encode("utf-8", errors="replace")
        digest = hashlib.sha1(data).hexdigest()
        name = f"pasted-{digest[:10]}.txt"
        first = next((clean_line(t) for t in text.splitlines() if clean_line(t)), "")
        title = first if len(first) <= PASTED_TITLE else first[: PASTED_TITLE - 1].rstrip() + "…"
        try:
            item = self._incoming(Path(name), data, data, title, ".txt")
        except LoadError as exc:
            return AddResult(Path(name), error=str(exc).replace(name, "the pasted text", 1))
        with self._locked():
            article, updated = self._put_new(item)
            self._save()
        return AddResult(Path(name), article, updated=updated)

    def _add_one(self, path: Path, keep_id: str | None = None) -> tuple[Article, bool]:
        """Add a text file (a seed, or a copy already in the articles folder) as it is."""
        data = read_path(path)
        return self._put_new(self._incoming(path, data, data, "", path.suffix), keep_id)

    def _read_new(self, path: Path, name: str = "") -> _Incoming:
        """A file read (once: a pipe cannot be read twice) by the importer its bytes call for, and
        cleaned; no lock needed."""
        from reader.core.importers import read_bytes

        data = read_path(path)
        try:
            imported = read_bytes(data, str(path))
        except LoadError:
            raise
        except Exception as exc:  # a file no importer foresaw: this file fails, the others still import
            why = f"{type(exc).__name__}: {exc}"
            raise LoadError(f"{visible_line(str(path))}: could not be read ({visible_line(why)})") from None
        if imported.kind == "text":
            return self._incoming(path, data, data, "", path.suffix, name)
        text = imported.reading_text.encode("utf-8")
        return self._incoming(path, data, text, imported.title, ".txt", name)

    def _incoming(
        self, path: Path, original: bytes, kept: bytes, title: str, suffix: str, name: str = ""
    ) -> _Incoming:
        """``kept`` decoded as the library will read it back, and cleaned (into the cache)."""
        loaded = load_bytes(kept, name=str(path))
        prepared = prepare_cached(loaded.text, self.locations, segment=False)
        digest = hashlib.sha1(original).hexdigest()
        return _Incoming(path, kept, loaded.encoding, prepared, digest, title, suffix, name)

    def _put_new(self, item: _Incoming, keep_id: str | None = None) -> tuple[Article, bool]:
        """Copy a read file into the library and list it (under the lock); True when it replaced one."""
        path, data, digest = item.path, item.data, item.digest
        source_name = clean_line(item.name or path.name) or digest[:10]
        same = [a for a in self._articles.values() if a.source_name == source_name and keep_id is None]
        existing = same[0] if same else None
        article_id = keep_id or (existing.id if existing else digest[:10])
        if not keep_id and not existing and article_id in self._articles:
            # The same bytes under another name (a page saved twice): an article of its own.
            article_id = hashlib.sha1(f"{source_name}\0{digest}".encode()).hexdigest()[:10]
        suffix = clean_line(item.suffix) if _SAFE_SUFFIX.fullmatch(item.suffix) else ""
        filename = f"{article_id}{suffix or '.txt'}"
        target = self.locations.articles / filename
        if os.path.realpath(path) != os.path.realpath(target):
            try:
                atomic_write_bytes(target, data)
            except OSError as exc:
                raise LibraryError(
                    f"{visible_line(str(path))}: could not copy into the library: {exc.strerror or exc}"
                ) from None
        doc = item.prepared.document
        article = Article(
            id=article_id,
            title=clean_line(item.title)
            or clean_line(doc.title or "")
            or clean_line(path.stem)
            or article_id,
            filename=filename,
            source_name=source_name,
            script=item.prepared.script,
            length=len(doc.text),
            added=existing.added if existing else now(),
            encoding=item.encoding,
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
                raise LibraryError(f"no article with id {visible_line(repr(article_id))} in the library")
            self._save()
        try:
            (self.locations.articles / article.filename).unlink()
        except OSError:
            pass  # the metadata is what counts; a leftover copy is harmless
        return article

    def update(
        self,
        article_id: str,
        *,
        title: str | None = None,
        tags: list[str] | None = None,
        position: int | None = None,
        opened: bool = False,
    ) -> Article:
        with self._locked():
            article = self._articles.get(article_id)
            if article is None:
                raise LibraryError(f"no article with id {visible_line(repr(article_id))} in the library")
            if title is not None and clean_line(title):
                article.title = clean_line(title)
            if tags is not None:
                article.tags = sorted({clean_line(t) for t in tags if clean_line(t)})
            if position is not None:
                article.position = max(0, min(position, article.length))
            if opened:
                article.last_opened = now()
            if self.read_only and title is None and tags is None:
                return _copy(article)  # a reading position: kept for this session
            self._save()
            return _copy(article)

    # -- text ------------------------------------------------------------

    def _cache_home(self) -> Locations:
        """Where prepared articles are cached: the data home's cache, or (when that cannot be written,
        e.g. a read-only home) a private temporary folder that goes when the process ends."""
        if self._prepare_home is None:
            home = self.locations
            try:
                usable = writable_folder(home.cache)
            except HomeError:
                usable = False
            if not usable:
                import atexit
                import tempfile

                root = Path(tempfile.mkdtemp(prefix="reader-cache-"))
                atexit.register(shutil.rmtree, root, True)
                home = Locations(home.data_root, root, home.config_root)
            self._prepare_home = home
        return self._prepare_home

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
        where = self._cache_home()
        if segment and isolate:
            prepared = prepare_isolated(loaded.text, where)
        else:
            prepared = prepare_cached(loaded.text, where, segment=segment)
        self._documents[article_id] = (loaded.text, prepared)
        return prepared

    def forget_prepared(self) -> None:
        """Drop the prepared articles kept in memory: the user's segmentation corrections changed."""
        self._documents.clear()

    def document(self, article_id: str) -> Document:
        return self.prepared(article_id, segment=False).document
