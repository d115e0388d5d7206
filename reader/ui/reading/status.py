"""What the reader's status line says: the word under the cursor, its pinyin, its status, HSK level and
frequency rank, and its gloss; and the view's state (selection, search, highlight, script, pinyin mode,
place, saving)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.convert import SCRIPT_LABELS
from reader.core.sanitize import visible_line
from reader.core.vocab.levels import level_label
from reader.core.vocab.page import WordInfo
from reader.ui.widgets.article import ArticleView

PINYIN_LABELS = {"all": "pinyin", "unknown": "pinyin: unknown", "cursor": "pinyin: word", "off": "no pinyin"}


@dataclass(frozen=True)
class Said:
    """The status line's parts, each made safe to show."""

    word: str
    pinyin: str
    gloss: str
    info: str
    learner: str = ""  # the word's status, HSK level and frequency rank


def word_status(view: ArticleView, *, dictionary: bool) -> tuple[str, str, str]:
    """The word under the cursor as shown, its pinyin as shown, and (once the dictionary is loaded) its
    gloss in the script shown, for the sense of the reading shown (與 read yǔ is "and")."""
    text_view = view.view
    opts = view.options
    word = view.word_shown
    if text_view is None or not word:
        return word, "", ""
    start, end = view.word
    pinyin = text_view.pinyin_of(start, end, opts.style) if opts.ready else ""
    gloss = ""
    if dictionary:
        from reader.core.dictionary import gloss as gloss_of

        reading = text_view.dictionary_pinyin(start, end) if opts.ready else None
        gloss = gloss_of(word, reading or None, script=opts.script) or ""
    return word, pinyin, gloss


def learner_status(info: WordInfo | None) -> str:
    """``learning 2 · HSK 4 · #1,203``: the word's status, its HSK level and its frequency rank."""
    if info is None:
        return ""
    parts = [info.status.label]
    if info.hsk is not None:
        parts.append(f"HSK {level_label(info.hsk)}")
    if info.rank is not None:
        parts.append(f"#{info.rank:,}")
    return " · ".join(parts)


def reading_status(
    view: ArticleView,
    *,
    dictionary: bool,
    length: int,
    search: str,
    highlight: str,
    save_state: str,
    word_info: WordInfo | None = None,
) -> Said:
    """Everything the status line says while an article is read."""
    if view.view is None:
        return Said("", "", "", "opening…")
    opts = view.options
    info = [SCRIPT_LABELS[opts.script], PINYIN_LABELS[opts.pinyin]]
    if length:
        info.append(f"{view.cursor * 100 // max(length, 1)}%")
    if not opts.ready or not dictionary:
        info.insert(0, "preparing…")
    if view.selection is not None:
        a, b = view.selection
        info.insert(0, f"selection {b - a}")
    if search:
        info.insert(0, search)
    if highlight:
        info.insert(0, highlight)
    if save_state:
        info.append(save_state)
    word, pinyin, gloss = word_status(view, dictionary=dictionary)
    return Said(
        visible_line(word),
        visible_line(pinyin),
        visible_line(gloss),
        visible_line(" · ".join(info)),
        learner_status(word_info) if word else "",
    )
