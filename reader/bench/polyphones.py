"""Accuracy of the readings: polyphonic characters in sentences, and CC-CEDICT's words.

``python -m reader.bench.polyphones SENT LB [SENT LB ...]`` scores sets in
the CPP format of the g2pM paper: one sentence a line in ``SENT`` with the
polyphonic character between two ``▁`` (U+2581), its reading in ``LB``
(``le5``, ``lu:4``). For each set it prints the accuracy of:

* ``pypinyin``: each word's pypinyin reading (what the reader did before);
* ``g2pM``: the context model alone on every polyphone it knows (run as
  :mod:`reader.core.polyphone` runs it: batched, among the character's own
  readings), pypinyin for the rest;
* ``reader``: the reader's readings (:func:`reader.core.readings.read`), the
  whole set read as one text of one sentence a line, as ``reader pinyin
  --json --raw --style numbers -`` reads it.

Sets of ``sentence<TAB>reading`` lines (``.tsv``) are scored the same way;
``tests/data/polyphones/own.tsv`` (the default) was written for this
project, after the combination was tuned on CPP's dev split, with its
sentences' target words marked ``seen`` when they were among the examples
looked at while building. ``everyday_tuning.tsv`` holds sentences of news,
magazine and conversation style the grammar rules of
:mod:`reader.core.particles` were tuned on; ``everyday.tsv`` is kept apart
from that tuning, to report on.

``--cedict`` adds whole-word agreement with CC-CEDICT on every one of its
multi-character words (read on their own; a word agrees when its reading is
one of the word's entries', neutral tones and erhua included).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from pathlib import Path

_MARK = "\u2581"


def load_set(sent: Path, lb: Path) -> list[tuple[str, int, str]]:
    """``(sentence, index of the polyphone, reading)`` for every line of a CPP-format set."""
    out = []
    for line, label in zip(
        sent.read_text(encoding="utf-8").splitlines(), lb.read_text(encoding="utf-8").splitlines()
    ):
        if _MARK not in line:
            continue
        out.append((line.replace(_MARK, ""), line.index(_MARK), label.strip().lower().replace("u:", "v")))
    return out


def load_tsv(path: Path) -> tuple[list[tuple[str, int, str]], list[bool]]:
    """A set as ``sentence<TAB>reading[<TAB>seen]`` lines; ``seen`` marks a word looked at while building."""
    data, seen = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or _MARK not in parts[0]:
            continue
        data.append((parts[0].replace(_MARK, ""), parts[0].index(_MARK), parts[1].strip().replace("u:", "v")))
        seen.append(len(parts) > 2 and parts[2].strip() == "seen")
    return data, seen


def _pypinyin_alone(data: list[tuple[str, int, str]]) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    from reader.core.segment import cut

    out = []
    for sentence, i, _ in data:
        pos = 0
        for word in cut(sentence):
            if pos <= i < pos + len(word):
                reading = lazy_pinyin(
                    word,
                    style=Style.TONE3,
                    neutral_tone_with_five=True,
                    # pypinyin takes one string or one per character; its hints say only a string.
                    errors=lambda chars: ["?"] * len(chars),  # type: ignore[arg-type,return-value]
                )
                out.append(reading[i - pos] if len(reading) == len(word) else "?")
                break
            pos += len(word)
    return out


def _model_alone(data: list[tuple[str, int, str]]) -> list[str]:
    from reader.core import polyphone
    from reader.core.readings import _default

    known = polyphone.model().readings
    asked = [(s, [i]) for s, i, _ in data if s[i] in known]
    answers = iter(polyphone.predict(asked))
    return [next(answers)[0][0] if s[i] in known else _default(s[i])[0] for s, i, _ in data]


def _reader(data: list[tuple[str, int, str]]) -> list[str]:
    from reader.core.readings import read

    text = "\n".join(s for s, _, _ in data)
    readings = read(text)
    out, pos = [], 0
    for sentence, i, _ in data:
        out.append(readings.numbers[readings.codes[pos + i]])
        pos += len(sentence) + 1
    return out


def score(data: list[tuple[str, int, str]]) -> dict[str, object]:
    from reader.core.readings import warm_up

    warm_up()
    result: dict[str, object] = {"sentences": len(data)}
    for name, fn in (("pypinyin", _pypinyin_alone), ("g2pM", _model_alone), ("reader", _reader)):
        t0 = time.perf_counter()
        got = fn(data)
        result[name] = round(sum(g == label for g, (_, _, label) in zip(got, data)) / max(len(data), 1), 4)
        result[f"{name}_s"] = round(time.perf_counter() - t0, 2)
    return result


_SYLLABLE = re.compile(r"(?!xx)[a-z]+[1-5]")


def cedict_words() -> dict[str, set[tuple[str, ...]]]:
    """Every multi-character CC-CEDICT word of Chinese characters (Simplified) and its readings."""
    from reader.core.dictionary import dictionary_path
    from reader.core.han import HAN

    words: dict[str, set[tuple[str, ...]]] = {}
    with gzip.open(dictionary_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, _ = line.partition(" /")
            parts = head.split(" ", 2)
            if len(parts) < 3:
                continue
            simp, pinyin = parts[1], parts[2].strip()[1:-1]
            syllables = tuple(pinyin.lower().replace("u:", "v").split())
            if (
                len(simp) > 1
                and all(HAN.match(ch) for ch in simp)
                and len(syllables) == len(simp)
                and all(_SYLLABLE.fullmatch(s) for s in syllables)
            ):
                words.setdefault(simp, set()).add(syllables)
    return words


def cedict_agreement() -> dict[str, object]:
    """Whole-word agreement with CC-CEDICT on all its multi-character words, each read on its own."""
    from reader.core.readings import read

    words = cedict_words()
    t0 = time.perf_counter()
    # One word a line: the same as reading each alone (a line is its own sentence and words never cross it).
    text = "\n".join(words)
    readings = read(text)
    agree, pos = 0, 0
    misses: list[str] = []
    for word, refs in words.items():
        got = tuple(readings.numbers[c] for c in readings.codes[pos : pos + len(word)])
        if got in refs:
            agree += 1
        elif len(misses) < 30:
            misses.append(f"{word} {' '.join(got)} (CEDICT {' | '.join(' '.join(r) for r in sorted(refs))})")
        pos += len(word) + 1
    return {
        "words": len(words),
        "agreement": round(agree / len(words), 4),
        "read_s": round(time.perf_counter() - t0, 2),
        "examples_of_disagreement": misses,
    }


OWN_SET = Path(__file__).resolve().parent.parent.parent / "tests" / "data" / "polyphones" / "own.tsv"


def main(argv: list[str]) -> int:
    """Score CPP-format pairs ``SENT LB`` and ``.tsv`` sets (by default the project's own set)."""
    results: dict[str, object] = {}
    args = [a for a in argv if a != "--cedict"]
    tsvs = [a for a in args if a.endswith(".tsv")] or ([str(OWN_SET)] if OWN_SET.exists() else [])
    pairs = [a for a in args if not a.endswith(".tsv")]
    if len(pairs) % 2:
        print(
            "usage: python -m reader.bench.polyphones [SENT LB ...] [SET.tsv ...] [--cedict]", file=sys.stderr
        )
        return 2
    for sent, lb in zip(pairs[::2], pairs[1::2]):
        results[sent] = score(load_set(Path(sent), Path(lb)))
    for tsv in tsvs:
        data, seen = load_tsv(Path(tsv))
        results[tsv] = score(data)
        results[tsv + " (words not looked at while building)"] = score(
            [d for d, s in zip(data, seen) if not s]
        )
    if "--cedict" in argv:
        results["cedict"] = cedict_agreement()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
