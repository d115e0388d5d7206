"""Stored times: one format written, every earlier format read, compared as times."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotation import Annotation
from reader.core.timestamps import local_minute, now, parse
from reader.core.vocab.record import Status
from reader.core.vocab.store import VocabStore

WRITTEN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9999, 1, 1), timezones=st.just(UTC))


def _written(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def test_now_is_written_in_the_one_format_and_reads_back_as_now() -> None:
    stamp = now()
    assert WRITTEN.fullmatch(stamp)
    moment = parse(stamp)
    assert moment is not None and abs(moment - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_stores_write_that_format(tmp_path: Path) -> None:
    ann = Annotation.new(article="a", quote="中文")
    assert WRITTEN.fullmatch(ann.created) and ann.updated == ann.created
    with VocabStore(tmp_path / "vocab.json") as store:
        store.mark("电脑", Status("known"))
        record = store.record("电脑")
        assert record is not None and WRITTEN.fullmatch(record.added) and WRITTEN.fullmatch(record.changed)


@given(moments)
def test_the_older_seconds_format_reads_as_the_same_moment(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert parse(moment.isoformat(timespec="seconds")) == parse(_written(moment)) == moment


@given(moments, moments)
def test_written_strings_sort_as_their_moments_do(a: datetime, b: datetime) -> None:
    a, b = (m.replace(microsecond=m.microsecond // 1000 * 1000) for m in (a, b))
    assert (_written(a) < _written(b)) == (a < b)


@pytest.mark.parametrize(
    "stamp",
    [
        "2025-03-01T16:15:42.120+08:00",
        "2025-03-01T08:15:42.120",
        "2025-03-01T03:15:42.120-05:00",
        " 2025-03-01T08:15:42.120Z\n",
    ],
)
def test_any_offset_reads_as_its_moment_and_no_offset_as_utc(stamp: str) -> None:
    assert parse(stamp) == datetime(2025, 3, 1, 8, 15, 42, 120_000, tzinfo=UTC)
    assert parse(stamp) == parse("2025-03-01T08:15:42.120Z")


@pytest.mark.parametrize("stamp", ["", "yesterday", "2025-13-01T00:00:00Z", "2025-03-01T08:15:42+25:00"])
def test_what_names_no_moment_is_none(stamp: str) -> None:
    assert parse(stamp) is None and local_minute(stamp) == ""


def test_lists_show_the_local_minute_of_either_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_minute("2025-03-01T08:15:42.120Z") == "2025-03-01 16:15"
        assert local_minute("2025-03-01T08:15:42+00:00") == "2025-03-01 16:15"
        assert local_minute("2025-03-01T16:15:00+08:00") == "2025-03-01 16:15"
    finally:
        monkeypatch.undo()
        time.tzset()
    assert parse("2025-03-01T08:15:42+01:00") == datetime(
        2025, 3, 1, 8, 15, 42, tzinfo=timezone(timedelta(hours=1))
    )
