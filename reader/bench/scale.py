"""Benchmark of the text core at scale: time and peak memory of cleaning, word segmentation and pinyin.

``segment`` and ``pinyin`` go through the words as ``reader segment`` and
``reader pinyin`` do: the words streamed, the readings read into the
compact arrays that preparing an article for the app keeps. Each measure
runs in a child process of its own (the peak resident size, ``VmHWM``, is
the child's), on text made from the seeds: 1, 10 and 60 MB of
articles, and 6 MB on a single line. The targets: memory within ten times the
file's size and time growing linearly (compare the per-MB figures).

    python -m reader.bench scale
    python -m reader.bench.scale clean 10     # one measure, printed as JSON
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable

SIZES_MB = (1, 10, 60)
LINE_MB = 6
PARTS = ("clean", "segment", "pinyin")
TIMEOUT_S = 900


def corpus(megabytes: float, single_line: bool) -> str:
    from reader.bench.core import seed_corpus

    seeds = seed_corpus()
    if single_line:
        seeds = seeds.replace("\n", " ")
    size = len(seeds.encode("utf-8"))
    text = seeds * (int(megabytes * 1_000_000 / size) + 1)
    return text[: int(len(text) * megabytes * 1_000_000 / len(text.encode("utf-8")))]


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _drain(items: Iterable[object]) -> None:
    for _ in items:
        pass


def measure(part: str, megabytes: float, single_line: bool) -> dict[str, float]:
    """In this process: make the text, import the code, then time ``part`` on the text.

    ``added_mb`` is the peak resident size the run itself adds (the code
    imported, its dictionaries and models loaded by a run on a short text, and
    the text made before it are not the run's).
    """
    text = corpus(megabytes, single_line)
    run: Callable[[], object]  # what the part returns is not measured
    warm: Callable[[], object]  # loads the dictionaries and models: the code's, not the run's
    if part == "clean":
        from reader.core.clean import clean

        run = lambda: clean(text)  # noqa: E731
        warm = lambda: clean("中文。")  # noqa: E731
    elif part == "segment":
        from reader.core.segment import iter_segment

        run = lambda: _drain(iter_segment(text))  # noqa: E731
        warm = lambda: _drain(iter_segment("中文。"))  # noqa: E731
    else:
        from reader.core.pinyin import Style, iter_tokens
        from reader.core.readings import read

        run = lambda: _drain(iter_tokens(read(text), Style.MARKS))  # noqa: E731
        warm = lambda: _drain(iter_tokens(read("中文。"), Style.MARKS))  # noqa: E731
    warm()
    base = _peak_mb()
    t0 = time.perf_counter()
    run()
    seconds = time.perf_counter() - t0
    mb = len(text.encode("utf-8")) / 1_000_000
    peak = _peak_mb()
    return {
        "mb": round(mb, 1),
        "s": round(seconds, 2),
        "s_per_mb": round(seconds / mb, 2),
        "peak_mb": round(peak, 1),
        "peak_over_size": round(peak / mb, 1),
        "added_mb": round(peak - base, 1),
        "added_over_size": round((peak - base) / mb, 1),
    }


def child(part: str, megabytes: float, single_line: bool) -> dict[str, object]:
    args = [sys.executable, "-m", "reader.bench.scale", part, str(megabytes)] + (
        ["line"] if single_line else []
    )
    try:
        res = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"timeout_s": TIMEOUT_S}
    if res.returncode:
        return {
            "error": res.stderr.strip().splitlines()[-1] if res.stderr.strip() else f"exit {res.returncode}"
        }
    return json.loads(res.stdout)


def run(parts: tuple[str, ...] = PARTS, sizes: tuple[float, ...] = SIZES_MB) -> dict[str, object]:
    out: dict[str, object] = {}
    for part in parts:
        for mb in sizes:
            out[f"{part}_{mb}mb"] = child(part, mb, False)
            print(f"scale: {part} {mb} MB done", file=sys.stderr)
        out[f"{part}_{LINE_MB}mb_one_line"] = child(part, LINE_MB, True)
    return out


if __name__ == "__main__":
    if len(sys.argv) >= 3:
        print(json.dumps(measure(sys.argv[1], float(sys.argv[2]), sys.argv[3:] == ["line"])))
    else:
        print(json.dumps(run(), indent=2))
