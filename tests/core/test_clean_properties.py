"""Properties of the cleaner on generated text: idempotence, no lost Chinese, a sound offset map."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.clean import clean
from reader.core.cleaning.chars import HAN_RE
from reader.core.offsets import OffsetMap, OffsetMapBuilder

from .test_clean import check_contract

HAN = "的一是不了人我在有他這為之大來以個中上們到說國和地也子時道出而要於就下得可你年生"
PUNCT = "，。、；：！？「」（）《》“”…—,.;:!?()-*•■▲"
ALPHABET = HAN + PUNCT + "abcXYZ" + "0123456789" + "  \u3000\t" + "\n\n\n"

texts = st.text(alphabet=ALPHABET, max_size=300)
# Lines that look like articles: runs of Han with punctuation, some doubled.
words = st.text(alphabet=HAN, min_size=1, max_size=12)
lines = st.lists(
    st.tuples(words, st.sampled_from(["", "，", "。", "、", "」", " ", ","]), st.sampled_from([1, 1, 1, 2])),
    min_size=1,
    max_size=12,
).map(lambda parts: "".join((w + p) * k for w, p, k in parts))
articles = st.lists(lines, min_size=1, max_size=12).map("\n".join)


@st.composite
def paged(draw: st.DrawFn) -> str:
    """Pages (form feeds) whose lines repeat: running heads, a sentence opening two pages, page numbers."""
    body = draw(st.lists(lines, min_size=1, max_size=8))
    repeated = draw(st.sampled_from(["", "大公報 2025年10月20日 星期一", "香港的未來", draw(lines)]))
    pages = draw(st.integers(min_value=1, max_value=4))
    out = []
    for n in range(pages):
        head = [repeated] if repeated else []
        out.append("\n".join(head + body[n::pages] + [str(n + 1)]))
    return "\f".join(out)


documents = st.one_of(texts, articles, paged())

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def han(text: str) -> Counter[str]:
    return Counter(HAN_RE.findall(text))


@SETTINGS
@given(documents)
def test_cleaning_is_idempotent(source: str) -> None:
    once = clean(source)
    twice = clean(once.text)
    assert twice.text == once.text


@SETTINGS
@given(documents)
def test_block_kinds_survive_recleaning(source: str) -> None:
    once = clean(source)
    twice = clean(once.text)
    assert [b.kind for b in twice.blocks] == [b.kind for b in once.blocks]


@SETTINGS
@given(documents)
def test_no_chinese_character_is_lost_except_a_removed_duplicate(source: str) -> None:
    doc = clean(source)
    before, after = han(source), han(doc.text)
    # Only page furniture and fake-bold copies go, and the change log says so.
    removed = sum(
        (han(c.before) for c in doc.changes if c.kind in ("furniture", "page_number", "dedupe")), Counter()
    )
    assert before - after <= removed
    if not any(c.kind in ("furniture", "page_number") for c in doc.changes):
        assert set(after) == set(before)


@SETTINGS
@given(documents)
def test_contract_holds(source: str) -> None:
    check_contract(clean(source))


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40), st.integers(min_value=0, max_value=5))
def test_from_origins_matches_a_char_by_char_build(steps: list[int], tail: int) -> None:
    origins: list[int] = []
    pos = 0
    for step in steps:
        pos = max(0, pos + step - 1)  # repeats (insertions), runs and gaps
        if origins and pos < origins[-1]:
            pos = origins[-1]
        origins.append(pos)
    src_len = (origins[-1] + 1 if origins else 0) + tail
    assert OffsetMap.from_origins(origins, src_len) == _map_char_by_char(origins, src_len)


def _map_char_by_char(origins: list[int], src_len: int) -> OffsetMap:
    """The reference: the same map built by walking the derived characters one by one."""
    builder = OffsetMapBuilder()
    pos = i = 0
    n = len(origins)
    while i < n:
        if origins[i] < pos:  # repeated origins: inserted characters, as one span
            j = i
            while j < n and origins[j] < pos:
                j += 1
            builder.replace(0, j - i)
            i = j
            continue
        if origins[i] > pos:
            builder.replace(origins[i] - pos, 0)
        j = i + 1
        while j < n and origins[j] == origins[j - 1] + 1:
            j += 1
        builder.keep(j - i)
        pos = origins[j - 1] + 1
        i = j
    if pos < src_len:
        builder.replace(src_len - pos, 0)
    return builder.build()


@SETTINGS
@given(st.text(alphabet=ALPHABET + "\x0c\x0c", max_size=300))
def test_cleaned_text_has_no_control_characters(source: str) -> None:
    """Page breaks (form feeds) are the one control the loader lets through; cleaning removes them."""
    text = clean(source).text
    assert not [c for c in text if ord(c) < 32 and c not in "\n\t"], repr(text)


# --- Origins kept as runs -----------------------------------------------------

edit_lists = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),
        st.integers(min_value=0, max_value=4),
        st.text("ab ", max_size=3),
    ),
    max_size=8,
)


def _reference_edit(origins: list[int], edits: list[tuple[int, int, str]]) -> list[int]:
    """The origins after the edits, character by character (as Tracked.edit documents them)."""
    out: list[int] = []
    pos = 0
    for start, end, repl in edits:
        if start < pos:
            continue
        out += origins[pos:start]
        old = origins[start:end]
        if len(repl) <= len(old):
            out += old[: len(repl)]
        else:
            anchor = old[-1] if old else (out[-1] if out else (origins[start] if start < len(origins) else 0))
            out += old + [anchor] * (len(repl) - len(old))
        pos = end
    return out + origins[pos:]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=5), edit_lists, edit_lists)
def test_edits_keep_the_origins_a_character_walk_gives(
    length: int, base: int, first: list, second: list
) -> None:
    from reader.core.cleaning.tracked import Tracked

    source = "x" * base + "".join(chr(0x4E00 + k) for k in range(length))
    t, reference = Tracked.of(source, base, base + length), list(range(base, base + length))
    for batch in (first, second):
        edits = sorted((min(s, len(t)), min(s + n, len(t)), r) for s, n, r in batch)
        t, reference = t.edit(edits, "test", None), _reference_edit(reference, edits)
        assert list(t.origins) == reference
        if reference:
            assert (t.first_origin(), t.last_origin()) == (reference[0], reference[-1])
            assert list(t.slice(1, 3).origins) == reference[1:3]


def test_a_text_of_one_long_line_is_repaired_as_it_would_be_whole() -> None:
    from reader.core.cleaning import chars
    from reader.core.cleaning.tracked import Log, Tracked

    sentence = "香港是一個國際大都市 ,有很多 人。他說:我們要努力 !"
    source = sentence * (3 * chars.PIECE // len(sentence))
    whole = chars.fix_all_punctuation(Tracked.of(source, 0, len(source)), Log(source))
    pieces = chars.in_pieces(
        Tracked.of(source, 0, len(source)), lambda p: chars.fix_all_punctuation(p, Log(source))
    )
    assert pieces.text == whole.text and list(pieces.origins) == list(whole.origins)
    doc = clean(source.replace("。", "。\n", 1))
    assert clean(doc.text).text == doc.text
    check_contract(doc)
