"""``reader`` with no command: the app, in a terminal."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import UserError, locations


def cmd_app(args: argparse.Namespace) -> int:
    """Start the app. A UI that fails to import is an error like any other (one line, exit status 1),
    never a quiet fallback to another command."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("the app needs a terminal; see `reader --help` for the commands")
    from reader.ui.app import run_app

    return run_app(locations(args))
