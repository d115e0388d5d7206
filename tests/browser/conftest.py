"""A real ``reader serve`` on a free loopback port, in its own process group, stopped after the test."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The server as `reader serve` runs it, with this checkout first on the path whatever the folder.
SERVER = (
    "import sys; sys.path.insert(0, sys.argv[1]); from reader.serve import main; "
    "raise SystemExit(main(sys.argv[2:]))"
)


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    home: Path
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


@contextmanager
def running_server(home: Path, log: Path, cwd: Path = ROOT) -> Iterator[Served]:
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(ROOT), "--home", str(home), "--port", str(port)],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"reader serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield Served(f"http://127.0.0.1:{port}", port, home, log)
    finally:
        proc.send_signal(signal.SIGTERM)  # textual-serve stops its app processes on the way out
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # anything of this server's group still running
        except ProcessLookupError:
            pass
        proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with running_server(tmp_path / "served-home", tmp_path / "server.log") as server:
        yield server
