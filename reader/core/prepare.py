"""A prepared article: cleaned, its script detected, its words and readings, cached on disk.

Cached by content (the text, the cleaner's and this pipeline's versions and
the digest of the user's pinyin overrides), so reopening an article costs one
file read and changing the overrides reads every article again.

Reading needs rjieba, pypinyin, CC-CEDICT and the polyphone model (numpy),
together ~150 MB. The app never loads them: one long-lived *preparing
process* per app session (:class:`Preparer`, started at the app's warm-up)
loads them once, at a lower priority than the screen, and answers requests
(prepare an article, read any text such as a converted view or the first
screen) one at a time. The command line reads in its own process.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reader.core.fileio import atomic_write_bytes
from reader.core.model import Document
from reader.core.overrides import digest, load, path_in
from reader.core.paths import Locations
from reader.core.syllables import Readings

__all__ = [
    "PIPELINE_VERSION",
    "PrepareError",
    "Prepared",
    "Preparer",
    "Readings",
    "cache_key",
    "prepare",
    "prepare_cached",
    "prepare_isolated",
    "read_around",
    "read_isolated",
]

# Bump when anything but the cleaner changes what a prepared article holds.
PIPELINE_VERSION = 5


@dataclass
class Prepared:
    document: Document
    script: str
    readings: Readings | None = (
        None  # the words and readings, once read (in the preparing process for the app)
    )

    @property
    def text(self) -> str:
        return self.document.text


def prepare(text: str, *, segment: bool = True, overrides_file: Path | None = None) -> Prepared:
    from reader.core.clean import clean
    from reader.core.convert import detect_script

    document = clean(text)
    prepared = Prepared(document, detect_script(document.text))
    if segment:
        add_words(prepared, overrides_file)
    return prepared


def add_words(prepared: Prepared, overrides_file: Path | None = None) -> None:
    from reader.core.readings import read

    prepared.readings = read(prepared.document.text, load(overrides_file))


def cache_key(text: str, overrides: str = "") -> str:
    from reader.core.clean import CLEANER_VERSION

    digest_ = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest_}-c{CLEANER_VERSION}-p{PIPELINE_VERSION}" + (f"-o{overrides}" if overrides else "")


def _user_digest(locations: Locations) -> str:
    """What the user changed of the pipeline: reading overrides and segmentation corrections."""
    from reader.core.segment import CORRECTIONS_FILE

    corrections = digest(locations.data_root / CORRECTIONS_FILE)
    return digest(path_in(locations.data_root)) + (f"-w{corrections}" if corrections else "")


def _use_corrections(locations: Locations) -> None:
    """Cut words with the user's joins and splits (a file the word store keeps in the data home)."""
    from reader.core.segment import CORRECTIONS_FILE, use_corrections

    use_corrections(locations.data_root / CORRECTIONS_FILE)


def _cache_path(locations: Locations, text: str, kind: str = "prepared") -> Path:
    folder = locations.cache / kind
    folder.mkdir(exist_ok=True)
    return folder / f"{cache_key(text, _user_digest(locations))}.pickle"


def _load_cached(path: Path) -> Any:
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:
        path.unlink(missing_ok=True)
        return None


def _store(path: Path, value: object) -> None:
    try:
        atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache that cannot be written only costs time


def cached(text: str, locations: Locations) -> Prepared | None:
    """The prepared article from the disk cache, or None."""
    loaded = _load_cached(_cache_path(locations, text))
    if isinstance(loaded, Prepared) and loaded.document.source == text:
        return loaded
    return None


def prepare_cached(text: str, locations: Locations, *, segment: bool = True) -> Prepared:
    """:func:`prepare` through the disk cache."""
    prepared = cached(text, locations)
    overrides_file = path_in(locations.data_root)
    if prepared is None or (segment and prepared.readings is None):
        _use_corrections(locations)
    if prepared is None:
        prepared = prepare(text, segment=segment, overrides_file=overrides_file)
    elif segment and prepared.readings is None:
        add_words(prepared, overrides_file)
    else:
        return prepared
    _store(_cache_path(locations, text), prepared)
    return prepared


def read_cached(text: str, locations: Locations, *, keep: bool = True) -> Readings:
    """The readings of any text (a converted view's), through the disk cache when ``keep``."""
    path = _cache_path(locations, text, "readings")
    found = _load_cached(path) if keep else None
    if isinstance(found, Readings) and found.text == text:
        return found
    from reader.core.readings import read

    _use_corrections(locations)
    readings = read(text, load(path_in(locations.data_root)))
    if keep:
        _store(path, readings)
    return readings


class PrepareError(Exception):
    """Preparing failed in the preparing process; the message is one line."""


def prepare_isolated(text: str, locations: Locations, *, background: bool = False) -> Prepared:
    """:func:`prepare_cached` with words, by the preparing process when the cache does not have them;
    ``background`` work waits while the screen has requests of its own (see :meth:`Preparer.call`)."""
    prepared = cached(text, locations)
    if prepared is not None and prepared.readings is not None:
        return prepared
    result = preparer(locations).call("prepare", text, background=background)
    if not isinstance(result, Prepared):
        raise PrepareError("the preparing process sent something unexpected")
    return result


def read_isolated(text: str, locations: Locations, *, keep: bool = True) -> Readings:
    """:func:`read_cached` by the preparing process (the disk cache is tried here first)."""
    if keep:
        found = _load_cached(_cache_path(locations, text, "readings"))
        if isinstance(found, Readings) and found.text == text:
            return found
    result = preparer(locations).call("read", text, keep)
    if not isinstance(result, Readings):
        raise PrepareError("the preparing process sent something unexpected")
    return result


def read_around(text: str, at: int, locations: Locations, chars: int = 2_000) -> Readings:
    """Readings of the whole lines around ``at`` (about ``chars`` characters: a tall screen's worth), by
    the preparing process, spliced into readings of all of ``text`` that know only that part.

    Lines are read exactly as in the whole text (words and sentences never cross a line), so these
    readings are the final ones for that part; for a short text they are all of them.
    """
    from reader.core.segment import rough_tokens

    at = min(max(at, 0), len(text))
    start = text.rfind("\n", 0, max(0, at - chars // 4)) + 1
    end = text.find("\n", min(len(text), at + chars))
    end = len(text) if end < 0 else end + 1
    part = read_isolated(text[start:end], locations, keep=False)
    if start == 0 and end == len(text):
        return part
    return Readings.spliced(text, start, part, rough_tokens(text))


# -- the preparing process ------------------------------------------------------------


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


# The preparing process: this copy of the package first on the path (the current folder is not on it).
_CHILD = (
    "import sys; r = sys.argv[1]; r in sys.path or sys.path.insert(0, r); "
    "from reader.core.prepare import _serve; raise SystemExit(_serve(*sys.argv[2:]))"
)


class Preparer:
    """The app's side of the preparing process: started once, asked one request at a time.

    The process loads its libraries as soon as it starts, so an article
    opened a moment later finds them warm. If it dies it is started again on
    the next request (once per request). Requests for the screen go first:
    a background request (counting the library's words) waits while any
    other is waiting or running, so an article opened meanwhile waits for at
    most the one background request already under way.
    """

    def __init__(self, locations: Locations) -> None:
        self.locations = locations
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._turn = threading.Condition()
        self._urgent = 0  # requests for the screen waiting their turn
        self._busy = False  # a request is being answered

    def start(self) -> None:
        with self._lock:
            self._ensure()

    def _ensure(self) -> subprocess.Popen[bytes]:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            # One thread of BLAS: the model's matrices are small, and the screen needs the other core.
            env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
            # -P keeps the current folder off sys.path (a `reader` folder there would be imported
            # instead); this copy of the package is put first when it is not on the path already.
            proc = self._proc = subprocess.Popen(
                [
                    sys.executable,
                    "-P",
                    "-c",
                    _CHILD,
                    str(Path(__file__).resolve().parent.parent.parent),
                    str(self.locations.cache_root),
                    str(self.locations.data_root),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        return proc

    def call(self, *request: object, background: bool = False) -> Any:
        with self._turn:
            if not background:
                self._urgent += 1
            try:
                self._turn.wait_for(lambda: not self._busy and (not background or self._urgent == 0))
            finally:
                if not background:
                    self._urgent -= 1
            self._busy = True
        try:
            return self._call(request)
        finally:
            with self._turn:
                self._busy = False
                self._turn.notify_all()

    def _call(self, request: tuple[object, ...]) -> Any:
        with self._lock:
            for attempt in (1, 2):
                proc = self._ensure()
                try:
                    assert proc.stdin is not None and proc.stdout is not None
                    _send(proc.stdin, request)
                    status, value = _receive(proc.stdout)
                except (EOFError, OSError, pickle.UnpicklingError):
                    self._stop()
                    if attempt == 2:
                        raise PrepareError("the preparing process stopped") from None
                    continue
                if status != "ok":
                    raise PrepareError(str(value))
                return value
        raise AssertionError("unreachable")

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()

    def close(self) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                assert proc.stdin is not None
                proc.stdin.close()  # the process ends when its input does
                proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()


_preparers: dict[tuple[Path, Path], Preparer] = {}
_preparers_lock = threading.Lock()


def preparer(locations: Locations) -> Preparer:
    """The preparing process for these folders, one per app session (it ends with the app)."""
    key = (locations.cache_root, locations.data_root)
    with _preparers_lock:
        found = _preparers.get(key)
        if found is None:
            found = _preparers[key] = Preparer(locations)
            if len(_preparers) == 1:
                import atexit

                atexit.register(_close_all)
        return found


def _close_all() -> None:
    for p in list(_preparers.values()):
        p.close()


def _serve(cache_root: str, data_root: str) -> int:
    """The preparing process: answer requests on standard input until it closes."""
    try:
        os.nice(10)  # the screen the reader is looking at comes first
    except (AttributeError, OSError):
        pass
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing a library prints can corrupt the replies
    locations = Locations(Path(data_root), Path(cache_root), Path(data_root))
    from reader.core.readings import warm_up

    warming = threading.Thread(target=warm_up, daemon=True)
    warming.start()
    requests = sys.stdin.buffer
    while True:
        try:
            kind, *args = _receive(requests)
        except EOFError:
            return 0
        try:
            if kind == "prepare":
                reply: tuple[str, object] = ("ok", prepare_cached(args[0], locations))
            elif kind == "read":
                reply = ("ok", read_cached(args[0], locations, keep=bool(args[1])))
            elif kind == "ready":  # answered once everything is loaded (benchmarks, tests)
                warming.join()
                reply = ("ok", os.getpid())
            else:
                reply = ("error", f"unknown request {kind!r}")
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        _send(out, reply)


if __name__ == "__main__":
    # Run the module's own copy, so what is pickled is reader.core.prepare.Prepared, not __main__'s.
    from reader.core.prepare import _serve as serve

    if sys.argv[1:2] == ["--serve"]:
        raise SystemExit(serve(sys.argv[2], sys.argv[3]))
    raise SystemExit("usage: python -m reader.core.prepare --serve CACHE_DIR DATA_DIR")
