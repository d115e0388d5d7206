"""Command line entry point (filled in by reader.cli)."""

from __future__ import annotations


def main() -> int:
    from reader.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
