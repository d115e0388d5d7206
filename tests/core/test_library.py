"""The library: seeds on first run, copies of added files, metadata that survives two processes and damage."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library import Library, LibraryError
from reader.core.paths import SEEDS_DIR, Locations


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(Locations.resolve(tmp_path / "home"))


def test_first_run_shows_the_bundled_seeds(library: Library) -> None:
    articles = library.articles()
    assert sorted(a.source_name for a in articles) == sorted(p.name for p in SEEDS_DIR.glob("*.txt"))
    scripts = {a.source_name[:3]: a.script for a in articles}
    assert scripts["000"] == "simplified" and scripts["001"] == "traditional"
    assert all(a.length > 1000 and a.title for a in articles)


def test_added_file_is_copied_so_moving_the_original_loses_nothing(library: Library, tmp_path: Path) -> None:
    src = tmp_path / "文章.txt"
    src.write_text("標題\n\n正文第一段，說明一些事情。", encoding="big5")
    [result] = library.add([src])
    assert result.error is None and result.article is not None
    src.unlink()
    assert "正文第一段" in library.document(result.article.id).text


def test_a_bad_file_is_reported_and_the_rest_still_import(library: Library, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("好的文章。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.5\n\x00\x01")
    results = library.add([bad, tmp_path / "missing.txt", good])
    assert [r.error is None for r in results] == [False, False, True]
    assert "PDF" in (results[0].error or "") and "no such file" in (results[1].error or "")
    assert any(a.source_name == "good.txt" for a in library.articles())


def test_re_adding_an_edited_file_keeps_its_id_and_user_changes(library: Library, tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    src.write_text("第一版的文字。", encoding="utf-8")
    first = library.add([src])[0].article
    assert first is not None
    library.update(first.id, title="我的標題", tags=["研究"])
    src.write_text("第二版的文字，多了一些。", encoding="utf-8")
    result = library.add([src])[0]
    assert result.updated and result.article is not None and result.article.id == first.id
    again = library.get(first.id)
    assert again.title == "我的標題" and again.tags == ["研究"]
    assert "第二版" in library.document(first.id).text


def test_update_and_remove(library: Library) -> None:
    article = library.articles()[0]
    updated = library.update(article.id, position=123, tags=["b", "a", "a"], opened=True)
    assert updated.position == 123 and updated.tags == ["a", "b"] and updated.last_opened
    library.remove(article.id)
    assert article.id not in {a.id for a in library.articles()}
    with pytest.raises(LibraryError, match="no article"):
        library.get(article.id)


def test_two_libraries_on_one_home_see_each_others_changes(tmp_path: Path) -> None:
    home = Locations.resolve(tmp_path / "home")
    one, two = Library(home), Library(home)
    article = one.articles()[0]
    two.update(article.id, title="從另一個進程改的")
    one.update(article.id, position=50)
    final = Library(home).get(article.id)
    assert final.title == "從另一個進程改的" and final.position == 50


def test_a_corrupt_library_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    home = Locations.resolve(tmp_path / "home")
    ids = {a.id for a in Library(home).articles()}
    home.library_file.write_text("{not json", encoding="utf-8")
    library = Library(home)
    assert {a.id for a in library.articles()} == ids, "articles are rebuilt from their copies"
    assert library.recovered_from is not None
    assert library.recovered_from.read_text(encoding="utf-8") == "{not json", (
        "the damaged file is kept as it was"
    )


def test_find_by_id_prefix_or_file_name(library: Library) -> None:
    article = library.articles()[0]
    assert library.find(article.id[:6]).id == article.id
    assert library.find(f"seeds/{article.source_name}").id == article.id
    with pytest.raises(LibraryError, match="no article matches"):
        library.find("nothing-like-this")


def test_prepared_text_is_cached_on_disk(library: Library, tmp_path: Path) -> None:
    article = library.articles()[0]
    prepared = library.prepared(article.id)
    assert prepared.readings is not None and prepared.readings.ends[-1] == len(prepared.text)
    assert list((tmp_path / "home" / "cache" / "prepared").glob("*.pickle"))
    fresh = Library(library.locations).prepared(article.id)
    assert fresh.readings is not None and list(fresh.readings.ends) == list(prepared.readings.ends)


def test_a_folder_that_cannot_be_written_gives_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(Locations.resolve(tmp_path / "home"))
    article = library.articles()[0]

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.core.library.atomic_write_bytes", refuse)
    with pytest.raises(LibraryError, match="could not save the library: No space left on device"):
        library.update(article.id, position=10)
    monkeypatch.setattr("reader.core.fileio.os.open", lambda *a, **k: refuse())
    with pytest.raises(LibraryError, match="cannot be used: No space left on device"):
        Library(Locations.resolve(tmp_path / "other")).articles()


def test_adding_cleans_without_holding_the_lock_others_wait_for(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import os

    import reader.core.library as library_module

    library.articles()
    lock_file = library.locations.library_file.with_suffix(".lock")
    real = library_module.prepare_cached
    held: list[bool] = []

    def cleaning(*args: object, **kwargs: object) -> object:
        fd = os.open(lock_file, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what another process would try
            held.append(False)
        except BlockingIOError:
            held.append(True)
        finally:
            os.close(fd)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library_module, "prepare_cached", cleaning)
    paths = []
    for n in range(2):
        paths.append(tmp_path / f"a{n}.txt")
        paths[-1].write_text(f"第{n}篇\n\n正文。", encoding="utf-8")
    results = library.add([paths[0], tmp_path / "missing.txt", paths[1]])
    assert held == [False, False], "the library's lock was held while a file was cleaned"
    assert [r.error is None for r in results] == [True, False, True], "results in the order given"
    assert {a.source_name for a in Library(library.locations).articles()} >= {"a0.txt", "a1.txt"}


def test_a_large_library_is_read_in_one_pass_and_swept_in_one_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import os

    import reader.core.library as library_module

    locations = Locations.resolve(tmp_path / "home")
    Library(locations).articles()
    data = json.loads(locations.library_file.read_text(encoding="utf-8"))
    first = data["articles"][0]
    for n in range(500):
        data["articles"].append(
            {**first, "id": f"copy{n}", "source_name": f"copy{n}.txt", "title": f"copy {n}"}
        )
    locations.library_file.write_text(json.dumps(data), encoding="utf-8")
    stale = locations.articles / f".{first['filename']}.123.tmp"
    stale.write_text("left by a killed write", encoding="utf-8")

    def one_at_a_time(*args: object) -> object:
        raise AssertionError("each entry was converted on its own although every one is an article")

    listings: list[object] = []
    real_listdir = os.listdir
    monkeypatch.setattr(library_module, "check", one_at_a_time)
    monkeypatch.setattr(library_module.os, "listdir", lambda p=".": listings.append(p) or real_listdir(p))
    articles = Library(locations).articles()
    assert len(articles) == 505
    assert not stale.exists(), "an interrupted write's temporary is swept"
    assert len(listings) <= 2, f"the articles folder was listed {len(listings)} times"


@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from(" \t\n\r\x1b\x85\u2028\u202e\u3000\ud800"),
        max_size=30,
    )
)
def test_a_title_kept_as_read_is_one_the_cleaner_would_not_change(title: str) -> None:
    from reader.core.library import _UNCLEAN
    from reader.core.sanitize import clean_line

    if _UNCLEAN.search(title) is None:
        assert clean_line(title) == title
