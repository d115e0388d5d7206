"""Reading order and paragraphs of a PDF's pages, from the fragments' positions.

Columns are found where the page has a gutter: a band of white, at least half
a character wide, that nearly no line crosses, with text on both sides. A
fragment that crosses a gutter (a headline over two columns, a wide caption)
splits the page into bands; within a band the columns are read left to right,
each top to bottom.

A new paragraph starts where the type changes (size or weight), where the
space above a line is wider than the leading, where a line is indented, after
a line that stops short of its column's right edge, and under a figure (a
caption). Paragraphs continue across columns and pages. A pull quote (a
sentence of the article repeated in large type) is dropped.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass, field

from reader.core.importers.pdf_layout import Fragment, Glyph, PageContent, dedupe, find_furniture, fragments

_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))
_CLOSERS = frozenset("，。、；：！？」』”’）》〉】…")
_QUOTES = frozenset("“”‘’\"'«»")
_SENTENCE_END = frozenset("。！？!?…」”』’")
_SIZE_STEP = 1.06  # type sizes further apart than this are different styles
_HEADING = 1.15  # a size this much larger than the body's is a heading's (or a pull quote's)


def _cjk(ch: str) -> bool:
    code = ord(ch)
    return any(a <= code <= b for a, b in _CJK_RANGES) or 0x3000 <= code <= 0x303F


@dataclass
class Line:
    glyphs: list[Glyph]
    segment: int  # lines of one column of one band of one page share a segment
    left: float  # the column's edges
    right: float
    caption: bool = False  # stands just under a figure
    y: float = 0.0
    size: float = 0.0
    bold: bool = False

    def __post_init__(self) -> None:
        self.glyphs.sort(key=lambda g: g.x0)
        ys = sorted(g.y for g in self.glyphs)
        sizes = sorted(g.size for g in self.glyphs)
        self.y, self.size = ys[len(ys) // 2], sizes[len(sizes) // 2]
        self.bold = sum(1 for g in self.glyphs if g.bold or g.copies > 1) >= 0.8 * len(self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    def text(self) -> str:
        """The line's characters, with a space where two Latin letters, digits or dashes stand a word
        apart (measured between their inks), or where characters stand more than half a character
        further apart than usual (第一条　为了, 出版日期 2025)."""
        gs = self.glyphs
        # The usual gap is the commonest (letter-spaced text has wide ones; a short line may have
        # several spaces), to half a point, the narrower of two as common.
        gaps = Counter(
            round(2 * (b.x0 - a.x1)) / 2
            for a, b in itertools.pairwise(gs)
            if b.ch.isalnum() and a.ch.isalnum()
        )
        usual = max(min(gaps, key=lambda g: (-gaps[g], g)), 0.0) if gaps else 0.0
        inks = sorted(b.ink[0] - a.ink[1] for a, b in itertools.pairwise(gs) if a.ink and b.ink)
        usual_ink = max(inks[len(inks) // 2], 0.0) if inks else 0.0
        # Spaces between every two Chinese characters are letter spacing set with space characters.
        pairs = [a.space_after == 2 for a, b in itertools.pairwise(gs) if _cjk(a.ch) and _cjk(b.ch)]
        tracked = len(pairs) >= 3 and sum(pairs) >= 0.8 * len(pairs)
        out = [gs[0].ch]
        for a, b in itertools.pairwise(gs):
            if tracked and _cjk(a.ch) and _cjk(b.ch):
                pass
            elif a.space_after == 2 and b.x0 > a.x0:  # the page's own space character
                out.append(" ")
            elif (
                a.space_after and a.ch.isalnum() and b.ch.isalnum() and b.x0 - a.x1 - usual > 0.1 * self.size
            ):
                out.append(" ")  # PDFium saw a word gap here, and it is wider than the usual one
            elif (  # Latin, Greek, Cyrillic, dashes; not two digits, whose inks stand apart in a number (11)
                a.ink
                and b.ink
                and a.ch < "\u3000"
                and b.ch < "\u3000"
                and not (a.ch.isdigit() and b.ch.isdigit())
            ):
                quote = a.ch in _QUOTES or b.ch in _QUOTES
                if b.ink[0] - a.ink[1] - usual_ink > (0.25 if quote else 0.15) * self.size:
                    out.append(" ")
            # A space drawn as white: 第一条　为了, 出版日期 2025, 学院成立 助力 (never beside punctuation).
            elif (
                a.ch.isalnum()
                and b.ch.isalnum()
                and b.x0 - a.x1 - usual > (0.2 if _cjk(a.ch) and _cjk(b.ch) else 0.25) * self.size
            ):
                out.append(" ")
            out.append(b.ch)
        return "".join(out)


@dataclass
class Flow:
    """Lines of the whole document in reading order, and what was found on the way."""

    lines: list[Line] = field(default_factory=list)
    columns: Counter[int] = field(default_factory=Counter)  # pages by number of columns
    segments: int = 0


def gutters(frags: list[Fragment], size: float) -> list[tuple[float, float]]:
    """White bands between columns: at least ``0.6 * size`` wide, crossed by almost no fragment,
    with at least three fragments wholly on either side."""
    if len(frags) < 6:
        return []
    lo, hi = int(min(f.x0 for f in frags)), int(max(f.x1 for f in frags)) + 1
    diff = [0] * (hi - lo + 2)
    for f in frags:
        diff[int(f.x0) - lo] += 1
        diff[int(f.x1) - lo + 1] -= 1
    cover, running = [], 0
    for d in diff[:-1]:
        running += d
        cover.append(running)
    out = []
    for start, end in _white(cover, 0, len(cover), size, 0):
        a, b = float(lo + start), float(lo + end)
        left = sum(1 for f in frags if f.x1 <= a + 1)
        right = sum(1 for f in frags if f.x0 >= b - 1)
        # The last column of an article may hold a line or two, beside a band nothing crosses but a header.
        if min(left, right) >= 3 or (max(left, right) >= 3 and max(cover[start:end]) <= 2):
            out.append((a, b))
    return out


def _white(
    cover: list[int], start: int, end: int, size: float, depth: int, floor: float = 2.0
) -> list[tuple[int, int]]:
    """Runs of ``cover[start:end]`` that few fragments cross, inside the range.

    "Few" is measured against the busiest columns of the range (a few lines may
    overrun a gutter: a long word, hanging punctuation, a page-wide header). A
    run that still holds some text (a column with only a few lines, at the end
    of an article) is searched again on its own terms.
    """
    busy = sorted(c for c in cover[start:end] if c)
    if not busy:
        return []
    low = max(floor, busy[len(busy) * 9 // 10] * 0.12)
    runs, begin = [], None
    for x in range(start, end + 1):
        c = cover[x] if x < end else 1 << 30
        if c <= low and begin is None:
            begin = x
        elif c > low and begin is not None:
            runs.append((begin, x))
            begin = None
    out = []
    for a, b in runs:
        inner: list[tuple[int, int]] = []
        if depth < 2 and max(cover[a:b]) > 0:  # first a band one line may cross, then an empty one
            inner = _white(cover, a, b, size, depth + 1, 1.0) or _white(cover, a, b, size, depth + 1, 0.0)
        if inner:
            out.extend(inner)
        elif a > 0 and b < len(cover) and b - a >= 0.6 * size:  # text on both sides
            out.append(_emptiest(cover, a, b))
    return out


def _emptiest(cover: list[int], a: int, b: int) -> tuple[int, int]:
    """The longest stretch of ``cover[a:b]`` crossed by the fewest fragments: the gutter proper, without
    the indent of the next column's first lines or the punctuation hanging into it."""
    least = min(cover[a:b])
    best, start = (a, a), None
    for x in range(a, b + 1):
        if x < b and cover[x] == least:
            start = x if start is None else start
        elif start is not None:
            best = max(best, (start, x), key=lambda r: r[1] - r[0])
            start = None
    return best


def _split_at_gutters(frag: Fragment, cuts: list[tuple[float, float]]) -> list[Fragment]:
    """A fragment that crosses a gutter through a gap between its glyphs, or where a line that
    overruns the gutter meets the next column's line (drawn at another time), in pieces."""
    pieces, start = [], 0
    for k in range(1, len(frag.glyphs)):
        a, b = frag.glyphs[k - 1], frag.glyphs[k]
        apart = abs(b.seq - a.seq) > 12
        if any((a.x1 <= g0 + 1 or apart) and b.x0 >= g1 - 1 and a.x0 < g1 - 1 for g0, g1 in cuts):
            pieces.append(Fragment(frag.glyphs[start:k], frag.page))
            start = k
    return [*pieces, Fragment(frag.glyphs[start:], frag.page)] if pieces else [frag]


def page_gutters(pages: list[list[Fragment]], size: float) -> list[list[tuple[float, float]]]:
    """Each page's gutters; a page that shows fewer than the others (its last column holds a line
    or two) gets those of the others that stay white on it."""
    found = [gutters(frags, size) for frags in pages]
    common = Counter(cut for cuts in found for cut in cuts)
    for frags, cuts in zip(pages, found):
        for cut in common:
            if cut not in cuts and _white_on(frags, cut):
                cuts.append(cut)
        cuts.sort()
    return found


def _white_on(frags: list[Fragment], cut: tuple[float, float]) -> bool:
    a, b = cut
    crossing = sum(1 for f in frags if f.x0 < b - 1 and f.x1 > a + 1)
    return crossing <= 2 and any(f.x1 <= a + 1 for f in frags) and any(f.x0 >= b - 1 for f in frags)


def _columns(
    lo: float, hi: float, cuts: list[tuple[float, float]], size: float, by_column: list[list[Fragment]]
) -> list[tuple[float, float]]:
    """Each column's left and right edge.

    A column starts where its gutter ends. It ends where most of its lines
    end, when they do and that is near the gutter (justified text); otherwise
    (verse, short lines) a gutter of two characters before the next column
    starts. The last column is as wide as the others (an article may end in
    the second of four).
    """
    if not cuts:
        return [(lo, hi)]
    lefts = [lo, *(b for _, b in cuts)]
    rights = []
    for (_, b), column in zip(cuts, by_column):
        end = _common_end(column)
        # Lines of one length far from the gutter are verse, not a justified column.
        rights.append(end if end is not None and b - end <= 3 * size else b - 2 * size)
    widths = sorted(r - left for left, r in zip(lefts, rights))
    return [*zip(lefts, rights), (lefts[-1], lefts[-1] + widths[len(widths) // 2])]


def _common_end(frags: list[Fragment]) -> float | None:
    """Where most lines of a column end (to a point), if at least a third of them do."""
    ends = Counter(round(f.x1) for f in frags)
    if not ends:
        return None
    x = max(ends.items(), key=lambda kv: (kv[1], kv[0]))[0]
    near = sum(c for e, c in ends.items() if abs(e - x) <= 1)
    return float(x) if near >= max(3, len(frags) / 3) else None


def read_page(
    page: PageContent,
    frags: list[Fragment],
    cuts: list[tuple[float, float]],
    edges: tuple[float, float],
    flow: Flow,
    size: float = 10.0,
) -> None:
    """Append the page's lines to ``flow`` in reading order."""
    if not frags:
        return
    frags = [piece for f in frags for piece in _split_at_gutters(f, cuts)] if cuts else frags
    flow.columns[len(cuts) + 1] += 1
    lo, hi = min(edges[0], *(f.x0 for f in frags)), max(edges[1], *(f.x1 for f in frags))
    filled = sum(1 for f in frags if f.x1 >= hi - 1.2 * f.size)
    if hi < page.width - lo - 2 * size and filled < 0.25 * len(frags):
        hi = page.width - lo  # lines of every length (verse) and none near the margin: it mirrors the left

    def crosses(f: Fragment) -> bool:  # stands out well on both sides of a gutter
        return any(f.x0 < a - 2 * f.size and f.x1 > b + 2 * f.size for a, b in cuts)

    wide = sorted((f for f in frags if crosses(f)), key=lambda f: -f.y)
    narrow = [f for f in frags if not crosses(f)]
    top = float("inf")
    mids = [(a + b) / 2 for a, b in cuts]
    by_column: list[list[Fragment]] = [[] for _ in range(len(cuts) + 1)]
    for f in narrow:
        by_column[bisect.bisect(mids, (f.x0 + f.x1) / 2)].append(f)
    cols = _columns(lo, hi, cuts, size, by_column)
    for stop in [*wide, None]:
        floor = stop.y if stop is not None else float("-inf")
        for (left, right), column in zip(cols, by_column):
            _add_segment([f for f in column if floor < f.y <= top], left, right, page, flow)
        if stop is not None:
            _add_segment([stop], lo, hi, page, flow)
        top = floor


def _add_segment(frags: list[Fragment], left: float, right: float, page: PageContent, flow: Flow) -> None:
    if not frags:
        return
    flow.segments += 1
    frags.sort(key=lambda f: (-f.y, f.x0))
    groups: list[list[Fragment]] = []
    for f in frags:
        # Same baseline, or a small superscript riding on the line.
        if groups and abs(groups[-1][0].y - f.y) <= 0.45 * max(groups[-1][0].size, f.size):
            groups[-1].append(f)
        else:
            groups.append([f])
    for group in groups:
        line = Line([g for f in group for g in f.glyphs], flow.segments, left, right)
        line.caption = any(
            0 <= bottom - (line.y + line.size) <= 2 * line.size and line.x0 < x1 and line.x1 > x0
            for x0, bottom, x1, _ in page.images
        )
        flow.lines.append(line)


def body_style(lines: list[Line]) -> tuple[float, float]:
    """The body's type size (most characters are set in it) and its leading as a multiple of it."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.glyphs)
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    steps: Counter[float] = Counter()
    for a, b in itertools.pairwise(lines):
        if a.segment == b.segment and abs(a.size - size) < 0.3 and abs(b.size - size) < 0.3 and a.y > b.y:
            steps[round((a.y - b.y) * 2) / 2] += 1
    leading = steps.most_common(1)[0][0] if steps else size * 1.3
    return size, max(1.0, leading / size)


def _same_style(a: Line, b: Line) -> bool:
    big, small = max(a.size, b.size), min(a.size, b.size)
    return big <= small * _SIZE_STEP


def starts_paragraph(prev: Line | None, line: Line, body: float, leading: float) -> bool:
    """Whether ``line`` begins a new paragraph after ``prev``."""
    if prev is None or line.caption or not _same_style(prev, line):
        return True
    if line.glyphs[0].ch in _CLOSERS:  # a closing mark never opens a paragraph
        return False
    heading = line.size >= body * _HEADING
    if line.segment == prev.segment:
        if prev.y - line.y > leading * max(prev.size, line.size) * 1.3 + 0.5:
            return True
        if heading:  # a headline's lines are set alike; only a wider space parts them
            return False
    if line.x0 - line.left >= 0.8 * line.size:
        return True
    return not _full(prev, line)


def _full(line: Line, after: Line | None = None) -> bool:
    """Whether ``line`` runs to its column's edge, or stopped because the word that follows would not fit."""
    slack = 1.2 * line.size
    if after is not None and line.glyphs[-1].ch.isascii() and after.glyphs[0].ch.isascii():
        word = _first_word(after)
        slack = max(slack, word[-1].x1 - word[0].x0 + 0.5 * line.size)
    return line.x1 >= line.right - slack


def _first_word(line: Line) -> list[Glyph]:
    word = [line.glyphs[0]]
    for a, b in zip(line.glyphs, line.glyphs[1:]):
        if (
            not b.ch.isascii()
            or not b.ch.strip()
            or (a.ink and b.ink and b.ink[0] - a.ink[1] > 0.15 * line.size)
        ):
            break
        word.append(b)
    return word


def _join(lines: list[Line]) -> str:
    """A paragraph's lines as one: Chinese runs on, Latin words get back the space the line end took."""
    out = ""
    for line in lines:
        text = line.text()
        if out and text and out[-1] < "\u3000" and out[-1] not in "-/ " and text[0] < "\u3000":
            out += " "
        out += text
    return out


def paragraphs(lines: list[Line]) -> tuple[list[str], int]:
    """The lines as paragraphs (headings and captions are paragraphs of their own); pull quotes dropped."""
    body, leading = body_style(lines)
    groups: list[list[Line]] = []
    prev = None
    for line in lines:
        if starts_paragraph(prev, line, body, leading):
            groups.append([])
        groups[-1].append(line)
        prev = line
    texts = [_join(g) for g in groups]
    # A pull quote is a sentence in large type; a heading is not a sentence, even if the text repeats it.
    big = [
        k
        for k, g in enumerate(groups)
        if g[0].size >= body * _HEADING and len(texts[k]) >= 10 and texts[k][-1] in _SENTENCE_END
    ]
    if not big:
        return texts, 0
    rest = "".join(t for k, t in enumerate(texts) if k not in set(big))
    quotes = {k for k in big if texts[k] in rest}
    return [t for k, t in enumerate(texts) if k not in quotes], len(quotes)


def layout_document(pages: list[PageContent]) -> tuple[str, str]:
    """The article's text from its pages (paragraphs apart by a blank line) and one line on what was done."""
    merged = 0
    for page in pages:
        page.glyphs, n = dedupe(page.glyphs, page.doubled)
        merged += n
    frags = [fragments(page) for page in pages]
    furniture = find_furniture(pages, frags)
    body = [[f for f in fs if id(f) not in furniture] for fs in frags]
    size, edges = _body_box([f for fs in body for f in fs])
    flow = Flow()
    for page, page_frags, cuts in zip(pages, body, page_gutters(body, size)):
        read_page(page, page_frags, cuts, edges, flow, size)
    texts, quotes = paragraphs(flow.lines)
    return "\n\n".join(texts) + "\n", _report(merged, flow, len(furniture), quotes, len(texts))


def _body_box(frags: list[Fragment]) -> tuple[float, tuple[float, float]]:
    """The body type size, and the left and right edges most lines share across the document."""
    if not frags:
        return 10.0, (0.0, 0.0)
    sizes = Counter(round(f.size * 2) / 2 for f in frags for _ in f.glyphs)
    x0s = sorted(f.x0 for f in frags)
    x1s = sorted(f.x1 for f in frags)
    return sizes.most_common(1)[0][0], (x0s[len(x0s) // 20], x1s[len(x1s) * 19 // 20])


def _report(merged: int, flow: Flow, furniture: int, quotes: int, paras: int) -> str:
    cols = max(flow.columns) if flow.columns else 1
    parts = [f"{paras} paragraphs", f"{cols} column{'s' * (cols != 1)}" if cols > 1 else "one column"]
    if merged:
        parts.append(f"{merged} doubled glyphs merged")
    if furniture:
        parts.append(f"{furniture} running headers, footers and page numbers removed")
    if quotes:
        parts.append(f"{quotes} pull quote{'s' * (quotes != 1)} dropped")
    return ", ".join(parts)
