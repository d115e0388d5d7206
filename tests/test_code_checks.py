"""ruff (lint and format) and mypy, with the settings in pyproject.toml, over the reader and its tests.

Every file must be clean except those in ``NOT_CLEAN_YET`` (empty: keep it so), each with the checks
it does not pass yet. A listed file that passes a check fails the test until it is taken off, so that
it cannot slip back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# fmt: off
NOT_CLEAN_YET: dict[str, set[str]] = {}
# fmt: on


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def _relative(name: str) -> str:
    return Path(name).resolve().relative_to(ROOT).as_posix()


def _lint() -> set[str]:
    out = _run("ruff", "check", "--output-format", "json", "reader", "tests")
    return {_relative(d["filename"]) for d in json.loads(out.stdout)}


def _format() -> set[str]:
    out = _run("ruff", "format", "--check", "--output-format", "json", "reader", "tests")
    return {_relative(d["filename"]) for d in json.loads(out.stdout)}


def _types() -> set[str]:
    out = _run("mypy")  # the files and settings are in pyproject.toml
    assert out.returncode in (0, 1), out.stderr or out.stdout  # 2: mypy itself could not run
    return {line.split(":", 1)[0] for line in out.stdout.splitlines() if ": error:" in line}


CHECKS: dict[str, Callable[[], set[str]]] = {"lint": _lint, "format": _format, "types": _types}


@pytest.mark.parametrize("check", list(CHECKS))
def test_every_file_passes_except_those_not_clean_yet(check: str) -> None:
    failing = CHECKS[check]()
    expected = {path for path, checks in NOT_CLEAN_YET.items() if check in checks}
    new = sorted(failing - expected)
    assert not new, f"{check} fails on {new}: run `{_hint(check)}` on them"
    fixed = sorted(path for path in expected - failing if (ROOT / path).exists())
    assert not fixed, f"{check} passes on {fixed} now: take them off NOT_CLEAN_YET in {Path(__file__).name}"


def _hint(check: str) -> str:
    return {"lint": "ruff check", "format": "ruff format", "types": "mypy"}[check]


def test_the_list_names_known_checks_only() -> None:
    assert all(checks and checks <= set(CHECKS) for checks in NOT_CLEAN_YET.values())
