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
    finally:
        raw.FPDFText_ClosePage(textpage)
    images, doubled = _objects(raw, page, used)
    return PageContent(index, width, height, glyphs, images, doubled)


def _objects(raw, page, used: set[int]) -> tuple[list[tuple[float, float, float, float]], list[tuple]]:
    """Image boxes on the page, and boxes of text objects PDFium skipped as drawn-over duplicates."""
    images: list[tuple[float, float, float, float]] = []
    doubled: list[tuple[float, float, float, float]] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for k in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_TEXT):
            continue
        if kind == raw.FPDF_PAGEOBJ_TEXT and ctypes.addressof(obj.contents) in used:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        (images if kind == raw.FPDF_PAGEOBJ_IMAGE else doubled).append(box)
    return images, doubled


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
