"""EPUB books with the standard library: container, package, spine, table of contents; chapters lazily.

``META-INF/container.xml`` names the package (OPF); its spine gives the
chapters in reading order and its manifest their files; chapter titles come
from the EPUB 3 navigation document or the EPUB 2 NCX, else from the
chapter's own first heading. Opening a book reads only these small files and
the first few KiB of each chapter, so its first chapter is there as fast as
any article; a chapter's text is read when it is first asked for.

A zip bomb (a member that inflates beyond :data:`MAX_MEMBER` or far beyond
its compressed size), entity declarations in the XML, and books whose
chapters are encrypted (DRM) are refused with one line. Font obfuscation
(also listed in ``encryption.xml``) is not DRM and is ignored.
"""

from __future__ import annotations

import posixpath
import zipfile
from io import BytesIO
from urllib.parse import unquote
from xml.etree import ElementTree

from reader.core.importers.base import Imported, Part, fail, safe_line
from reader.core.importers.xhtml import quick_title, xhtml_text
from reader.core.load import LoadError, decode

MAX_MEMBER = 32 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_RATIO = 200  # inflated size over compressed size; text rarely passes 20
MAX_CHAPTERS = 5_000
_HEAD = 4096
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
_CONTENT_TYPES = ("application/xhtml+xml", "text/html", "application/xml", "text/xml")
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "enc": "http://www.w3.org/2001/04/xmlenc#",
}


class _Book:
    """The open zip, with size-checked reads."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            infos = self.zip.infolist()
        except Exception:
            raise fail(name, "is a damaged EPUB (its zip cannot be read)") from None
        if len(infos) > MAX_MEMBERS:
            raise fail(name, f"is an EPUB with more than {MAX_MEMBERS} files; it is not read")
        self.infos = {info.filename: info for info in infos}

    def read(self, path: str, limit: int = MAX_MEMBER) -> bytes:
        info = self.infos.get(path)
        if info is None:
            raise fail(self.name, f"is a damaged EPUB ({safe_line(path)} is missing)")
        if info.file_size > MAX_MEMBER or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise fail(self.name, "is an EPUB with a file that inflates far beyond its size (a zip bomb?)")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(min(limit, MAX_MEMBER) + 1)
        except Exception:
            raise fail(self.name, f"is a damaged EPUB ({safe_line(path)} cannot be read)") from None
        if len(data) > MAX_MEMBER:
            raise fail(self.name, "is an EPUB with a file that inflates beyond its stated size (a zip bomb?)")
        return data[:limit]

    def xml(self, path: str) -> ElementTree.Element:
        data = self.read(path)
        if b"<!ENTITY" in data:
            raise fail(self.name, f"is an EPUB whose {safe_line(path)} declares XML entities; it is not read")
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError:
            raise fail(self.name, f"is a damaged EPUB ({safe_line(path)} is not well-formed XML)") from None

    def text(self, path: str, limit: int = MAX_MEMBER) -> str:
        data = self.read(path, limit)
        try:
            return decode(data, self.name)[0]
        except LoadError:
            return data.decode("utf-8", errors="replace")


def read_epub(data: bytes, name: str) -> Imported:
    """The book: metadata, and one lazily read part per chapter of the spine."""
    book = _Book(data, name)
    _refuse_drm(book)
    rootfile = book.xml("META-INF/container.xml").find(".//c:rootfile", NS)
    if rootfile is None:
        raise fail(name, "is a damaged EPUB (its container names no package)")
    opf_path = rootfile.get("full-path")
    if opf_path not in book.infos:
        raise fail(name, "is a damaged EPUB (its package file is missing)")
    opf = book.xml(opf_path)
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): item for item in opf.iterfind(".//opf:manifest/opf:item", NS)}
    spine = opf.find(".//opf:spine", NS)
    if spine is None:
        raise fail(name, "is a damaged EPUB (its package has no spine)")
    toc = _toc(book, opf, manifest, spine, base)
    parts = _parts(book, manifest, spine, base, toc)
    if not parts:
        raise fail(name, "is an EPUB without chapters in its spine")
    title = safe_line(_meta(opf, "title")) or safe_line(posixpath.basename(name).rsplit(".", 1)[0])
    source = "table of contents" if toc else "chapter headings"
    return Imported(
        kind="epub",
        title=title,
        parts=tuple(parts),
        byline=safe_line(_meta(opf, "creator")),
        date=safe_line(_meta(opf, "date"))[:10],
        done=f"EPUB, {len(parts)} chapters in reading order, titles from its {source}",
    )


def _refuse_drm(book: _Book) -> None:
    if "META-INF/encryption.xml" not in book.infos:
        return
    root = book.xml("META-INF/encryption.xml")
    for data in root.iterfind(".//enc:EncryptedData", NS):
        method = data.find("enc:EncryptionMethod", NS)
        if method is None or method.get("Algorithm") not in _FONT_OBFUSCATION:
            raise fail(
                book.name, "is an EPUB protected by DRM (its chapters are encrypted); it cannot be read"
            )


def _meta(opf: ElementTree.Element, field: str) -> str:
    node = opf.find(f".//opf:metadata/dc:{field}", NS)
    return "".join(node.itertext()) if node is not None else ""


def _resolve(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def _toc(book: _Book, opf, manifest: dict, spine, base: str) -> dict[str, str]:
    """File path → the first title the table of contents gives it (EPUB 3 nav, else the NCX)."""
    titles: dict[str, str] = {}
    nav = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    try:
        if nav is not None and (href := nav.get("href")):
            path = _resolve(base, href)
            root = book.xml(path)
            navs = list(root.iter(f"{{{NS['x']}}}nav"))
            toc = next(
                (n for n in navs if n.get(f"{{{NS['epub']}}}type") == "toc"), navs[0] if navs else None
            )
            for a in toc.iter(f"{{{NS['x']}}}a") if toc is not None else ():
                if link := a.get("href"):
                    titles.setdefault(_resolve(posixpath.dirname(path), link), "".join(a.itertext()))
        ncx = manifest.get(spine.get("toc") or "")
        if not titles and ncx is not None and (href := ncx.get("href")):
            path = _resolve(base, href)
            for point in book.xml(path).iter(f"{{{NS['ncx']}}}navPoint"):
                label = point.find("ncx:navLabel/ncx:text", NS)
                content = point.find("ncx:content", NS)
                if label is not None and content is not None and (src := content.get("src")):
                    titles.setdefault(_resolve(posixpath.dirname(path), src), "".join(label.itertext()))
    except LoadError:
        return {}  # a damaged table of contents: the chapters' own headings will do
    return {k: safe_line(v) for k, v in titles.items() if safe_line(v)}


def _parts(book: _Book, manifest: dict, spine, base: str, toc: dict[str, str]) -> list[Part]:
    parts: list[Part] = []
    for ref in spine.iterfind("opf:itemref", NS):
        item = manifest.get(ref.get("idref"))
        if item is None or ref.get("linear") == "no" or not item.get("href"):
            continue
        if item.get("media-type") not in _CONTENT_TYPES:
            continue
        path = _resolve(base, item.get("href"))
        if path not in book.infos:
            continue
        info = book.infos[path]
        if info.file_size < _HEAD and not _has_text(book.text(path)):
            continue  # a cover or an image page
        title = toc.get(path) or safe_line(quick_title(book.text(path, _HEAD)))
        parts.append(Part(title, _loader(book, path)))
        if len(parts) > MAX_CHAPTERS:
            raise fail(book.name, f"is an EPUB with more than {MAX_CHAPTERS} chapters; it is not read")
    return parts


def _loader(book: _Book, path: str):
    return lambda: xhtml_text(book.text(path))[0]


def _has_text(markup: str) -> bool:
    return bool(xhtml_text(markup)[0].strip())
