"""From source text to normalised lines.

Splits the source into lines and pages (form feeds), trims whitespace, repairs
fake-bold doubling and the character-level problems of each line, and splits
lines that hold several captions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.core.cleaning import chars, copies, dedupe, patterns
from reader.core.cleaning.tracked import Log, Tracked

_LEADING = re.compile(r"^[ \u3000\u00a0]+")
_CAPTION_MARK = patterns.CAPTION_MARKS
# A caption's mark drawn in fake bold comes out two or three times: ■■香港城市大學……
_DOUBLED_MARK = re.compile(f"^([{_CAPTION_MARK}])\\1{{1,2}}(?=[^{_CAPTION_MARK}])")
# A second caption on the same line, after the first one's sentence or credit.
_NEXT_CAPTION = re.compile(f"(?<=[。！？」攝摄])[ \u3000]*(?=[{_CAPTION_MARK}])")
# A byline glued to the end of a paragraph: 。大公報記者胡永愛
_TRAILING_BYLINE = re.compile(
    f"(?<=[。！？」])(?=(?:[{chars.HAN}]{{0,6}}(?:報|报|社))?"
    f"(?:記者|记者)[ \u3000]*[{chars.HAN}、 ]{{2,16}}$)"
)


@dataclass(slots=True)
class Line:
    t: Tracked
    page: int
    blank_before: int
    indent: bool = False
    removed: str = ""  # furniture kind when the line is dropped
    end: int = -1  # source offset of the line's end (its newline), if it ends a source line
    width: int = 0  # display width as set, letter spacing and indent included (see normalise)
    indent_width: int = 0  # display width of the indent that was trimmed
    verse: bool = False  # one line of a poem: its break is kept (see blocks.mark_verse)
    bold: bool = False  # drawn in fake bold: its copies were found and removed
    bold_run: int = 0  # the widest line of the run of fake-bold heading lines it stands in

    @property
    def text(self) -> str:
        return self.t.text


_BREAK = re.compile("[\n\f]")


def split_lines(source: str, log: Log) -> list[Line]:
    """Non-blank lines with their page and the count of blank lines before them.

    The source is walked break by break (a newline ends a line, a form feed
    a page), never copied whole into a list of lines.
    """
    lines: list[Line] = []
    page = blanks = start = 0
    for end in _and_end((m.start() for m in _BREAK.finditer(source)), len(source)):
        line_ends = end == len(source) or source[end] == "\n"
        line = _trim(Tracked.of(source, start, end), page, blanks, log)
        if line is None:
            blanks += line_ends
        else:
            if line_ends:
                line.end = end
            lines.append(line)
            blanks = 0
        if not line_ends:
            log.add("furniture", end, end + 1, "")
            page += 1
        start = end + 1
    return lines


def _and_end(ends: Iterator[int], n: int) -> Iterator[int]:
    yield from ends
    yield n


def _trim(t: Tracked, page: int, blanks: int, log: Log) -> Line | None:
    text = t.text
    if not text.strip():
        if text:
            log.add("whitespace", t.first_origin(), t.last_origin() + 1, "")
        return None
    indent = False
    end = len(text.rstrip(" \t\u3000\u00a0"))
    m = _LEADING.match(text)
    start = m.end() if m else 0
    lead = 0
    if m:
        indent = "\u3000" in m.group() or len(m.group()) >= 2
        lead = chars.width(m.group())
    if start or end < len(text):  # trimmed by slicing: no copy of its origins
        for a, b in ((end, len(text)), (0, start)):
            if a < b:
                log.add("whitespace", *t.src_span(a, b), "")
        t = t.slice(start, end)
    return Line(t, page, blanks, indent, indent_width=lead)


def normalise(lines: list[Line], log: Log) -> list[Line]:
    """Doubling, letter spacing, radicals, punctuation; captions split apart."""
    texts = [line.text for line in lines]
    repeated = copies.repeated_lines(texts, [line.bold for line in lines]) | copies.lone_marks(texts)
    for i, original in sorted(repeated.items()):
        log.add("dedupe", *lines[i].t.src_span(0, len(lines[i].t)), "")
        lines[original].bold = True
    lines = [line for i, line in enumerate(lines) if i not in repeated]
    doubled = dedupe.find_doubled([line.text for line in lines], [line.bold for line in lines])
    out: list[Line] = []
    for i, line in enumerate(lines):
        t = line.t
        if i in doubled:
            t = _undouble(t, doubled[i], log)
            line.bold = True
        elif _DOUBLED_MARK.match(t.text):
            t = t.sub(_DOUBLED_MARK, r"\1", "dedupe", log)
        # The width the line took on the page: a justified line stretched
        # into letter spacing still filled its column, and so did an
        # indented first line (``　　第三条 家庭成员之间应当互``).
        line.width = chars.width(t.text) + line.indent_width
        t = chars.close_letterspacing(t, log)
        line.t = chars.in_pieces(t, lambda piece: _repair_chars(piece, log))
        out.extend(_split(line))
    return out


def _repair_chars(t: Tracked, log: Log) -> Tracked:
    """Radicals, punctuation and spaces: repairs that look no further than a character or two."""
    t = chars.fix_radicals(t, log)
    t = chars.fix_all_punctuation(t, log)
    if "\t" not in t.text:
        t = chars.collapse_spaces(t, log)
        t = chars.remove_punct_spaces(t, log)
    return t


def join_chains(lines: list[Line], log: Log) -> list[Line]:
    """Lines that are one fake-bold line drawn in segments become that one line, written once."""
    breaks = [
        k == 0 or line.blank_before > 1 or line.page != lines[k - 1].page for k, line in enumerate(lines)
    ]
    texts = [line.text for line in lines]
    chains = copies.doubled_chains(texts, breaks, evidence=bool(copies.repeated_lines(texts)))
    if not chains:
        return lines
    out: list[Line] = []
    pos = 0
    for first, end, deletions in chains:
        out.extend(lines[pos:first])
        whole = lines[first].t
        for line in lines[first + 1 : end]:
            whole = whole + line.t
        once = whole.edit([(a, b, "") for a, b in deletions], "dedupe", None)
        log.add("dedupe", whole.first_origin(), whole.last_origin() + 1, once.text)
        head = lines[first]
        out.append(
            Line(
                once,
                head.page,
                head.blank_before,
                head.indent,
                end=lines[end - 1].end,
                indent_width=head.indent_width,
                bold=True,
            )
        )
        pos = end
    out.extend(lines[pos:])
    return out


def _undouble(t: Tracked, deletions: list[tuple[int, int]], log: Log) -> Tracked:
    out = t.edit([(a, b, "") for a, b in deletions], "dedupe", None)
    log.add("dedupe", t.first_origin(), t.last_origin() + 1, out.text)
    return out


def _split(line: Line) -> list[Line]:
    """Several captions on one line become several lines; so does a glued byline."""
    text = line.text
    cuts: list[int] = []
    if text[0] in _CAPTION_MARK:
        cuts = [m.start() for m in _NEXT_CAPTION.finditer(text) if m.start() > 0]
    else:
        m = _TRAILING_BYLINE.search(text)
        if m and m.start() > 0:
            cuts = [m.start()]
    if not cuts:
        return [line]
    out: list[Line] = []
    prev = 0
    for cut in [*cuts, len(text)]:
        piece = line.t.slice(prev, cut)
        stripped = piece.text.strip()
        if stripped:
            lead = len(piece.text) - len(piece.text.lstrip())
            piece = piece.slice(lead, lead + len(stripped))
            first = not out
            out.append(
                Line(
                    piece,
                    line.page,
                    line.blank_before if first else 0,
                    line.indent and first,
                    width=chars.width(piece.text),
                )
            )
        prev = cut
    out[-1].end = line.end
    return out
