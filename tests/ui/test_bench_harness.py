"""The start-up benchmark measures the app from outside its code: a message hook sees the first frame
and the first frame with the library's rows, at any size of library."""

from __future__ import annotations

from pathlib import Path

from reader.bench.ui import _child_bare, _child_library, _library_home


def test_the_harness_sees_the_first_frame_then_the_rows(tmp_path: Path) -> None:
    home = _library_home(tmp_path, "home", 300)
    times = _child_library(home)
    assert set(times) == {"frame", "painted"}
    assert times["frame"] <= times["painted"], "the rows come with or after the first frame"
    bare = _child_bare()
    assert bare["frame"] == bare["painted"]


def test_a_large_library_for_the_benchmark_is_a_library(tmp_path: Path) -> None:
    from reader.core.library import Library
    from reader.core.paths import Locations

    home = _library_home(tmp_path, "home", 40)
    articles = Library(Locations.resolve(home)).articles()
    assert len(articles) == 40 and len({a.id for a in articles}) == 40
    assert all(0 <= a.position <= a.length for a in articles)
