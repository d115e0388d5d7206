"""Benchmark of the app: start-up to first paint against a bare Textual app
(with the 5 seeds, 2,000 and 10,000 articles, and 100,000 annotations),
opening articles, a 1 MB article's first screen, readings (the first
screen's pinyin after its text, all words and readings after opening, for a
seed and the 1 MB article), one screen of lines while scrolling, and peak
memory of the app and of the preparing process.

Each figure comes from a fresh child process running the real app headless
(``python -m reader.bench.ui --child KIND HOME``), measured from outside the
app's code: a Pilot drives it and watches its widgets, and a message hook
notes when an article view posts its first layout. Start-up is measured from
just before the child is spawned to the first frame that shows the library's
rows (the bare app: its list), and compared with a bare Textual app measured
the same way in the same run, interleaved.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from textual.pilot import Pilot
    from textual.screen import Screen

    from reader.ui.app import ReaderApp

TARGETS = {
    "first_screen_pinyin_after_text_s_max": 0.300,
    "seed_words_ready_after_open_s_max": 1.0,
    "megabyte_words_ready_after_open_s_max": 5.0,
    "startup_ratio_to_bare_max": 1.5,  # the first frame with the 5 seeds
    "article_cold_s_max": 0.600,
    "article_second_open_s_max": 0.150,
    "megabyte_first_screen_s_max": 0.300,
    "scroll_screen_render_s_max": 0.016,
    "peak_memory_mb_max": 200,
    "startup_100k_annotations_extra_s_max": 0.300,
    "startup_10k_articles_ratio_to_bare_max": 1.3,  # the first frame with 10,000 articles
}
LIBRARY_SIZES = (2_000, 10_000)  # articles, beside the 5 seeds
SIZE = (120, 40)


# -- children -------------------------------------------------------------------


class _Frames:
    """A message hook: when the app's first frame was drawn (Textual's ``Ready``, sent once the first
    screen is laid out and shown) and when the library first showed its rows (``LibraryListed``, sent
    after the frame that shows them)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def __call__(self, message: object) -> None:
        from textual import events

        from reader.ui.messages import LibraryListed

        if isinstance(message, events.Ready):
            self.times.setdefault("frame", time.time())
        elif isinstance(message, LibraryListed):
            self.times.setdefault("painted", time.time())


def _child_bare() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Label, ListItem, ListView

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield ListView(*(ListItem(Label(f"article {n}")) for n in range(5)))

    async def main() -> dict[str, float]:
        frames = _Frames()
        async with Bare().run_test(size=SIZE, message_hook=frames) as pilot:
            await _until(pilot, lambda: "frame" in frames.times, interval=0.05)
        return {"frame": frames.times["frame"], "painted": frames.times["frame"]}

    return asyncio.run(main())


def _app(home: str, warm: bool = True) -> ReaderApp:
    from reader.core.paths import Locations
    from reader.ui.app import ReaderApp

    return ReaderApp(Locations.resolve(home), warm=warm)


def _child_library(home: str) -> dict[str, float]:
    """Start the app: its first frame, and the first frame with the library's rows."""

    async def main() -> dict[str, float]:
        frames = _Frames()
        async with _app(home, warm=False).run_test(size=SIZE, message_hook=frames) as pilot:
            await _until(pilot, lambda: "painted" in frames.times, interval=0.05)
        return frames.times

    return asyncio.run(main())


async def _until(
    pilot: Pilot[None], cond: Callable[[], bool], timeout: float = 30.0, interval: float = 0.002
) -> None:
    deadline = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(interval)


class _Layouts:
    """A message hook: when each article view posted its first layout (its first screen is drawn)."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def __call__(self, message: object) -> None:
        from reader.ui.widgets.article import ArticleView

        if isinstance(message, ArticleView.FirstLayout):
            self.times.append(time.perf_counter())


async def _open_timed(
    pilot: Pilot[None], layouts: _Layouts, open_it: Callable[[], object]
) -> tuple[float, float]:
    """Seconds from asking for an article to its first screen drawn, and when that was."""
    seen = len(layouts.times)
    t0 = time.perf_counter()
    open_it()
    await _until(pilot, lambda: len(layouts.times) > seen)
    return layouts.times[seen] - t0, layouts.times[seen]


def _child_articles(home: str) -> dict[str, object]:
    """Open the first seed twice (cold, then again), then the 1 MB article; then scroll it.

    Readings figures are taken with the preparing process warm (it starts
    with the app and loads in about a second, before a reader has chosen an
    article); how long that takes is ``preparing_process_warm_s``.
    """
    result: dict[str, object] = {}

    async def main() -> None:
        from reader.core.prepare import preparer

        app = _app(home)
        layouts = _Layouts()
        async with app.run_test(size=SIZE, message_hook=layouts) as pilot:
            t0 = time.perf_counter()
            await asyncio.to_thread(preparer(app.locations).call, "ready")
            result["preparing_process_warm_s"] = time.perf_counter() - t0
            seed = next(a for a in app.library.articles() if a.source_name.startswith("001_"))
            big = next(a for a in app.library.articles() if a.source_name == "megabyte.txt")
            cold, shown = await _open_timed(pilot, layouts, lambda: app.open_article(seed))
            result["article_cold_s"], opened = cold, shown - cold
            await _until(pilot, lambda: _readings(app) == "complete", timeout=60)
            ready_at = _READINGS_SEEN_AT[app.screen]
            result["seed_pinyin_after_text_s"] = max(0.0, ready_at - shown)
            result["seed_words_ready_after_open_s"] = time.perf_counter() - opened
            await pilot.press("q")
            await pilot.pause(0.05)
            result["article_second_open_s"], _ = await _open_timed(
                pilot, layouts, lambda: app.open_article(seed)
            )
            await pilot.press("q")
            await pilot.pause(0.05)
            first_screen, shown = await _open_timed(pilot, layouts, lambda: app.open_article(big))
            result["megabyte_first_screen_s"], opened = first_screen, shown - first_screen
            await _until(pilot, lambda: _readings(app) != "none", timeout=60)
            result["megabyte_first_screen_pinyin_after_text_s"] = time.perf_counter() - shown
            await _until(pilot, lambda: _readings(app) == "complete", timeout=60)
            result["megabyte_words_ready_after_open_s"] = time.perf_counter() - opened
            result["scroll"] = await _scroll(app, pilot)

    asyncio.run(main())
    return result


# When each reader screen was first seen with readings (its first screen's pinyin drawn).
_READINGS_SEEN_AT: WeakKeyDictionary[Screen[object], float] = WeakKeyDictionary()


def _readings(app: ReaderApp) -> str:
    """ "none", "part" (the first screen's) or "complete": the open article's readings so far."""
    view = getattr(app.screen, "view", None)
    readings = getattr(view, "_readings", None)
    if readings is None:
        return "none"
    _READINGS_SEEN_AT.setdefault(app.screen, time.perf_counter())
    return "complete" if readings.complete else "part"


def _words_ready(app: ReaderApp) -> bool:
    """The open article's words and readings arrived from the preparing process."""
    return _readings(app) == "complete"


async def _scroll(app: ReaderApp, pilot: Pilot[None]) -> dict[str, float]:
    """Render every row of one screen after jumping a page, with pinyin off and on."""
    from reader.ui.widgets.article import ArticleView

    view = app.screen.query_one(ArticleView)
    figures: dict[str, float] = {}
    for mode in ("off", "all"):
        view.configure(pinyin=mode)
        await pilot.pause(0.05)
        samples = []
        for page in range(1, 41):
            view.scroll_to(y=page * view.size.height * 7, animate=False, immediate=True)
            t0 = time.perf_counter()
            for y in range(view.size.height):
                view.render_line(y)
            samples.append(time.perf_counter() - t0)
        figures[f"pinyin_{mode}_median_s"] = statistics.median(samples)
        figures[f"pinyin_{mode}_max_s"] = max(samples)
    return figures


def _child_memory(home: str) -> dict[str, float]:
    """Open every seed with pinyin on, in each script, once the dictionary and the readings are ready.

    The app's own process is what a reader keeps open; the preparing process
    (the segmenter, pypinyin, CC-CEDICT and the model, for the session) is
    measured apart.
    """
    from reader.core.convert import SCRIPTS

    figures: dict[str, float] = {}

    async def main() -> None:
        from reader.core.prepare import preparer
        from reader.ui.widgets.article import ArticleView

        app = _app(home)
        layouts = _Layouts()
        async with app.run_test(size=SIZE, message_hook=layouts) as pilot:
            await _until(pilot, lambda: "dictionary" in app.ready, timeout=60)
            for article in app.library.articles():
                await _open_timed(pilot, layouts, partial(app.open_article, article))
                await _until(pilot, lambda: _words_ready(app), timeout=60)
                await pilot.press("p")
                for _ in SCRIPTS[1:]:
                    await pilot.press("s")
                    await _until(
                        pilot,
                        lambda: app.screen.query_one(ArticleView).needs_view_readings() is None,
                        timeout=60,
                    )
                await pilot.press("q")
                await pilot.pause(0.05)
            pid = preparer(app.locations).call("ready")
            figures["preparing_process_peak_rss_mb"] = _peak_rss_mb(pid)

    asyncio.run(main())
    figures["app_peak_rss_mb"] = _peak_rss_mb()
    return figures


def _peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM is per address space, unlike ru_maxrss after exec)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The children run on a home; the bare app (``--child bare``) takes none.
CHILDREN: dict[str, Callable[[str], Mapping[str, object]]] = {
    "library": _child_library,
    "articles": _child_articles,
    "memory": _child_memory,
}


# -- parent ---------------------------------------------------------------------


# Compiled modules for the children, outside the checkout: an installed reader starts from its
# compiled modules (as Textual does, compiled when it was installed), so the children do too, even
# where PYTHONDONTWRITEBYTECODE is set.
_PYCACHE = Path(tempfile.gettempdir()) / "reader-bench-pycache"


def _spawn(kind: str, home: str) -> tuple[float, dict[str, Any]]:
    """When the child was spawned (``time.time()``), and the figures it printed as JSON."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(READER_HOME=home, PYTHONPYCACHEPREFIX=str(_PYCACHE))
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "reader.bench.ui", "--child", kind, home],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed: {proc.stderr.strip()[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return t0, data


def _startup(kind: str, home: str, what: str = "painted") -> float:
    """Seconds from spawning a child to its first frame with rows (``painted``) or its first (``frame``)."""
    t0, data = _spawn(kind, home)
    return float(data.get(what, data["painted"])) - t0


def _startups(kind: str, home: str) -> tuple[float, float]:
    """Seconds from spawning a child to its first frame, and to its first frame with rows."""
    t0, data = _spawn(kind, home)
    painted = float(data["painted"])
    return float(data.get("frame", painted)) - t0, painted - t0


def _fresh_home(base: Path, name: str, megabyte: bool = False) -> str:
    from reader.bench.core import megabyte_corpus, seed_corpus
    from reader.core.library import Library
    from reader.core.paths import Locations

    home = base / name
    library = Library(Locations.resolve(home))
    library.articles()  # seeds the library and prepares the seeds' cleaned text
    if megabyte:
        path = base / "megabyte.txt"
        path.write_text(megabyte_corpus(seed_corpus()), encoding="utf-8")
        library.add([path])
    return str(home)


def _library_home(base: Path, name: str, count: int) -> str:
    """A library of ``count`` articles: the seeds, and excerpts of them with titles, tags, reading places
    and opening times of their own (written as the library writes them, without cleaning each)."""
    import json
    import random

    from reader.core.library import Library
    from reader.core.paths import Locations

    home = base / name
    locations = Locations.resolve(home)
    Library(locations).articles()
    data = json.loads(locations.library_file.read_text(encoding="utf-8"))
    seeds = list(data["articles"])
    texts = [(locations.articles / a["filename"]).read_text(encoding="utf-8") for a in seeds]
    rng = random.Random(count)
    tags = ["政治", "科技", "香港", "經濟", "教育", "to-read"]
    for n in range(count - len(seeds)):
        seed, text = seeds[n % len(seeds)], texts[n % len(texts)]
        start = rng.randrange(0, max(1, len(text) - 400))
        excerpt = text[start : start + 400]
        article_id = f"b{n:09x}"
        (locations.articles / f"{article_id}.txt").write_text(excerpt, encoding="utf-8")
        data["articles"].append(
            {
                **seed,
                "id": article_id,
                "filename": f"{article_id}.txt",
                "source_name": f"article-{n}.txt",
                "title": f"{seed['title']} ({n})",
                "length": len(excerpt),
                "position": rng.randrange(len(excerpt)),
                "tags": rng.sample(tags, k=rng.randrange(3)),
                "last_opened": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+00:00" if n % 3 else None,
            }
        )
    locations.library_file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(home)


def startup(rounds: int = 5) -> dict[str, float]:
    """Start-up with the 5 seeds, 2,000 and 10,000 articles, and 100,000 annotations, against a bare
    Textual app: the first frame (the library screen drawn) and the first frame with the library's
    rows, each the median of ``rounds`` warm starts, interleaved."""
    from reader.bench.store import build

    base = Path(tempfile.mkdtemp(prefix="reader-bench-startup-"))
    try:
        homes = {"seeds": _fresh_home(base, "home")}
        homes.update({f"{n}": _library_home(base, f"home-{n}", n) for n in LIBRARY_SIZES})
        homes["100k_annotations"] = _fresh_home(base, "home-100k")
        build(Path(homes["100k_annotations"]) / "annotations.json", 100_000)
        for home in homes.values():
            _startup("library", home)  # the first run writes caches; measure warm starts
        frames: dict[str, list[float]] = {"bare": [], **{name: [] for name in homes}}
        rows: dict[str, list[float]] = {name: [] for name in homes}
        for _ in range(rounds):
            frames["bare"].append(_startup("bare", homes["seeds"]))
            for name, home in homes.items():
                frame, shown = _startups("library", home)
                frames[name].append(frame)
                rows[name].append(shown)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    frame_s = {name: statistics.median(values) for name, values in frames.items()}
    shown_s = {name: statistics.median(values) for name, values in rows.items()}
    bare = frame_s["bare"]
    figures = {"bare_textual_listview_s": bare}
    for name, label in (
        ("seeds", "seeds"),
        *((f"{n}", f"{n}_articles") for n in LIBRARY_SIZES),
        ("100k_annotations", "100k_annotations"),
    ):
        figures[f"first_frame_{label}_s"] = frame_s[name]
        figures[f"first_frame_{label}_ratio_to_bare"] = frame_s[name] / bare
        figures[f"rows_shown_{label}_s"] = shown_s[name]
        figures[f"rows_shown_{label}_ratio_to_bare"] = shown_s[name] / bare
    figures["extra_with_100k_annotations_s"] = shown_s["100k_annotations"] - shown_s["seeds"]
    return {k: round(v, 4) for k, v in figures.items()}


def run(rounds: int = 5) -> dict[str, object]:
    figures = startup(rounds)
    base = Path(tempfile.mkdtemp(prefix="reader-bench-ui-"))
    try:
        # A new process with the library as `reader add` leaves it: cleaned text cached, words not yet.
        _, articles = _spawn("articles", _fresh_home(base, "home-cold", megabyte=True))
        _, memory = _spawn("memory", _fresh_home(base, "home-memory"))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {
        "startup": figures,
        "articles": _rounded(articles),
        "memory": _rounded(memory),
        "targets": TARGETS,
    }


def _rounded(data: dict[str, object]) -> dict[str, object]:
    return {
        k: _rounded(v) if isinstance(v, dict) else round(v, 4) if isinstance(v, float) else v
        for k, v in data.items()
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        kind, home = argv[1], argv[2]
        data = _child_bare() if kind == "bare" else CHILDREN[kind](home)
        print(json.dumps(data))
        return 0
    if argv[:1] == ["--startup"]:  # only the start-up figures (a few minutes less)
        print(json.dumps({"startup": startup(), "targets": TARGETS}, indent=2))
        return 0
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
