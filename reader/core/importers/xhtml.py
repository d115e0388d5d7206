"""An e-book's XHTML chapter as text: paragraphs apart by a blank line, headings on their own line.

The standard library's HTML parser reads the chapter in one pass, without
recursion, so nesting depth costs nothing. Ruby annotations (``<rt>``,
``<rp>``: the pinyin or zhuyin printed over characters in some Chinese
books) are left out, so the characters read on; scripts, styles and the
``<head>`` are skipped; a figure's caption is marked with ▲ as a caption.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CAPTION_MARK = "▲"
_CAPTION_MARKS = "▲■●►▶◆▼△"
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "blockquote",
        "li",
        "dd",
        "dt",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "figure",
        "figcaption",
        "hr",
        "nav",
        "title",
        "body",
        "main",
        "address",
        "center",
    }
)
SKIP = frozenset({"script", "style", "head", "rt", "rp", "svg", "math", "noscript", "template"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source", "image"}
)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0  # inside how many skipped elements
        self.stack: list[str] = []
        self.caption = False
        self.headings: list[str] = []
        self._heading = False

    def flush(self) -> None:
        text = "\n".join(" ".join(_SPACES.split(line)).strip() for line in "".join(self.current).split("\n"))
        text = "\n".join(line for line in text.split("\n") if line)
        if text:
            if self.caption and text[0] not in _CAPTION_MARKS:
                text = CAPTION_MARK + text
            self.blocks.append(text)
            if self._heading:
                self.headings.append(text.replace("\n", " "))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skip:
                self.current.append("\n")
            return
        self.stack.append(tag)
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCKS and not self.skip:
            self.flush()
            self.caption = tag == "figcaption"
            self._heading = tag in HEADINGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip:
            self.current.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:  # close what was left open inside
            top = self.stack.pop()
            if top in SKIP:
                self.skip -= 1
            if top == tag:
                break
        if tag in BLOCKS and not self.skip:
            self.flush()
            self.caption = self._heading = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)


def xhtml_text(markup: str) -> tuple[str, list[str]]:
    """The chapter's text (blocks apart by a blank line) and its headings in order."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser.flush()
    return "\n\n".join(parser.blocks), parser.headings


_TITLE = re.compile(r"<(h[1-3]|title)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def quick_title(head: str) -> str:
    """The first ``<h1>``-``<h3>`` (else ``<title>``) in the start of a chapter, tags removed."""
    found: dict[str, str] = {}
    for m in _TITLE.finditer(head):
        found.setdefault(m.group(1).lower()[:1], _TAG.sub("", m.group(2)))
    from html import unescape

    return " ".join(unescape(found.get("h") or found.get("t") or "").split())
