"""The user's joins and splits reach every later preparation, in either script, and re-prepare."""

from __future__ import annotations

from pathlib import Path

from reader.core import segment
from reader.core.paths import Locations
from reader.core.prepare import prepare_cached
from reader.core.vocab.article import article_tokens
from reader.core.vocab.store import VocabStore

TEXT = "證明大灣區發展潛力大。大湾区的计量经济学家很多。"


def words(locations: Locations) -> list[str]:
    return [t.text for t in article_tokens(prepare_cached(TEXT, locations))]


def test_joins_and_splits_apply_to_later_preparations_and_change_the_cache_key(tmp_path: Path) -> None:
    locations = Locations.resolve(tmp_path / "home")
    before = words(locations)
    assert "大灣區" not in before and "大湾区" not in before, "jieba cuts 大湾|区"
    with VocabStore(locations.data / "vocab.json") as store:
        store.add_correction("大灣區")  # kept Simplified: the segmenter works in Simplified
        store.add_correction("计量经济学家", ["计量经济学", "家"])
    joined = words(locations)
    assert "大灣區" in joined and "大湾区" in joined, "the same word in either script"
    assert "计量经济学" in joined and "家" in joined and "计量经济学家" not in joined
    with VocabStore(locations.data / "vocab.json") as store:
        store.remove_correction("大湾区")
        store.remove_correction("计量经济学家")
    assert not (locations.data / segment.CORRECTIONS_FILE).exists()
    assert words(locations) == before, "a correction taken back prepares as before"


def test_a_join_never_merges_across_a_word_it_does_not_spell() -> None:
    fixes = segment._Fixes(frozenset({"大湾区"}), {"经济学家": ("经济学", "家")}, 3)
    assert fixes.apply(["大湾", "区", "的", "经济学家"]) == ["大湾区", "的", "经济学", "家"]
    assert fixes.apply(["大", "湾区"]) == ["大湾区"]
    assert fixes.apply(["大湾", "区域"]) == ["大湾", "区域"], "区域 is not cut to make the join"
