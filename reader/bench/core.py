"""Benchmark of the text core: import time, cleaning, conversion, words and
readings on the seeds and on a 1 MB corpus, the prepared-article cache, and
the preparing process's start and memory.

Figures are wall-clock seconds on a shared machine, so the targets compare
ratios measured within one run where they can (our conversion against raw
OpenCC on the same text, one after the other, best of several rounds).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from reader.core.paths import SEEDS_DIR, Locations

if TYPE_CHECKING:
    from reader.core.segment import Token

TARGETS = {
    "megabyte_readings_s_max": 5.0,
    "convert_throughput_ratio_min": 0.80,
    "prepare_1mb_s_max": 2.5,
    "reopen_cached_s_max": 0.050,
}


def seed_corpus() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))


def megabyte_corpus(seeds: str) -> str:
    """About 1 MB of UTF-8 made from the seeds."""
    size = len(seeds.encode("utf-8"))
    return "\n\n".join([seeds] * max(1, round(1_000_000 / size)))


def best(fn: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def import_time() -> dict[str, float]:
    """Process start to core imported, against a bare interpreter, median of five."""

    def run(code: str) -> float:
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples.append(time.perf_counter() - t0)
        return statistics.median(samples)

    bare = run("pass")
    core = run(
        "import reader.core.library, reader.core.convert, reader.core.pinyin, reader.core.segment, "
        "reader.core.readings"
    )
    return {
        "bare_python_s": round(bare, 4),
        "core_import_s": round(core, 4),
        "core_import_extra_s": round(core - bare, 4),
    }


def conversion(text: str) -> dict[str, object]:
    import opencc

    from reader.core.convert import available_configs, convert

    per_config: dict[str, dict[str, float]] = {}
    ratios = []
    for config in available_configs():
        raw = opencc.OpenCC(config)
        t_raw = best(partial(raw.convert, text), 5)
        t_ours = best(partial(convert, text, config), 5)
        ratio = t_raw / t_ours if t_ours else 1.0
        ratios.append(ratio)
        per_config[config] = {
            "raw_s": round(t_raw, 4),
            "ours_s": round(t_ours, 4),
            "throughput_ratio": round(ratio, 3),
        }
    # The offset map is built lazily; this is what mapping every line once costs.
    result = convert(text, "s2twp")
    t0 = time.perf_counter()
    m = result.map
    step = max(1, len(result.text) // 20_000)
    for i in range(0, len(result.text), step):
        m.to_src(i)
    full_map = time.perf_counter() - t0
    return {
        "configs": per_config,
        "throughput_ratio_min": round(min(ratios), 3),
        "throughput_ratio_median": round(statistics.median(ratios), 3),
        "s2twp_full_offset_map_s": round(full_map, 4),
    }


def text_pipeline(text: str) -> dict[str, float]:
    """Cleaning, words, and readings (words, dictionaries and the polyphone model) of ``text``."""
    from reader.core.clean import clean
    from reader.core.readings import read, warm_up
    from reader.core.segment import segment

    t_load = best(warm_up, 1)
    t_clean = best(lambda: clean(text), 1)
    cleaned = clean(text).text
    t_seg = best(lambda: segment(cleaned), 1)
    t_read = best(lambda: read(cleaned), 1)
    figures = {
        "chars": len(text),
        "load_s": round(t_load, 4),
        "clean_s": round(t_clean, 4),
        "segment_s": round(t_seg, 4),
        "readings_s": round(t_read, 4),
    }
    try:  # the segmenter the reader used before rjieba, when it is installed, for comparison
        import jieba
    except ImportError:
        return figures
    jieba.setLogLevel(60)
    jieba.initialize()
    figures["segment_python_jieba_s"] = round(best(lambda: list(jieba.cut(cleaned)), 1), 4)
    return figures


def _agreement(reference: list[Token], other: list[Token]) -> float:
    """Fraction of the reference's words that ``other`` cuts at exactly the same span."""
    ref = {(t.start, t.end) for t in reference if not t.text.isspace()}
    got = {(t.start, t.end) for t in other if not t.text.isspace()}
    return len(ref & got) / len(ref) if ref else 1.0


def segmentation_agreement() -> dict[str, dict[str, float]]:
    """How much of Traditional text is cut as a reference cuts it, directly and through its Simplified form.

    For the Traditional seeds the reference is the segmentation of their
    OpenCC Simplified form (what the detour produces by construction, so the
    direct figure says how often segmenting directly differs). For the
    Simplified seed 000 converted to Traditional, the reference is the
    segmentation of the Simplified original: an independent check of both.
    """
    from reader.core.convert import convert_text
    from reader.core.segment import segment, segment_direct

    rows: dict[str, dict[str, float]] = {}
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        name = path.name[:3]
        text = path.read_text(encoding="utf-8")
        if name in ("001", "003", "004"):
            reference = segment_direct(convert_text(text, "t2s"))
            trad = text
        elif name == "000":
            trad = convert_text(text, "s2t")
            if len(trad) != len(text):
                continue  # spans would not be comparable
            reference = segment_direct(text)
            name = "000_as_traditional"
        else:
            continue
        rows[name] = {
            "direct": round(_agreement(reference, segment_direct(trad)), 4),
            "via_simplified": round(_agreement(reference, segment(trad)), 4),
        }
    return rows


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM is per address space, unlike ru_maxrss after exec)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def preparing_process() -> dict[str, float]:
    """The preparing process: start to warm (everything loaded), and its memory then."""
    from reader.core.prepare import Preparer

    with tempfile.TemporaryDirectory() as home:
        p = Preparer(Locations.resolve(home))
        t0 = time.perf_counter()
        pid = p.call("ready")
        warm = time.perf_counter() - t0
        rss = peak_rss_mb(pid)
        p.close()
    return {"start_to_warm_s": round(warm, 4), "warm_rss_mb": round(rss, 1)}


def prepared(text: str) -> dict[str, float]:
    from reader.core.prepare import prepare, prepare_cached
    from reader.core.segment import warm_up

    warm_up()
    t_prepare = best(lambda: prepare(text), 1)
    with tempfile.TemporaryDirectory() as home:
        locations = Locations.resolve(home)
        prepare_cached(text, locations)
        t_reopen = best(lambda: prepare_cached(text, locations), 5)
    return {"prepare_s": round(t_prepare, 4), "reopen_cached_s": round(t_reopen, 4)}


def anchoring(text: str) -> dict[str, float]:
    """Re-anchoring highlights after the text changed: an insertion before them and an edit inside each."""
    import random

    from reader.core.anchoring import anchor_all, make_selector
    from reader.core.store import Annotation

    rng = random.Random(7)
    anns = []
    for _ in range(50):
        start = rng.randrange(len(text) - 100)
        quote, prefix, suffix = make_selector(text, start, start + 20)
        anns.append(Annotation.new(article="a", quote=quote, prefix=prefix, suffix=suffix, start=start))
    edited = list("新的導言。" * 40 + text)
    for a in anns:
        edited[a.start + 210] = "X"
    changed = "".join(edited)
    t_same = best(lambda: anchor_all(text, anns), 3)
    t_moved = best(lambda: anchor_all(changed, anns), 1)
    return {
        "annotations": len(anns),
        "unchanged_text_per_annotation_ms": round(t_same / len(anns) * 1000, 3),
        "edited_text_per_annotation_ms": round(t_moved / len(anns) * 1000, 3),
    }


def run() -> dict[str, object]:
    seeds = seed_corpus()
    big = megabyte_corpus(seeds)
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": {"seeds_bytes": len(seeds.encode()), "megabyte_bytes": len(big.encode())},
        "import": import_time(),
        "seeds": text_pipeline(seeds),
        "megabyte": text_pipeline(big),
        "segment_traditional": segmentation_agreement(),
        "convert_megabyte": conversion(big),
        "prepare_megabyte": prepared(big),
        "preparing_process": preparing_process(),
        "anchoring_megabyte": anchoring(big),
        "targets": TARGETS,
    }
