"""Benchmark of the app: start-up to first paint against a bare Textual app,
opening articles, a 1 MB article's first screen, readings (the first
screen's pinyin after its text, all words and readings after opening, for a
seed and the 1 MB article), one screen of lines while scrolling, peak memory
of the app and of the preparing process, and start-up with 100,000
annotations.

Each figure comes from a fresh child process running the real app headless
(``python -m reader.bench.ui --child KIND HOME``). Start-up is measured from
just before the child is spawned to the first frame drawn, and compared with
a bare Textual app measured the same way in the same run, interleaved.
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
from pathlib import Path

TARGETS = {
    "first_screen_pinyin_after_text_s_max": 0.300,
    "seed_words_ready_after_open_s_max": 1.0,
    "megabyte_words_ready_after_open_s_max": 5.0,
    "startup_ratio_to_bare_max": 1.5,
    "article_cold_s_max": 0.600,
    "article_second_open_s_max": 0.150,
    "megabyte_first_screen_s_max": 0.300,
    "scroll_screen_render_s_max": 0.016,
    "peak_memory_mb_max": 200,
    "startup_100k_annotations_extra_s_max": 0.300,
}
SIZE = (120, 40)


# -- children -------------------------------------------------------------------


def _child_bare() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Label, ListItem, ListView

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield ListView(*(ListItem(Label(f"article {n}")) for n in range(5)))

        def on_mount(self) -> None:
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            self.t = time.time()
            self.exit()

    app = Bare()
    app.run(headless=True, size=SIZE)
    return {"painted": app.t}


def _app(home: str, **kw: object):  # -> ReaderApp
    from reader.core.paths import Locations
    from reader.ui.app import ReaderApp

    return ReaderApp(Locations.resolve(home), **kw)  # type: ignore[arg-type]


def _child_library(home: str) -> dict[str, float]:
    times: dict[str, float] = {}

    def painted(what: str, _at: float) -> None:
        times[what] = time.time()
        app.exit()

    app = _app(home, on_first_paint=painted, warm=False)
    app.run(headless=True, size=SIZE)
    return {"painted": times["library"]}


async def _until(pilot: object, cond, timeout: float = 30.0) -> None:  # noqa: ANN001
    deadline = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.002)  # type: ignore[attr-defined]


async def _open_timed(app, pilot, open_it) -> float:  # noqa: ANN001
    app.painted.pop("article", None)
    t0 = time.perf_counter()
    open_it()
    await _until(pilot, lambda: "article" in app.painted)
    return app.painted["article"] - t0


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
        async with app.run_test(size=SIZE) as pilot:
            await _until(pilot, lambda: "library" in app.painted)
            t0 = time.perf_counter()
            await asyncio.to_thread(preparer(app.locations).call, "ready")
            result["preparing_process_warm_s"] = time.perf_counter() - t0
            seed = next(a for a in app.library.articles() if a.source_name.startswith("001_"))
            big = next(a for a in app.library.articles() if a.source_name == "megabyte.txt")
            result["article_cold_s"] = await _open_timed(app, pilot, lambda: app.open_article(seed))
            opened = app.painted["article"] - result["article_cold_s"]  # type: ignore[operator]
            await _until(pilot, lambda: _readings(app) == "complete", timeout=60)
            ready_at = app.screen.view_ready_at  # type: ignore[attr-defined]
            result["seed_pinyin_after_text_s"] = max(0.0, ready_at - app.painted["article"])
            result["seed_words_ready_after_open_s"] = time.perf_counter() - opened
            await pilot.press("q")
            await pilot.pause(0.05)
            result["article_second_open_s"] = await _open_timed(app, pilot, lambda: app.open_article(seed))
            await pilot.press("q")
            await pilot.pause(0.05)
            result["megabyte_first_screen_s"] = await _open_timed(app, pilot, lambda: app.open_article(big))
            opened = app.painted["article"] - result["megabyte_first_screen_s"]  # type: ignore[operator]
            await _until(pilot, lambda: _readings(app) != "none", timeout=60)
            result["megabyte_first_screen_pinyin_after_text_s"] = time.perf_counter() - app.painted["article"]
            await _until(pilot, lambda: _readings(app) == "complete", timeout=60)
            result["megabyte_words_ready_after_open_s"] = time.perf_counter() - opened
            result["scroll"] = await _scroll(app, pilot)

    asyncio.run(main())
    return result


def _readings(app) -> str:  # noqa: ANN001
    """"none", "part" (the first screen's) or "complete": the open article's readings so far."""
    view = getattr(app.screen, "view", None)
    readings = getattr(view, "_readings", None)
    if readings is None:
        return "none"
    if not hasattr(app.screen, "view_ready_at"):
        app.screen.view_ready_at = time.perf_counter()
    return "complete" if readings.complete else "part"


def _words_ready(app) -> bool:  # noqa: ANN001
    """The open article's words and readings arrived from the preparing process."""
    return _readings(app) == "complete"


async def _scroll(app, pilot) -> dict[str, float]:  # noqa: ANN001
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

        app = _app(home)
        async with app.run_test(size=SIZE) as pilot:
            await _until(pilot, lambda: "dictionary" in app.ready, timeout=60)
            for article in app.library.articles():
                await _open_timed(app, pilot, lambda a=article: app.open_article(a))
                await _until(pilot, lambda: _words_ready(app), timeout=60)
                await pilot.press("p")
                for _ in SCRIPTS[1:]:
                    await pilot.press("s")
                    await _until(pilot, lambda: app.screen.view.needs_view_readings() is None, timeout=60)
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


CHILDREN = {"bare": _child_bare, "library": _child_library, "articles": _child_articles, "memory": _child_memory}


# -- parent ---------------------------------------------------------------------


def _spawn(kind: str, home: str) -> tuple[float, dict[str, object]]:
    env = dict(os.environ, READER_HOME=home)
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-m", "reader.bench.ui", "--child", kind, home],
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed: {proc.stderr.strip()[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return t0, data


def _startup(kind: str, home: str) -> float:
    t0, data = _spawn(kind, home)
    return float(data["painted"]) - t0  # type: ignore[arg-type]


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


def run(rounds: int = 5) -> dict[str, object]:
    from reader.bench.store import build

    base = Path(tempfile.mkdtemp(prefix="reader-bench-ui-"))
    try:
        home = _fresh_home(base, "home", megabyte=True)
        big_home = _fresh_home(base, "home-100k")
        build(Path(big_home) / "annotations.json", 100_000)
        bare, library, with_100k = [], [], []
        _startup("library", home)  # first run writes caches; measure warm starts
        for _ in range(rounds):
            bare.append(_startup("bare", home))
            library.append(_startup("library", home))
            with_100k.append(_startup("library", big_home))
        b, lib, big = statistics.median(bare), statistics.median(library), statistics.median(with_100k)
        # A new process with the library as `reader add` leaves it: cleaned text cached, words not yet.
        _, articles = _spawn("articles", _fresh_home(base, "home-cold", megabyte=True))
        _, memory = _spawn("memory", _fresh_home(base, "home-memory"))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {
        "startup": {
            "bare_textual_listview_s": round(b, 4),
            "library_first_paint_s": round(lib, 4),
            "ratio_to_bare": round(lib / b, 3),
            "library_first_paint_100k_annotations_s": round(big, 4),
            "extra_with_100k_annotations_s": round(big - lib, 4),
        },
        "articles": _rounded(articles),
        "memory": _rounded(memory),
        "targets": TARGETS,
    }


def _rounded(data: dict[str, object]) -> dict[str, object]:
    return {k: _rounded(v) if isinstance(v, dict) else round(v, 4) if isinstance(v, float) else v
            for k, v in data.items()}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        kind, home = argv[1], argv[2]
        data = CHILDREN[kind]() if kind == "bare" else CHILDREN[kind](home)  # type: ignore[call-arg]
        print(json.dumps(data))
        return 0
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
