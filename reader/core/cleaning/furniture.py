"""Page furniture left by PDF extraction: page numbers, running headers and footers.

Lines are marked (``Line.removed``) rather than dropped here, so the caller
logs each removal with its source range.
"""

from __future__ import annotations

import re
from collections import defaultdict

from reader.core.cleaning.lines import Line

# Page numbers that cannot be anything else.
_PAGE_MARK = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]"
    r"|第\s*\d{1,4}\s*[版頁页]"
    r"|[A-Z]\d{1,2}\s*版?"
    r"|[Pp]age\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|第\s*\d{1,4}\s*[頁页]\s*[/，,]?\s*共\s*\d{1,4}\s*[頁页]"
    r"|[-–—]?\s*\d{1,4}\s*/\s*\d{1,4}\s*[-–—]?)$"
)
# A lone number of up to three digits is a page number wherever it stands;
# a four-digit one (a year?) only at the top or bottom of a page.
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
_LONE_YEARLIKE = re.compile(r"^\d{4}$")
_DIGITS = re.compile(r"\d+")
_SENTENCE = re.compile(r"[，。；！？]")
EDGE = 3  # lines at the top and bottom of a page that may be furniture
MAX_FURNITURE = 60  # characters


def mark(lines: list[Line]) -> None:
    """Set ``removed`` on page numbers and running headers/footers."""
    pages = _pages(lines)
    edges = _edge_lines(pages)
    for i, line in enumerate(lines):
        text = line.text
        if _PAGE_MARK.match(text) and "\t" not in text:
            line.removed = "page_number"
        elif _LONE_NUMBER.match(text) or (i in edges and _LONE_YEARLIKE.match(text)):
            line.removed = "page_number"
    if len(pages) >= 2:
        _mark_running(lines, pages, edges)
    _mark_repeated(lines)


def _pages(lines: list[Line]) -> list[list[int]]:
    pages: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        pages[line.page].append(i)
    return [pages[p] for p in sorted(pages)]


def _edge_lines(pages: list[list[int]]) -> set[int]:
    if len(pages) < 2:
        return set()
    edges: set[int] = set()
    for page in pages:
        edges.update(page[:EDGE])
        edges.update(page[-EDGE:])
    return edges


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()))


def _mark_running(lines: list[Line], pages: list[list[int]], edges: set[int]) -> None:
    """Lines at page edges that recur (digits aside) on at least half the pages."""
    seen: dict[str, set[int]] = defaultdict(set)
    for i in edges:
        text = lines[i].text
        if len(text) <= MAX_FURNITURE:
            seen[_key(text)].add(lines[i].page)
    need = max(2, (len(pages) + 1) // 2)
    running = {key for key, on in seen.items() if len(on) >= need}
    for i in edges:
        if not lines[i].removed and _key(lines[i].text) in running:
            lines[i].removed = "furniture"


def _mark_repeated(lines: list[Line]) -> None:
    """Without page breaks: short lines with a number (date, page) seen three times or more.

    A line with sentence punctuation is text, however often a narrow column
    cuts the same words out of it (``2月13日，香港中文大學（深圳）``).
    """
    seen: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        text = line.text
        if len(text) <= MAX_FURNITURE and "\t" not in text and _DIGITS.search(text) and not _SENTENCE.search(text):
            seen[_key(text)].append(i)
    for key, where in seen.items():
        if len(where) >= 3 and len({lines[i].text for i in where}) >= 2 or len(where) >= 4:
            for i in where:
                lines[i].removed = lines[i].removed or "furniture"
