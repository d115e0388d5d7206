"""A TinyDB storage that survives ``kill -9``, full disks and a second copy of the app.

TinyDB's own ``JSONStorage`` rewrites the file in place (a crash mid-write
leaves a file it cannot open) and ``CachingMiddleware`` acknowledges writes it
has not made. Rewriting the whole file atomically on every save is safe but
costs about half a second at 100,000 annotations. So:

* ``annotations.json`` is an ordinary TinyDB document (``{"table": {"1": {...}}}``),
  readable by people and by ``TinyDB(path)``, replaced only atomically
  (temporary file, fsync, ``os.replace``, fsync of the folder);
* ``annotations.json.journal`` holds one JSON line per transaction since then:
  ``{"ops": [[table, doc_id, document-or-null], ...]}``, each line fsynced before
  the save returns. A line records whole documents, so replaying it twice does
  no harm (a crash between replacing the main file and emptying the journal is
  harmless). A torn last line (a crash mid-append) is ignored and cut off before
  the next append, so it can never hide later lines. A damaged line in the
  middle (a bad disk, a hand edit) hides nothing either: every valid line is
  applied, the damaged ones are copied aside and the journal is folded into the
  main file, and :attr:`JournalStorage.notices` says what was kept and where;
* the journal is folded into the main file (compaction) once it passes half the
  main file's size, so opening never replays much;
* an unreadable main file is moved aside and whatever documents can still be
  read from it are kept (``salvage``); temporary files left by a compaction that
  was killed are removed when the lock is next taken for writing;
* every read-modify-write holds an exclusive lock on ``annotations.json.lock``
  (portalocker: ``flock`` on POSIX, ``msvcrt.locking`` on Windows; either is
  released when the process dies) and first catches up with what other
  processes appended (or reloads if one of them compacted: the main file's
  inode, size or mtime changed).

The fast path is :meth:`JournalStorage.transact` with the operations a caller
already knows; :meth:`write` (the TinyDB interface) diffs the whole database,
which is correct but slower.
"""

from __future__ import annotations

import errno
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import portalocker
from tinydb.storages import Storage

from reader.core.fileio import (
    aside_name,
    atomic_write_bytes,
    fsync_dir,
    move_aside,
    remove_files,
    stale_temporaries,
)
from reader.core.sanitize import visible_line

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
Op = tuple[str, str, Doc | None]  # (table, doc id, the whole new document or None to delete it)

MIN_COMPACT_BYTES = 1 << 20  # journals smaller than this are never compacted


class StoreError(Exception):
    """A one-line message for the user."""


def describe(exc: OSError, path: Path | None = None) -> str:
    """Why a file operation failed, in words a user can act on."""
    reasons = {
        errno.ENOSPC: "disk is full",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "the folder is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    where = exc.filename or path
    return f"{reason} ({visible_line(str(where))})" if where else reason


def _copy(value: Any) -> Any:
    """A deep copy of JSON data (much cheaper than ``copy.deepcopy``)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _valid_tables(data: Any) -> bool:
    return isinstance(data, dict) and all(
        isinstance(t, dict) and all(isinstance(d, dict) for d in t.values()) for t in data.values()
    )


def _parse_line(line: bytes) -> list[Op] | None:
    try:
        entry = json.loads(line)
        ops = [(t, str(i), d) for t, i, d in entry["ops"]]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if not all(isinstance(t, str) and (d is None or isinstance(d, dict)) for t, _, d in ops):
        return None
    return ops


def apply_ops(tables: Tables, ops: list[Op]) -> None:
    for table, doc_id, doc in ops:
        if doc is None:
            tables.get(table, {}).pop(doc_id, None)
        else:
            tables.setdefault(table, {})[doc_id] = doc


class JournalStorage(Storage):
    """The database in memory, backed by a main file plus an fsynced journal. Thread-safe.

    ``listener`` (if set) hears of changes made by other processes: ``listener(ops)`` for
    operations replayed from the journal, ``listener(None)`` after a full reload.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        compact_bytes: int | None = None,
        salvage: Callable[[str], Tables] | None = None,
        what: str = "notes",
        item: str = "note",
        **_: Any,
    ) -> None:
        self.path = Path(path)
        self.what, self.item = what, item  # how messages name what is stored: "notes"/"note", "words"/"word"
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.compact_bytes = compact_bytes
        self.listener: Callable[[list[Op] | None], None] | None = None
        self.recovered_from: Path | None = None
        self.salvage = salvage  # documents still readable from a damaged main file
        self.salvaged = 0
        self.read_only_folder = False  # the lock file could not be opened for writing
        self.notices: list[str] = []  # damage found and repaired, for the user, oldest first
        self._damaged: list[bytes] = []  # complete journal lines that did not parse, not yet set aside
        self._swept = False  # leftover temporary files were looked for
        self._last_error: str | None = None  # see last_error
        self._tables: Tables = {}
        self._pending: list[Op] = []  # applied in memory, not yet on disk (a save failed)
        self._main_stamp: tuple[int, int, int] | None = None
        self._offset = 0  # bytes of the journal reflected in memory
        self._journal_fd: int | None = None
        self._lock_fd: int | None = None
        self._mutex = threading.RLock()
        self._depth = 0
        with self.locked(write=False):
            pass

    @property
    def last_error(self) -> str | None:
        """Why the last rewrite that no save waited for failed (a compaction, a migration), or None.

        Setting it tells the user once (in :attr:`notices`), unless the folder is read-only: then
        that is what the user is told. Nothing saved is lost by such a failure: the journal holds
        it, and the rewrite is tried again.
        """
        return self._last_error

    @last_error.setter
    def last_error(self, message: str | None) -> None:
        told = self._last_error
        self._last_error = message
        if message and message != told and not self.read_only_folder:
            self.notices.append(f"{message}; nothing is lost, it is tried again")

    # -- locking and catching up -------------------------------------------------

    @contextmanager
    def locked(self, *, write: bool = True) -> Iterator[Tables]:
        """Hold the thread and file locks, with memory caught up with the files; yields the live tables.

        Re-entrant: an inner ``locked()`` neither takes nor releases the file lock again.
        """
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield self._tables
                finally:
                    self._depth -= 1
                return
            fd = self._lock()
            if fd is not None:
                portalocker.lock(fd, portalocker.LOCK_EX)
            self._depth = 1
            try:
                self._catch_up(write=write)
                yield self._tables
            finally:
                self._depth = 0
                if fd is not None:
                    portalocker.unlock(fd)

    def _lock(self) -> int | None:
        if self._lock_fd is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                self.read_only_folder = True
                try:  # a read-only folder: an existing lock file still works for reading
                    self._lock_fd = os.open(self.lock_path, os.O_RDONLY)
                except OSError:
                    return None  # nothing can be written here anyway; saves will say so
        return self._lock_fd

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _catch_up(self, *, write: bool) -> None:
        stamp = self._stamp()
        if stamp != self._main_stamp or self._journal_size() < self._offset:
            self._reload(stamp)
            if self.listener:
                self.listener(None)
        else:
            ops = self._replay(write=write)
            if ops and self.listener:
                self.listener(ops)
        if write:
            self._repair()

    def _repair(self) -> None:
        """Under the write lock: nothing else is compacting, so temporary files are leftovers."""
        removed = 0 if self._swept else remove_files(list(stale_temporaries(self.path)))
        self._swept = True
        if removed:
            self.notices.append(
                f"Removed {removed} temporary file(s) left by an interrupted save of the {self.what}"
            )
        if not self._damaged:
            return
        lines = b"".join(self._damaged)
        aside = aside_name(self.journal_path)
        try:
            aside.write_bytes(lines)
        except OSError as exc:
            raise StoreError(f"Could not save {self.what}: {describe(exc, self.journal_path)}") from None
        count = len(self._damaged)
        self._damaged.clear()
        self._compact()  # the journal now holds only what the main file has: the damaged lines are gone
        self.notices.append(
            f"{count} damaged line(s) in the {self.what} journal were kept aside in "
            f"{visible_line(str(aside))}; every readable change was kept"
        )

    def _journal_size(self) -> int:
        try:
            return os.stat(self.journal_path).st_size
        except FileNotFoundError:
            return 0

    def _reload(self, stamp: tuple[int, int, int] | None) -> None:
        """Read the main file (moving it aside if it is unreadable) and the whole journal."""
        tables: Tables = {}
        raw = b""
        if stamp is not None:
            try:
                raw = self.path.read_bytes()
                data = json.loads(raw) if raw.strip() else {}
                if not _valid_tables(data):
                    raise ValueError("not a TinyDB document")
                tables = data
            except (OSError, ValueError, RecursionError) as exc:
                if isinstance(exc, OSError) and exc.errno not in (errno.EACCES, errno.EPERM, errno.EIO):
                    raise StoreError(f"Could not read {self.what}: {describe(exc)}") from None
                tables = self._salvaged(raw)
                try:
                    self.recovered_from = move_aside(self.path)
                except OSError as err:
                    raise StoreError(
                        f"Could not read {self.what}, nor move the file aside: {describe(err)}"
                    ) from None
                stamp = None
                kept = (
                    f"; {self.salvaged} {self.item}(s) could still be read from it" if self.salvaged else ""
                )
                self.notices.append(
                    f"The {self.what} file was damaged and could not be read. It was moved to "
                    f"{visible_line(str(self.recovered_from))}{kept}"
                )
        self._tables = tables
        self._main_stamp = stamp
        self._offset = 0
        self._damaged.clear()  # the journal is read again from its start
        self._replay(write=False)
        apply_ops(self._tables, self._pending)

    def _salvaged(self, raw: bytes) -> Tables:
        if self.salvage is None or not raw:
            return {}
        tables = self.salvage(raw.decode("utf-8", "replace"))
        self.salvaged = sum(len(t) for t in tables.values())
        return tables

    def _replay(self, *, write: bool) -> list[Op]:
        """Apply the journal's complete lines past our offset; before a write, cut off a torn tail."""
        try:
            with open(self.journal_path, "rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
        except FileNotFoundError:
            return []
        ops: list[Op] = []
        good = 0  # bytes of complete lines (valid or damaged) read
        damaged = 0
        while good < len(data):
            nl = data.find(b"\n", good)
            if nl == -1:
                break  # a torn last line: a crash mid-append, never acknowledged
            line_ops = _parse_line(data[good:nl])
            if line_ops is None:
                if data[good:nl].strip():
                    self._damaged.append(data[good : nl + 1])
                    damaged += 1
            else:
                ops.extend(line_ops)
            good = nl + 1
        apply_ops(self._tables, ops)
        if self._pending:
            apply_ops(self._tables, self._pending)  # ours are newer than anything replayed
        self._offset += good
        if damaged:
            self.notices.append(
                f"{damaged} damaged line(s) in the {self.what} journal could not be read; "
                "every other change was kept"
            )
        if write and good < len(data):
            self._cut_tail()
        return ops

    def _cut_tail(self) -> None:
        """Truncate a torn last line (a crash mid-append) before appending after it."""
        try:
            fd = self._journal()
            os.ftruncate(fd, self._offset)
            os.fsync(fd)
        except OSError as exc:
            raise StoreError(f"Could not save {self.what}: {describe(exc, self.journal_path)}") from None

    def _journal(self) -> int:
        if self._journal_fd is None:
            created = not self.journal_path.exists()
            self._journal_fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if created:
                fsync_dir(self.journal_path.parent)
        return self._journal_fd

    # -- writing -----------------------------------------------------------------

    def transact(self, ops: list[Op]) -> None:
        """Apply ``ops`` and make them durable as one transaction (call inside :meth:`locked`, or not).

        On failure the change stays in memory, pending, and :class:`StoreError` says why; the next
        transaction (or :meth:`flush`) writes it again.
        """
        with self.locked():
            apply_ops(self._tables, ops)
            self._pending.extend(ops)
            self._flush()

    @property
    def pending(self) -> int:
        """Operations kept in memory that a failed save could not write yet."""
        return len(self._pending)

    def flush(self) -> None:
        """Retry writing what a failed save left in memory."""
        with self.locked():
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._main_stamp is None:
            self._compact()  # the first save creates a readable main file
            return
        line = json.dumps({"ops": self._pending}, ensure_ascii=False, separators=(",", ":")) + "\n"
        data = line.encode("utf-8")
        fd: int | None = None
        try:
            fd = self._journal()
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError as exc:
            if fd is not None:
                try:
                    os.ftruncate(fd, self._offset)  # never leave a torn line behind
                except OSError:
                    pass  # the next writer cuts it off before appending
            raise StoreError(f"Could not save {self.what}: {describe(exc, self.journal_path)}") from None
        self._offset += len(data)
        self._pending.clear()
        limit = self.compact_bytes
        if limit is None:
            limit = max(MIN_COMPACT_BYTES, self._main_stamp[1] // 2)
        if self._offset > limit:
            try:
                self._compact()
            except StoreError as exc:  # the save is durable in the journal; compaction can wait
                reason = str(exc).removeprefix(f"Could not save {self.what}: ")
                self.last_error = (
                    f"The {self.what} are saved, but their file could not be rewritten: {reason}"
                )

    def compact(self) -> None:
        """Fold the journal into the main file now."""
        with self.locked():
            self._compact()

    def _compact(self) -> None:
        data = json.dumps(self._tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # One document per line, for people reading the file: a quote inside a string is always
        # escaped, so '},"' only ever occurs between a document and the next key.
        data = data.replace(b'},"', b'},\n"')
        try:
            atomic_write_bytes(self.path, data)
        except OSError as exc:
            raise StoreError(f"Could not save {self.what}: {describe(exc, self.path)}") from None
        self._pending.clear()
        self._main_stamp = self._stamp()
        self._last_error = None
        try:
            if self._journal_fd is not None or self.journal_path.exists():
                fd = self._journal()
                os.ftruncate(fd, 0)
                os.fsync(fd)
            self._offset = 0
        except OSError as exc:
            # The main file has everything; replaying the old journal over it again is harmless.
            self._offset = self._journal_size()
            self.last_error = f"Could not empty the {self.what} journal: {describe(exc)}"

    def replace_all(self, tables: Tables) -> None:
        """Replace the whole database at once (a schema migration), rewriting the main file."""
        with self.locked():
            self._tables = tables
            self._pending.clear()
            self._compact()

    # -- the TinyDB Storage interface -------------------------------------------------

    @property
    def tables(self) -> Tables:
        """The live in-memory tables; change them only through :meth:`transact`."""
        return self._tables

    def read(self) -> Tables | None:
        with self.locked(write=False) as tables:
            return _copy(tables) if tables else None

    def write(self, data: Tables) -> None:
        with self.locked() as tables:
            ops: list[Op] = []
            for name in set(tables) | set(data):
                old, new = tables.get(name, {}), data.get(name, {})
                ops += [(name, i, _copy(d)) for i, d in new.items() if old.get(i) != d]
                ops += [(name, i, None) for i in old if i not in new]
            if ops:
                self.transact(ops)

    def close(self) -> None:
        with self._mutex:
            for fd in (self._journal_fd, self._lock_fd):
                if fd is not None:
                    os.close(fd)
            self._journal_fd = self._lock_fd = None
