"""The store against real processes: ``kill -9`` in the middle of saving, and two writers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.core.store import AnnotationStore

# Adds annotations for ever (or N of them), printing each id once ``add`` has returned. A small
# compaction threshold makes the loop rewrite the main file often, so kills land there too.
CHILD = """
import sys
from pathlib import Path
from reader.core.store import Annotation, AnnotationStore
path, label, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = AnnotationStore.open(path)
store.storage.compact_bytes = int(sys.argv[4])
print("ready", flush=True)
sys.stdin.readline()
n = 0
while count == 0 or n < count:
    n += 1
    quote = f"第{n}段：讀書要慢，慢慢讀才能讀懂。"
    ann = store.add(Annotation.new(article=label, quote=quote, note="筆記" * 20))
    print(ann.id, flush=True)
"""


def spawn(path: Path, label: str, count: int, compact_bytes: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), label, str(count), str(compact_bytes)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_kill_9_in_the_middle_of_saving_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    acknowledged: list[str] = []
    for round_, (saves, compact_bytes) in enumerate([(40, 3000), (120, 20_000), (60, 1 << 20)]):
        proc = spawn(path, f"round{round_}", 0, compact_bytes)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        acknowledged.extend(proc.stdout.readline().strip() for _ in range(saves))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        store = AnnotationStore.open(path)  # the file opens ...
        assert store.recovered_from is None
        ids = {a.id for a in store.all()}
        missing = [i for i in acknowledged if i not in ids]
        assert not missing, f"lost {len(missing)} acknowledged saves"  # ... and holds every acknowledged save
        store.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    count = 150
    procs = [spawn(path, label, count, 6000) for label in ("one", "two")]
    for proc in procs:  # start both together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    ids: list[str] = []
    deadline = time.monotonic() + 60
    for proc in procs:
        out, _ = proc.communicate(timeout=max(1, deadline - time.monotonic()))
        assert proc.returncode == 0
        ids += out.split()
    assert len(ids) == 2 * count
    store = AnnotationStore.open(path)
    assert {a.id for a in store.all()} == set(ids)
    assert store.counts_by_article() == {"one": count, "two": count}
