"""The reader screen: one article, a word cursor, pinyin, scripts, search, highlights, contents, raw view.

The screen declares every key and wires its parts together; the work is
theirs: :class:`~reader.ui.reading.loading.ArticleLoader` opens the article,
:class:`~reader.ui.reading.highlights.Highlights` edits its highlights,
:class:`~reader.ui.reading.choices.ViewChoices` keeps the view's choices, and
the :class:`~reader.ui.widgets.search_bar.SearchBar` searches.

``n`` is both "next search match" and "note": while a search is on (from
Enter in the search box until Esc) ``n``/``N`` move between the matches,
otherwise ``n`` writes a note. Esc ends a search, or (with none on) goes back.
Two bindings share each such key and :meth:`ReaderScreen.check_action` turns
one of them off, so the key falls through to the other and the footer, help
and palette show the one in force. While the raw source is shown, only what
applies to it is offered.

``/`` is a priority binding: it is acted on as the key arrives, before the
keys typed after it are handed to a widget, so a fast ``/fazhan`` types all
of ``fazhan`` into the search box.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import LoadingIndicator

from reader.core.library import Article
from reader.core.prepare import Prepared
from reader.core.sanitize import visible_line
from reader.ui.context import Context
from reader.ui.messages import Warmed
from reader.ui.notes import NotesSaved
from reader.ui.reading.choices import ViewChoices
from reader.ui.reading.corrections import Corrections
from reader.ui.reading.highlights import Highlights
from reader.ui.reading.loading import ArticleLoader, Opened, OpenFailed, ReadingsArrived, ViewReadings
from reader.ui.reading.status import reading_status
from reader.ui.reading.words import WordStatuses
from reader.ui.screens.dialogs import TocScreen
from reader.ui.screens.dictionary import DictionaryScreen
from reader.ui.vocab import VocabChanged, VocabReady
from reader.ui.widgets.article import ArticleView, Highlight
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.raw import RawView
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.status import StatusLine

# What still applies while the raw source is shown instead of the article (it has no word cursor).
RAW_ACTIONS = frozenset({"raw", "back", "annotations"})
SAVE_EVERY = 5.0  # seconds between saves of the reading position while reading


class ReaderScreen(Screen[None]):
    BINDINGS = [
        Binding("p", "pinyin", "Pinyin", id="reader.pinyin"),
        Binding("P", "pinyin_style", "Pinyin style", id="reader.pinyin-style"),
        Binding("c", "tones", "Tone colours", id="reader.tones"),
        Binding("A", "presentation('spaced')", "Syllables apart", id="reader.spaced", show=False),
        Binding("T", "presentation('sandhi')", "Tone sandhi of 一 and 不", id="reader.sandhi", show=False),
        Binding("E", "presentation('erhua')", "Erhua as r or er", id="reader.erhua", show=False),
        Binding("s", "script", "Script", id="reader.script"),
        Binding("enter", "dictionary", "Dictionary", id="reader.dictionary"),
        Binding("o", "toc", "Contents", id="reader.toc"),
        Binding("slash", "search", "Search", id="reader.search", priority=True),
        Binding("n", "match(1)", "Next match", id="reader.match-next"),
        Binding("N", "match(-1)", "Previous match", id="reader.match-prev", show=False),
        Binding("escape", "end_search", "End search", id="reader.search-end"),
        Binding("r", "raw", "Raw", id="reader.raw"),
        Binding("q,escape", "back", "Library", id="reader.back"),
        # Highlights (see reader.ui.reading.highlights).
        Binding("h", "highlight", "Highlight", id="reader.highlight"),
        *(
            Binding(str(c), f"color({c})", f"Highlight colour {c}", id=f"reader.color-{c}", show=False)
            for c in range(1, 6)
        ),
        Binding("S", "sentence_select", "Select sentence", id="reader.sentence", show=False),
        Binding("t", "tags", "Tags", id="reader.tags", show=False),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("x", "delete_highlight", "Delete highlight", id="reader.delete", show=False),
        Binding("u", "undo", "Undo delete", id="reader.undo", show=False),
        Binding(
            "right_square_bracket",
            "next_highlight(1)",
            "Next highlight",
            id="reader.next-highlight",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "next_highlight(-1)",
            "Previous highlight",
            id="reader.prev-highlight",
            show=False,
        ),
        Binding("m", "notes_panel", "Notes panel", id="reader.notes-panel", show=False),
        Binding("H", "app.annotations", "All highlights", id="reader.annotations", show=False),
        # Word statuses (see reader.ui.reading.words).
        Binding("K", "word_status('known')", "Word known", id="reader.word-known", show=False),
        Binding("L", "word_learning", "Word learning (next stage)", id="reader.word-learning", show=False),
        Binding("I", "word_status('ignored')", "Word ignored", id="reader.word-ignored", show=False),
        Binding("0", "word_status('new')", "Word new again", id="reader.word-new", show=False),
        Binding("M", "page_known", "New words on screen known", id="reader.page-known", show=False),
        Binding(
            "ctrl+k",
            "page_known(True)",
            "New words up to the cursor known",
            id="reader.known-to-cursor",
            show=False,
        ),
        Binding("U", "undo_status", "Undo word status", id="reader.word-undo", show=False),
        Binding("W", "word_statuses", "Show word statuses", id="reader.word-statuses", show=False),
        Binding(
            "Y", "pinyin_above", "Unknown pinyin above an HSK level", id="reader.pinyin-above", show=False
        ),
        Binding("V", "app.vocabulary", "Vocabulary", id="reader.vocabulary", show=False),
        Binding("J", "join_word", "Join word with the next", id="reader.join", show=False),
        Binding("X", "split_word", "Split word", id="reader.split", show=False),
    ]
    DEFAULT_CSS = """
    ReaderScreen LoadingIndicator { height: 1fr; }
    ReaderScreen ToastRack { margin-bottom: 2; }  /* above the status line and the footer */
    """

    def __init__(self, context: Context, article: Article, *, passage: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.context = context
        self.article = article
        self.passage = passage  # open with this range selected (from the list of highlights)
        self.prepared: Prepared | None = None
        self.loader = ArticleLoader(self, context, article)
        self.choices = ViewChoices(self, context, article.id)
        self.highlights = Highlights(self, context, article.id, lambda: self.view, self._paint_highlights)
        self.words = WordStatuses(self, context, article.id, lambda: self.view, self._show_status)
        self.corrections = Corrections(self, context, lambda: self.view, self._corrected)
        self._saved_position: int | None = article.position

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        panel = NotesPanel(id="notes")
        panel.display = False
        yield panel
        yield SearchBar(id="search")
        yield StatusLine()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.sub_title = visible_line(self.article.title)
        self.watch(self.search, "searching", lambda _query: self._show_status(), init=False)
        self._show_status()
        self.loader.start()
        self.context.vocab.open()
        self.set_interval(SAVE_EVERY, self.save_position)

    @property
    def view(self) -> ArticleView | None:
        views = self.query(ArticleView)
        return views.first() if views else None

    @property
    def search(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def panel(self) -> NotesPanel:
        return self.query_one(NotesPanel)

    # -- opening -------------------------------------------------------

    @on(OpenFailed)
    def _failed(self, message: OpenFailed) -> None:
        self.notify(message.reason, severity="error")
        self.dismiss()

    @on(Opened)
    async def _opened(self, message: Opened) -> None:
        """The text is ready: show it, with the focus on it, and place its highlights."""
        prepared = self.prepared = message.prepared
        view = ArticleView(
            prepared.document,
            prepared.script,
            cursor=self.article.position,
            options=self.choices.initial(),
            selection=self.passage,
            readings=prepared.readings,
            id="article",
        )
        await self.query_one(LoadingIndicator).remove()
        await self.mount(view, before=self.search)
        self.set_focus(view)
        self.search.attach(view, prepared)
        self.highlights.load(prepared.text)
        self.words.place()
        self.context.jobs.run(lambda: self.context.library.update(self.article.id, opened=True))

    @on(ReadingsArrived)
    def _readings(self, message: ReadingsArrived) -> None:
        prepared = message.prepared
        if prepared.readings is None or prepared.readings.complete:
            self.prepared = prepared
        view = self.view
        if view is not None and prepared.readings is not None:
            view.set_words(prepared.readings)
            self.search.attach(view, self.prepared or prepared)
            self.words.place()
            self._want_view_readings()
        self._show_status()

    @on(ArticleView.FirstLayout)
    def _first_layout(self) -> None:
        self._want_view_readings()  # an article that opens in a converted script it remembered

    def _want_view_readings(self) -> None:
        """Ask for the shown script's own readings when it is a conversion that changed the text."""
        view = self.view
        text = view.needs_view_readings() if view is not None and view.options.ready else None
        if view is not None and text is not None:
            self.loader.read_view(view.options.script, text)

    @on(ViewReadings)
    def _view_read(self, message: ViewReadings) -> None:
        view = self.view
        if view is not None:
            view.set_words(message.readings, script=message.script)
            self._show_status()

    def on_warmed(self, message: Warmed) -> None:
        self._show_status()

    @on(VocabReady)
    def _vocab_ready(self) -> None:
        self.words.place()

    @on(VocabChanged)
    def _vocab_changed(self, message: VocabChanged) -> None:
        self.words.heard(message.words)

    # -- keeping the parts in step -------------------------------------------

    @on(ArticleView.Configured)
    def _configured(self, message: ArticleView.Configured) -> None:
        self.choices.remember(message.view.options)
        self._want_view_readings()
        self._show_status()

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self._show_status()
        panel = self.panel
        if panel.display and not panel.has_focus:
            panel.follow(message.offset)

    def _paint_highlights(self) -> None:
        """The highlights changed: repaint them, the notes panel and the status line."""
        anns = self.highlights.annotations
        view = self.view
        if view is not None:
            view.set_highlights(
                [Highlight(a.start, a.end, a.color, bool(a.note.strip())) for a in anns if not a.orphan]
            )
        self.panel.show_annotations(anns)
        if view is not None:
            self.panel.follow(view.cursor)
        self._show_status()

    @on(NotesSaved)
    def _notes_saved(self, message: NotesSaved) -> None:
        self.highlights.saved(message)
        self._show_status()

    def on_app_focus(self) -> None:
        self.highlights.poll()

    @on(NotesPanel.Selected)
    def _panel_selected(self, message: NotesPanel.Selected) -> None:
        view = self.view
        ann = next((a for a in self.highlights.annotations if a.id == message.annotation_id), None)
        if view is None or ann is None:
            return
        if ann.orphan:
            self.notify(
                "This passage is no longer in the article (the text changed); its note is kept.",
                severity="warning",
                timeout=4,
            )
            return
        view.move_to(ann.start)
        view.focus()

    @on(RawView.ChangeShown)
    def _repair_shown(self) -> None:
        self._show_status()

    @property
    def raw_shown(self) -> bool:
        return bool(self.query(RawView))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.raw_shown and action not in RAW_ACTIONS:
            return False  # nothing to act on: the raw view has no word cursor
        if action == "search":
            return self.view is not None and self.focused is not self.search
        searching = self.search.active
        if action == "end_search":
            return searching or bool(self.search.display)
        if action == "match":
            return searching
        if action == "note":
            return not searching
        return True

    def _show_status(self) -> None:
        status = self.query_one(StatusLine)
        raws = self.query(RawView)
        if raws:
            status.show(*raws.first().describe())
            return
        view = self.view
        if view is None:
            status.show("", "", "", "opening…")
            return
        said = reading_status(
            view,
            dictionary="dictionary" in self.context.ready,
            length=len(self.prepared.text) if self.prepared is not None else 0,
            search=self.search.position(),
            highlight=self.highlights.status(),
            save_state=self.highlights.save_state,
            word_info=self.words.info(),
        )
        status.show(said.word, said.pinyin, said.gloss, said.info, said.learner)

    # -- actions: the view -----------------------------------------------------

    def action_pinyin(self) -> None:
        self.choices.pinyin(self.view)

    def action_pinyin_style(self) -> None:
        self.choices.style(self.view)

    def action_tones(self) -> None:
        self.choices.tones(self.view)

    def action_presentation(self, name: str) -> None:
        if self.view is not None:
            self.choices.toggle(self.view, name)

    def action_script(self) -> None:
        if self.view is not None:
            self.choices.script(self.view)

    def action_search(self) -> None:
        self.search.open()

    def action_match(self, direction: int) -> None:
        self.search.step(direction)

    def action_end_search(self) -> None:
        self.search.end()

    def action_dictionary(self) -> None:
        """The word's dictionary entries (in the script shown), under the note of the highlight it is in."""
        view = self.view
        if view is None or view.view is None:
            return
        ann = self.highlights.at_cursor()
        note = ann.note if ann is not None else ""
        ready = "dictionary" in self.context.ready
        if not ready and not note:
            self.notify("The dictionary is still loading.")
            return
        word = view.word_shown
        entries = []
        if word and ready:
            from reader.core.dictionary import lookup

            # The dictionary's form of the reading shown picks the entry: 一個 read yígè is yi1 ge4.
            reading = view.view.dictionary_pinyin(*view.word) if view.options.ready else ""
            entries = lookup(word, reading or None)
        if word or note:
            self.app.push_screen(DictionaryScreen(word, entries, note=note, script=view.options.script))

    def action_toc(self) -> None:
        view = self.view
        if view is None:
            return

        def jump(offset: object) -> None:
            if isinstance(offset, int):
                view.move_to(offset, top=True)

        self.app.push_screen(TocScreen(view.document.toc(), view.cursor), jump)

    def action_raw(self) -> None:
        raws = self.query(RawView)
        view = self.view
        if raws:
            raws.remove()
            if view is not None:
                view.display = True
                view.focus()
        elif view is not None:
            doc = view.document
            view.display = False
            raw = RawView(doc, offset=doc.offsets.to_src(view.cursor), id="raw")
            self.mount(raw, before=self.search)
            raw.focus()
        else:
            return
        self.call_after_refresh(self._raw_toggled)

    def _raw_toggled(self) -> None:
        self.refresh_bindings()  # the footer offers only what applies
        self._show_status()

    # -- actions: highlights ---------------------------------------------------

    def action_highlight(self) -> None:
        self.highlights.highlight()

    def action_color(self, color: int) -> None:
        self.highlights.color(color)

    def action_sentence_select(self) -> None:
        self.highlights.select_sentence()

    def action_tags(self) -> None:
        self.highlights.tags()

    def action_note(self) -> None:
        self.highlights.note()

    def action_delete_highlight(self) -> None:
        self.highlights.delete()

    def action_undo(self) -> None:
        self.highlights.undo()

    def action_next_highlight(self, direction: int) -> None:
        self.highlights.step(direction)

    def action_notes_panel(self) -> None:
        """Show the notes panel and focus it; from the panel, hide it and go back to the article."""
        panel, view = self.panel, self.view
        if panel.display and panel.has_focus:
            panel.display = False
            if view is not None:
                view.focus()
            return
        panel.display = True
        if view is not None:
            panel.follow(view.cursor)
        if panel.highlighted is None and panel.annotations:
            panel.highlighted = 0
        panel.focus()

    # -- actions: word statuses ------------------------------------------------

    def action_word_status(self, name: str) -> None:
        self.words.set(name)

    def action_word_learning(self) -> None:
        self.words.learning()

    def action_page_known(self, to_cursor: bool = False) -> None:
        self.words.page_known(to_cursor=to_cursor)

    def action_undo_status(self) -> None:
        self.words.undo()

    def action_word_statuses(self) -> None:
        self.choices.statuses(self.view)

    def action_pinyin_above(self) -> None:
        self.choices.pinyin_above(self.view)

    def action_join_word(self) -> None:
        self.corrections.join()

    def action_split_word(self) -> None:
        self.corrections.split()

    def _corrected(self) -> None:
        """A join or split was saved: read the article (and a converted view's text) again."""
        view = self.view
        if view is not None:
            view.forget_view_readings()
        self.loader.reread()

    # -- leaving ---------------------------------------------------------

    def save_position(self) -> None:
        """Save the reading position if it moved (in the background: the library's lock may be busy)."""
        view = self.view
        if view is None or view.cursor == self._saved_position:
            return
        position = self._saved_position = view.cursor
        library, article_id = self.context.library, self.article.id

        def failed(exc: Exception) -> None:
            self._saved_position = None  # tried again at the next look
            self.app.notify(str(exc), severity="error")

        self.context.jobs.run(lambda: library.update(article_id, position=position), failed=failed)

    def action_back(self) -> None:
        if self.raw_shown:
            self.action_raw()
            return
        self.save_position()
        self.dismiss()
