"""Typeset known articles as newspaper and magazine pages, and extract them again.

Part of :mod:`reader.bench.cleaner_eval`. A :class:`Layout` says how a page
looks: 1 to 4 columns, type size, first-line indents drawn as space or as
ideographic spaces, running headers (the paper's name and date, the article's
title), footers with page numbers and dates, fake-bold headings drawn glyph by
glyph, line by line or in segments, captions and pull quotes inside columns.
What is drawn that is not article text (furniture, pull quotes) is recorded,
so the score can count what of it survives cleaning.

Realistic layouts and stress layouts
------------------------------------
The figures that count come from layouts that print what Chinese newspapers
and magazines print; harsher ones are kept apart as *stress* layouts
(``Layout.stress``) and reported in a row of their own. The line between them
follows print practice, and was drawn before any result of the reporting
split was looked at:

* Fake bold is a second copy of the text drawn a fraction of a point to the
  right, made by producers whose font has no bold face (WPS and Word exports,
  some typesetting systems); reports of it from text extraction show two
  copies (``BBOOLLDD``, ``字字节节跳跳动动``). Three copies are rare: stress
  (``threecol-x3``).
* What is set in fake bold: headlines and subheads, the lead paragraph (导语,
  often bold or in another face), a caption's ■ or ▲. Realistic.
* How the copies are drawn: glyph by glyph (a producer that places each
  glyph, common in justified CJK), one run per line (justified with character
  spacing), or in runs of a few glyphs (a headline set with tracking or pair
  kerning is broken into short runs). Body text is justified, so a lead
  paragraph is drawn glyph by glyph or a line at a time; a whole lead
  paragraph drawn in short segments is stress (``*-seglead``).
* Columns (1 to 4; four 8 pt columns of about 14 characters are a
  broadsheet's measure), running heads with the paper's name, date and the
  article's title, footers with page numbers, captions and pull quotes inside
  columns: realistic.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"  # Debian's fonts-wqy-zenhei: TrueType, embeddable
PAGE_W, PAGE_H = 595.0, 842.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50.0, 72.0, 64.0
NO_LINE_START = "，。、；：！？」』”’）》〉%,.;:!?)…"
NO_LINE_END = "「『“‘（《〈("
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%:/\-_'&]*[A-Za-z0-9%/]|[A-Za-z0-9]|.", re.S)
EXTRACTORS = ["pdftotext", "pdftotext-raw", "pdftotext-layout", "pdfminer", "pymupdf"]


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int
    size: float  # body type size
    indent: str  # "space" (two ems of white), "chars" (two U+3000 drawn), "none"
    para_gap: float  # extra space between paragraphs, in lines
    header: str  # {paper} {date} {title} {n} {total}
    footer: str
    bold: str  # how fake bold is drawn: "glyph", "line", "segment"
    copies: int = 2
    captions: bool = False  # a caption with a marker inside a column
    pullquote: bool = False  # a sentence of the article repeated in large type
    gutter: float = 16.0
    lead_bold: str = "line"  # how the lead paragraph's fake bold is drawn
    stress: bool = False  # harsher than real print (see the module docstring)

    @property
    def key(self) -> str:
        """A cache folder name that changes whenever the layout does."""
        return f"{self.name}-{hashlib.sha256(repr(self).encode()).hexdigest()[:8]}"


PAPERS = [
    ("大公報", "2025年10月20日 星期一"),
    ("香港商報", "2024年4月22日 星期一"),
    ("人民日报", "2023年6月5日 星期一"),
    ("文匯報", "2025年3月8日 星期六"),
    ("科技周刊", "2024年第12期"),
]

_WIDE = Layout("wide", 1, 10.5, "space", 0.5, "{paper} {date}", "第{n}頁", "segment", captions=True)
_TWOCOL_S = Layout(
    "twocol-s", 2, 9.5, "space", 0.3, "{title}", "{paper} {date} 第{n}版", "segment", pullquote=True
)
_THREECOL = Layout("threecol", 3, 9.0, "chars", 0.0, "{paper} {date} {title}", "{n}", "line", captions=True)
_FOURCOL = Layout(
    "fourcol",
    4,
    8.0,
    "space",
    0.0,
    "{paper}　{date}",
    "{n}/{total}",
    "segment",
    captions=True,
    pullquote=True,
)
LAYOUTS = [
    Layout("book", 1, 11.0, "chars", 0.0, "{paper}", "- {n} -", "line"),
    _WIDE,
    Layout(
        "twocol",
        2,
        10.0,
        "chars",
        0.0,
        "{paper} A{n} {title}",
        "{date}  {n}",
        "glyph",
        captions=True,
        lead_bold="glyph",
    ),
    _TWOCOL_S,
    _THREECOL,
    _FOURCOL,
    # Stress: three copies; lead paragraphs drawn in short segments.
    replace(_THREECOL, name="threecol-x3", copies=3, stress=True),
    replace(_WIDE, name="wide-seglead", lead_bold="segment", stress=True),
    replace(_TWOCOL_S, name="twocol-s-seglead", lead_bold="segment", stress=True),
    replace(_FOURCOL, name="fourcol-seglead", lead_bold="segment", stress=True),
]


def seeded(*parts: str) -> int:
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16)


@dataclass
class Drawn:
    """What went onto the pages besides the article: strings per page."""

    furniture: list[str] = field(default_factory=list)
    pullquotes: list[str] = field(default_factory=list)


class Typesetter:
    def __init__(self, path: Path, layout: Layout, title: str, seed: int) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas

        if "CJK" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("CJK", FONT_FILE, subfontIndex=0))
        self.metrics = pdfmetrics
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        self.layout = layout
        self.title = title
        self.paper, self.date = PAPERS[seed % len(PAPERS)]
        self.col_w = (PAGE_W - 2 * MARGIN_X - (layout.columns - 1) * layout.gutter) / layout.columns
        self.col = 0
        self.y = PAGE_H - MARGIN_TOP
        self.pages: list[list[tuple]] = [[]]
        self.drawn = Drawn()

    def width(self, text: str, size: float) -> float:
        return self.metrics.stringWidth(text, "CJK", size)

    def break_lines(self, text: str, size: float, first_indent: float, width: float) -> list[str]:
        lines: list[str] = []
        cur, cur_w = "", first_indent
        for tok in TOKEN.findall(text):
            w = self.width(tok, size)
            if cur and cur_w + w > width and tok[0] not in NO_LINE_START:
                carry = ""
                while cur and cur[-1] in NO_LINE_END:
                    carry, cur = cur[-1] + carry, cur[:-1]
                lines.append(cur)
                cur, cur_w = carry, self.width(carry, size)
            if w > width:  # a token longer than the line: break it anywhere
                for ch in tok:
                    cw = self.width(ch, size)
                    if cur and cur_w + cw > width:
                        lines.append(cur)
                        cur, cur_w = "", 0.0
                    cur, cur_w = cur + ch, cur_w + cw
                continue
            cur, cur_w = cur + tok, cur_w + w
        if cur:
            lines.append(cur)
        return lines

    def next_column(self) -> None:
        self.col += 1
        if self.col >= self.layout.columns:
            self.col = 0
            self.pages.append([])
        self.y = PAGE_H - MARGIN_TOP

    def x(self) -> float:
        return MARGIN_X + self.col * (self.col_w + self.layout.gutter)

    def block(self, kind: str, text: str, bold: str) -> None:
        """Set one block; ``bold`` is how its fake bold is drawn ("glyph", "line", "segment"), or ""."""
        lay = self.layout
        size, indent, align, lead_gap = lay.size, 0.0, "justify", 0.0
        if kind == "heading":
            size, align, lead_gap = lay.size * 1.4, "left", 0.5
        elif kind in ("caption", "byline", "credit"):
            size, align = lay.size * 0.9, "left"
        elif kind == "pullquote":
            size, align, lead_gap = lay.size * 1.25, "left", 0.6
        if kind in ("paragraph", "list_item") and lay.indent == "chars":
            text = "\u3000\u3000" + text
        elif kind in ("paragraph", "list_item") and lay.indent == "space":
            indent = 2 * size
        lead = size * 1.45
        self.y -= lead * lead_gap
        if kind == "verse":
            lines = [
                piece for line in text.split("\n") for piece in self.break_lines(line, size, 0, self.col_w)
            ]
            align = "left"
        else:
            lines = self.break_lines(text, size, indent, self.col_w)
        for k, line in enumerate(lines):
            if self.y - lead < MARGIN_BOTTOM:
                self.next_column()
            self.y -= lead
            first = k == 0 and indent
            avail = self.col_w - (indent if first else 0)
            cs = 0.0
            if align == "justify" and k < len(lines) - 1 and len(line) > 1:
                cs = max(0.0, (avail - self.width(line, size)) / (len(line) - 1))
            marker_bold = kind == "caption" and line == lines[0]
            self.pages[-1].append(
                (self.x() + (indent if first else 0), self.y, line, size, cs, bold, marker_bold)
            )
        self.y -= lead * (lay.para_gap + (0.6 if kind in ("pullquote", "verse") else 0))

    def finish(self) -> None:
        lay, c = self.layout, self.c
        total = len(self.pages)
        for n, ops in enumerate(self.pages, 1):
            values = {"paper": self.paper, "date": self.date, "title": self.title, "n": n, "total": total}
            head, foot = lay.header.format(**values), lay.footer.format(**values)
            self.drawn.furniture += [head, foot]
            c.setFont("CJK", 8)
            c.drawString(MARGIN_X, PAGE_H - 40, head)
            c.line(MARGIN_X, PAGE_H - 45, PAGE_W - MARGIN_X, PAGE_H - 45)
            c.drawCentredString(PAGE_W / 2, 36, foot)
            for x, y, line, size, cs, bold, marker_bold in ops:
                self.draw(x, y, line, size, cs, bold, marker_bold)
            c.showPage()
        c.save()

    def draw(
        self, x: float, y: float, line: str, size: float, cs: float, bold: str, marker_bold: bool
    ) -> None:
        c, lay = self.c, self.layout
        copies = lay.copies if bold else 1
        if marker_bold and not bold:  # a caption's ■ or ▲ drawn heavy
            for k in range(lay.copies):
                c.setFont("CJK", size)
                c.drawString(x + 0.4 * k, y, line[0])
            x += self.width(line[0], size) + cs
            line = line[1:]
        if copies > 1 and bold == "glyph":
            c.setFont("CJK", size)
            for ch in line:
                for k in range(copies):
                    c.drawString(x + 0.4 * k, y, ch)
                x += self.width(ch, size) + cs
            return
        if copies > 1 and bold == "segment":
            pos, i, step = x, 0, 2
            while i < len(line):
                seg = line[i : i + step]
                for k in range(copies):
                    t = c.beginText(pos + 0.4 * k, y)
                    t.setFont("CJK", size)
                    t.setCharSpace(cs)
                    t.textOut(seg)
                    c.drawText(t)
                pos += self.width(seg, size) + cs * len(seg)
                i += step
                step = 2 + (i % 3)
            return
        for k in range(copies):
            t = c.beginText(x + 0.4 * k, y)
            t.setFont("CJK", size)
            t.setCharSpace(cs)
            t.textOut(line)
            c.drawText(t)


def page_blocks(
    blocks: list[tuple[str, str]], layout: Layout, seed: int
) -> tuple[list[tuple[str, str]], list[str]]:
    """The blocks as printed: the article's, with a caption and a pull quote put in where the layout has them.

    Returns the printed blocks and the expected ones (the caption is part of
    the article; the pull quote repeats it and is not).
    """
    printed, expected = list(blocks), list(blocks)
    paras = [k for k, (kind, _) in enumerate(blocks) if kind == "paragraph" and len(blocks[k][1]) > 30]
    if layout.captions and len(paras) >= 2:
        k = paras[seed % len(paras)]
        words = re.sub(r"[，。；：！？「」“”『』、（）《》]", "", blocks[k][1])[:14]
        caption = ("▲" if seed % 2 else "■") + words + "。（資料圖片）"
        printed.insert(k + 1, ("caption", caption))
        expected.insert(k + 1, ("caption", caption))
    pullquotes: list[str] = []
    if layout.pullquote and len(paras) >= 3:
        k = paras[(seed // 7) % len(paras)]
        sentence = re.split(r"(?<=[。！？])", blocks[k][1])[0]
        if 8 <= len(sentence) <= 40:
            at = next(i for i, b in enumerate(printed) if b == blocks[paras[-1]])
            printed.insert(at, ("pullquote", sentence))
            pullquotes.append(sentence)
    return printed, pullquotes


def typeset(
    article: str, blocks: list[tuple[str, str]], layout: Layout, path: Path
) -> tuple[list[tuple[str, str]], Drawn]:
    """Write the PDF; the blocks a reader should get back, and what else was drawn."""
    seed = seeded(article, layout.name)
    title = next((t for k, t in blocks if k == "heading"), "")
    printed, pullquotes = page_blocks(blocks, layout, seed)
    expected = [b for b in printed if b[0] != "pullquote"]
    ts = Typesetter(path, layout, title, seed)
    lead_done = False
    for kind, text in printed:
        bold = layout.bold if kind == "heading" else ""
        if kind == "paragraph" and not lead_done:
            bold, lead_done = layout.lead_bold, True  # the lead paragraph in fake bold
        ts.block(kind, text, bold)
    ts.finish()
    ts.drawn.pullquotes = pullquotes
    return expected, ts.drawn


def extract(pdf: Path, how: str) -> str:
    if how.startswith("pdftotext"):
        mode = how.partition("-")[2]
        args = ["pdftotext", "-enc", "UTF-8"] + ([f"-{mode}"] if mode else []) + [str(pdf), "-"]
        return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    if how == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    if how == "pymupdf":
        import pymupdf

        with pymupdf.open(str(pdf)) as doc:
            return "".join(page.get_text() for page in doc)
    raise ValueError(how)
