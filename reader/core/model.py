"""The document model shared by the cleaner, the command line and the UI.

A cleaned document's ``text`` is its blocks joined by one blank line
(``"\\n\\n"``); every block knows its ``start``/``end`` in that text. All
positions anywhere in the reader are offsets into this cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from reader.core.offsets import OffsetMap

BLOCK_SEPARATOR = "\n\n"


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    BYLINE = "byline"
    CREDIT = "credit"
    LIST_ITEM = "list_item"
    TABLE = "table"
    QUOTE = "quote"
    VERSE = "verse"  # lines of a poem (a stanza), one per line of text
    OTHER = "other"


@dataclass(frozen=True)
class Block:
    """One block of cleaned text.

    ``text`` equals ``document.text[start:end]``. A table's text has one row a
    line and its cells separated by tabs; verse has one line of the poem a line. ``emphasis`` holds
    ``(start, end)`` ranges in the cleaned text (document offsets, not block offsets).
    """

    kind: BlockKind
    start: int
    end: int
    text: str
    level: int = 0
    emphasis: tuple[tuple[int, int], ...] = ()

    @property
    def rows(self) -> list[list[str]]:
        """A table's cells; other blocks are one row of one cell."""
        return [line.split("\t") for line in self.text.split("\n")]


@dataclass(frozen=True)
class Change:
    """One repair the cleaner made: what kind, where in the source, what it was and became."""

    kind: str
    src_start: int
    src_end: int
    before: str
    after: str


@dataclass(frozen=True)
class TocEntry:
    title: str
    level: int
    offset: int


@dataclass
class Document:
    """A cleaned article.

    ``source`` is the text as loaded (decoded, newlines normalised, control
    characters removed); ``offsets`` maps cleaned offsets (``dst``) to source
    offsets (``src``).
    """

    source: str
    text: str
    title: str
    blocks: list[Block]
    changes: list[Change]
    offsets: OffsetMap

    def toc(self) -> list[TocEntry]:
        return [
            TocEntry(b.text.replace("\n", " "), b.level or 1, b.start)
            for b in self.blocks
            if b.kind is BlockKind.HEADING
        ]
