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

import gc
from array import array
from dataclasses import replace

from reader.core.cleaning import assemble, blocks, chars, furniture, lines, pullquotes
from reader.core.cleaning.runs import Runs, offsets
from reader.core.cleaning.tracked import Log
from reader.core.model import Block, BlockKind, Change, Document
from reader.core.offsets import OffsetMap

# Bump whenever the output for some input changes (cache keys depend on it).
CLEANER_VERSION = 7


MAX_PASSES = 3


def clean(source: str) -> Document:
    """Clean ``source``; the result is a fixed point (cleaning it again changes nothing).

    Cleaning makes a few small objects per line and no reference cycles; the
    cyclic garbage collector, whose full runs grow with the heap, would make
    the time grow faster than the text, so it waits until cleaning is done.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _clean(source)
    finally:
        chars.forget()
        if collecting:
            gc.enable()


def _clean(source: str) -> Document:
    """One pass, and a check that cleaning its result changes nothing; held compactly meanwhile."""
    log = Log(source)
    text, origins, blocks = _pass(source, log)
    layout = [(b.kind, b.start, b.end, b.level, b.emphasis) for b in blocks]
    title = assemble.title_of(blocks)
    del blocks
    if not _changes_again(text, [kind for kind, *_ in layout]):
        offset_map = origins.offset_map(len(source))
        del origins
        changes = log.changes()
        del log
        blocks = [Block(kind, a, b, text[a:b], level, emphasis) for kind, a, b, level, emphasis in layout]
        return Document(
            source=source, text=text, title=title, blocks=blocks, changes=changes, offsets=offset_map
        )
    del log, layout, text, origins
    return _clean_in_passes(source)


def _changes_again(text: str, kinds: list[BlockKind]) -> bool:
    """Whether cleaning ``text`` again gives another text or other block kinds (no change log kept)."""
    chars.forget()  # the first pass's lines: not this one's
    text2, _, blocks2 = _pass(text, Log(text, keep=False))
    return text2 != text or [b.kind for b in blocks2] != kinds


def _clean_in_passes(source: str) -> Document:
    """Pass after pass until nothing changes (most texts need one: see :func:`_clean`)."""
    log = Log(source)
    text, runs, blocks = _pass(source, log)
    origins = runs.expand()
    changes = log.changes()
    del log, runs
    for _ in range(MAX_PASSES - 1):
        # A repair can bring two lines together that then read differently
        # (a paragraph that now parses as doubled, a mark now next to
        # Chinese): clean the result again until nothing changes.
        log2 = Log(text)
        text2, runs2, blocks2 = _pass(text, log2)
        origins2 = runs2.expand()
        if text2 == text and [b.kind for b in blocks2] == [b.kind for b in blocks]:
            break
        changes += _rebase(log2.changes(), origins, source)
        n = len(origins)
        levels = _heading_levels(blocks, origins)
        origins = offsets(origins[i] if i < n else len(source) for i in origins2)
        text, blocks = text2, _keep_levels(blocks2, origins, levels)
    changes.sort(key=lambda c: (c.src_start, c.src_end))
    return Document(
        source=source,
        text=text,
        title=assemble.title_of(blocks),
        blocks=blocks,
        changes=changes,
        offsets=OffsetMap.from_origins(origins, len(source)),
    )


def _pass(source: str, log: Log) -> tuple[str, Runs, list[Block]]:
    """One cleaning of ``source``; each stage's lines are let go as soon as the next stage has them."""
    raw_lines = lines.join_chains(lines.split_lines(source, log), log)
    # Furniture before the other fake-bold repairs: a running head over the
    # title it repeats must not be taken for a fake-bold copy of the title.
    furniture.mark(raw_lines)
    _log_removed(raw_lines, log)
    kept = [line for line in raw_lines if not line.removed]
    del raw_lines
    normal = lines.normalise(kept, log)
    del kept
    pullquotes.mark(normal)
    _log_removed(normal, log)
    raws = blocks.group(normal, log)
    del normal
    return assemble.assemble(raws, log, source)


def _heading_levels(found: list[Block], origins: array) -> dict[int, int]:
    """Each heading's level, by where it starts in the source."""
    n = len(origins)
    return {origins[b.start]: b.level for b in found if b.kind is BlockKind.HEADING and b.start < n}


def _keep_levels(found: list[Block], origins: array, levels: dict[int, int]) -> list[Block]:
    """A later pass's blocks with the levels the first pass gave its headings: a Markdown heading's
    ``#`` is gone from the text a later pass reads, and with it what said which level it is."""
    n = len(origins)
    kept = []
    for b in found:
        level = (
            levels.get(origins[b.start], b.level) if b.kind is BlockKind.HEADING and b.start < n else b.level
        )
        kept.append(b if level == b.level else replace(b, level=level))
    return kept


def _log_removed(found: list[lines.Line], log: Log) -> None:
    for line in found:
        if line.removed:
            a, b = line.t.src_span(0, len(line.t))
            log.add(line.removed, a, b, "")


def _rebase(changes: list[Change], origins: array, source: str) -> list[Change]:
    """Changes logged against an intermediate text, moved onto the source."""
    out: list[Change] = []
    n = len(origins)
    for c in changes:
        a = origins[c.src_start] if c.src_start < n else len(source)
        b = origins[c.src_end - 1] + 1 if c.src_end > c.src_start else a
        out.append(Change(c.kind, a, b, source[a:b], c.after))
    return out
