"""``python -m reader``: the same as the ``reader`` command."""

from __future__ import annotations

from reader.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
