"""``python -m reader.bench [core|store|ui ...]``: print the benchmark figures as JSON."""

from __future__ import annotations

import importlib
import json
import sys

PARTS = ("core", "store", "ui", "vocab", "learn", "importers", "scale")


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m reader.bench [PART ...]: the benchmark's figures as JSON", file=sys.stderr)
        print(f"parts (all by default): {', '.join(PARTS)}", file=sys.stderr)
        return 0
    parts = argv or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        print(f"unknown part {unknown[0]!r}; choose from {', '.join(PARTS)}", file=sys.stderr)
        return 2
    results: dict[str, object] = {}
    for part in parts:
        try:
            module = importlib.import_module(f"reader.bench.{part}")
        except ModuleNotFoundError as exc:
            results[part] = {"missing": str(exc)}
            continue
        try:
            results[part] = module.run()
        except Exception as exc:  # one part that cannot run (a missing font, a tool) spoils no other
            results[part] = {"error": f"{type(exc).__name__}: {exc}"}
            print(f"{part}: could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        print(f"{part}: done", file=sys.stderr)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 1 if any(isinstance(r, dict) and "error" in r for r in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
