"""`reader serve` in a real headless Chromium: pinyin sits over its characters in the page.

Run with ``python -m pytest tests/browser`` after ``pip install -e '.[browser-test]'`` and
``apt-get install chromium chromium-driver fonts-dejavu-core fonts-noto-cjk``; skipped, with the reason, otherwise.

Two layers are checked, because either can break on its own:

* the grid: xterm.js's buffer (read from the page) must give every character the width the app gave
  it (wcwidth), and every pinyin run must start over a Han character it is a reading of;
* the pixels: in the screenshot, every cell the buffer holds a glyph in shows ink, every blank cell
  none, each Han character's ink spans and is centred in its two cells, and the first letter of each
  pinyin run is drawn over the ink of its character. A font whose Han glyphs are not two cells wide,
  a renderer that drifts, or glyphs that spill into the gaps between words all fail here.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from wcwidth import wcwidth

from reader.core.han import is_han
from reader.ui.reading.status import PINYIN_LABELS
from reader.ui.settings import PINYIN_MODES

from .conftest import Served

CHROMIUM = os.environ.get("READER_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("READER_CHROMEDRIVER", "/usr/bin/chromedriver")
# Without the background-networking switches Chromium waits on services it cannot reach offline.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _missing() -> str | None:
    for module, what in (("textual_serve", "the serve extra"), ("selenium", "selenium"), ("PIL", "Pillow")):
        try:
            __import__(module)
        except ImportError:
            return f"needs {what}: pip install -e '.[browser-test]'"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"needs {path}: apt-get install {package} (or set READER_CHROMIUM / READER_CHROMEDRIVER)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")

# textual-serve keeps its xterm.js Terminal to itself; the page's script stores it as `.terminal`
# on its own object, so a setter on Object.prototype, installed before any script runs, sees it.
CATCH_TERMINAL = """
window.readerTerminals = [];
Object.defineProperty(Object.prototype, "terminal", {configurable: true, set(value) {
  Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
  window.readerTerminals.push(value);
}});
"""
READ_SCREEN = """
const t = window.readerTerminals[0];
if (!t || !t.element) return null;
const b = t.buffer.active, rows = [];
for (let y = 0; y < t.rows; y++) {
  const line = b.getLine(b.viewportY + y), cells = [];
  for (let x = 0; x < t.cols; x++) { const c = line.getCell(x); cells.push([c.getChars(), c.getWidth()]); }
  rows.push(cells);
}
const box = t.element.querySelector(".xterm-screen").getBoundingClientRect();
return {cols: t.cols, rows, box: [box.left, box.top, box.width, box.height], ratio: window.devicePixelRatio};
"""


@dataclass(frozen=True)
class Screen:
    """The terminal as the page holds it: each cell's characters and width (0: the right half of a
    wide character), and where the cells are drawn, in CSS pixels."""

    cells: list[list[tuple[str, int]]]
    left: float
    top: float
    cell_w: float
    cell_h: float

    def text(self, y: int) -> str:
        return "".join(ch or " " for ch, width in self.cells[y] if width)

    def runs(self, y: int) -> Iterator[tuple[int, str]]:
        """(column, text) of each run of non-blank cells in row ``y``."""
        start, run = -1, ""
        for x, (ch, width) in enumerate([*self.cells[y], (" ", 1)]):
            if width == 0:
                continue
            if ch.strip():
                start, run = (x if not run else start), run + ch
            elif run:
                yield start, run
                run = ""

    def box(self, x: int, y: int, cells: int = 1) -> tuple[int, int, int, int]:
        """Left, right, top and bottom, in screenshot pixels, of ``cells`` cells from (x, y)."""
        return (
            round(self.left + x * self.cell_w),
            round(self.left + (x + cells) * self.cell_w),
            round(self.top + y * self.cell_h),
            round(self.top + (y + 1) * self.cell_h),
        )

    def status_row(self) -> int:
        """The article's status bar (under the text, over the key bar)."""
        return len(self.cells) - 2

    def pinyin_rows(self) -> list[int]:
        """Rows of pinyin: Latin letters only, over a row of the article with Han characters."""
        found = []
        for y in range(self.status_row() - 1):
            letters = self.text(y).replace(" ", "")
            if (
                letters
                and all(c.isalpha() and not is_han(c) for c in letters)
                and any(is_han(c) for c in self.text(y + 1))
                and any(c > "\x7f" for c in letters)
            ):
                found.append(y)
        return found


def read_screen(driver: Any) -> Screen | None:
    data = driver.execute_script(READ_SCREEN)
    if not data:
        return None
    assert data["ratio"] == 1, "the pixel checks assume one device pixel per CSS pixel"
    left, top, width, height = data["box"]
    cells = [[(ch, width) for ch, width in row] for row in data["rows"]]
    return Screen(cells, left, top, width / data["cols"], height / len(cells))


def wait_for(driver: Any, what: str, test: Callable[[Screen], bool], timeout: float = 60) -> Screen:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    last: list[Screen] = []

    def ready(_: Any) -> bool:
        screen = read_screen(driver)
        if screen is None:
            return False
        last[:] = [screen]
        return test(screen)

    try:
        WebDriverWait(driver, timeout, poll_frequency=0.2).until(ready)
    except TimeoutException:
        shown = "\n".join(last[0].text(y) for y in range(len(last[0].cells))) if last else "(no terminal)"
        pytest.fail(f"the page never showed {what}; it showed:\n{shown}")
    return last[0]


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver or a browser
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        *CHROMIUM_FLAGS,
        f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}",
        "--window-size=960,640",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
    try:
        yield driver
    finally:
        driver.quit()


def _ink(px: Any, x0: int, x1: int, y0: int, y1: int) -> list[int]:
    """Pixels that differ from the box's commonest colour (its background), counted per column."""
    colours: dict[tuple[int, int, int], int] = {}
    for x in range(x0, x1):
        for y in range(y0, y1):
            colours[px[x, y]] = colours.get(px[x, y], 0) + 1
    bg = max(colours, key=colours.__getitem__)
    return [
        sum(1 for y in range(y0, y1) if sum(abs(a - b) for a, b in zip(px[x, y], bg)) > 96)
        for x in range(x0, x1)
    ]


def _extent(counts: list[int], x0: int) -> tuple[int, int] | None:
    """The first and last pixel column with ink, or None."""
    inked = [x0 + i for i, n in enumerate(counts) if n]
    return (inked[0], inked[-1]) if inked else None


def grid_problems(screen: Screen) -> list[str]:
    """Characters the page gives another width than the app, and pinyin that does not start over a
    Han character it is a reading of."""
    from pypinyin import Style, pinyin

    problems = []
    for y, row in enumerate(screen.cells):
        for x, (ch, width) in enumerate(row):
            if width and ch.strip() and width != max(wcwidth(ch[0]), 1):
                problems.append(
                    f"row {y} col {x}: {ch!r} takes {width} cells in the page, {wcwidth(ch[0])} in the app"
                )
    for y in screen.pinyin_rows():
        for x, run in screen.runs(y):
            ch, width = screen.cells[y + 1][x]
            readings = pinyin(ch, style=Style.TONE, heteronym=True)[0] if is_han(ch) else []
            if width != 2 or not any(run.lower().startswith(r) for r in readings):
                problems.append(
                    f"row {y} col {x}: the pinyin {run!r} starts over {ch!r} "
                    f"(readings {readings}):\n  {screen.text(y)}\n  {screen.text(y + 1)}"
                )
    return problems


def ink_problems(image: Any, screen: Screen, centred: bool = True) -> list[str]:
    """Cells whose pixels disagree with the buffer, in every pinyin row and the text row under it,
    and pinyin whose first letter is not drawn over the ink of its character. ``centred``: Han
    characters must also sit in the middle of their two cells (true of a font whose Han glyphs are
    exactly two cells wide; the browser's fallback draws them at the left)."""
    px = image.convert("RGB").load()
    pinyin_rows = screen.pinyin_rows()
    problems = []
    for y in sorted({*pinyin_rows, *(y + 1 for y in pinyin_rows)}):
        problems += _row_ink_problems(px, screen, y, centred)
    for y in pinyin_rows:
        for x, run in screen.runs(y):
            letter = _extent(_ink(px, *screen.box(x, y)), screen.box(x, y)[0])
            han = _extent(_ink(px, *screen.box(x, y + 1, 2)), screen.box(x, y + 1)[0])
            if letter and han and not han[0] <= (letter[0] + letter[1]) / 2 <= han[1]:
                problems.append(f"row {y} col {x}: {run!r} is drawn at x={letter}, its character at x={han}")
    return problems


def _row_ink_problems(px: Any, screen: Screen, y: int, centred: bool) -> list[str]:
    problems = []
    for x, (ch, width) in enumerate(screen.cells[y]):
        where = f"row {y} col {x} {ch!r} in {screen.text(y).strip()[:40]!r}"
        if width == 0:
            continue
        a, b, y0, y1 = screen.box(x, y, width)
        if not ch.strip():
            if sum(_ink(px, a + 1, b - 1, y0, y1)) > 2:
                problems.append(f"{where}: ink in a blank cell (a glyph spills over)")
        elif is_han(ch):
            counts = _ink(px, a, b, y0, y1)
            half, extent = len(counts) // 2, _extent(counts, a)
            if sum(counts[:half]) < 3 or sum(counts[half:]) < 3 or extent is None:
                problems.append(f"{where}: the character does not fill its two cells")
            elif centred and abs((extent[0] + extent[1] + 1) / 2 - (a + b) / 2) > screen.cell_w / 4:
                problems.append(f"{where}: the character is off the centre of its two cells")
        elif sum(_ink(px, a, b, y0, y1)) < 3:
            problems.append(f"{where}: no ink for the glyph")
    return problems


def _show(screen: Screen) -> str:
    return "\n".join(screen.text(y) for y in range(len(screen.cells)))


# Chromium scales a font in steps of about 1/64 px: widths within a tenth of a pixel are the same.
TOLERANCE = 0.1
MEASURE_FONT = """
const ctx = document.createElement("canvas").getContext("2d");
ctx.font = `${arguments[0]} "Roboto Mono"`;
return [...arguments[1]].map(c => ctx.measureText(c).width);
"""


def han_is_two_cells(driver: Any, screen: Screen, font_size: int) -> bool:
    """Whether the page's font draws a Han character exactly two of the terminal's cells wide."""
    (han,) = driver.execute_script(MEASURE_FONT, f"{font_size}px", "中")
    return abs(han - 2 * screen.cell_w) < TOLERANCE


def shifted(screen: Screen, rows: list[int]) -> Screen:
    """The screen with ``rows`` moved one cell to the right: pinyin off its characters by one cell."""
    cells = [[(" ", 1), *row[:-1]] if y in rows else row for y, row in enumerate(screen.cells)]
    return Screen(cells, screen.left, screen.top, screen.cell_w, screen.cell_h)


def settled(driver: Any) -> tuple[Screen, bytes]:
    """The screen and a screenshot of it, once the app has stopped drawing (the same cells before and
    after the screenshot, and half a second earlier)."""
    for _ in range(40):
        before = read_screen(driver)
        time.sleep(0.5)
        screen = read_screen(driver)
        png = driver.get_screenshot_as_png()
        if before is not None and before.cells == screen.cells == (read_screen(driver) or before).cells:
            return screen, png
    pytest.fail("the screen never stopped changing")


def check_alignment(driver: Any, shot: Path, font_size: int) -> None:
    from PIL import Image

    screen, png = settled(driver)
    shot.write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert len(screen.pinyin_rows()) >= 3, f"too few pinyin rows to judge:\n{_show(screen)}"
    exact = han_is_two_cells(driver, screen, font_size)
    problems = grid_problems(screen) + ink_problems(image, screen, centred=exact)
    assert not problems, f"{len(problems)} misplaced (screenshot {shot}):\n" + "\n".join(problems[:20])
    # The checks see pinyin one cell off its characters, in the buffer and against the pixels.
    off = shifted(screen, screen.pinyin_rows())
    assert grid_problems(off) and ink_problems(image, off, centred=exact), "the checks are blind"


# The status bar's name of each pinyin mode, in the order `p` cycles through them.
# The app's own order of the pinyin modes and their labels on the status bar: `p` steps through them.
MODES = PINYIN_LABELS
CYCLE = PINYIN_MODES


def _mode(screen: Screen) -> str | None:
    """The article's pinyin mode once its words are ready (the status bar glosses the word at the
    cursor, with its pinyin), else None."""
    status = screen.text(screen.status_row())
    if not any("\u00e0" <= c <= "\u01dc" for c in status):
        return None
    return next((mode for mode, label in MODES.items() if f"· {label} ·" in status), None)


def _pinyin_on(screen: Screen) -> bool:
    return _mode(screen) == "all" and len(screen.pinyin_rows()) >= 3


@pytest.mark.parametrize("title, font_size", [("DeepSeek", 16), ("深圳", 20)])
def test_pinyin_sits_over_its_characters_in_the_page(
    served: Served, browser: Any, title: str, font_size: int, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{served.url}/?fontsize={font_size}")
    wait_for(browser, "the library", lambda s: any(title in s.text(y) for y in range(len(s.cells))))
    keys = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    keys.send_keys(title)
    wait_for(
        browser,
        f"the library filtered by {title!r}",
        lambda s: sum(1 for y in range(len(s.cells)) if "%" in s.text(y)) == 1,
    )
    keys.send_keys("\n")
    mode = _mode(wait_for(browser, "the article with its words ready", lambda s: _mode(s) is not None))
    keys.send_keys("p" * ((CYCLE.index("all") - CYCLE.index(mode or "")) % len(CYCLE)))
    screen = wait_for(browser, "pinyin", _pinyin_on)
    check_alignment(browser, tmp_path / "pinyin.png", font_size)

    browser.set_window_size(720, 900)  # the page refits xterm.js, which tells the app the new size
    wait_for(
        browser, "pinyin at the new size", lambda s: len(s.cells[0]) < len(screen.cells[0]) and _pinyin_on(s)
    )
    check_alignment(browser, tmp_path / "pinyin-narrow.png", font_size)


def _installed(family: str) -> bool:
    fc_list = shutil.which("fc-list")
    return bool(fc_list) and subprocess.run([fc_list, "-q", family], check=False).returncode == 0


PINYIN_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜêńňǹḿ"


def test_the_page_draws_han_two_cells_wide_and_pinyin_letters_one(served: Served, browser: Any) -> None:
    from reader.serve import HAN_FONTS, LATIN_FONTS

    for fonts, package in ((LATIN_FONTS, "fonts-dejavu-core"), (HAN_FONTS, "fonts-noto-cjk")):
        if not any(_installed(full) for full, _ in fonts):
            pytest.skip(f"none of {', '.join(f for f, _ in fonts)} is installed (apt-get install {package})")
    for size in (16, 20, 23):
        browser.get(f"{served.url}/?fontsize={size}")
        screen = wait_for(
            browser, "the library", lambda s: any("%" in s.text(y) for y in range(len(s.cells)))
        )
        for weight in (400, 700):
            widths = browser.execute_script(MEASURE_FONT, f"{weight} {size}px", "中，「ㄅa" + PINYIN_LETTERS)
            wide, latin = widths[:4], widths[4:]
            assert all(abs(w - 2 * screen.cell_w) < TOLERANCE for w in wide), (
                f"at {size}px, weight {weight}: 中，「ㄅ are {wide}px wide, two cells {2 * screen.cell_w}px"
            )
            assert max(latin) - min(latin) < TOLERANCE, (
                f"at {size}px, weight {weight}: pinyin letters of other widths: {dict(zip('a' + PINYIN_LETTERS, latin))}"
            )
