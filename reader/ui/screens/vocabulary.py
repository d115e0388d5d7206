"""The vocabulary screen: every word with a status; filter, sort, change a status, see where it was met.

``/`` types a filter (the word in either script, its reading, the title or tags
of the article it was met in, its own tags); ``s`` and ``h`` choose the status
and the HSK level shown, ``o`` the order (frequency, last seen, date added,
word). The reader's keys change the status of the word under the cursor
(``K`` known, ``L`` learning stage, ``I`` ignored, ``0`` new, ``U`` undo).
``Enter`` lists the sentences the word was met in. From here: every word up
to an HSK level known (``H``), a word list imported (``i``), cards for Anki
(``e``), the HSK lists levels come from (``t``: 2025, 2021, 2.0).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.core.library import Article
from reader.core.search import fuzzy_score
from reader.core.vocab.levels import BAND, frequency_rank, hsk_level, level_label
from reader.core.vocab.record import KNOWN, LEARNING, Mark, Status, WordRecord
from reader.ui.context import Context
from reader.ui.safe import line, when
from reader.ui.screens.vocab_dialogs import (
    ExportChoice,
    ExportScreen,
    ImportScreen,
    LevelScreen,
    SentencesScreen,
)
from reader.ui.vocab import VocabChanged
from reader.ui.widgets.filter_box import FilterBox
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.table import Column, RowTable

STATUS_FILTERS = ("any", "learning", "known", "ignored")
HSK_FILTERS: tuple[int | str, ...] = ("any", 1, 2, 3, 4, 5, 6, BAND, "beyond")
ORDERS = ("frequency", "seen", "added", "word")
COLUMNS = [
    ("word", "Word", 10),
    ("reading", "Pinyin", 14),
    ("status", "Status", 10),
    ("hsk", "HSK", 4),
    ("rank", "Rank", 7),
    ("seen", "Last seen", 16),
    ("article", "Met in", 0),
]
SENTENCES = 12  # sentences listed at most


EMPTY = (
    "No words have a status yet. In an article, K marks the word under the cursor known, L learning,"
    " M every new word on the screen known; here, H marks known every word up to an HSK level and"
    " i imports a word list (Pleco, Anki or one word a line)."
)


class VocabularyScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="vocab.back"),
        Binding("slash", "filter", "Filter", id="vocab.filter"),
        Binding("s", "status_filter", "Status shown", id="vocab.status-filter"),
        Binding("h", "hsk_filter", "HSK level shown", id="vocab.hsk-filter", show=False),
        Binding("o", "order", "Order", id="vocab.order"),
        Binding("enter", "sentences", "Where met", id="vocab.sentences"),
        Binding("K", "status('known')", "Word known", id="vocab.known", show=False),
        Binding("L", "learning", "Word learning (next stage)", id="vocab.learning", show=False),
        Binding("I", "status('ignored')", "Word ignored", id="vocab.ignored", show=False),
        Binding("0", "status('new')", "Word new again", id="vocab.new", show=False),
        Binding("U", "undo", "Undo word status", id="vocab.undo", show=False),
        Binding("H", "hsk_known", "Known up to an HSK level", id="vocab.hsk-known"),
        Binding("i", "import_list", "Import a word list", id="vocab.import"),
        Binding("e", "export", "Cards for Anki", id="vocab.export"),
        Binding("t", "standard", "HSK standard", id="vocab.standard", show=False),
    ]
    DEFAULT_CSS = """
    VocabularyScreen #vocab-filter { dock: top; height: 3; }
    VocabularyScreen RowTable { height: 1fr; }
    VocabularyScreen #vocab-empty {
        position: absolute; offset: 0 5; height: auto; padding: 0 2; color: $text-muted; display: none;
    }
    """

    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context
        self.records: list[WordRecord] = []
        self.shown: list[WordRecord] = []
        self.articles: dict[str, Article] = {}
        self.loaded = False
        self.status_filter = "any"
        self.hsk_filter: int | str = "any"
        self.order = "frequency"
        self.standard = "2025"  # the store's HSK standard, read with the words

    def compose(self) -> ComposeResult:
        yield FilterBox(
            placeholder="/ filters: word, pinyin, article, tag", id="vocab-filter", table="#words"
        )
        yield RowTable(self._cell, id="words")
        yield Static(EMPTY, id="vocab-empty")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.title = "vocabulary"
        self._set_columns()
        self.query_one(RowTable).focus()
        self.context.vocab.open()
        self.reload()

    @property
    def _table(self) -> RowTable[WordRecord]:
        return self.query_one("#words", RowTable)

    def _set_columns(self) -> None:
        width = self.size.width or self.app.size.width
        fixed = [c for c in COLUMNS if c[2]]
        if width < 90:
            fixed = [c for c in fixed if c[0] not in ("seen", "rank")]
        article = max(10, width - sum(w for _k, _l, w in fixed) - 2 * (len(fixed) + 1) - 2)
        cols = [
            Column(k, label, w or article, "right" if k in ("rank", "hsk") else "left")
            for k, label, w in fixed
        ]
        self._table.set_columns([*cols, Column("article", "Met in", article)])

    def on_resize(self) -> None:
        self._set_columns()

    # -- contents ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the words (and warm the level tables) in the background, then fill the table."""
        library = self.context.library
        standard: list[str] = []

        def job(store: Any) -> tuple[list[WordRecord], list[Article]]:
            standard.append(store.hsk_standard)
            hsk_level("的", store.hsk_standard)
            frequency_rank("的")
            return store.entries(), library.articles()

        def done(result: tuple[list[WordRecord], list[Article]]) -> None:
            self.standard = standard[0]
            self.records, articles = result
            self.articles = {a.id: a for a in articles}
            self.loaded = True
            self.refresh_table()

        self.context.vocab.run(
            job, done, failed=lambda exc: self.notify(f"Could not read the words: {exc}", severity="error")
        )

    @on(VocabChanged)
    def _changed(self) -> None:
        if self.loaded:
            self.reload()

    def _level(self, r: WordRecord) -> int | None:
        return hsk_level(r.word, self.standard)

    def _matches(self, r: WordRecord, query: str) -> bool:
        if self.status_filter != "any" and r.status != self.status_filter:
            return False
        if self.hsk_filter != "any":
            level = self._level(r)
            if (level is None) != (self.hsk_filter == "beyond") or (
                level is not None and level != self.hsk_filter
            ):
                return False
        if not query:
            return True
        article = self.articles.get(r.article)
        haystack = " ".join(
            [
                r.word,
                r.form,
                r.shown,
                *r.tags,
                article.title if article else "",
                *(article.tags if article else []),
            ]
        )
        return fuzzy_score(query, haystack) is not None

    def _sort_key(self) -> Callable[[WordRecord], Any]:
        return {
            "frequency": lambda r: frequency_rank(r.word) or 10**9,
            "seen": lambda r: r.seen or "",
            "added": lambda r: r.added or "",
            "word": lambda r: (r.word, r.reading),
        }[self.order]

    def refresh_table(self) -> None:
        query = self.query_one("#vocab-filter", Input).value.strip()
        newest_first = self.order in ("seen", "added")
        self.shown = sorted(
            (r for r in self.records if self._matches(r, query)), key=self._sort_key(), reverse=newest_first
        )
        self._table.set_rows(self.shown)
        hsk = (
            "any"
            if self.hsk_filter == "any"
            else level_label(self.hsk_filter if isinstance(self.hsk_filter, int) else None)
        )
        said = f"status {self.status_filter} · HSK {hsk} · by {self.order}"
        box = self.query_one("#vocab-filter", Input)
        box.border_subtitle = f"{len(self.shown)} of {len(self.records)} · {said}"
        self.query_one("#vocab-empty", Static).display = not self.records

    def _cell(self, r: WordRecord, column: Column) -> Text:
        key = column.key
        if key == "word":
            return line(r.form or r.word)
        if key == "reading":
            return line(r.shown or r.reading)
        if key == "status":
            return Text(r.status_value.label)
        if key == "hsk":
            level = self._level(r)
            return Text(level_label(level) if level is not None else "")
        if key == "rank":
            rank = frequency_rank(r.word)
            return Text(f"{rank:,}" if rank else "")
        if key == "seen":
            return line(when(r.seen))
        article = self.articles.get(r.article)
        return line(article.title if article else "")

    def current(self) -> WordRecord | None:
        row = self._table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    # -- filter and order -------------------------------------------------------------------

    @on(Input.Changed, "#vocab-filter")
    def _filter_changed(self) -> None:
        if self.loaded:
            self.refresh_table()

    @on(Input.Submitted, "#vocab-filter")
    def _filter_done(self) -> None:
        self._table.focus()

    def action_filter(self) -> None:
        self.query_one("#vocab-filter", Input).focus()

    def action_status_filter(self) -> None:
        self.status_filter = STATUS_FILTERS[
            (STATUS_FILTERS.index(self.status_filter) + 1) % len(STATUS_FILTERS)
        ]
        self.refresh_table()

    def action_hsk_filter(self) -> None:
        self.hsk_filter = HSK_FILTERS[(HSK_FILTERS.index(self.hsk_filter) + 1) % len(HSK_FILTERS)]
        self.refresh_table()

    def action_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.refresh_table()

    def action_back(self) -> None:
        if self.focused is self.query_one("#vocab-filter"):
            self._table.focus()
            return
        self.dismiss()

    # -- statuses ------------------------------------------------------------------------------

    def action_status(self, name: str) -> None:
        record = self.current()
        if record is not None:
            self.context.vocab.mark([Mark(record.form or record.word, record.reading or None)], Status(name))

    def action_learning(self) -> None:
        record = self.current()
        if record is not None:
            stage = record.stage + 1 if record.status == LEARNING else 1
            self.context.vocab.mark(
                [Mark(record.form or record.word, record.reading or None)], Status(LEARNING, min(stage, 4))
            )

    def action_undo(self) -> None:
        self.context.vocab.undo(lambda n: None if n else self.notify("Nothing to take back.", timeout=2))

    def action_standard(self) -> None:
        """The next HSK lists: 2025 (the exam syllabus), 2021 (the grading standard), 2.0."""
        from reader.core.vocab.levels import STANDARDS

        chosen = STANDARDS[(STANDARDS.index(self.standard) + 1) % len(STANDARDS)]

        def done(value: str) -> None:
            self.standard = value
            self.refresh_table()
            self.context.figures.standard_changed()
            self.notify(f"HSK levels from the {value} lists.", timeout=3)

        self.context.vocab.run(lambda store: store.set_hsk_standard(chosen), done)

    # -- where met ------------------------------------------------------------------------------

    @on(RowTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_sentences()

    def action_sentences(self) -> None:
        record = self.current()
        if record is None:
            return
        figures = self.context.figures.index
        library, articles = self.context.library, dict(self.articles)

        def find() -> list[tuple[str, str]]:
            from reader.core.vocab.article import sentence_at

            found = []
            if record.sentence:
                article = articles.get(record.article)
                found.append((article.title if article else "", record.sentence))
            for article_id, start, end in (
                figures.met_in(record.word, SENTENCES) if figures is not None else []
            ):
                if article_id in articles:
                    sentence = sentence_at(library.document(article_id).text, start, end)
                    if (articles[article_id].title, sentence) not in found:
                        found.append((articles[article_id].title, sentence))
            return found

        def show(found: list[tuple[str, str]]) -> None:
            self.app.push_screen(SentencesScreen(record.form or record.word, found))

        self.context.jobs.run(find, show)

    # -- starting out, and cards ------------------------------------------------------------------

    def action_hsk_known(self) -> None:
        def chosen(level: object) -> None:
            if not isinstance(level, int):
                return
            from reader.core.vocab.wordlists import hsk_words

            standard = self.standard
            self.context.vocab.run(
                lambda store: store.mark_many(
                    [Mark(w) for w in hsk_words(level, standard)], Status(KNOWN), only_new=True
                ),
                lambda n: self.notify(f"{n} words up to HSK {level_label(level)} marked known.", timeout=4),
            )

        self.app.push_screen(LevelScreen(self.standard), chosen)

    def action_import_list(self) -> None:
        def chosen(path: object) -> None:
            if not isinstance(path, str):
                return

            def job(store: Any) -> tuple[int, int]:
                from reader.core.load import load_path
                from reader.core.vocab.wordlists import parse_word_list

                words = parse_word_list(load_path(path).text, csv=path.lower().endswith(".csv"))
                return len(words), store.mark_many([Mark(w) for w in words], Status(KNOWN), only_new=True)

            def done(result: tuple[int, int]) -> None:
                read, marked = result
                if not read:
                    self.notify(
                        "No Chinese words found in that file; nothing was imported.", severity="warning"
                    )
                else:
                    self.notify(f"{read} words read; {marked} marked known; the others kept their status.")

            self.context.vocab.run(
                job, done, failed=lambda exc: self.notify(f"Not imported: {exc}", severity="error")
            )

        self.app.push_screen(ImportScreen(), chosen)

    def action_export(self) -> None:
        shown = list(self.shown)
        default = str(Path("~/reader-cards.apkg").expanduser())

        def chosen(choice: object) -> None:
            if isinstance(choice, ExportChoice):
                self._export(choice, shown)

        self.app.push_screen(ExportScreen(len(shown), default), chosen)

    def _export(self, choice: ExportChoice, shown: list[WordRecord]) -> None:
        library = self.context.library
        path = Path(choice.path)

        def job(store: Any) -> int:
            from reader.core.vocab.cards import cards_of, write_cards

            if choice.which == "shown":
                records = shown
            else:
                wanted = {LEARNING} if choice.which == "learning" else None
                records = [r for r in store.entries() if wanted is None or r.status in wanted]
            cards = cards_of(records, library, store)
            if cards:
                write_cards(cards, path, "tsv" if path.suffix.lower() == ".tsv" else "apkg")
            return len(cards)

        def done(count: int) -> None:
            if count:
                self.notify(f"{count} cards written to {path}", timeout=6)
            else:
                self.notify("No words to export with this choice.", severity="warning")

        self.context.vocab.run(
            job, done, failed=lambda exc: self.notify(f"Not exported: {exc}", severity="error")
        )
