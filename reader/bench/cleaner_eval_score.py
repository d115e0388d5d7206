"""The five figures of the cleaner evaluation, and the naive baselines it is compared with.

Part of :mod:`reader.bench.cleaner_eval`. Every output is judged as text:
its lines are its units (a block per line, a verse line or table row per
line), whitespace inside a unit does not count. Against the known article:

* ``chars÷ceiling``  character accuracy (2·LCS / (|output| + |article|))
  divided by what the extractor's reading order allows (LCS of the raw
  extraction and the article / |article|): 1.0 is all the extractor left
  in reach, nothing extra.
* ``dup left``  characters of the output that repeat the text just before or
  after them and are not in the article (fake-bold copies, ``■■``): not
  matched to it, and more of them than the article has.
* ``para F1``  F1 of unit boundaries (paragraphs, headings, verse lines).
* ``redup lost``  genuine reduplications of the article (看看, 高高興興,
  研究研究) that the raw extraction had whole and the output broke (fewer
  copies of it in the output than in the raw extraction).
* ``furniture left``  running headers, footers, page numbers and pull quotes
  that were drawn on the pages and are still in the output.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from reader.core.han import HAN

WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return WS.sub("", text)


def units(text: str) -> list[str]:
    return [u for u in (squash(line) for line in text.split("\n")) if u]


def _alignment(got: str, exp: str) -> list[int]:
    """For each character of ``got``, the index of the character of ``exp`` it is matched with, or -1."""
    match = [-1] * len(got)
    for op in Indel.opcodes(got, exp):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                match[op.src_start + k] = op.dest_start + k
    return match


@dataclass
class Score:
    acc: float
    ceiling: float
    dup: int
    tp: int
    got_cuts: int
    exp_cuts: int
    redup_lost: int
    furniture: int

    @property
    def ratio(self) -> float:
        return self.acc / self.ceiling if self.ceiling else 0.0


def cuts(parts: list[str]) -> list[int]:
    out, pos = [], 0
    for p in parts[:-1]:
        pos += len(p)
        out.append(pos)
    return out


def reduplications(exp: str) -> list[tuple[int, int]]:
    """Spans of AA and ABAB reduplications of Chinese characters in the article."""
    spans = [(i, i + 2) for i in range(len(exp) - 1) if exp[i] == exp[i + 1] and HAN.match(exp[i])]
    spans += [
        (i, i + 4)
        for i in range(len(exp) - 3)
        if exp[i : i + 2] == exp[i + 2 : i + 4] and HAN.match(exp[i]) and exp[i] != exp[i + 1]
    ]
    return spans


def score(output: str, raw: str, expected: list[str], furniture: list[str]) -> Score:
    """Score one output (cleaned or not) of one extraction against the article's units."""
    exp_units = [u for t in expected for u in units(t)]
    got_units = units(output)
    exp, got, raw_s = "".join(exp_units), "".join(got_units), squash(raw)
    match = _alignment(got, exp)
    raw_align = _alignment(raw_s, exp)
    raw_match = {m for m in raw_align if m >= 0}
    acc = Indel.normalized_similarity(got, exp)
    ceiling = len(raw_match) / len(exp) if exp else 1.0
    # Boundaries: a cut after got[p-1] lands on the article's cut after its match.
    exp_cut_set = set(cuts(exp_units))
    mapped = set()
    for p in cuts(got_units):
        if match[p - 1] >= 0:
            mapped.add(match[p - 1] + 1)
        elif p < len(got) and match[p] >= 0:
            mapped.add(match[p])
    tp = len(mapped & exp_cut_set)
    inserted = _inserted_runs(match)
    dup = _duplicated(got, exp, inserted)
    # The raw text's furniture lines (a running title holds the heading's words) are no copies
    # of the article's.
    drawn = {squash(f) for f in furniture}
    body = "".join(
        u for u in (squash(line) for line in raw.replace("\f", "\n").split("\n")) if u not in drawn
    )
    lost = _reduplications_lost(exp, body, got, _inverse(_alignment(body, exp)), _inverse(match))
    leftover = "\x00".join(got[a:b] for a, b in inserted)
    left = _furniture_left(leftover, furniture, got, exp)
    return Score(acc, ceiling, dup, tp, len(got_units) - 1, len(exp_units) - 1, lost, left)


def _inverse(match: list[int]) -> dict[int, int]:
    """Article index to the index of the character matched with it."""
    return {m: i for i, m in enumerate(match) if m >= 0}


def _whole(pos: dict[int, int], a: int, b: int) -> bool:
    """``exp[a:b]`` is matched to consecutive characters."""
    return all(k in pos for k in range(a, b)) and pos[b - 1] - pos[a] == b - a - 1


def _reduplications_lost(
    exp: str, raw: str, got: str, raw_pos: dict[int, int], got_pos: dict[int, int]
) -> int:
    """Reduplications the raw extraction had whole and the output broke.

    Whole: matched to consecutive characters (a reading order that
    interleaves columns can put a line of another column between 研究 and
    研究). Broken: not whole in the output, which also holds fewer copies of
    it than the raw extraction (or the article, if fewer): where the order
    is scrambled the alignment can pass by a reduplication the output still
    has whole.
    """
    lost: Counter[str] = Counter()
    for a, b in reduplications(exp):  # whole in the raw text, less often whole in the output
        lost[exp[a:b]] += _whole(raw_pos, a, b) - _whole(got_pos, a, b)
    return sum(
        min(n, max(0, min(raw.count(r), exp.count(r)) - got.count(r))) for r, n in lost.items() if n > 0
    )


def _inserted_runs(match: list[int]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, m in enumerate([*match, 0]):
        if m < 0 and start is None:
            start = i
        elif m >= 0 and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _duplicated(got: str, exp: str, inserted: list[tuple[int, int]]) -> int:
    """Characters of inserted runs that repeat their neighbours, where the output has more than the article.

    A reading order that interleaves columns can put a line next to one
    that ends with the same character (``承擔國`` / ``國務院…``); that
    character is the article's own, not a copy.
    """
    excess = Counter(got) - Counter(exp)
    dup = 0
    for a, b in inserted:
        if _repeats(got, a, b):
            for c in got[a:b]:
                if excess[c] > 0:
                    excess[c] -= 1
                    dup += 1
    return dup


def _repeats(got: str, a: int, b: int) -> bool:
    n = b - a
    return got[a - n : a] == got[a:b] or got[b : b + n] == got[a:b]


def _furniture_left(leftover: str, furniture: list[str], got: str, exp: str) -> int:
    """Drawn furniture strings found in the output's unmatched text, longest first, each occurrence once.

    A page number counts where it stands as a number of its own: the ``1``
    of ``2019`` displaced by a scrambled reading order is no page number.
    A string the article has itself (a pull quote, a running title) counts
    only as often as the output has it beyond the article.
    """
    left = 0
    for f, drawn in sorted(
        Counter(squash(f) for f in furniture if squash(f)).items(), key=lambda x: -len(x[0])
    ):
        pattern = re.compile(f"(?<!\\d){f}(?!\\d)" if f.isdigit() else re.escape(f))
        extra = max(0, len(pattern.findall(got)) - len(pattern.findall(exp)))
        found = min(len(pattern.findall(leftover)), drawn, extra)
        if found:
            left += found
            leftover = pattern.sub("\x00", leftover, found)
    return left


def f1(tp: int, got: int, exp: int) -> float:
    p = tp / got if got else 1.0
    r = tp / exp if exp else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


# --- Baselines ----------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"^[-–—\s第]*\d{1,4}[\s/頁页版\d–—-]*$")
_END = "。！？!?」』”’"


def naive(raw: str) -> str:
    """A simple heuristic: drop page numbers and lines repeated across pages, undo doubling, join lines."""
    pages = [p.split("\n") for p in raw.split("\f")]
    seen: Counter[str] = Counter()
    for page in pages:
        for key in {_DIGITS.sub("#", line.strip()) for line in page if line.strip()}:
            seen[key] += 1
    paras: list[str] = []
    cur = ""
    for page in pages:
        for raw_line in page:
            line = raw_line.strip()
            if not line:
                if cur:
                    paras.append(cur)
                    cur = ""
                continue
            if _PAGE_NO.match(line) or (seen[_DIGITS.sub("#", line)] >= 2 and len(line) <= 40):
                continue
            once = re.sub(r"(.{2,8}?)\1", r"\1", re.sub(r"(\S)\1", r"\1", line))
            cur += once
            if once[-1] in _END:
                paras.append(cur)
                cur = ""
    if cur:
        paras.append(cur)
    return "\n\n".join(paras)
