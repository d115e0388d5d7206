"""Difficulty figures: what counts, the HSK level, and an index that stays equal to a recount."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.vocab.counts import CountsCache, Token, count_words, decode, encode
from reader.core.vocab.difficulty import THRESHOLD, Difficulty, DifficultyIndex, summarize
from reader.core.vocab.keys import simplified
from reader.core.vocab.levels import frequency_rank, grade, hsk_level
from reader.core.vocab.record import Mark, Status
from reader.core.vocab.store import VocabStore


def tokens(*pairs: tuple[str, str]) -> list[Token]:
    out, pos = [], 0
    for text, reading in pairs:
        out.append(Token(text, reading, pos, pos + len(text)))
        pos += len(text)
    return out


def test_only_chinese_words_count_and_ignored_words_are_left_out(tmp_path: Path) -> None:
    words = count_words(
        tokens(
            ("我", "wǒ"),
            ("，", ""),
            ("電腦", "diàn nǎo"),
            (" ", ""),
            ("AI", ""),
            ("2025", ""),
            ("电脑", "diàn nǎo"),
            ("李明", "lǐ míng"),
        )
    )
    assert words.total == 4 and words.words == ["我", "电脑", "李明"] and words.counts == [1, 2, 1]
    with VocabStore(tmp_path / "v.json") as store:
        store.mark("我", Status("known"))
        store.mark("李明", Status("ignored"))
        figures = summarize(words, store.status_of)
    assert (figures.running, figures.known, figures.new, figures.ignored) == (3, 1, 2, 1)
    assert abs(figures.known_share - 1 / 3) < 1e-9 and figures.distinct_new == 1


def test_learning_words_are_not_known(tmp_path: Path) -> None:
    words = count_words(tokens(("我", "wǒ"), ("学习", "xué xí")))
    with VocabStore(tmp_path / "v.json") as store:
        store.mark("学习", Status("learning", 4))
        figures = summarize(words, store.status_of)
    assert figures.known == 0 and figures.learning_share == 0.5


def test_the_hsk_level_is_the_lowest_covering_the_threshold() -> None:
    levels = (90, 4, 3, 1, 1, 0, 1, 0)
    figures = Difficulty(100, 100, 0, 0, 0, 10, 10, levels)
    assert THRESHOLD == 0.95 and figures.hsk_level == 3 and figures.hsk_label == "3"
    assert Difficulty(100, 100, 0, 0, 0, 10, 10, (50, 0, 0, 0, 0, 0, 40, 10)).hsk_label == "beyond"
    assert Difficulty(0, 0, 0, 0, 0, 0, 0, (0,) * 8).hsk_label == "-"


def test_levels_and_ranks_for_either_script() -> None:
    assert hsk_level("電腦") == hsk_level("电脑") == 1
    assert hsk_level("行", "2021") == 1 and hsk_level("行", "2025") == 3  # the two documents differ
    assert grade("七点") == 1  # a phrase the list lacks: its hardest character
    assert grade("深圳") is None  # 圳 is beyond the standard
    assert frequency_rank("電腦") == frequency_rank("电脑") and frequency_rank("了") == 1
    assert frequency_rank("的") < frequency_rank("电脑") and frequency_rank("𠀀𠀀") is None


def test_every_word_of_the_frequency_list_has_its_rank_and_no_other_word_has_one() -> None:
    from importlib.util import find_spec

    folder = Path(next(iter(find_spec("jieba").submodule_search_locations)))
    words, counts = [], []
    for line in (folder / "dict.txt").read_text(encoding="utf-8").splitlines():
        word, count, *_ = line.split(" ")
        words.append(word)
        counts.append(int(count))
    order = sorted(range(len(words)), key=counts.__getitem__, reverse=True)  # ties in the file's order
    expected: dict[str, int] = {}
    for rank, i in enumerate(order, 1):
        expected.setdefault(words[i], rank)  # a word listed twice: its better rank
    # A word is looked up by its Simplified form (either script has the same rank): the list's own
    # Simplified words keep their rank.
    assert all(frequency_rank(w) == r for w, r in expected.items() if simplified(w) == w)
    rng = random.Random(7)
    absent = [
        "".join(rng.choice("的一是在不了有和人这中大为上个国我以要他") for _ in range(6)) for _ in range(2000)
    ]
    assert all(frequency_rank(w) is None for w in absent if w not in expected)


def test_counts_round_trip_through_the_cache(tmp_path: Path) -> None:
    words = count_words(tokens(("電腦", "diàn nǎo"), ("行", "xíng")))
    assert decode(encode(words)) == words and decode(b"\x93junk") is None
    cache = CountsCache(tmp_path / "words")
    assert cache.words("k") is None
    assert cache.words("k", tokens(("電腦", "diàn nǎo"))).words == ["电脑"]
    assert cache.get("k").words == ["电脑"]
    (tmp_path / "words" / "k.words").write_bytes(b"damaged")
    assert cache.get("k") is None


VOCAB = ["我", "你", "他", "电脑", "學習", "中文", "行", "的", "了", "香港", "深圳", "人工智能"]
READINGS = {"行": ["xíng", "háng"], "了": ["le", "liǎo"]}


def _article(rng: random.Random) -> list[Token]:
    picks = []
    for _ in range(rng.randrange(0, 40)):
        word = rng.choice(VOCAB)
        picks.append((word, rng.choice(READINGS.get(word, [""]))))
    return tokens(*picks)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.lists(
        st.tuples(
            st.sampled_from(VOCAB),
            st.sampled_from(["known", "learning", "ignored", "new", "xíng:known", "háng:ignored"]),
        ),
        max_size=12,
    ),
)
def test_the_index_always_equals_a_recount(
    tmp_path_factory, seed: int, changes: list[tuple[str, str]]
) -> None:
    """Whatever statuses change, in whatever order, each article's figures equal a fresh count."""
    rng = random.Random(seed)
    with VocabStore(tmp_path_factory.mktemp("v") / "v.json") as store:
        index = DifficultyIndex(store.status_of)
        store.add_listener(index.changed)
        articles = {f"a{i}": count_words(_article(rng)) for i in range(8)}
        for article_id, words in articles.items():
            index.add(article_id, words)
        index.remove("a7")
        for word, change in changes:
            reading, _, status = change.rpartition(":")
            store.mark(word, Status(status, 1 if status == "learning" else 0), reading=reading or None)
        for article_id, words in articles.items():
            expected = summarize(words, store.status_of) if article_id != "a7" else None
            assert index.summary(article_id) == expected


def test_a_change_touches_only_the_articles_holding_the_word(tmp_path: Path) -> None:
    with VocabStore(tmp_path / "v.json") as store:
        index = DifficultyIndex(store.status_of)
        store.add_listener(index.changed)
        index.add("a", count_words(tokens(("电脑", ""), ("我", ""))))
        index.add(
            "b",
            count_words(
                tokens(
                    ("我", ""),
                )
            ),
        )
        assert index.articles_with("电脑") == ["a"]
        store.mark_many([Mark("電腦")], Status("known"))
        assert index.summary("a").known == 1 and index.summary("b").known == 0
        assert index.changed({"我"}) == 0  # nothing changed: nothing touched
        store.mark("我", Status("known"))
        assert index.summary("b").known == 1
