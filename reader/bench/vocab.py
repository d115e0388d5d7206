"""Benchmark of the learner's figures: known % for a seed, a 10,000-article library's difficulty
columns (built, and after one status change), and exporting 10,000 cards.

Synthetic articles draw their words from the HSK lists and jieba's dictionary with a Zipf-like
law (1,500 running words, ~600 distinct each). Everything happens in a temporary folder.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from reader.bench.core import best
from reader.core.paths import SEEDS_DIR
from reader.core.vocab import anki
from reader.core.vocab.counts import ArticleWords, CountsCache, count_words
from reader.core.vocab.difficulty import DifficultyIndex, summarize
from reader.core.vocab.levels import frequency_rank, word_list
from reader.core.vocab.record import Mark, Status, WordRecord
from reader.core.vocab.store import VocabStore

TARGETS = {"known_share_seed_ms_max": 5.0}
ARTICLES = 10_000
CARDS = 10_000


def _seed_figures(store: VocabStore) -> dict[str, float]:
    from reader.core.prepare import prepare
    from reader.core.vocab.article import article_tokens

    seed = sorted(SEEDS_DIR.glob("*.txt"))[1]
    tokens = article_tokens(prepare(seed.read_text(encoding="utf-8")))
    words = count_words(tokens)
    summarize(words, store.status_of)  # warm the level tables
    return {
        "seed_running_words": words.total,
        "known_share_seed_ms": round(best(lambda: summarize(words, store.status_of), 5) * 1000, 2),
        "count_and_known_share_seed_ms": round(
            best(lambda: summarize(count_words(tokens), store.status_of), 5) * 1000, 2
        ),
    }


def _vocabulary() -> list[str]:
    return list(word_list("2025"))


def _synthetic(rng: random.Random, vocab: list[str], weights: list[float]) -> ArticleWords:
    counts: dict[str, int] = {}
    for word in rng.choices(vocab, weights, k=1500):
        counts[word] = counts.get(word, 0) + 1
    words = list(counts)
    return ArticleWords(
        words,
        [""] * len(words),
        [counts[w] for w in words],
        list(range(len(words))),
        words,
        [""] * len(words),
        1500,
    )


def _library_figures(store: VocabStore, folder: Path) -> dict[str, float]:
    rng = random.Random(7)
    vocab = sorted(_vocabulary(), key=lambda w: frequency_rank(w) or 10**9)
    weights = [1 / (i + 1) for i in range(len(vocab))]
    articles = [_synthetic(rng, vocab, weights) for _ in range(ARTICLES)]
    cache = CountsCache(folder / "words")
    for i, words in enumerate(articles):
        cache.put(f"k{i}", words)
    t = time.perf_counter()
    loaded = [got for i in range(ARTICLES) if (got := cache.get(f"k{i}")) is not None]
    read_s = time.perf_counter() - t
    assert len(loaded) == ARTICLES
    index = DifficultyIndex(store.status_of)
    store.add_listener(index.changed)
    t = time.perf_counter()
    for i, article in enumerate(loaded):
        index.add(f"a{i}", article)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    columns = index.summaries()
    sorted(columns, key=lambda a: columns[a].known_share)
    columns_s = time.perf_counter() - t
    common = vocab[0]
    t = time.perf_counter()
    store.mark(common, Status("ignored"))  # saved, and every article holding it updated
    common_s = time.perf_counter() - t
    rare = vocab[3000]
    t = time.perf_counter()
    store.mark(rare, Status("known"))
    rare_s = time.perf_counter() - t
    t = time.perf_counter()
    recount = [summarize(w, store.status_of) for w in loaded[:1000]]
    recount_s = (time.perf_counter() - t) * ARTICLES / 1000
    assert recount[0] == index.summary("a0")
    return {
        "articles": ARTICLES,
        "distinct_words_per_article": round(sum(len(w) for w in articles) / ARTICLES),
        "read_counts_from_cache_s": round(read_s, 3),
        "index_build_s": round(build_s, 3),
        "columns_sorted_s": round(columns_s, 3),
        "mark_common_word_and_update_s": round(common_s, 4),
        "articles_holding_common_word": len(index.articles_with(common)),
        "mark_rare_word_and_update_s": round(rare_s, 4),
        "full_recount_s_for_comparison": round(recount_s, 3),
    }


def _export_figures(folder: Path) -> dict[str, float]:
    vocab = list(word_list("2025"))[:CARDS]
    records = [
        WordRecord(word=w, status="learning", stage=1, form=w, sentence=f"我们今天学习{w}。") for w in vocab
    ]
    anki.make_cards(records[:50], titles={}, article_tags={})  # load the dictionary first
    t = time.perf_counter()
    cards = anki.make_cards(records, titles={}, article_tags={})
    cards_s = time.perf_counter() - t
    t = time.perf_counter()
    anki.write_apkg(cards, folder / "cards.apkg")
    apkg_s = time.perf_counter() - t
    t = time.perf_counter()
    (folder / "cards.txt").write_text(anki.tsv_text(cards), encoding="utf-8")
    tsv_s = time.perf_counter() - t
    return {
        "cards": len(cards),
        "make_cards_s": round(cards_s, 2),
        "write_apkg_s": round(apkg_s, 2),
        "write_tsv_s": round(tsv_s, 2),
        "apkg_bytes": (folder / "cards.apkg").stat().st_size,
    }


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="reader-bench-vocab-") as tmp:
        folder = Path(tmp)
        with VocabStore(folder / "vocab.json") as store:
            known = [w for w, level in word_list("2025").items() if level <= 3]
            store.mark_many([Mark(w) for w in known], Status("known"))
            results: dict[str, object] = {"store_words": len(store), **_seed_figures(store)}
            results["library"] = _library_figures(store, folder)
        results["export"] = _export_figures(folder)
        results["targets"] = TARGETS
        return results


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
