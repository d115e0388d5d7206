"""What an importer returns, and the safety every importer shares.

An :class:`Imported` is a file read for the reader: the text the cleaner is
to repair (one part for an article, one part per chapter for a book), the
title, byline and date the file itself declares, what kind of file it was
and one line saying what was done to it. Every string that came from the
file has been made safe here: names through :func:`~reader.core.sanitize.clean_line`,
text through the loader's :func:`~reader.core.load.sanitize`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.load import LoadError, sanitize
from reader.core.sanitize import clean_line, visible_line

__all__ = ["Imported", "LoadError", "Part", "fail", "safe_line", "safe_text"]

# A title or a chapter name longer than this is not a name: it is cut.
MAX_NAME = 200


def safe_line(value: object) -> str:
    """A name from a file (title, byline, date, chapter): one clean line of at most :data:`MAX_NAME`."""
    if not isinstance(value, str):
        return ""
    line = clean_line(value)
    return line if len(line) <= MAX_NAME else line[: MAX_NAME - 1].rstrip() + "…"


def safe_text(text: str) -> str:
    """Text from a file with newlines normalised and every escape sequence and control character gone."""
    return sanitize(text)[0]


def fail(name: str, why: str) -> LoadError:
    """The one-line error for the file called ``name``."""
    return LoadError(f"{visible_line(name)}: {why}")


@dataclass(eq=False)
class Part:
    """One part of an import: the whole article, or one chapter of a book, loaded when first asked for.

    ``load`` returns the part's raw text; it runs at most once (under a lock,
    so a background thread and the UI may both ask) and its result is made
    safe before anyone sees it.
    """

    title: str
    load: Callable[[], str] = field(repr=False)
    _text: str | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def of(cls, title: str, text: str) -> Part:
        """A part whose text is already there."""
        part = cls(safe_line(title), lambda: text)
        part.text()
        return part

    @property
    def loaded(self) -> bool:
        return self._text is not None

    def text(self) -> str:
        """The part's text, safe (loading it now if it was not loaded yet)."""
        if self._text is None:
            with self._lock:
                if self._text is None:
                    self._text = safe_text(self.load())
        return self._text


@dataclass(frozen=True)
class Imported:
    """A file read for the reader.

    ``kind`` is what the file turned out to be (``"text"``, ``"pdf"``,
    ``"html"``, ``"mhtml"``, ``"epub"``), whatever its name says; ``done``
    is one line for the user on what was done (pages, columns, running
    headers removed, chapters found). An article has one part; a book has
    one per chapter, in reading order, each loaded on first use.
    """

    kind: str
    title: str
    parts: tuple[Part, ...]
    done: str
    byline: str = ""
    date: str = ""
    encoding: str = ""

    @property
    def is_book(self) -> bool:
        return self.kind == "epub"

    @property
    def chapters(self) -> list[tuple[str, Part]]:
        """``(title, part)`` in reading order; ``part.text()`` loads a chapter."""
        return [(p.title, p) for p in self.parts]

    @property
    def text(self) -> str:
        """The whole text for the cleaner: a book's chapters each under its title, a blank line between."""
        if len(self.parts) == 1 and not self.is_book:
            return self.parts[0].text()
        pieces = []
        for part in self.parts:
            body = part.text().strip("\n")
            if part.title and not body.startswith(part.title):
                body = f"{part.title}\n\n{body}" if body else part.title
            if body:
                pieces.append(body)
        return "\n\n".join(pieces)

    @property
    def reading_text(self) -> str:
        """The text the reader keeps: :attr:`text`, but a book's chapter titles as Markdown headings.

        The cleaner makes a ``# `` line a heading (and drops the marker), so every chapter is an entry
        of the contents, whatever its title looks like; a chapter that opens with its own title keeps
        it once.
        """
        if not self.is_book:
            return self.text
        pieces = []
        for part in self.parts:
            body = part.text().strip("\n")
            title = part.title.lstrip("#").strip()
            if title:
                first, _, rest = body.partition("\n")
                if first.strip() == part.title:
                    body = rest.lstrip("\n")
                body = f"# {title}\n\n{body}" if body else f"# {title}"
            if body:
                pieces.append(body)
        return "\n\n".join(pieces)
