"""PDF: every character with its position, size and font, read with PDFium, then laid out.

PDFium (through ``pypdfium2``, Apache-2.0/BSD-3) reads the characters of each
page with their boxes, baselines, font sizes and fonts about ten times as fast
as pdfminer.six (``python -m reader.bench.importers`` measures both). What it
reads is handed to :mod:`reader.core.importers.pdf_layout`, which rebuilds
the article from positions: fake bold merged, columns in order, running
headers and page numbers removed, headings, captions and paragraphs found.

PDFium itself drops a text object drawn again over an identical one (the
commonest fake bold); such objects are still counted here, so the glyphs
under them are known to be bold.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
import threading
from dataclasses import dataclass, field

from reader.core.importers.base import Imported, Part, fail, safe_line
from reader.core.importers.pdf_flow import layout_document
from reader.core.importers.pdf_layout import Glyph, PageContent

MAX_PAGES = 2000
_PDFIUM = threading.Lock()
MAX_GLYPHS = 4_000_000
# A page with fewer real characters than this carries no text layer worth the name.
_MIN_CHARS_PER_PAGE = 8
_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demi|[-_,](?:w[6-9]|b|hv|bd)$|黑|粗", re.IGNORECASE)
_PLACEHOLDER_META = {"untitled", "anonymous", "unknown", "unspecified", "microsoft word"}
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_SPACES = frozenset(" \u00a0\u3000\u2002\u2003\u2009")
_WHITESPACE = frozenset(" \t\r\n\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\x00")


@dataclass
class _Fonts:
    """Name and boldness per font handle, looked up once per font of a page."""

    cache: dict[int, tuple[str, bool]] = field(default_factory=dict)
    buf: ctypes.Array = field(default_factory=lambda: ctypes.create_string_buffer(256))

    def of(self, raw, textobj) -> tuple[str, bool]:
        font = raw.FPDFTextObj_GetFont(textobj)
        key = ctypes.addressof(font.contents) if font else 0
        hit = self.cache.get(key)
        if hit is None:
            n = raw.FPDFFont_GetBaseFontName(font, self.buf, len(self.buf)) if font else 0
            name = self.buf.raw[: max(0, n - 1)].decode("latin-1", "replace") if n else ""
            weight = raw.FPDFFont_GetWeight(font) if font else -1
            hit = (name, weight >= 600 or bool(_BOLD_NAME.search(name.split("+")[-1])))
            self.cache[key] = hit
        return hit


def read_pdf(data: bytes, name: str) -> Imported:
    """The article in a PDF, or :class:`LoadError` (encrypted, damaged, scanned, too long) in one line."""
    with _PDFIUM:  # PDFium is not thread-safe: one document at a time, whichever thread asks
        pages, meta = _read_document(data, name)
    chars = sum(len(p.glyphs) for p in pages)
    if chars < _MIN_CHARS_PER_PAGE * len(pages) and sum(1 for p in pages if p.images) >= len(pages) / 2:
        raise fail(
            name,
            "is a scanned PDF (its pages are images without text); run OCR on it first, "
            "e.g. ocrmypdf -l chi_sim",
        )
    if not chars:
        raise fail(name, "is a PDF without text")
    text, report = layout_document(pages)
    title = meta.get("Title", "")
    return Imported(
        kind="pdf",
        title=title,
        parts=(Part.of(title, text),),
        done=f"PDF, {len(pages)} page{'s' * (len(pages) != 1)}: {report}",
        byline=meta.get("Author", ""),
        date=meta.get("Date", ""),
    )


def _read_document(data: bytes, name: str) -> tuple[list[PageContent], dict[str, str]]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(name, exc) from None
    try:
        count = len(doc)
        if count == 0:
            raise fail(name, "is a PDF without pages")
        if count > MAX_PAGES:
            raise fail(name, f"has {count} pages; the limit is {MAX_PAGES} (split it into parts first)")
        return _read_pages(doc, name), _metadata(doc)
    finally:
        doc.close()


def _open_error(name: str, exc: Exception):
    from pypdfium2 import raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return fail(name, "is an encrypted PDF that needs a password; save an unlocked copy first")
    if code == raw.FPDF_ERR_SECURITY:
        return fail(name, "is a PDF protected by an unsupported security handler (DRM)")
    return fail(name, "is a damaged PDF that cannot be opened")


def _read_pages(doc, name: str) -> list[PageContent]:
    from pypdfium2 import raw

    fonts = _Fonts()
    pages: list[PageContent] = []
    total = 0
    for index in range(len(doc)):
        page = raw.FPDF_LoadPage(doc.raw, index)
        if not page:
            raise fail(name, f"is a damaged PDF (page {index + 1} cannot be read)")
        try:
            content = _read_page(raw, page, index, fonts)
        finally:
            raw.FPDF_ClosePage(page)
        total += len(content.glyphs)
        if total > MAX_GLYPHS:
            raise fail(name, f"holds more than {MAX_GLYPHS:,} characters; split it into parts first")
        pages.append(content)
    return pages


def _read_page(raw, page, index: int, fonts: _Fonts) -> PageContent:
    width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    textpage = raw.FPDFText_LoadPage(page)
    glyphs: list[Glyph] = []
    used: set[int] = set()
    drawn: dict[int, list[Glyph]] = {}  # text object -> the glyphs read from it
    objects: dict[int, tuple[str, bool]] = {}  # text object -> its font's name and weight
    try:
        rect = raw.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        for i in range(raw.FPDFText_CountChars(textpage)):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if raw.FPDFText_IsGenerated(textpage, i) or code > 0x10FFFF:
                if code == 0x20 and glyphs:
                    glyphs[-1].space_after = max(glyphs[-1].space_after, 1)
                continue
            obj = raw.FPDFText_GetTextObject(textpage, i)
            key = ctypes.addressof(obj.contents) if obj else 0
            ch = chr(code)
            if ch in _WHITESPACE or (0xD800 <= code <= 0xDFFF):
                used.add(key)
                if glyphs and ch in _SPACES:
                    glyphs[-1].space_after = 2  # the page's own space: kept between words
                continue
            style = objects.get(key)
            if style is None:
                used.add(key)
                style = objects[key] = fonts.of(raw, obj) if obj else ("", False)
            font, bold = style
            raw.FPDFText_GetLooseCharBox(textpage, i, rect)
            raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            size = raw.FPDFText_GetFontSize(textpage, i)
            angle = raw.FPDFText_GetCharAngle(textpage, i)
            if 0.05 < angle < 6.23:  # turned text: a watermark, a note up the margin
                continue
            glyph = Glyph(ch, rect.left, rect.right, oy.value, size, font, bold, ox.value, i)
            if code < 0x2E80 and raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top):
                glyph.ink = (left.value, right.value)  # word spaces are measured between inks
            glyphs.append(glyph)
            drawn.setdefault(key, []).append(glyph)
    finally:
        raw.FPDFText_ClosePage(textpage)
    images, doubled, recovered = _objects(raw, page, used, drawn, glyphs)
    return PageContent(index, width, height, glyphs + recovered, images, doubled)


# How many text objects back PDFium looks for one with the same text to call a text object a repeat.
_REPEAT_REACH = 8


def _objects(
    raw, page, used: set[int], drawn: dict[int, list[Glyph]], read: list[Glyph]
) -> tuple[list[tuple[float, float, float, float]], list[tuple], list[Glyph]]:
    """Image boxes on the page, boxes of text objects PDFium skipped as drawn-over duplicates, and the
    glyphs of text objects it skipped although they were drawn elsewhere.

    PDFium's text page leaves out a text object with the same characters as one drawn shortly before
    it, as fake bold draws it; where a font gives the text no height it does so whatever the distance
    down the page, and a line that repeats the one above it (a repeated sentence, a table's equal
    rows) would be lost. Such a line is read again from the glyphs of the one it repeats, moved to
    where it was drawn.
    """
    images: list[tuple[float, float, float, float]] = []
    doubled: list[tuple[float, float, float, float]] = []
    recovered: list[Glyph] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = raw.FS_MATRIX()
    recent: list[int] = []  # the last text objects drawn, most recent last
    for k in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_TEXT):
            continue
        key = ctypes.addressof(obj.contents)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            recent = [*recent[-_REPEAT_REACH + 1 :], key]
            if key in used:
                continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            images.append(box)
            continue
        moved = _moved_repeat(raw, obj, matrix, box, [drawn.get(k2, []) for k2 in reversed(recent[:-1])])
        if moved and _free(moved, read):
            drawn[key] = moved
            recovered.extend(moved)
        else:
            doubled.append(box)
    return images, doubled, recovered


def _free(line: list[Glyph], read: list[Glyph]) -> bool:
    """Whether no glyph read from the page stands where ``line`` would go: a line PDFium left out was
    drawn where nothing else is (a copy put over other text is no line of the article)."""
    lo, hi, y = min(g.x0 for g in line), max(g.x1 for g in line), line[0].y
    return not any(abs(g.y - y) < 0.5 * g.size and g.x1 > lo and g.x0 < hi for g in read)


def _moved_repeat(
    raw, obj, matrix, box: tuple[float, float, float, float], before: list[list[Glyph]]
) -> list[Glyph]:
    """The glyphs of the skipped text object ``obj``, when it repeats one drawn before it (``before``,
    nearest first) somewhere else: on another line, where a fake-bold copy never is."""
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    x, y = matrix.e, matrix.f
    for glyphs in before:
        if not glyphs:
            continue
        first = glyphs[0]
        if abs(first.ox - x) > 0.25 * first.size or not box[0] - first.size <= first.x0 <= box[2]:
            continue  # not drawn from the same left edge
        if abs((box[2] - box[0]) - (glyphs[-1].x1 - first.x0)) > 1.2 * first.size:
            continue  # not as wide: another text (a line of the article beside a header's copy)
        dy = y - first.y
        if abs(dy) <= 0.5 * first.size:
            return []  # drawn over its twin: fake bold
        dx = x - first.ox
        return [
            dataclasses.replace(
                g,
                x0=g.x0 + dx,
                x1=g.x1 + dx,
                ox=g.ox + dx,
                y=g.y + dy,
                copies=1,
                ink=(g.ink[0] + dx, g.ink[1] + dx) if g.ink else None,
            )
            for g in glyphs
        ]
    return []


def _metadata(doc) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        meta = doc.get_metadata_dict(skip_empty=True)
    except Exception:
        return out
    for key in ("Title", "Author"):
        value = safe_line(meta.get(key, ""))
        if value and value.lower() not in _PLACEHOLDER_META and not value.lower().endswith((".doc", ".docx")):
            out[key] = value
    m = _PDF_DATE.match(meta.get("CreationDate", "") or "")
    if m:
        out["Date"] = "-".join(part for part in m.groups() if part)
    return out
