"""Measure the status-line gloss on judged words from the bundled articles.

``tests/data/glosses/judged.tsv`` holds frequent words of the seeds, each in
one sentence where it occurs, with the CC-CEDICT senses a learner needs there
(written by hand before the gloss was looked at). The file's header says
which sets were tuned on; ``report`` and ``chars`` never were.

For each set it prints how often these are right:

* ``first``     the first sense of the first entry for the reading, as the
                gloss used to be (skipping variants, "see", measure words
                and surnames);
* ``no tag``    the chosen sense without any part of speech;
* ``dict tag``  the chosen sense with the tag jieba's dictionary gives the
                word (what the reader does today);
* ``context``   the chosen sense with the tag jieba's ``posseg`` gave the word
                in its sentence.

    python -m reader.bench.gloss_eval            # the table
    python -m reader.bench.gloss_eval --misses   # and every wrong choice
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.core import dictionary
from reader.core.cedict_markup import target
from reader.core.senses import is_meta

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data" / "glosses" / "judged.tsv"
_OLD_SKIP = re.compile(r"^(old |archaic |erhua |Japanese )?variant of|^see |^used in |^CL:|^surname ")


@dataclass(frozen=True)
class Judged:
    part: str  # the set: tune, round1, round2, report, chars
    word: str
    reading: str
    pos: str
    accepted: frozenset[str]
    context: str


def load(path: Path = DATA) -> list[Judged]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        part, word, reading, pos, accepted, context = line.split("\t")
        senses = frozenset() if accepted == "-" else frozenset(accepted.split("||"))
        rows.append(Judged(part, word, reading, pos, senses, context))
    return rows


def first_sense(word: str, reading: str) -> str | None:
    """The gloss as it was: the first entry for the reading, its first sense that is not a pointer.

    Entries in file order, proper nouns and other written forms last, then
    those of the reading first: the order the gloss had before senses were chosen.
    """
    blob, index = dictionary._load()
    entries = [dictionary._parse(dictionary._line(blob, pos)) for pos in dictionary._offsets(index, word)]
    entries.sort(key=lambda e: (e.proper, word not in (e.simplified, e.traditional)))
    entries = dictionary._by_reading(tuple(entries), reading)
    if not entries:
        return None
    senses = [s for s in entries[0].senses if not _OLD_SKIP.match(s)] or list(entries[0].senses)
    return senses[0] if senses else None


def chosen(row: Judged, pos: str | None) -> str | None:
    found = dictionary.choose(row.word, row.reading, pos)
    return found.sense if found else None


MODES = {
    "first": lambda row: first_sense(row.word, row.reading),
    "no tag": lambda row: chosen(row, ""),
    "dict tag": lambda row: chosen(row, None),
    "context": lambda row: chosen(row, row.pos or ""),
}


def check(rows: list[Judged]) -> list[str]:
    """Judged senses that are not senses of the word (a typo would count as always wrong)."""
    problems = []
    for row in rows:
        senses = set()
        for entry in dictionary.lookup(row.word):
            for sense in entry.senses:
                senses.add(sense)
                ref = target(sense)
                if ref is not None:
                    senses.update(s for e in dictionary.follow(ref) for s in e.senses if not is_meta(s))
        problems += [f"{row.word}: {s!r} is not one of its senses" for s in row.accepted - senses]
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the words each mode gets wrong")
    args = parser.parse_args(argv)
    rows = load()
    problems = check(rows)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(
        f"{'set':8} {'words':>5} {'judged':>6} "
        + " ".join(f"{m:>9}" for m in MODES)
        + "  (polysemous: judged / first / dict tag)"
    )
    for part in dict.fromkeys(r.part for r in rows):
        judged = [r for r in rows if r.part == part and r.accepted]
        if not judged:
            continue
        right = {m: [f(r) in r.accepted for r in judged] for m, f in MODES.items()}
        poly = [i for i, r in enumerate(judged) if len(_meanings(r)) > 1]
        figures = " ".join(f"{sum(v):>4} {100 * sum(v) // len(judged):>3}%" for v in right.values())
        total = sum(1 for r in rows if r.part == part)
        print(
            f"{part:8} {total:>5} {len(judged):>6} {figures}  ({len(poly)} / "
            f"{sum(right['first'][i] for i in poly)} / {sum(right['dict tag'][i] for i in poly)})"
        )
        if args.misses:
            for r, ok_first, ok_dict in zip(judged, right["first"], right["dict tag"]):
                if not ok_dict or not ok_first:
                    print(
                        f"    {'+' if ok_first else '-'}{'+' if ok_dict else '-'} {r.word} {r.reading} "
                        f"[{dictionary.default_pos(r.word)}/{r.pos}] "
                        f"first={first_sense(r.word, r.reading)!r} "
                        f"chosen={chosen(r, None)!r}"
                    )
    return 0


def _meanings(row: Judged) -> list[str]:
    entries = dictionary._with_reading(dictionary._exact(row.word), row.reading)
    return [c.sense for c in dictionary._candidates(entries)]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
