"""The README's set-up commands are the ones CI runs, so the README stays true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_opens_with_a_launch_and_a_test_command() -> None:
    commands = _readme_commands()
    assert commands[0].endswith("&& reader"), "the first command must launch the reader"
    assert "pytest" in commands[1], "the second command must run the tests"


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci
