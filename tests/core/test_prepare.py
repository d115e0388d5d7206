"""The preparing process and the prepared-article cache."""

from __future__ import annotations

import os
import signal

import pytest

from reader.core.overrides import FILE_NAME
from reader.core.paths import Locations
from reader.core.prepare import Prepared, PrepareError, Preparer, cached, prepare_cached, read_cached
from reader.core.syllables import Readings


@pytest.fixture
def locations(tmp_path) -> Locations:
    return Locations.resolve(tmp_path / "home")


def test_the_preparing_process_prepares_reads_and_survives_being_killed(locations):
    preparer = Preparer(locations)
    try:
        prepared = preparer.call("prepare", "我们在银行工作。")
        assert isinstance(prepared, Prepared) and prepared.readings is not None
        assert prepared.readings.at(3, 5, "marks")[0] == ("yín", "háng")
        readings = preparer.call("read", "人工智慧", False)
        assert isinstance(readings, Readings) and readings.at(2, 4, "marks")[0] == ("zhì", "huì")
        pid = preparer.call("ready")
        os.kill(pid, signal.SIGKILL)
        assert preparer.call("read", "长大", False).at(0, 1, "numbers")[0] == ("zhang3",)  # started again
        assert preparer.call("ready") != pid
        with pytest.raises(PrepareError, match="unknown request"):
            preparer.call("nonsense")
    finally:
        preparer.close()


def test_changing_the_overrides_reads_the_article_again(locations):
    text = "我在银行工作。"
    first = prepare_cached(text, locations)
    assert first.readings is not None and first.readings.at(2, 4, "numbers")[0] == ("yin2", "hang2")
    (locations.data / FILE_NAME).write_text("银行 yin2 xing2\n", encoding="utf-8")
    assert cached(text, locations) is None  # the cache key holds the file's digest
    again = prepare_cached(text, locations)
    assert again.readings is not None and again.readings.at(2, 4, "numbers")[0] == ("yin2", "xing2")
    assert read_cached("银行", locations).at(0, 2, "numbers")[0] == ("yin2", "xing2")
    (locations.data / FILE_NAME).unlink()
    assert prepare_cached(text, locations).readings.at(2, 4, "numbers")[0] == ("yin2", "hang2")


def test_the_preparing_process_runs_this_package_whatever_the_current_folder(
    locations, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "reader").mkdir(parents=True)  # a folder that would be imported as `reader` from here
    marker = tmp_path / "wrong-reader-imported"
    (elsewhere / "reader" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    monkeypatch.chdir(elsewhere)
    preparer = Preparer(locations)
    try:
        prepared = preparer.call("prepare", "我们在银行工作。")
        assert isinstance(prepared, Prepared) and prepared.readings is not None
    finally:
        preparer.close()
    assert not marker.exists(), "the preparing process imported a `reader` from the current folder"


def test_a_request_for_the_screen_goes_before_background_ones(locations, monkeypatch):
    import threading
    import time

    order: list[str] = []
    release = threading.Event()

    def answer(self, request):
        order.append(request[0])
        if request[0] == "counting 1":
            release.wait(10)  # under way while the others arrive
        return request[0]

    monkeypatch.setattr(Preparer, "_call", answer)
    p = Preparer(locations)

    def wait_until(test) -> None:
        deadline = time.monotonic() + 10
        while not test() and time.monotonic() < deadline:
            time.sleep(0.01)

    first = threading.Thread(target=p.call, args=("counting 1",), kwargs={"background": True})
    first.start()
    wait_until(lambda: order == ["counting 1"])
    second = threading.Thread(target=p.call, args=("counting 2",), kwargs={"background": True})
    second.start()
    screen = threading.Thread(target=p.call, args=("screen",))
    screen.start()
    wait_until(lambda: p._urgent == 1)  # the screen's request is waiting its turn
    release.set()
    for thread in (first, second, screen):
        thread.join(10)
    assert order == ["counting 1", "screen", "counting 2"]
