"""Benchmark of the learner's loop in the app: marking a word and repainting the screen, the known share
of every seed for a learner who knows HSK 1-3, and the library's first paint at 10,000 articles with
its difficulty columns (saved figures shown, then the index built in the background).

``python -m reader.bench learn``; the library part runs the app in child processes
(``python -m reader.bench.learn --child library HOME``).
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

TARGETS = {"mark_and_repaint_ms_max": 16.0, "known_share_seed_ms_max": 5.0}
ARTICLES = 10_000
SIZE = (120, 40)


# -- marking and repainting ----------------------------------------------------------------


def _marking(home: Path) -> dict[str, float]:
    """Mark words (one key each) in an open seed and paint every line of the screen; the UI thread's cost."""
    from reader.core.library import Library
    from reader.core.paths import Locations
    from reader.ui.app import ReaderApp

    locations = Locations.resolve(home)
    article = max(Library(locations).articles(), key=lambda a: a.length)

    async def main() -> dict[str, float]:
        app = ReaderApp(locations, open_article=article.id)
        async with app.run_test(size=SIZE) as pilot:
            await _until(pilot, lambda: getattr(app.screen, "words", None) is not None)
            screen = app.screen
            await _until(pilot, lambda: screen.words.statuses is not None, timeout=120)  # type: ignore[attr-defined]
            view = screen.view  # type: ignore[attr-defined]
            statuses = view.statuses
            start, end = view.shown_range()
            on_screen = list(statuses.within(start, end))
            marks, pages = [], []
            for n, i in enumerate(on_screen[:40]):
                view.move_to(statuses.starts[i])
                t0 = time.perf_counter()
                screen.words.set("known" if n % 2 else "ignored")  # type: ignore[attr-defined]
                for y in range(view.size.height):
                    view.render_line(y)
                marks.append(time.perf_counter() - t0)
            for _ in range(5):
                t0 = time.perf_counter()
                screen.words.page_known()  # type: ignore[attr-defined]
                for y in range(view.size.height):
                    view.render_line(y)
                pages.append(time.perf_counter() - t0)
                screen.words.undo()  # type: ignore[attr-defined]
                await pilot.pause(0.2)
            await app.action_quit()
        return {
            "words_on_screen": len(on_screen),
            "mark_and_repaint_ms_median": round(statistics.median(marks) * 1000, 2),
            "mark_and_repaint_ms_max": round(max(marks) * 1000, 2),
            "page_known_and_repaint_ms_median": round(statistics.median(pages) * 1000, 2),
        }

    return asyncio.run(main())


async def _until(pilot: object, cond: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.02)  # type: ignore[attr-defined]


# -- known share of every seed -----------------------------------------------------------------


def _seeds(folder: Path) -> dict[str, dict[str, object]]:
    """Known share (and its time) of each seed for a learner who marked HSK 1-3 known; the seeds were
    never used to tune the HSK lists or the segmenter."""
    from reader.bench.core import best
    from reader.core.paths import SEEDS_DIR
    from reader.core.prepare import prepare
    from reader.core.vocab.article import article_tokens
    from reader.core.vocab.counts import count_words
    from reader.core.vocab.difficulty import summarize
    from reader.core.vocab.record import Mark, Status
    from reader.core.vocab.store import VocabStore
    from reader.core.vocab.wordlists import hsk_words

    out = {}
    with VocabStore(folder / "vocab.json") as store:
        store.mark_many([Mark(w) for w in hsk_words(3, store.hsk_standard)], Status("known"))
        for seed in sorted(SEEDS_DIR.glob("*.txt")):
            words = count_words(article_tokens(prepare(seed.read_text(encoding="utf-8"))))
            figures = summarize(words, store.status_of)
            out[seed.stem[:24]] = {
                "running_words": figures.running,
                "known_share_hsk1_3": round(figures.known_share, 3),
                "new_words": figures.distinct_new,
                "hsk_level": figures.hsk_label,
                "known_share_ms": round(best(partial(summarize, words, store.status_of), 5) * 1000, 2),
            }
    return out


# -- the library at 10,000 articles -------------------------------------------------------------


def _library_with_figures(base: Path) -> str:
    """A library of 10,000 articles whose counted words are cached (synthetic counts, as in
    :mod:`reader.bench.vocab`), and the figures a previous session saved."""
    from reader.bench.ui import _library_home
    from reader.bench.vocab import _synthetic, _vocabulary
    from reader.core.library import Library
    from reader.core.paths import Locations
    from reader.core.vocab.article import counts_key
    from reader.core.vocab.levels import frequency_rank
    from reader.core.vocab.library_index import LibraryDifficulty
    from reader.core.vocab.store import VocabStore

    home = _library_home(base, "lib10k", ARTICLES)
    locations = Locations.resolve(home)
    rng = random.Random(11)
    vocab = sorted(_vocabulary(), key=lambda w: frequency_rank(w) or 10**9)
    weights = [1 / (i + 1) for i in range(len(vocab))]
    with VocabStore(locations.data / "vocab.json") as store:
        figures = LibraryDifficulty(locations.cache, store.status_of, store.hsk_standard)
        digest = store.corrections_digest()
        for n, article in enumerate(Library(locations).articles()):
            words = _synthetic(rng, vocab, weights)
            key = counts_key(f"article {n}", digest)
            figures.cache.put(key, words)
            figures.index.add(article.id, words)
            figures._keys[article.id] = key
        figures.save()
    return home


def _child_library(home: str) -> dict[str, float]:
    from reader.core.paths import Locations
    from reader.core.vocab.library_index import ROWS_FILE
    from reader.ui.app import ReaderApp

    saved = (Locations.resolve(home).cache / ROWS_FILE).exists()
    times: dict[str, float] = {}

    async def main() -> None:
        app = ReaderApp(Locations.resolve(home), warm=False)
        async with app.run_test(size=SIZE) as pilot:
            screen = lambda: app.screen  # noqa: E731
            await _until(pilot, lambda: getattr(screen(), "loaded", False))
            times["painted"] = time.time()
            figures = app.context.figures
            if saved:
                await _until(pilot, lambda: bool(figures._saved))
                times["saved_figures"] = time.time()
            await _until(pilot, lambda: figures.index is not None and figures.index.built, timeout=120)
            times["index_built"] = time.time()
            screen().action_sort()  # type: ignore[attr-defined]
            while screen().sort_key != "known":  # type: ignore[attr-defined]
                screen().action_sort()  # type: ignore[attr-defined]
            t0 = time.perf_counter()
            screen().refresh_table()  # type: ignore[attr-defined]
            times["sort_by_known_s"] = time.perf_counter() - t0

    asyncio.run(main())
    return times


def _spawn_library(home: str) -> dict[str, float]:
    import os
    import subprocess

    env = {**os.environ, "READER_HOME": home}
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "reader.bench.learn", "--child", "library", home],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"library child failed: {proc.stderr.strip()[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    out = {
        "first_paint_s": round(data["painted"] - t0, 3),
        "index_built_s": round(data["index_built"] - t0, 3),
        "sort_by_known_s": round(data["sort_by_known_s"], 3),
    }
    if "saved_figures" in data:
        out["saved_figures_shown_s"] = round(data["saved_figures"] - t0, 3)
    return out


def _library(base: Path) -> dict[str, object]:
    from reader.core.paths import Locations
    from reader.core.vocab.library_index import ROWS_FILE

    home = _library_with_figures(base)
    with_figures = _spawn_library(home)
    rows = Locations.resolve(home).cache / ROWS_FILE
    rows.unlink()  # as on the first start after an upgrade: nothing saved, the index built from the cache
    without_saved = _spawn_library(home)
    return {"articles": ARTICLES, "with_saved_figures": with_figures, "without_saved_figures": without_saved}


def run() -> dict[str, object]:
    base = Path(tempfile.mkdtemp(prefix="reader-bench-learn-"))
    try:
        marking = _marking(base / "home")
        seeds = _seeds(base)
        library = _library(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {"marking": marking, "seeds": seeds, "library": library, "targets": TARGETS}


def main(argv: list[str]) -> int:
    if argv[:2] == ["--child", "library"]:
        print(json.dumps(_child_library(argv[2])))
        return 0
    if argv[:1] == ["--library"]:  # only the library part
        base = Path(tempfile.mkdtemp(prefix="reader-bench-learn-"))
        try:
            print(json.dumps(_library(base), indent=2))
        finally:
            shutil.rmtree(base, ignore_errors=True)
        return 0
    print(json.dumps(run(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
