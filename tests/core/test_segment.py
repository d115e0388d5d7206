"""Segmentation: complete coverage, Traditional through Simplified, quiet and lazy loading."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import segment as seg
from reader.core.segment import Token, segment, segment_direct


def _covers(text: str, tokens: list[Token]) -> None:
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end > t.start
        assert text[t.start : t.end] == t.text
        pos = t.end
    assert pos == len(text)


def test_tokens_cover_text_in_order_with_offsets():
    text = "香港中文大学（深圳）人工智能学院成立\n\n2月13日，DeepSeek 发布了 V3 模型。"
    tokens = segment(text)
    _covers(text, tokens)


def test_newline_is_its_own_token():
    tokens = segment("第一行\n第二行\n\n")
    newlines = [t for t in tokens if "\n" in t.text]
    assert [t.text for t in newlines] == ["\n", "\n", "\n"]


def test_simplified_words_are_kept_together():
    words = [t.text for t in segment("我们在银行工作")]
    assert "银行" in words and "工作" in words


def test_traditional_text_gets_the_words_of_its_simplified_form():
    trad = "開源讓人工智能有了無限的可能"
    simp = "开源让人工智能有了无限的可能"
    got = [(t.start, t.end) for t in segment(trad)]
    want = [(t.start, t.end) for t in segment(simp)]
    assert got == want
    assert [t.text for t in segment(trad)] == [trad[a:b] for a, b in want]


def test_traditional_via_simplified_beats_direct_on_seed():
    from reader.bench.core import segmentation_agreement

    figures = segmentation_agreement()["000_as_traditional"]
    direct, via = figures["direct"], figures["via_simplified"]
    # Segmenting the Traditional form of a Simplified article through Simplified
    # reproduces the original's words far more often than segmenting it directly.
    assert via > 0.97
    assert via > direct + 0.05


def test_empty_text():
    assert segment("") == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*list("中國的人們學習說話了，。「」 \nabc12"), "乾隆", "後來"]), max_size=30
    ).map("".join)
)
def test_any_text_is_covered(text):
    _covers(text, segment(text))
    _covers(text, segment_direct(text))


def test_segmenting_never_writes_to_the_terminal():
    code = "from reader.core import segment as s; s.warm_up(); s.segment('我们在银行工作')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and proc.stdout == ""


def test_boundaries_map_back_when_conversion_changes_length(monkeypatch):
    # A conversion that turns two characters into one (an atomic segment of the
    # map): boundaries inside it snap to its start, and the tokens still cover
    # the original text exactly.
    from reader.core.offsets import OffsetMapBuilder

    original = "我們在銀銀行工作"
    converted = "我们在银行工作"
    builder = OffsetMapBuilder()
    builder.keep(3)
    builder.replace(2, 1)  # 銀銀 -> 银
    builder.keep(3)
    monkeypatch.setattr(seg, "to_simplified", lambda text: (converted, builder.build()))
    tokens = segment(original)
    _covers(original, tokens)
    assert [t.text for t in tokens] == ["我們", "在", "銀銀行", "工作"]


def test_first_load_from_several_threads_at_once():
    # The UI warms up in a worker while the main thread may already segment:
    # one load, and every caller gets the same words.
    code = """
import threading
from reader.core import segment as s
text = '香港中文大學人工智能學院成立，助力粵港澳大灣區發展。'
results = []
def work():
    results.append([t.text for t in s.segment(text)])
threads = [threading.Thread(target=work) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
assert len(results) == 8 and all(r == results[0] for r in results), results
print(len(results[0]))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
