"""Which importer reads a file: decided by its bytes, the name only where the bytes cannot tell."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from reader.core.importers.base import Imported, Part, fail
from reader.core.load import load_bytes, read_path

# A PDF's header may follow up to 1024 bytes of junk (the PDF reference allows it).
_PDF_WINDOW = 1024
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(rb"<(?:html|body|head)\b[^>]*>", re.IGNORECASE)
_MHTML_HEAD = re.compile(
    rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?content-type:\s*multipart/related", re.IGNORECASE
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def kind_of(data: bytes, name: str = "") -> str:
    """``"pdf"``, ``"epub"``, ``"zip"`` (another zip), ``"mhtml"``, ``"html"`` or ``"text"``, from the
    bytes."""
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "epub" if data[30:58] == b"mimetypeapplication/epub+zip" or _has_container(data) else "zip"
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if b"\x00" in head[:200]:  # UTF-16 text: decode the head to look at it
        try:
            head = head.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return "text"
    if _MHTML_HEAD.match(head.lstrip()):
        return "mhtml"
    if _HTML_START.match(head) or (
        name.lower().endswith((".html", ".htm", ".xhtml")) and _HTML_TAG.search(head)
    ):
        return "html"
    return "text"


def _has_container(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            return "META-INF/container.xml" in zf.namelist()
    except Exception:
        return False


def read_document(path: str | Path) -> Imported:
    """Read the file at ``path`` with the importer its bytes call for; :class:`LoadError` in one line."""
    return read_bytes(read_path(path), str(path))


def read_bytes(data: bytes, name: str = "<input>") -> Imported:
    """Read a file's bytes (``name`` is for messages and the fallback title)."""
    kind = kind_of(data, name)
    if kind == "pdf":
        from reader.core.importers.pdf import read_pdf

        return read_pdf(data, name)
    if kind == "epub":
        from reader.core.importers.epub import read_epub

        return read_epub(data, name)
    if kind == "zip":
        raise fail(
            name, "is a ZIP archive but not an EPUB book (a .docx is one: save it as text or PDF first)"
        )
    if kind in ("html", "mhtml"):
        from reader.core.importers.html import read_html, read_mhtml

        return (read_html if kind == "html" else read_mhtml)(data, name)
    return read_text(data, name)


def read_text(data: bytes, name: str) -> Imported:
    """Plain text, through the loader (encodings, escape sequences, binary files refused)."""
    loaded = load_bytes(data, name)
    done = f"text, {loaded.encoding}"
    if loaded.removed:
        done += f", {loaded.removed} control characters removed"
    return Imported(
        kind="text", title="", parts=(Part.of("", loaded.text),), done=done, encoding=loaded.encoding
    )
