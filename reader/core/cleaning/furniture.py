"""Page furniture left by PDF extraction: page numbers, running headers and footers.

Lines are marked (``Line.removed``) rather than dropped here, so the caller
logs each removal with its source range.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from reader.core.cleaning import chars, dedupe, patterns
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
_SENTENCE_END = re.compile(r"[。；！？]")
_COMMA = re.compile(r"[，,]")
# A paper's or magazine's name: 大公報, 人民日报, 科技周刊, 南方周末.
_MASTHEAD = re.compile(
    rf"^[{chars.HAN}]{{1,6}}"
    r"(?:日報|日报|晚報|晚报|時報|时报|報|报|周刊|週刊|周末|週末|月刊|旬刊|雜誌|杂志)(?=$|[ \u3000])"
)
# A paper's dateline at the head or foot of a page: 大公報 2025年10月20日 星期一 A3
_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年第\d{1,3}期"
)
_PAGE_WORD = re.compile(
    r"星期[一二三四五六日天]|週[一二三四五六日]|第\s*\d{1,3}\s*[版頁页期]|\b[A-Z]\d{1,2}\b|^\d{1,3}$|\s\d{1,3}$"
)
NAME_MAX = 12  # a paper's name set apart from its date
MIN_REPEATS = 3  # a line met this often at even intervals is a running head, page breaks or not
EDGE = 3  # lines at the top and bottom of a page that may be furniture
TITLE_REACH = 8  # lines below a running title where the heading it repeats may stand
MAX_FURNITURE = 60  # characters


def mark(lines: list[Line]) -> None:
    """Set ``removed`` on page numbers and running headers/footers."""
    pages = _pages(lines)
    edges = _edge_lines(pages)
    for i, line in enumerate(lines):
        text = line.text
        page_mark = _PAGE_MARK.match(text) and "\t" not in text
        if page_mark or _LONE_NUMBER.match(text) or (i in edges and _LONE_YEARLIKE.match(text)):
            line.removed = "page_number"
    _mark_datelines(lines, pages)
    _mark_mastheads(lines, pages)
    headings = _mark_title_over_heading(lines, pages)
    if len(pages) >= 2:
        _mark_running(lines, pages, edges, headings)
    _mark_repeated(lines)
    _mark_regular(lines)


def _pages(lines: list[Line]) -> list[list[int]]:
    pages: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        pages[line.page].append(i)
    return [pages[p] for p in sorted(pages)]


def _edge_lines(pages: list[list[int]]) -> set[int]:
    if len(pages) < 2:
        return set()
    return _edges(pages)


def _edges(pages: list[list[int]]) -> set[int]:
    edges: set[int] = set()
    for page in pages:
        edges.update(page[:EDGE])
        edges.update(page[-EDGE:])
    return edges


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()))


def _furniture_like(text: str) -> bool:
    """Short and without a sentence in it: a line with a sentence is text, however often it recurs.

    A title with one comma (``劳动者拒绝违法超时加班安排，用人单位能否解除劳动合同``) may run at
    the head of every page; a line that ends a sentence or holds two clauses may not.
    """
    return (
        len(text) <= MAX_FURNITURE
        and "\t" not in text
        and not _SENTENCE_END.search(text)
        and len(_COMMA.findall(text)) <= 1
        and text[-1] not in chars.MID_PUNCT
    )


def _mark_title_over_heading(lines: list[Line], pages: list[list[int]]) -> set[int]:
    """A running title over the heading it repeats; the heading's lines are returned.

    At the head of a page the heading may stand a few lines lower (an
    extractor may put a line of another column first); elsewhere (an
    extractor that moved the running title) it must follow at once. It may be
    set in two or three lines, or still be in fake bold (``渔家渔家傲傲``). A
    title already set aside by another rule (as the paper's name over a
    dateline) still shows which lines are the heading.
    """
    headings: set[int] = set()
    head = {i for page in pages for i in page[:EDGE]}
    live = [i for i, line in enumerate(lines) if not line.removed]
    at = 0  # live[at] is the first live line after the candidate
    for i, line in enumerate(lines):
        while at < len(live) and live[at] <= i:
            at += 1
        text = line.text
        if (
            line.removed not in ("", "furniture")
            or not _furniture_like(text)
            or i in headings
            or at == len(live)
        ):
            continue
        if lines[live[at]].text == text:
            continue  # a line written again whole is a fake-bold copy: see copies.repeated_lines
        reach = TITLE_REACH if i in head and line.page == lines[live[at]].page else 1
        below = _repeated_below(text, lines, live[at : at + reach + 2], reach)
        if below:
            line.removed = "furniture"
            headings.update(below)
            for j in below:  # the heading is in fake bold if it reads as the title only once undoubled
                lines[j].bold = lines[j].bold or dedupe.written_once(lines[j].text) != lines[j].text
    return headings


def _repeated_below(text: str, lines: list[Line], below: list[int], reach: int) -> list[int]:
    """The run of lines starting among the first ``reach`` of ``below`` that reads ``text`` (each once)."""
    for s in range(min(reach, len(below))):
        if not lines[below[s]].text.startswith(text[0]):
            continue
        joined = ""
        for e in range(s, min(s + 3, len(below))):
            joined += dedupe.written_once(lines[below[e]].text)
            if len(joined) >= len(text):
                if joined == text:
                    return below[s : e + 1]
                break
    return []


def _mark_mastheads(lines: list[Line], pages: list[list[int]]) -> None:
    """The paper's name: with a page mark or date after it wherever it stands (``大公報 A2 …``),
    alone at the head or foot of a page, or alone more than once."""
    edges = _edges(pages)
    alone = []
    for i, line in enumerate(lines):
        text = line.text
        m = _MASTHEAD.match(text)
        if line.removed or not m or not _furniture_like(text):
            continue
        rest = text[m.end() :]
        if not rest.strip():
            alone.append(i)
        elif _PAGE_WORD.search(rest) or _DATE.search(rest):
            line.removed = "furniture"
    for i in alone:
        if i in edges or len(alone) >= 2:
            lines[i].removed = "furniture"


def _mark_datelines(lines: list[Line], pages: list[list[int]]) -> None:
    """A dateline with a weekday or page mark (a page's head or foot), even on a one-page article.

    The paper's name just above it at the head of a page, set apart by some
    extractors, goes with it.
    """
    edges = _edges(pages)
    for i, line in enumerate(lines):
        text = line.text
        if line.removed or not _furniture_like(text) or not _DATE.search(text) or not _PAGE_WORD.search(text):
            continue
        lines[i].removed = "furniture"
        if i > 0 and i - 1 in edges and lines[i - 1].page == lines[i].page and not lines[i - 1].removed:
            above = lines[i - 1].text
            if len(above) <= NAME_MAX and _furniture_like(above) and pages[lines[i].page][0] == i - 1:
                lines[i - 1].removed = "furniture"


def _mark_running(lines: list[Line], pages: list[list[int]], edges: set[int], headings: set[int]) -> None:
    """Lines at page edges that recur (digits aside) on at least half the pages.

    Where the running head is the article's title, the title itself stays:
    on its page it is met twice at the head, the later one is the heading.
    """
    seen: dict[str, set[int]] = defaultdict(set)
    for i in edges:
        text = lines[i].text
        if _furniture_like(text):
            seen[_key(text)].add(lines[i].page)
    need = max(2, (len(pages) + 1) // 2)
    running = {key for key, on in seen.items() if len(on) >= need}
    met: set[tuple[str, int]] = set()
    heads = {i for page in pages for i in page[:EDGE]}
    for i in sorted(edges):
        key = _key(lines[i].text)
        if key not in running or lines[i].removed not in ("", "furniture"):
            continue
        if i in headings or ((key, lines[i].page) in met and i in heads):
            continue  # met again at the head of its page: the heading under its running title
        met.add((key, lines[i].page))
        lines[i].removed = "furniture"


def _mark_regular(lines: list[Line]) -> None:
    """A short line met three times or more at even intervals: a running head whose page breaks were lost.

    Copies already found to be furniture by another rule (a running title
    over its heading) count.
    """
    seen: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.removed in ("", "furniture") and _furniture_like(line.text) and len(line.text) <= 30:
            seen[line.text].append(i)
    for found in seen.values():
        if len(found) < MIN_REPEATS:
            continue
        where = found
        if where[1] - where[0] < 5:
            # The running head over the article's own title: the title stays.
            where = where[:1] + where[2:]
            gaps = [b - a for a, b in itertools.pairwise(where)] or [where[1] - where[0]]
        else:
            gaps = [b - a for a, b in itertools.pairwise(where)]
        inner = gaps[:-1] or gaps  # the last page may be short
        if min(gaps) >= 15 and max(inner) <= 1.3 * min(inner) and _beside_furniture(lines, where):
            for i in where:
                lines[i].removed = "furniture"


def _beside_furniture(lines: list[Line], where: list[int]) -> bool:
    """Most of the copies stand next to other furniture (a footer, a page number): where pages meet.

    A source line under each of three essays of about the same length
    (``《左傳》``) recurs as evenly, but in the text.
    """
    mine = set(where)
    beside = sum(
        1
        for i in where
        if any(lines[j].removed and j not in mine for j in range(max(0, i - 2), min(len(lines), i + 3)))
    )
    return beside >= max(2, (len(where) + 1) // 2)


def _mark_repeated(lines: list[Line]) -> None:
    """Without page breaks: short lines with a number (date, page) seen three times or more.

    A line with sentence punctuation is text, however often a narrow column
    cuts the same words out of it (``2月13日，香港中文大學（深圳）``).
    """
    seen: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        text = line.text
        if (
            len(text) <= MAX_FURNITURE
            and "\t" not in text
            and _DIGITS.search(text)
            and not _SENTENCE.search(text)
        ):
            seen[_key(text)].append(i)
    for where in seen.values():
        texts = [lines[i].text for i in where]
        if patterns.CHAPTER.match(texts[0]) and len(set(texts)) == len(texts):
            continue  # 第1章, 第2章, 第3章: a book's chapters, each once, not a page's numbers
        if (len(where) >= 3 and len(set(texts)) >= 2) or len(where) >= 4:
            for i in where:
                lines[i].removed = lines[i].removed or "furniture"
