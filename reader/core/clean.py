"""The text cleaner: decoded article text in, a :class:`~reader.core.model.Document` out.

Repairs what PDF extraction and careless publishing leave behind: fake-bold
doubling, hard wraps and paragraphs broken at page or column breaks,
half-width punctuation inside Chinese, Kangxi radicals standing for
ideographs, letter-spaced headings, Markdown leftovers, and page furniture;
and sorts the text into blocks (headings, paragraphs, captions, bylines,
credits, list items, tables).

Every repair is logged as a :class:`~reader.core.model.Change`, and the
document's offset map leads from every cleaned character back to the source.
Cleaning is idempotent.
"""

from __future__ import annotations

from reader.core.cleaning import assemble, blocks, furniture, lines
from reader.core.cleaning.tracked import Log
from reader.core.model import Block, Change, Document
from reader.core.offsets import OffsetMap

# Bump whenever the output for some input changes (cache keys depend on it).
CLEANER_VERSION = 4


MAX_PASSES = 3


def clean(source: str) -> Document:
    """Clean ``source``; the result is a fixed point (cleaning it again changes nothing)."""
    text, origins, blocks, changes = _pass(source)
    for _ in range(MAX_PASSES - 1):
        # A repair can bring two lines together that then read differently
        # (a paragraph that now parses as doubled, a mark now next to
        # Chinese): clean the result again until nothing changes.
        text2, origins2, blocks2, changes2 = _pass(text)
        if text2 == text and [b.kind for b in blocks2] == [b.kind for b in blocks]:
            break
        changes += _rebase(changes2, origins, source)
        origins = [origins[i] if i < len(origins) else len(source) for i in origins2]
        text, blocks = text2, blocks2
    changes.sort(key=lambda c: (c.src_start, c.src_end))
    return Document(
        source=source,
        text=text,
        title=assemble.title_of(blocks),
        blocks=blocks,
        changes=changes,
        offsets=OffsetMap.from_origins(origins, len(source)),
    )


def _pass(source: str) -> tuple[str, list[int], list[Block], list[Change]]:
    log = Log(source)
    raw_lines = lines.split_lines(source, log)
    normal = lines.normalise(raw_lines, log)
    furniture.mark(normal)
    for line in normal:
        if line.removed:
            a, b = line.t.src_span(0, len(line.t))
            log.add(line.removed, a, b, "")
    raws = blocks.group(normal, log)
    text, origins, doc_blocks = assemble.assemble(raws, log, source)
    return text, origins, doc_blocks, log.changes


def _rebase(changes: list[Change], origins: list[int], source: str) -> list[Change]:
    """Changes logged against an intermediate text, moved onto the source."""
    out: list[Change] = []
    n = len(origins)
    for c in changes:
        a = origins[c.src_start] if c.src_start < n else len(source)
        b = origins[c.src_end - 1] + 1 if c.src_end > c.src_start else a
        out.append(Change(c.kind, a, b, source[a:b], c.after))
    return out
