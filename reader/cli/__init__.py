"""The command line, one module per group of commands (text, library, notes, vocabulary, the app).

:func:`main` is what the ``reader`` script and ``python -m reader`` run.
"""

from __future__ import annotations

from reader.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
