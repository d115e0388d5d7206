"""Offset maps: positions and ranges map between a text and the text derived from it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.offsets import OffsetMap, OffsetMapBuilder


def test_deleted_newline_keeps_ranges_tight() -> None:
    # source "ab\ncd" cleaned to "abcd": the newline was removed.
    m = OffsetMap.from_origins([0, 1, 3, 4], 5)
    assert m.dst_len == 4 and m.src_len == 5
    assert m.range_to_src(0, 2) == (0, 2), "a range ending before a deletion must not swallow it"
    assert m.range_to_src(2, 4) == (3, 5)
    assert m.to_src(2) == 3
    assert m.to_dst(2) == 2  # the deleted newline maps to where the next character now stands


def test_atomic_segment_maps_as_a_whole() -> None:
    b = OffsetMapBuilder()
    b.keep(2)
    b.replace(3, 2)  # three characters became two
    b.keep(1)
    m = b.build()
    assert m.to_src(3) == 2 and m.to_src(3, end=True) == 5
    assert m.range_to_src(2, 3) == (2, 5)
    assert m.range_to_dst(3, 4) == (2, 4)
    assert m.to_src(4) == 5


@st.composite
def derived_texts(draw: st.DrawFn) -> tuple[list[int], int]:
    src_len = draw(st.integers(0, 40))
    keep = sorted(draw(st.sets(st.integers(0, max(src_len - 1, 0)), max_size=src_len)))
    return [k for k in keep if k < src_len], src_len


@given(derived_texts())
def test_from_origins_maps_every_kept_character_home(case: tuple[list[int], int]) -> None:
    origins, src_len = case
    m = OffsetMap.from_origins(origins, src_len)
    assert m.src_len == src_len and m.dst_len == len(origins)
    for i, origin in enumerate(origins):
        assert m.to_src(i) == origin
        assert m.range_to_src(i, i + 1) == (origin, origin + 1)
    previous = 0
    for i in range(len(origins) + 1):
        assert m.to_src(i) >= previous
        previous = m.to_src(i)
