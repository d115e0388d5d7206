"""The cleaner on real PDF extraction of a known article (see tests/data/clean/extracted/README.md).

Each ``NAME.txt`` is what pdftotext, pdfminer.six or PyMuPDF gave for a PDF
typeset from the blocks in ``NAME.expected.json``. The thresholds sit a little
below what the cleaner achieves, so a regression fails.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from reader.core.clean import clean
from reader.core.cleaning.chars import HAN
from reader.core.cleaning.patterns import CLAUSE
from reader.core.model import BlockKind

from .test_clean import check_contract

DATA = Path(__file__).parent.parent / "data" / "clean" / "extracted"
CASES = sorted(DATA.glob("*.txt"))
HAN_RE = re.compile(f"[{HAN}]")
HAN_SPACE = re.compile(f"[{HAN}][ \u3000]+[{HAN}]")

# name: (similarity, paragraph-boundary F1) required.
THRESHOLDS = {
    "pdftotext_single_traditional": (0.98, 0.9),
    "pdftotext_layout_spaced_simplified": (0.99, 0.95),
    "pdfminer_single_simplified": (0.98, 0.87),
    "pymupdf_twocol_traditional": (0.99, 0.85),
    "pymupdf_narrow_simplified": (0.98, 0.9),
    # From the tuning split of the evaluation (python -m reader.bench.cleaner_eval).
    "pymupdf_book_statute_05": (0.99, 0.95),  # statute articles, indents drawn as U+3000
    "pdftotext_wide_case_04": (0.99, 0.95),  # headings and lead in fake bold drawn in segments
    "pdfminer_twocol_tang_00": (0.98, 0.6),  # verse (a verse block counts as one unit here)
    "pdftotext_raw_fourcol_dialogue_03": (0.98, 0.85),  # four narrow columns, running title
}


def load(path: Path) -> tuple[str, list[tuple[str, str]]]:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), [(k, t) for k, t in expected]


def squash(texts: list[str]) -> tuple[str, list[int]]:
    """The texts run together without whitespace, and where each but the last ends."""
    out, cuts = "", []
    for t in texts:
        s = re.sub(r"\s+", "", t)
        if s:
            out += s
            cuts.append(len(out))
    return out, cuts[:-1]


def boundary_f1(got: list[str], expected: list[str]) -> tuple[float, float]:
    """Character similarity and the F1 of block boundaries aligned to the expected ones."""
    g, g_cuts = squash(got)
    e, e_cuts = squash(expected)
    sm = difflib.SequenceMatcher(None, g, e, autojunk=False)
    mapped = set()
    for p in g_cuts:
        for a, b, size in sm.get_matching_blocks():
            if a < p <= a + size:
                mapped.add(b + p - a)
                break
    hits = len(mapped & set(e_cuts))
    precision = hits / len(g_cuts) if g_cuts else 1.0
    recall = hits / len(e_cuts) if e_cuts else 1.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return sm.ratio(), f1


def test_every_case_has_thresholds() -> None:
    assert CASES and {p.stem for p in CASES} == set(THRESHOLDS)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extraction_cleans_close_to_the_known_article(path: Path) -> None:
    raw, expected = load(path)
    doc = clean(raw)
    check_contract(doc)
    sim, f1 = boundary_f1([b.text for b in doc.blocks], [t for _, t in expected])
    min_sim, min_f1 = THRESHOLDS[path.stem]
    assert sim >= min_sim
    assert f1 >= min_f1


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_no_chinese_character_lost_and_no_space_between_chinese(path: Path) -> None:
    raw, expected = load(path)
    doc = clean(raw)
    want = Counter(HAN_RE.findall("".join(t for _, t in expected)))
    assert not want - Counter(HAN_RE.findall(doc.text))
    prose = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
    # The one space kept is the one after a statute article's number (第三条 家庭……).
    texts = [re.sub(CLAUSE.pattern + r"[ \u3000]", "", b.text) for b in doc.blocks if b.kind in prose]
    assert [t for t in texts if HAN_SPACE.search(t)] == []


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fake_bold_undone_and_kinds_found(path: Path) -> None:
    raw, expected = load(path)
    doc = clean(raw)
    got = {(b.kind.value, b.text) for b in doc.blocks}
    if any(k == "verse" for k, _ in expected):  # a poem: every line of it a line of the text
        lines = {line for b in doc.blocks for line in b.text.split("\n")}
        assert all(line in lines for k, t in expected if k == "verse" for line in t.split("\n"))
        return
    lead = next(t for k, t in expected if k == "paragraph")
    assert lead[:20] in doc.text and lead[:20] * 2 not in doc.text
    # Headings, byline, caption, list items, credit: one may be missed (a
    # heading wrapped in a narrow column reads as two).
    found = sum((k, t) in got for k, t in expected if k != "paragraph")
    assert found >= sum(k != "paragraph" for k, _ in expected) - 1


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extraction_cleans_idempotently(path: Path) -> None:
    doc = clean(path.read_text(encoding="utf-8"))
    again = clean(doc.text)
    assert again.text == doc.text
    assert [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]
