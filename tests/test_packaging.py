"""The reader works when installed as most people install command-line tools: from a wheel.

A wheel is built from the checkout and installed into a fresh virtual
environment outside it; from there ``reader library`` lists the bundled seeds
and the app starts headless with its own theme. Nothing of the checkout is on
the path, so a file missing from the wheel fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_APP_PROBE = """
import asyncio, sys
from reader.core.paths import Locations
from reader.ui.app import ReaderApp

async def main():
    app = ReaderApp(Locations.resolve(sys.argv[1]), warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = len(app.library.articles())
        print(app.theme, rows, type(app.screen).__name__)

asyncio.run(main())
"""


def test_every_package_under_reader_is_listed_for_the_build() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reader").rglob("__init__.py")}
    data = set(config["tool"]["setuptools"]["package-dir"])
    assert listed == found | data, f"pyproject lists {sorted(listed)}, the tree has {sorted(found | data)}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the checkout, with the reader installed from a wheel built from it."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheels = list(dist.glob("reader-*.whl"))
    assert len(wheels) == 1, wheels
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheels[0])],
        capture_output=True,
        text=True,
        check=False,
        cwd=base,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    return env_dir


def _run(env_dir: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["READER_HOME"] = str(home)
    return subprocess.run(
        list(args), capture_output=True, text=True, env=env, cwd=home.parent, check=False, timeout=120
    )


def test_installed_wheel_lists_the_bundled_seeds(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = _run(installed, str(installed / "bin" / "reader"), "library", home=home)
    assert done.returncode == 0, done.stderr
    seeds = sorted(p for p in (ROOT / "seeds").glob("*.txt"))
    assert len(done.stdout.strip().splitlines()) >= len(seeds), done.stdout
    where = _run(
        installed,
        str(installed / "bin" / "python"),
        "-c",
        "import reader, sys; print(reader.__file__)",
        home=home,
    )
    assert str(ROOT) not in where.stdout, "the test must run the installed copy, not the checkout"


def test_installed_wheel_starts_the_app_headless(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = _run(installed, str(installed / "bin" / "python"), "-c", _APP_PROBE, str(home), home=home)
    assert done.returncode == 0, done.stderr[-3000:]
    theme, rows, screen = done.stdout.split()
    assert theme == "reader-dark"
    assert int(rows) == len(list((ROOT / "seeds").glob("*.txt")))
    assert screen == "LibraryScreen"
