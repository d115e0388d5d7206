"""A PDF's pages rebuilt from glyph positions: fake bold, rows, fragments, page furniture.

What the PDF reader gives is a list of glyphs per page, each with its box,
baseline, size and font. Here:

* glyphs drawn two or three times at nearly the same place (fake bold) are
  merged into one, which is then known to be bold (the model is pdfplumber's
  ``dedupe_chars``: same character, same size, within a fraction of its width);
* glyphs on one baseline make a row, and a row splits into fragments where
  the gap is wider than a character (a gutter between columns);
* running headers and footers and page numbers are found by where they stand
  (the outermost rows at the top or bottom of a page) and by recurring on
  several pages with only their numbers changed.

Columns, reading order and paragraphs are :mod:`reader.core.importers.pdf_flow`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

# How far (in page heights) from the top or bottom a running header or footer may stand.
_MARGIN_BAND = 0.15
# A row is its own page number when it reads as one: "12", "- 12 -", "第12頁", "12/30", "Page 12".
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—·.\s]*\d{1,4}[-–—·.\s]*|第\s*\d{1,4}\s*[頁页版面]|\d{1,4}\s*/\s*\d{1,4}|(?:page|p\.)\s*\d{1,4})$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Glyph:
    """One drawn character: its left and right edge, baseline, size and font (PDF points, y upwards)."""

    ch: str
    x0: float
    x1: float
    y: float
    size: float
    font: str
    bold: bool
    ox: float  # the origin's x, where the glyph was placed
    seq: int = 0  # the order in which the page draws it
    copies: int = 1
    ink: tuple[float, float] | None = None  # left and right of the ink (Latin letters and digits only)
    space_after: int = 0  # a space follows: 2 the page's own character, 1 one PDFium put in a gap


@dataclass
class PageContent:
    index: int
    width: float
    height: float
    glyphs: list[Glyph]
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Boxes of text objects drawn over an identical one and dropped by the reader of the page.
    doubled: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass(slots=True)
class Fragment:
    """Glyphs on one baseline with no gap wider than a character: a line of one column."""

    glyphs: list[Glyph]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        self.x0 = min(g.x0 for g in self.glyphs)
        self.x1 = max(g.x1 for g in self.glyphs)
        self.y = sorted(g.y for g in self.glyphs)[len(self.glyphs) // 2]
        self.size = sorted(g.size for g in self.glyphs)[len(self.glyphs) // 2]

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)

    @property
    def bold(self) -> bool:
        return sum(1 for g in self.glyphs if g.bold or g.copies > 1) >= 0.8 * len(self.glyphs)


def dedupe(
    glyphs: list[Glyph], doubled: Sequence[tuple[float, float, float, float]] = ()
) -> tuple[list[Glyph], int]:
    """The glyphs with every repeat drawn at nearly the same place merged into its first; how many went.

    Two glyphs are one when they are the same character of the same size on
    the same baseline and their origins lie closer than a quarter of the
    character's size and half its width (so 看看 and "ll" stay two). A glyph
    under a text object the page reader dropped as a repeat is marked bold.
    """
    kept: list[Glyph] = []
    # Buckets of 2 pt of height by 8 pt of width: a glyph's twin is in its bucket or a neighbour,
    # and a page of one character repeated along a line costs no more than any other.
    near: dict[tuple[str, int, int], list[Glyph]] = {}
    merged = 0
    for g in glyphs:
        tol = min(0.25 * g.size, 0.5 * max(g.x1 - g.x0, 0.1 * g.size), 8.0)
        row, col = int(g.y // 2), int(g.ox // 8)
        twin = _twin(near, g, row, col, tol)
        if twin is not None:
            twin.copies += 1
            merged += 1
            continue
        near.setdefault((g.ch, row, col), []).append(g)
        kept.append(g)
    return kept, merged + (_mark_doubled(kept, doubled) if doubled else 0)


def _twin(
    near: dict[tuple[str, int, int], list[Glyph]], g: Glyph, row: int, col: int, tol: float
) -> Glyph | None:
    for r in (row, row - 1, row + 1):
        for c in (col, col - 1, col + 1):
            for other in near.get((g.ch, r, c), ()):
                if (
                    abs(other.ox - g.ox) <= tol
                    and abs(other.y - g.y) <= tol
                    and abs(other.size - g.size) < 0.5
                ):
                    return other
    return None


def _mark_doubled(glyphs: list[Glyph], boxes: Sequence[tuple[float, float, float, float]]) -> int:
    """Mark the glyphs under ``boxes`` as drawn twice; how many were not marked yet."""
    rows: dict[int, list[Glyph]] = {}
    for g in glyphs:
        rows.setdefault(int(g.y + g.size * 0.35), []).append(g)
    marked = 0
    for left, bottom, right, top in boxes:
        if top - bottom > 200:  # a text object as tall as a page is no fake-bold copy of a line
            continue
        for row in range(int(bottom), int(top) + 1):
            for g in rows.get(row, ()):
                cx, cy = (g.x0 + g.x1) / 2, g.y + g.size * 0.35
                if left <= cx <= right and bottom <= cy <= top and g.copies == 1:
                    g.copies = 2
                    marked += 1
    return marked


def fragments(page: PageContent) -> list[Fragment]:
    """The page's glyphs as fragments: one line of one column each.

    Glyphs on one baseline make a row. A row is cut into runs in the order the
    page draws them (a run ends where the next glyph goes back, leaps ahead by
    more than a character, or comes much later in the drawing), and runs that touch without overlapping are
    joined again: a line that overruns the gutter (punctuation hanging into
    the next column) stays apart from the line it touches, and a producer
    that draws glyphs out of order still gets its lines whole.
    """
    rows: list[list[Glyph]] = []
    for g in sorted(page.glyphs, key=lambda g: -g.y):
        if rows and abs(rows[-1][0].y - g.y) <= 0.3 * min(rows[-1][0].size, g.size):
            rows[-1].append(g)
        else:
            rows.append([g])
    out: list[Fragment] = []
    for row in rows:
        row.sort(key=lambda g: g.seq)
        runs: list[list[Glyph]] = [[row[0]]]
        for a, b in itertools.pairwise(row):
            if b.x0 < a.x0 or b.seq - a.seq > 12 or ink_gap(a, b) > 0.8 * max(a.size, b.size):
                runs.append([])
            runs[-1].append(b)
        runs.sort(key=lambda r: r[0].x0)
        merged: list[list[Glyph]] = [runs[0]]
        for run in runs[1:]:
            last, first = merged[-1][-1], run[0]
            # Runs drawn apart join only when set as closely as the glyphs of a line.
            limit = (0.8 if 0 < first.seq - last.seq <= 12 else 0.3) * max(last.size, first.size)
            level = (
                abs(_baseline(merged[-1]) - _baseline(run)) <= 0.05 * first.size + 0.1
                or min(len(run), len(merged[-1])) <= 3
            )
            if level and first.x0 >= last.x1 - 0.25 * first.size and ink_gap(last, first) <= limit:
                merged[-1].extend(run)
            else:
                merged.append(run)
        out.extend(Fragment(sorted(m, key=lambda g: g.x0), page.index) for m in merged)
    return out


def _baseline(glyphs: list[Glyph]) -> float:
    return sorted(g.y for g in glyphs)[len(glyphs) // 2]


# Full-width closing punctuation inks the left half of its em, and may hang past the column's
# edge ("hanging punctuation"): its blank half is not part of the gap that follows.
_INK_LEFT = frozenset("，。、；：！？」』”’）》〉】")


def ink_gap(a: Glyph, b: Glyph) -> float:
    """The white between two glyphs of a row, without the blank half of a closing mark."""
    right = a.x0 + 0.5 * (a.x1 - a.x0) if a.ch in _INK_LEFT else a.x1
    return b.x0 - right


# A line that ends a sentence is the article's own, even where the same words stand on another page.
_SENTENCE_END = re.compile("[。！？!?]")


def _shape(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def find_furniture(pages: list[PageContent], frags: list[list[Fragment]]) -> set[int]:
    """``id()`` of every fragment that is a running header or footer or a page number.

    A fragment in the top or bottom band of its page is furniture when it
    reads as a page number, or when the same words (numbers aside) stand at
    about the same height on another page; walking in from each edge of a
    page, the first fragment that is not furniture ends the walk, so nothing
    inside the body is ever taken. A one-page document has nothing to recur
    on: there a short line, not larger than the body nor bold, set apart from
    it by a wide space (wider still if it is in the body's size) and not under
    a figure, is a header or footer.
    """
    edges = [_from_edges(page, page_frags) for page, page_frags in zip(pages, frags)]
    # The pages on which the same words stand at that height: twice on one page (at the tops of
    # two columns) is not recurring.
    seen: defaultdict[tuple[str, int], set[int]] = defaultdict(set)
    for number, walks in enumerate(edges):
        for walk in walks:
            for frag in walk:
                seen[(_shape(frag.text), round(frag.y / 4))].add(number)
    body = _body_size(frags)

    def furniture(frag: Fragment, page: PageContent, page_frags: list[Fragment]) -> bool:
        if len(frag.glyphs) > 80:
            return False
        shape, band = _shape(frag.text), round(frag.y / 4)
        recurs = (
            len(
                seen.get((shape, band), set())
                | seen.get((shape, band - 1), set())
                | seen.get((shape, band + 1), set())
            )
            >= 2
        )
        if recurs and not _SENTENCE_END.search(frag.text):
            return True
        if _PAGE_NUMBER.match(frag.text.strip()) or _at_edge(frag, page, body):
            return True
        return len(pages) == 1 and _set_apart(frag, page, page_frags, body)

    out: set[int] = set()
    for page, page_frags, walks in zip(pages, frags, edges):
        for walk in walks:
            for row in _rows(walk):
                kept = [f for f in row if not furniture(f, page, page_frags)]
                out.update(id(f) for f in row if f not in kept and not any(_beside(f, k) for k in kept))
                if kept:
                    break
    return out


def _rows(walk: list[Fragment]) -> list[list[Fragment]]:
    """The fragments of a walk in from an edge, by baseline."""
    rows: list[list[Fragment]] = []
    for frag in walk:
        if rows and abs(rows[-1][0].y - frag.y) <= 0.45 * max(rows[-1][0].size, frag.size):
            rows[-1].append(frag)
        else:
            rows.append([frag])
    return rows


# A heading's number: digits and their marks, or a Chinese ordinal (3.1.2, 第三章, 一、, (二)).
_HEADING_NUMBER = re.compile(
    r"[\s0-9０-９.．、:：()（）第章节節条條款部编編卷一二三四五六七八九十百零〇IVXLivxl-]+"
)


def _beside(frag: Fragment, other: Fragment) -> bool:
    """Whether ``frag`` is a heading's number just before ``other`` on its line, parted from its words
    by a wide space (3.1.2  第二阶段): within three characters to its left. A header's words, or a
    header that shares a row with the text, are not."""
    gap = other.x0 - frag.x1
    size = max(frag.size, other.size)
    return -0.25 * size <= gap <= 3 * size and _HEADING_NUMBER.fullmatch(frag.text) is not None


def _body_size(frags: list[list[Fragment]]) -> float:
    sizes = Counter(round(f.size * 2) / 2 for fs in frags for f in fs for _ in f.glyphs)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _at_edge(frag: Fragment, page: PageContent, body: float) -> bool:
    """Small type in the outer twentieth of the page, where a browser or word processor prints its header
    (a date, the title) and footer (an address, a page count); at the foot only what has digits or an
    address, so a footnote's last line stays."""
    if frag.size >= 0.92 * body or frag.bold:
        return False
    if frag.y >= page.height * 0.95:
        return True
    text = frag.text
    return frag.y <= page.height * 0.05 and (any(ch.isdigit() for ch in text) or "://" in text)


def _set_apart(frag: Fragment, page: PageContent, frags: list[Fragment], body: float) -> bool:
    """Short, not larger than the body nor bold, far from every other line, under no figure."""
    if frag.size > 1.02 * body or frag.bold or len(frag.glyphs) > 80:
        return False
    if any(
        left <= frag.x1 and right >= frag.x0 and 0 <= bottom - frag.y <= 3 * frag.size
        for left, bottom, right, _ in page.images
    ):
        return False
    others = [abs(f.y - frag.y) for f in frags if f is not frag and abs(f.y - frag.y) > 0.5 * frag.size]
    return bool(others) and min(others) >= (2.5 if frag.size < 0.92 * body else 3.2) * body


def _from_edges(page: PageContent, frags: list[Fragment]) -> tuple[list[Fragment], list[Fragment]]:
    """The fragments in the top band from the top down, and in the bottom band from the bottom up."""
    ordered = sorted(frags, key=lambda f: (-f.y, f.x0))
    top = [f for f in ordered if f.y >= page.height * (1 - _MARGIN_BAND)]
    bottom = [f for f in reversed(ordered) if f.y <= page.height * _MARGIN_BAND]
    return top, bottom
