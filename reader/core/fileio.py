"""Small file helpers for data that must survive a crash or a second process.

Writing replaces only regular files: a symlink is followed to its target (the
link stays a link), and anything that is not a regular file (a FIFO, a device,
a socket, a folder) is refused, so that an export can never replace
``/dev/full`` or cut a named pipe out of its place.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import portalocker

TMP_SUFFIX = ".tmp"


class NotAFile(OSError):
    """A path that exists but is not a regular file, so it is never replaced."""


def write_target(path: Path) -> Path:
    """Where writing ``path`` really goes: a symlink's target; raises :class:`NotAFile` for a FIFO,
    a device, a socket or a folder."""
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except NotADirectoryError as exc:
        raise NotAFile(errno.ENOTDIR, "a part of the path is a file, not a folder", str(path)) from exc
    if stat.S_ISREG(mode):
        return real
    what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
    raise NotAFile(
        errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL, f"is {what}; it is not replaced", str(path)
    )


def tmp_name(path: Path) -> Path:
    """The temporary file a write of ``path`` goes through (:func:`stale_temporaries` finds leftovers)."""
    return path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, never half of one."""
    target = write_target(Path(path))
    tmp = tmp_name(target)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def stale_temporaries(path: Path) -> Iterator[Path]:
    """Temporary files of :func:`atomic_write_bytes` for ``path`` left by a process that was killed.

    Call only while holding the lock under which ``path`` is written: then no write is under way.
    """
    folder = path.parent
    prefix = f".{path.name}."
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if (
            name.startswith(prefix)
            and name.endswith(TMP_SUFFIX)
            and name[len(prefix) : -len(TMP_SUFFIX)].isdigit()
        ):
            yield folder / name


def remove_files(paths: Iterator[Path] | list[Path]) -> int:
    """Remove what can be removed; how many were (a read-only folder keeps them, harmlessly)."""
    removed = 0
    for p in paths:
        try:
            p.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not every platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def aside_name(path: Path, label: str = "corrupt") -> Path:
    """A new name beside ``path`` for something kept aside, never one that exists."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    return target


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename an unreadable file beside itself, never overwriting an earlier one; returns the new path."""
    target = aside_name(path, label)
    os.replace(path, target)
    return target


def writable_folder(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (checked by trying: ``os.access`` ignores read-only
    mounts for some users and permissions for root)."""
    probe = folder / f".write-test.{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return True
    except OSError:
        return False
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass
    return True


class FileLock:
    """An exclusive advisory lock on a lock file, held across processes (re-entrant within one object).

    In a read-only folder the lock file is opened for reading (``flock`` needs no write access);
    when it does not exist and cannot be made, there is nothing to lock against: nothing can be
    written there either, and :attr:`read_only` says so.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read_only = False
        self._fd: int | None = None
        self._depth = 0

    def _open(self) -> int | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise
        self.read_only = True
        try:
            return os.open(self.path, os.O_RDONLY)
        except OSError:
            return None

    def __enter__(self) -> FileLock:
        if self._depth == 0:
            fd = self._open()
            if fd is not None:
                try:
                    portalocker.lock(fd, portalocker.LOCK_EX)
                except BaseException:
                    os.close(fd)
                    raise
            self._fd = fd
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            portalocker.unlock(self._fd)
            os.close(self._fd)
            self._fd = None
