"""One article's figures for the learner, as the command line and the app report them.

:func:`article_stats` is a plain dictionary (the JSON of ``reader stats``):
``known_share``, ``learning_share``, ``new_share`` (of running words counted),
``running_words``, ``distinct_words``, ``new_word_count``, ``new_words`` (each
with its reading, count, frequency rank, HSK level and the sentence it is
first met in, most frequent in the language first), ``hsk_level`` (1-6, 7 for
the 7-9 band, None beyond the standard), ``hsk_label``, ``hsk_profile``
(share of running words per level), ``standard`` and ``threshold``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.vocab.article import prepared_words, sentence_at
from reader.core.vocab.difficulty import summarize
from reader.core.vocab.levels import frequency_rank, hsk_level, level_label
from reader.core.vocab.record import NEW

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.prepare import Prepared
    from reader.core.vocab.store import VocabStore

__all__ = ["article_stats", "new_words", "stats_text"]


def new_words(prepared: Prepared, words: Any, store: VocabStore, standard: str) -> list[dict[str, Any]]:
    """The article's words with no status, most frequent in the language first (unranked last)."""
    text = prepared.text
    out = []
    for i, (word, reading) in enumerate(zip(words.words, words.readings)):
        if store.status_of(word, reading).name != NEW:
            continue
        start = words.firsts[i]
        form = words.forms[i]
        out.append(
            {
                "word": form,
                "simplified": word,
                "reading": words.shown[i],
                "count": words.counts[i],
                "frequency_rank": frequency_rank(word),
                "hsk": hsk_level(word, standard),
                "position": start,
                "sentence": sentence_at(text, start, start + len(form)),
            }
        )
    out.sort(key=lambda w: (w["frequency_rank"] is None, w["frequency_rank"] or 0, -w["count"]))
    return out


def article_stats(
    prepared: Prepared, store: VocabStore, standard: str, *, cache_folder: Path | None = None
) -> dict[str, Any]:
    words = prepared_words(prepared, cache_folder, store.corrections_digest())
    figures = summarize(words, store.status_of, standard)
    listed = new_words(prepared, words, store, standard)
    return {
        "standard": standard,
        "threshold": figures.threshold,
        "known_share": round(figures.known_share, 4),
        "learning_share": round(figures.learning_share, 4),
        "new_share": round(figures.new_share, 4),
        "running_words": figures.running,
        "ignored_words": figures.ignored,
        "distinct_words": figures.distinct,
        "new_word_count": figures.distinct_new,
        "hsk_level": figures.hsk_level,
        "hsk_label": figures.hsk_label,
        "hsk_profile": {k: round(v, 4) for k, v in figures.profile.items()},
        "new_words": listed,
    }


def stats_text(report: dict[str, Any], limit: int) -> str:
    """The report for people: figures, the profile, and the first ``limit`` new words."""
    profile = "  ".join(f"{k} {v:.0%}" for k, v in report["hsk_profile"].items())
    lines = [
        f"{report.get('title', '')}".strip(),
        (
            f"known {report['known_share']:.1%}  learning {report['learning_share']:.1%}  "
            f"new {report['new_share']:.1%} of {report['running_words']:,} running words"
        ),
        (
            f"{report['new_word_count']:,} new words of {report['distinct_words']:,}; "
            f"HSK level {report['hsk_label']} (HSK {report['standard']} lists, "
            f"{report['threshold']:.0%} of running words)"
        ),
        f"HSK profile: {profile}",
    ]
    shown = report["new_words"][:limit]
    if shown:
        lines.append("")
        lines.append("new words, most frequent first:")
    for w in shown:
        rank = f"#{w['frequency_rank']:,}" if w["frequency_rank"] else "unranked"
        lines.append(
            f"  {w['word']}  {w['reading']}  HSK {level_label(w['hsk'])}  {rank}  ×{w['count']}  "
            f"{w['sentence'][:60]}"
        )
    return "\n".join(lines)
