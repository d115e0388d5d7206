"""Readings in the app: they come from the preparing process, follow the script shown, and the app's own
process never loads what reading needs."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reader.core.pinyin import Style
from reader.ui.app import ReaderApp
from reader.ui.screens.reader import ReaderScreen

from .conftest import wait_for

APP_RUN = textwrap.dedent("""
    import asyncio, sys, time
    from reader.core.paths import Locations
    from reader.ui.app import ReaderApp

    async def main():
        app = ReaderApp(Locations.resolve(sys.argv[1]))
        async with app.run_test(size=(100, 30)) as pilot:
            article = min(app.library.articles(), key=lambda a: a.length)
            app.open_article(article)
            deadline = time.monotonic() + 60
            def ready():
                view = getattr(app.screen, "view", None)
                return view is not None and view.options.ready and view.needs_view_readings() is None
            await pilot.pause(0.2)
            await pilot.press("p")
            for _ in range(4):
                await pilot.press("s")
                while not ready():
                    assert time.monotonic() < deadline, "readings never arrived"
                    await pilot.pause(0.05)
    asyncio.run(main())
    heavy = ("rjieba", "jieba", "pypinyin", "numpy", "g2pM")
    print("loaded:" + ",".join(sorted(m for m in heavy if m in sys.modules)))
""")


def test_the_app_process_never_loads_what_reading_needs(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", APP_RUN, str(tmp_path / "home")], capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = [line for line in proc.stdout.splitlines() if line.startswith("loaded:")]
    assert loaded == ["loaded:"], f"in the app's process: {proc.stdout[-500:]}"


async def test_a_converted_view_shows_the_reading_of_its_own_words(locations):
    from reader.core.library import Library

    path = locations.data / "ai.txt"
    path.write_text("人工智能学院的程序在网络上运行。\n\n人工智能发展很快。\n", encoding="utf-8")
    library = Library(locations)
    article = library.add([path])[0].article
    app = ReaderApp(locations, open_article=article.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ReaderScreen)
                and app.screen.view is not None
                and app.screen.view.options.ready
            ),
            timeout=60,
        )
        view = app.screen.view
        view.configure(script="taiwan")
        app.screen._want_view_readings()
        await wait_for(pilot, lambda: view.needs_view_readings() is None, timeout=60)
        text_view = view.view
        at = text_view.view_text.index("人工智慧")
        start, end = text_view.to_text(at), text_view.to_text(at + 4)
        assert text_view.pinyin_of(start, end, Style.MARKS) == "réngōngzhìhuì"
        at = text_view.view_text.index("網路")
        assert text_view.pinyin_of(text_view.to_text(at), text_view.to_text(at + 2), Style.MARKS) == "wǎnglù"
