"""The architecture as import-linter contracts (``[tool.importlinter]`` in pyproject.toml), one test each.

A contract listed in ``NOT_KEPT_YET`` is known to be broken by the code as it is; its test is
expected to fail, strictly: once the code keeps it, the test fails until it is taken off the list.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
    "contracts"
]

NOT_KEPT_YET: dict[str, str] = {}


@cache
def _report() -> tuple[dict[str, bool], str]:
    """Every contract's name -> kept, from one run of import-linter (the graph is built once)."""
    script = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(script), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "400"},  # one contract a line
        timeout=120,
    )
    kept = {}
    for line in result.stdout.splitlines():
        name, _, verdict = line.rpartition(" ")
        if verdict in ("KEPT", "BROKEN"):
            kept[name] = verdict == "KEPT"
    return kept, result.stdout + result.stderr


def _cases() -> list[object]:
    cases: list[object] = []
    for contract in CONTRACTS:
        marks = []
        if contract["id"] in NOT_KEPT_YET:
            marks.append(pytest.mark.xfail(strict=True, reason=NOT_KEPT_YET[contract["id"]]))
        cases.append(pytest.param(contract["id"], marks=marks, id=contract["id"]))
    return cases


@pytest.mark.parametrize("contract", _cases())
def test_contract_is_kept(contract: str) -> None:
    name = next(c["name"] for c in CONTRACTS if c["id"] == contract)
    kept, output = _report()
    assert name in kept, f"import-linter did not check {contract!r}:\n{output}"
    assert kept[name], output[output.find("Broken contracts") :]


def test_every_contract_has_an_id_and_the_list_names_only_contracts() -> None:
    ids = [c.get("id") for c in CONTRACTS]
    assert all(ids) and len(set(ids)) == len(ids)
    assert set(NOT_KEPT_YET) <= set(ids)
