"""Properties of glosses and entries over the whole of CC-CEDICT and every seed.

* no rendered sense or gloss of any entry, in either script, keeps file
  markup: a Traditional|Simplified pair, tone-numbered pinyin in brackets,
  a raw ``CL:``;
* every "see X" / "variant of X" / "same as X" is followed to X's entries,
  or X has no entry of its own (then it is left as plain text);
* a word without a Chinese character never has an entry or a gloss, and
  every headword that mixes Chinese with letters or digits is found whole;
* on judged words of the seeds the chosen sense is right more often than
  the first one, on words the rules were not tuned on.
"""

from __future__ import annotations

import gzip
import re
import string
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.bench import gloss_eval
from reader.core import dictionary
from reader.core.cedict_markup import target
from reader.core.clean import clean
from reader.core.dictionary import Entry, describe, gloss, lookup
from reader.core.han import has_han
from reader.core.segment import segment

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
# Written here, not taken from the code under test: what file markup looks like.
PAIR = re.compile(r"\|")
NUMBERED = re.compile(r"\[[^\[\]]*?[A-Za-zü:]+[1-5](?=[\s\],·]|$)")
MEASURE = re.compile(r"CL:")


def raw_markup(text: str) -> list[str]:
    return [p.pattern for p in (PAIR, NUMBERED, MEASURE) if p.search(text)]


@cache
def every_entry() -> tuple[Entry, ...]:
    with gzip.open(dictionary.dictionary_path(), "rt", encoding="utf-8") as fh:
        return tuple(
            dictionary._parse(line.rstrip("\n")) for line in fh if line.strip() and not line.startswith("#")
        )


def test_the_file_is_read_whole():
    assert len(every_entry()) > 120_000


@pytest.mark.parametrize("script", ["traditional", "simplified"])
def test_no_rendered_entry_keeps_markup(script):
    bad = []
    for entry in every_entry():
        view = describe(entry, script)
        texts = [view.headword, view.pinyin]
        for sense in view.senses:
            texts.append(sense.text)
            for followed in sense.followed:
                texts += [followed.headword, followed.pinyin, *followed.senses]
        bad += [(entry.traditional, t) for t in texts if raw_markup(t)]
    assert not bad, bad[:10]


def test_no_gloss_of_any_headword_keeps_markup_or_runs_long():
    """Every entry is among the entries of its Simplified headword: glossing those covers them all."""
    bad = []
    words = dict.fromkeys(e.simplified for e in every_entry() if has_han(e.simplified))
    for i, word in enumerate(words):
        text = gloss(word, script=("traditional", "simplified", "taiwan", None)[i % 4])
        if text is None or raw_markup(text) or len(text) > 60:
            bad.append((word, text))
    assert not bad, bad[:10]


def test_every_pointer_is_followed_or_names_a_word_without_an_entry():
    index = dictionary._load()[1]
    unfollowed = []
    pointers = 0
    for entry in every_entry():
        view = describe(entry, "simplified")
        for sense, shown in zip(entry.senses, view.senses):
            ref = target(sense)
            if ref is None:
                assert not shown.followed
                continue
            pointers += 1
            others = [e for e in lookup(ref.simplified) + lookup(ref.traditional) if e != entry]
            exists = (ref.simplified in index or ref.traditional in index) and any(
                ref.simplified in (e.simplified, e.traditional) for e in others
            )
            if not shown.followed and exists:
                unfollowed.append((entry.traditional, sense))
            if not shown.followed:
                assert not raw_markup(shown.text)  # left as plain text
    assert pointers > 4000
    assert not unfollowed, unfollowed[:10]


def test_followed_senses_are_not_followed_again():
    """One level: a followed word's own pointers are shown as text, never expanded (no loops)."""
    [entry] = [e for e in lookup("从") if e.traditional == "从"]
    [sense] = describe(entry, "simplified").senses
    assert sense.followed and all(isinstance(s, str) for f in sense.followed for s in f.senses)


def test_headwords_without_chinese_are_never_matched():
    latin = [e for e in every_entry() if not has_han(e.traditional) and not has_han(e.simplified)]
    assert len(latin) > 50  # A, B, DNA, USB...: they exist in the file
    assert [e.traditional for e in latin if lookup(e.traditional) or gloss(e.traditional)] == []


def test_headwords_mixing_chinese_with_letters_or_digits_are_found_whole():
    mixed = [e for e in every_entry() if has_han(e.simplified) and re.search(r"[A-Za-z0-9]", e.simplified)]
    assert len(mixed) > 50
    missing = [e.simplified for e in mixed if not dictionary.is_exact(e.simplified, lookup(e.simplified))]
    assert missing == []


@cache
def seed_tokens() -> frozenset[str]:
    tokens = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8")).text
        tokens.update(t.text.strip() for t in segment(text))
    return frozenset(t for t in tokens if t)


def test_no_latin_or_digit_token_of_any_seed_gets_a_gloss():
    tokens = [t for t in seed_tokens() if not has_han(t)]
    assert {"AI", "The", "GPT", "2024"} & set(tokens), "the seeds have Latin words"
    assert [t for t in tokens if gloss(t) is not None or lookup(t)] == []


def test_every_chinese_token_of_the_seeds_gets_a_gloss():
    missing = [t for t in seed_tokens() if has_han(t) and gloss(t) is None]
    assert missing == []


@given(st.text(alphabet=string.ascii_letters + string.digits + " .,-+'%&/", min_size=1, max_size=12))
def test_no_latin_text_gets_a_gloss(word):
    assert gloss(word) is None and lookup(word) == []


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=4))
def test_a_mixed_headword_matches_only_whole_latin_runs(prefix):
    """Glued to a longer Latin run, T恤's T is part of that run (XYZT恤): T恤 is not in that word."""
    assert all(e.simplified != "T恤" for e in lookup(prefix + "T恤"))


def test_judged_senses_exist_and_the_choice_beats_the_first_sense():
    rows = gloss_eval.load()
    assert gloss_eval.check(rows) == []
    for part in ("tune", "report", "chars"):
        judged = [r for r in rows if r.part == part and r.accepted]
        first = sum(gloss_eval.first_sense(r.word, r.reading) in r.accepted for r in judged)
        chosen = sum(gloss_eval.chosen(r, None) in r.accepted for r in judged)
        assert len(judged) >= 40
        assert chosen > first, (part, first, chosen)
