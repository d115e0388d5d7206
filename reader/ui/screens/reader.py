"""The reader screen: one article, a word cursor, pinyin, scripts, search, contents, raw view.

Highlights, tags and notes are the other half of the screen, in
:mod:`reader.ui.screens.annotating`, and searching is in
:mod:`reader.ui.screens.searching`; every key of all three is declared here.

``n`` is both "next search match" and "note": while a search is on (from
Enter in the search box until Esc) ``n``/``N`` move between the matches,
otherwise ``n`` writes a note. Esc ends a search, or (with none on) goes back.
Two bindings share each such key and :meth:`ReaderScreen.check_action` turns
one of them off, so the key falls through to the other and the footer, help
and palette show the one in force. While the raw source is shown, only what
applies to it is offered.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import LoadingIndicator

from reader.core.notes import ArticleNotes
from reader.core.convert import SCRIPT_LABELS, SCRIPTS
from reader.core.library import Article, LibraryError
from reader.core.pinyin import Style
from reader.core.prepare import Prepared
from reader.core.sanitize import visible_line
from reader.ui.widgets.footer import ReaderFooter
from reader.ui.messages import Warmed
from reader.ui.screens.searching import SearchingScreen
from reader.ui.screens.dialogs import DictionaryScreen, TocScreen
from reader.ui.settings import PINYIN_MODES, PINYIN_STYLES, TONE_SCHEMES, cycle
from reader.ui.widgets.article import ArticleView, ViewOptions
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.raw import RawView
from reader.ui.widgets.search_box import SearchBox
from reader.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

PINYIN_LABELS = {"all": "pinyin", "cursor": "pinyin: word", "off": "no pinyin"}
PINYIN_CHOSEN = {"all": "Pinyin over every word", "cursor": "Pinyin over the word under the cursor",
                 "off": "No pinyin"}
# What still applies while the raw source is shown instead of the article (it has no word cursor).
RAW_ACTIONS = frozenset({"raw", "back", "annotations"})
SAVE_EVERY = 5.0  # seconds between saves of the reading position while reading


class ReaderScreen(SearchingScreen):
    BINDINGS = [
        Binding("p", "pinyin", "Pinyin", id="reader.pinyin"),
        Binding("P", "pinyin_style", "Pinyin style", id="reader.pinyin-style"),
        Binding("c", "tones", "Tone colours", id="reader.tones"),
        Binding("s", "script", "Script", id="reader.script"),
        Binding("enter", "dictionary", "Dictionary", id="reader.dictionary"),
        Binding("o", "toc", "Contents", id="reader.toc"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("n", "match(1)", "Next match", id="reader.match-next"),
        Binding("N", "match(-1)", "Previous match", id="reader.match-prev", show=False),
        Binding("escape", "end_search", "End search", id="reader.search-end"),
        Binding("r", "raw", "Raw", id="reader.raw"),
        Binding("q,escape", "back", "Library", id="reader.back"),
        # Annotations (see reader.ui.screens.annotating).
        Binding("h", "highlight", "Highlight", id="reader.highlight"),
        *(Binding(str(c), f"color({c})", f"Highlight colour {c}", id=f"reader.color-{c}", show=False)
          for c in range(1, 6)),
        Binding("S", "sentence_select", "Select sentence", id="reader.sentence", show=False),
        Binding("t", "tags", "Tags", id="reader.tags", show=False),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("x", "delete_highlight", "Delete highlight", id="reader.delete", show=False),
        Binding("u", "undo", "Undo delete", id="reader.undo", show=False),
        Binding("right_square_bracket", "next_highlight(1)", "Next highlight", id="reader.next-highlight",
                show=False),
        Binding("left_square_bracket", "next_highlight(-1)", "Previous highlight",
                id="reader.prev-highlight", show=False),
        Binding("m", "notes_panel", "Notes panel", id="reader.notes-panel", show=False),
        Binding("H", "app.annotations", "All highlights", id="reader.annotations", show=False),
    ]
    DEFAULT_CSS = """
    ReaderScreen LoadingIndicator { height: 1fr; }
    ReaderScreen #search { display: none; height: 3; }
    ReaderScreen ToastRack { margin-bottom: 2; }  /* above the status line and the footer */
    """

    app: ReaderApp

    def __init__(self, article: Article, *, passage: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.article = article
        self.passage = passage  # open with this range selected (from the annotations list)
        self.prepared: Prepared | None = None
        self._saved = article.position

    # -- opening -------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        panel = NotesPanel(id="notes")
        panel.display = False
        yield panel
        yield SearchBox(placeholder="search: text in any script, or pinyin (xuéyuàn, xue2yuan4, xueyuan)",
                        id="search")
        yield StatusLine()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.sub_title = visible_line(self.article.title)
        self._show_status()
        self.load()
        self.set_interval(SAVE_EVERY, self.save_position)

    @work(thread=True, exclusive=True, group="open")
    def load(self) -> None:
        """Clean (or read the cached) text off the UI thread; then its first screen's readings; then all."""
        library = self.app.library
        try:
            prepared = library.prepared(self.article.id, segment=False)
        except LibraryError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except Exception as exc:  # a bug in the pipeline: say so, keep the app, log the traceback
            self.log.error(exc)
            self.app.call_from_thread(self._failed, f"could not open the article: {type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self._opened, prepared)
        self._anchor(prepared.text)
        try:
            if prepared.readings is None:
                self._read_first_screen(prepared)
            segmented = library.prepared(self.article.id, segment=True, isolate=True)
        except Exception as exc:  # without words the article still reads, a character at a time
            self.log.error(exc)
            self.app.call_from_thread(self.notify, f"could not split the text into words: {exc}",
                                      severity="error")
            return
        if segmented.readings is not None:
            self.app.call_from_thread(self._segmented, segmented)

    @work(thread=True, group="anchor")
    def _anchor(self, text: str) -> None:
        """Place the highlights while the readings are prepared (both take a while on a long article)."""
        self._place_annotations(text)

    FIRST_SCREEN = 2_000  # characters read first (a tall screen holds about this many), then the whole article

    def _read_first_screen(self, prepared: Prepared) -> None:
        """Readings of the whole lines around the reading position, by the preparing process (worker thread).

        Lines are read exactly as in the whole text (words and sentences never
        cross a line), so these readings are the final ones for that part; for
        a short article they are all of them (the prepared article, cached on
        disk for next time, follows).
        """
        from reader.core.prepare import read_isolated
        from reader.core.syllables import Readings
        from reader.core.view import rough_tokens

        text = prepared.text
        at = min(self.article.position, len(text))
        start = text.rfind("\n", 0, max(0, at - self.FIRST_SCREEN // 4)) + 1
        end = text.find("\n", min(len(text), at + self.FIRST_SCREEN))
        end = len(text) if end < 0 else end + 1
        part = read_isolated(text[start:end], self.app.locations, keep=False)
        whole = start == 0 and end == len(text)  # a short article is read whole at once
        readings = part if whole else Readings.spliced(text, start, part, rough_tokens(text))
        self.app.call_from_thread(self._segmented, Prepared(prepared.document, prepared.script, readings))

    @work(thread=True, group="view-readings")
    def _read_view(self, script: str, text: str) -> None:
        """Readings of a converted view's own text (人工智慧 zhìhuì), by the preparing process."""
        from reader.core.prepare import read_isolated

        try:
            readings = read_isolated(text, self.app.locations)
        except Exception as exc:  # noqa: BLE001 - the view shows the original's readings where they apply
            self.log.error(exc)
            return
        self.app.call_from_thread(self._view_read, script, readings)

    def _view_read(self, script: str, readings: object) -> None:
        view = self.view
        if view is not None:
            view.set_words(readings, script=script)  # type: ignore[arg-type]
            self._show_status()

    def _place_annotations(self, text: str) -> None:
        """Anchor every annotation of the article in its current text (worker thread)."""
        notes = self.app.notes
        store = notes.wait()
        if store is None:
            return  # the app has said why
        placed, problem = ArticleNotes.load(store, self.article.id, text)
        if problem:  # placed in memory, but the new places could not be saved
            self.app.call_from_thread(self.notify, problem, severity="error")
        self.app.call_from_thread(self._stored_annotations, placed.annotations, text)

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error")
        self.dismiss()

    def _opened(self, prepared: Prepared) -> None:
        self.prepared = prepared
        options = self._initial_options()
        view = ArticleView(prepared.document, prepared.script, cursor=self.article.position, options=options,
                           selection=self.passage, readings=prepared.readings, id="article")
        self.query_one(LoadingIndicator).remove()
        self.mount(view, before=self.query_one("#search"))
        view.focus()
        if self.annotations:
            self.set_annotations(self.annotations)
        try:
            self.app.library.update(self.article.id, opened=True)
        except LibraryError as exc:  # a full or read-only disk: reading goes on
            self.notify(str(exc), severity="error")

    def _initial_options(self) -> ViewOptions:
        """The article's own script and pinyin mode (or the default for new ones); style and tones."""
        s = self.app.settings
        script, pinyin = s.choices(self.article.id)
        return ViewOptions(script=script, pinyin=pinyin, style=Style(s.pinyin_style), tones=s.tones)

    @on(ArticleView.Configured)
    def _configured(self, message: ArticleView.Configured) -> None:
        """Remember this article's script and pinyin mode (and make them the default for new ones)."""
        options = message.view.options
        self.app.settings.remember(self.article.id, script=options.script, pinyin=options.pinyin)
        self.app.save_settings()
        self._show_status()

    def _segmented(self, prepared: Prepared) -> None:
        if prepared.readings is None or prepared.readings.complete:
            self.prepared = prepared
        view = self.view
        if view is not None and prepared.readings is not None:
            view.set_words(prepared.readings)
            self._want_view_readings()
        self._show_status()

    def _want_view_readings(self) -> None:
        """Ask for the shown script's own readings when it is a conversion that changed the text."""
        view = self.view
        text = view.needs_view_readings() if view is not None and view.options.ready else None
        if view is not None and text is not None:
            self._read_view(view.options.script, text)

    def on_warmed(self, message: Warmed) -> None:
        self._show_status()

    def on_article_view_first_layout(self, message: ArticleView.FirstLayout) -> None:
        self.app.first_paint("article")

    # -- status ----------------------------------------------------------

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self._show_status()
        panel = self.query_one(NotesPanel)
        if panel.display and not panel.has_focus:
            panel.follow(message.offset)

    @property
    def raw_shown(self) -> bool:
        return bool(self.query(RawView))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.raw_shown and action not in RAW_ACTIONS:
            return False  # nothing to act on: the raw view has no word cursor
        searching = self.searching
        if action == "end_search":
            return searching or bool(self.query_one("#search", SearchBox).display)
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
        ready = self.app.ready
        info = []
        if view is None or view.view is None:
            status.show("", "", "", "opening…")
            return
        opts = view.options
        info.append(SCRIPT_LABELS[opts.script])
        info.append(PINYIN_LABELS[opts.pinyin])
        if self.prepared is not None and self.prepared.text:
            info.append(f"{view.cursor * 100 // max(len(self.prepared.text), 1)}%")
        if not opts.ready or "dictionary" not in ready:
            info.insert(0, "preparing…")
        start, end = view.word
        vs, ve = view.view.conversion.map.range_to_dst(start, end)
        word = view.view.view_text[vs:ve].strip()
        pinyin = gloss = ""
        if word and opts.ready:
            pinyin = view.view.pinyin_of(start, end, opts.style)
        if word and "dictionary" in ready:
            from reader.core.dictionary import gloss as gloss_of

            # The reading shown picks the sense: 與 read yǔ is "and", not "variant of 歟".
            reading = view.view.pinyin_of(start, end, Style.NUMBERS) if opts.ready else None
            gloss = visible_line(gloss_of(word, reading) or "")
        if view.selection is not None:
            a, b = view.selection
            info.insert(0, f"selection {b - a}")
        if view.matches:
            i = bisect_right(view.matches, (view.cursor, 1 << 30))
            info.insert(0, f"match {i}/{len(view.matches)}")
        elif self.searching:
            info.insert(0, "not found")
        highlight = self.highlight_status()
        if highlight:
            info.insert(0, highlight)
        if self.save_state:
            info.append(self.save_state)
        status.show(visible_line(word), visible_line(pinyin), gloss, visible_line(" · ".join(info)))

    # -- actions ---------------------------------------------------------

    def _cycle_setting(self, name: str, choices: tuple[str, ...]) -> str:
        settings = self.app.settings
        value = cycle(getattr(settings, name), choices)
        setattr(settings, name, value)
        self.app.save_settings()
        return value

    def action_pinyin(self) -> None:
        """The next pinyin mode for this article; chosen before the words are ready, it applies when they are."""
        view = self.view
        if view is None:
            script, current = self.app.settings.choices(self.article.id)
            value = cycle(current, PINYIN_MODES)
            self.app.settings.remember(self.article.id, script=script, pinyin=value)
            self.app.save_settings()
        else:
            value = cycle(view.options.pinyin, PINYIN_MODES)
            view.configure(pinyin=value)
        if view is None or not view.options.ready:
            later = "" if value == "off" else ": it shows once the words are ready"
            self.notify(f"{PINYIN_CHOSEN[value]}{later}.", timeout=3)

    def action_pinyin_style(self) -> None:
        value = self._cycle_setting("pinyin_style", PINYIN_STYLES)
        if self.view is not None:
            self.view.configure(style=Style(value))

    def action_tones(self) -> None:
        value = self._cycle_setting("tones", TONE_SCHEMES)
        if self.view is not None:
            self.view.configure(tones=value)
        self.notify(f"Tone colours: {value}", timeout=2)

    def action_script(self) -> None:
        view = self.view
        if view is None:
            return
        script = SCRIPTS[(SCRIPTS.index(view.options.script) + 1) % len(SCRIPTS)]
        view.configure(script=script)
        self._want_view_readings()

    def action_dictionary(self) -> None:
        """The word's dictionary entries, under the note of the highlight the cursor is on."""
        view = self.view
        if view is None or view.view is None:
            return
        ann = self.highlight_at()
        note = ann.note if ann is not None else ""
        if "dictionary" not in self.app.ready and not note:
            self.notify("The dictionary is still loading.")
            return
        from reader.core.dictionary import lookup

        vs, ve = view.view.conversion.map.range_to_dst(*view.word)
        word = view.view.view_text[vs:ve].strip()
        reading = view.view.pinyin_of(*view.word, Style.NUMBERS) if view.options.ready else None
        entries = lookup(word, reading) if word and "dictionary" in self.app.ready else []
        if word or note:
            self.app.push_screen(DictionaryScreen(word, entries, note=note))

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
            self.call_after_refresh(self._raw_toggled)
            return
        if view is None:
            return
        doc = view.document
        view.display = False
        raw = RawView(doc, offset=doc.offsets.to_src(view.cursor), id="raw")
        self.mount(raw, before=self.query_one("#search"))
        raw.focus()
        self.call_after_refresh(self._raw_toggled)

    def _raw_toggled(self) -> None:
        self.refresh_bindings()  # the footer offers only what applies
        self._show_status()

    @on(RawView.ChangeShown)
    def _repair_shown(self, message: RawView.ChangeShown) -> None:
        self._show_status()

    def save_position(self) -> None:
        view = self.view
        if view is None or view.cursor == self._saved:
            return
        try:
            self.app.library.update(self.article.id, position=view.cursor)
            self._saved = view.cursor
        except LibraryError as exc:
            self.notify(str(exc), severity="error")

    def action_back(self) -> None:
        if self.query(RawView):
            self.action_raw()
            return
        self.save_position()
        self.dismiss()
