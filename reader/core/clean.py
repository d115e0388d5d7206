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
from reader.core.cleaning.tracked import Log, build_map
from reader.core.model import Document

# Bump whenever the output for some input changes (cache keys depend on it).
CLEANER_VERSION = 1


def clean(source: str) -> Document:
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
    changes = sorted(log.changes, key=lambda c: (c.src_start, c.src_end))
    return Document(
        source=source,
        text=text,
        title=assemble.title_of(doc_blocks),
        blocks=doc_blocks,
        changes=changes,
        offsets=build_map(origins, len(source)),
    )
