"""Writing an export file again without losing what the user wrote in it.

A Markdown export is often opened in a notes app and added to: a section of
the user's own, a comment between two highlights. Exporting again must not
drop that. What the reader wrote last time is kept in the data home
(``exports/``); on the next export the file is compared with it, and every run
of lines the user added between exported blocks is carried into the new
export, after the same block (each block ends with its ``^id`` anchor, so it
is found again even when highlights were added or removed around it).

What cannot be carried over safely is refused rather than lost: a change
inside an exported block, or a file this export did not write. ``force``
overwrites anyway and keeps the old content as ``FILE.bak``.
"""

from __future__ import annotations

import hashlib
from difflib import SequenceMatcher
from pathlib import Path

from reader.core.fileio import atomic_write_text, write_target
from reader.core.paths import Locations
from reader.core.sanitize import visible_line

__all__ = ["ExportFileError", "keep_user_text", "write_export"]


class ExportFileError(Exception):
    """The export was not written; the message (one line) says why and what to do."""


def _record(locations: Locations, target: Path) -> Path:
    digest = hashlib.sha256(str(target).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return locations.data_root / "exports" / f"{digest}.md"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return "\ufffd"  # not text we wrote: treated as changed


def write_export(path: Path, text: str, locations: Locations, *, markdown: bool, force: bool) -> str | None:
    """Write ``text`` to ``path`` (a regular file, or a symlink's target); a message for the user
    when something of theirs was kept or backed up. :class:`ExportFileError` when it would be lost."""
    target = write_target(path)
    shown = visible_line(str(path))
    if not markdown:
        atomic_write_text(target, text)
        return None
    current = _read(target)
    record = _record(locations, target)
    last = _read(record)
    message = None
    out = text
    if current is not None and current not in (text, last):
        if force:
            backup = target.with_name(target.name + ".bak")
            atomic_write_text(backup, current)
            message = f"{shown} was overwritten; what it held is kept in {visible_line(str(backup))}"
        elif last is None:
            raise ExportFileError(
                f"{shown} exists and was not written by an earlier export; use --force to "
                f"overwrite it (what it holds is kept as {visible_line(target.name)}.bak)"
            )
        else:
            out = keep_user_text(text, last, current, shown)
            message = f"kept what was added to {shown} since the last export"
    atomic_write_text(target, out)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(record, text)
    except OSError:
        pass  # the export is written; without the record the next one asks for --force
    return message


def _is_anchor(line: str) -> bool:
    """Lines that mark a place in an export: a block's ``^id``, a heading, the end of the front matter."""
    return line.startswith(("^", "# ")) or line == "---"


def _blank(lines: list[str]) -> bool:
    return all(not line.strip() for line in lines)


def keep_user_text(new: str, last: str, current: str, shown: str = "the file") -> str:
    """``new`` with the lines the user added to ``current`` (relative to ``last``, what was exported
    then) placed after the same anchors; :class:`ExportFileError` if exported lines were changed."""
    old, now, out = last.split("\n"), current.split("\n"), new.rstrip("\n").split("\n")
    added: list[tuple[tuple[str, int] | None, int, list[str]]] = []  # (anchor, blank lines after it, lines)
    at_end: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, now, autojunk=False).get_opcodes():
        if tag == "equal" or (_blank(old[i1:i2]) and _blank(now[j1:j2])):
            continue
        if not _blank(old[i1:i2]):
            raise ExportFileError(
                f"{shown}: line {j1 + 1} of an exported highlight was changed since the last "
                "export; use --force to overwrite it (what it holds is kept as a .bak file)"
            )
        lines = now[j1:j2]
        if i1 >= len(old) - 1 and _blank(old[i1:]):
            at_end += lines
            continue
        anchor = next((k for k in range(i1 - 1, -1, -1) if _is_anchor(old[k])), None)
        if anchor is not None and not _blank(old[anchor + 1 : i1]):
            raise ExportFileError(
                f"{shown}: text was added inside an exported highlight (line {j1 + 1}); "
                "move it below the highlight's ^id line, or use --force to overwrite"
            )
        key = (old[anchor], old[: anchor + 1].count(old[anchor])) if anchor is not None else None
        added.append((key, i1 - (anchor + 1 if anchor is not None else 0), lines))
    for key, gap, lines in reversed(added):
        out[_position(out, key, gap) : _position(out, key, gap)] = lines
    if at_end and at_end[0].strip() and out[-1].strip():
        at_end.insert(0, "")
    out += at_end
    return "\n".join(out).rstrip("\n") + "\n"


def _position(lines: list[str], key: tuple[str, int] | None, gap: int) -> int:
    """Where lines that followed ``key`` (after ``gap`` blank lines) go in ``lines``; the end when the
    anchor is gone (its highlight was deleted), so nothing the user wrote is dropped."""
    if key is None:
        return 0
    text, nth = key
    seen = 0
    for i, line in enumerate(lines):
        if line == text:
            seen += 1
            if seen == nth:
                pos = i + 1
                while gap and pos < len(lines) and not lines[pos].strip():
                    pos, gap = pos + 1, gap - 1
                return pos
    return len(lines)
