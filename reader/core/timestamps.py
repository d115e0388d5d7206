"""Times as the reader stores them: one format written, every earlier one read.

Every stored time (an annotation's creation and change, an article's adding
and last opening, a word's status change) is written by :func:`now` as ISO
8601 in UTC with milliseconds and a ``Z``: ``2025-03-01T08:15:42.120Z``. The
milliseconds order two changes made within one second (an edit and its undo,
a note changed here and in an imported file), and strings of this one format
sort as the times do.

Files written before there was one format hold seconds and ``+00:00``
(``2025-03-01T08:15:42+00:00``), and imported annotations may carry any
offset; :func:`parse` reads them all, so compare times through it, never as
strings of mixed formats.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["local_minute", "now", "parse"]


def now() -> str:
    """The current time in the one format the reader writes."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(stamp: str) -> datetime | None:
    """The moment a stored or imported time names (timezone-aware), or None when it names none.

    A time without an offset is taken as UTC, the zone the reader always wrote.
    """
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def local_minute(stamp: str) -> str:
    """A stored time as people read it in lists, in the local zone to the minute ("" if unreadable)."""
    moment = parse(stamp)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""
