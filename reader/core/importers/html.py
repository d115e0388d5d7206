"""Saved web pages (HTML, MHTML): the article's text, title, byline and date, with trafilatura.

The encoding comes from the bytes' own byte-order mark; else bytes that are
valid UTF-8 beyond ASCII are UTF-8 (a page saved again by a browser keeps its
old declaration); else the page's declaration (``<meta charset>``,
``<meta http-equiv="Content-Type">``, an XML declaration, an MHTML part's
header) is followed, its GB2312/GBK/Big5 read as their supersets GB18030 and
Big5-HKSCS: Chinese news sites still serve them, and guessing is where
extractors go wrong. Only a page that declares nothing, or declares a Western
single-byte encoding, is decoded by detection (the text loader's). The page
loses its escape sequences and control characters before it is parsed.

Figures keep their captions: trafilatura would drop a ``<figcaption>``, so
each figure becomes a paragraph of its caption, marked with ▲ as Chinese
newspapers print it, which the cleaner then reads as a caption.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import logging
import re

from reader.core.importers.base import Imported, Part, fail, safe_line, safe_text
from reader.core.load import LoadError, decode

MAX_HTML_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 200_000
CAPTION_MARK = "▲"
_DECLARED = (
    re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE),
    re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE),
)
# What pages declare, and the superset that decodes what they really hold.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs",
    "cp936": "gb18030",
}
_WESTERN = {"latin_1", "iso8859_1", "cp1252", "ascii"}
_CAPTION_MARKS = "▲■●►▶◆▼△"


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares in its first 4 KiB (normalised by :mod:`codecs`), or ``None``."""
    head = data[:4096]
    for pattern in _DECLARED:
        m = pattern.search(head)
        if m:
            try:
                return codecs.lookup(m.group(1).decode("ascii")).name
            except LookupError:
                return None
    return None


def decode_page(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding used: BOM, valid UTF-8, the declaration, then detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name)
    if not data.isascii():
        try:  # valid UTF-8 beyond ASCII is not GBK or Big5 by chance: a page saved again as UTF-8
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = declared or declared_encoding(data)
    if declared and declared.replace("-", "_") not in _WESTERN and not declared.startswith("utf_16"):
        encoding = _SUPERSETS.get(declared.replace("-", "").replace("_", ""), declared)
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= max(2, len(text) // 1000):  # a stray bad byte, not the wrong table
            return text, encoding
    return decode(data, name)


def read_html(data: bytes, name: str, declared: str | None = None, kind: str = "html") -> Imported:
    """The article in a saved web page."""
    if len(data) > MAX_HTML_BYTES:
        raise fail(name, f"is too large for a web page (the limit is {MAX_HTML_BYTES // 2**20} MiB)")
    text, encoding = decode_page(data, name, declared)
    doc = _extract(safe_text(text), name)  # no escape sequence or control character reaches the parser
    title = safe_line(doc.title or "")
    paragraphs = _paragraphs(doc.body)
    if not paragraphs:
        raise fail(name, "is a web page in which no article text was found")
    if title and not paragraphs[0].startswith(title):
        paragraphs.insert(0, title)
    what = "MHTML web page" if kind == "mhtml" else "web page"
    done = (
        f"{what}, {encoding}: article text kept ({len(paragraphs)} paragraphs), "
        "menus and page furniture left out"
    )
    return Imported(
        kind=kind,
        title=title,
        parts=(Part.of(title, "\n\n".join(paragraphs) + "\n"),),
        done=done,
        byline=safe_line(doc.author or ""),
        date=safe_line(doc.date or ""),
        encoding=encoding,
    )


def read_mhtml(data: bytes, name: str) -> Imported:
    """The article in a page saved as one MHTML file (a MIME message whose root part is the page)."""
    if len(data) > MAX_HTML_BYTES * 4:
        raise fail(name, f"is too large for a web page (the limit is {MAX_HTML_BYTES * 4 // 2**20} MiB)")
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        part = next(
            (p for p in message.walk() if p.get_content_type() in ("text/html", "application/xhtml+xml")),
            None,
        )
        if part is None:
            raise fail(name, "is an MHTML file without a web page in it")
        payload = part.get_payload(decode=True)
    except LoadError:
        raise
    except Exception:
        raise fail(name, "is a damaged MHTML file") from None
    if not isinstance(payload, bytes) or not payload.strip():
        raise fail(name, "is an MHTML file whose page is empty")
    charset = part.get_content_charset()
    declared = None
    if charset:
        try:
            declared = codecs.lookup(charset).name
        except LookupError:
            declared = None
    return read_html(payload, name, declared, kind="mhtml")


def _quiet() -> None:
    """trafilatura and htmldate log to the root logger; nothing of theirs may reach the terminal."""
    for logger_name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(logger_name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _extract(text: str, name: str):
    try:
        import lxml.html
        import trafilatura
    except ImportError as exc:
        raise fail(
            name, f"is a web page, and reading web pages needs {exc.name}, which is not installed"
        ) from None
    _quiet()
    try:
        tree = lxml.html.document_fromstring(text)
        _captions_as_paragraphs(tree)
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_tables=True,
            include_images=False,
            include_comments=False,
            config=_config(),
        )
    except RecursionError:
        raise fail(name, "is a web page nested too deeply to be read") from None
    except Exception:
        raise fail(name, "is a web page that cannot be parsed") from None
    if doc is None or getattr(doc, "body", None) is None:
        raise fail(name, "is a web page in which no article text was found (or it is too large)")
    return doc


def _config():
    """trafilatura's settings, with a limit on the number of elements of a page."""
    from trafilatura.settings import use_config

    config = use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(MAX_ELEMENTS)
    return config


def _captions_as_paragraphs(tree) -> None:
    """Each ``<figure>`` with a ``<figcaption>`` becomes a paragraph of the caption, marked as one."""
    from lxml import etree

    for figure in list(tree.iter("figure")):
        caption = next(figure.iter("figcaption"), None)
        words = " ".join("".join(caption.itertext()).split()) if caption is not None else ""
        parent = figure.getparent()
        if parent is None:
            continue
        if words:
            para = etree.Element("p")
            para.text = words if words[0] in _CAPTION_MARKS else CAPTION_MARK + words
            para.tail = figure.tail
            parent.replace(figure, para)
        else:
            figure.drop_tree()


def _paragraphs(body) -> list[str]:
    """Headings, paragraphs, list items, quotes and table rows of trafilatura's tree, one string each."""
    out: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "list":
            out.extend(t for item in element.iter("item") if (t := _text(item)))
        elif tag == "table":
            rows = ["\t".join(_text(cell) for cell in row.iter("cell")) for row in element.iter("row")]
            table = "\n".join(r for r in rows if r.strip())
            if table:
                out.append(table)
        else:
            t = _text(element)
            if t:
                out.append(t)
    return out


def _text(element) -> str:
    """An element's words: line breaks (``<lb/>``) kept, other whitespace runs made one space."""
    for lb in element.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    lines = [" ".join(line.split()) for line in "".join(element.itertext()).split("\n")]
    return "\n".join(line for line in lines if line)
