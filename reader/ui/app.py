"""The Textual app: wires the library, settings, themes and keymap to the screens.

The app owns what the screens share (a :class:`~reader.ui.context.Context`)
and decides what opens: screens ask with messages (:class:`OpenArticle`) and
never import the app. The reader and the list of highlights are imported
when first opened: the library's first frame does not wait for their code.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.core.library import Article, Library, LibraryError
from reader.core.paths import Locations
from reader.core.sanitize import visible, visible_line
from reader.core.storage import StoreError
from reader.ui.background import Serial
from reader.ui.context import Context
from reader.ui.figures import Figures
from reader.ui.highlight_colors import HIGHLIGHT_VARIABLE_DEFAULTS
from reader.ui.messages import LibraryListed, OpenArticle, Warmed
from reader.ui.notes import Notes, NotesReady
from reader.ui.screens.library import LibraryScreen
from reader.ui.settings import Settings, SettingsError, load_keymap
from reader.ui.themes import BUNDLED_THEMES, VARIABLE_DEFAULTS, load_themes
from reader.ui.vocab import Vocab

if TYPE_CHECKING:
    from reader.ui.screens.reader import ReaderScreen

# Failures whose message is written for the user; anything else is a bug and says what kind it is.
EXPECTED = (LibraryError, StoreError, SettingsError)


class ReaderApp(App[None]):
    TITLE = "reader"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(self, locations: Locations, *, open_article: str | None = None, warm: bool = True) -> None:
        settings, settings_problem = Settings.load(locations.settings_file)
        self._open_article = open_article
        self._warm = warm
        self._problems = [settings_problem] if settings_problem else []
        super().__init__()
        library = Library(locations)
        vocab = Vocab(self, locations.data / "vocab.json")
        self.context = Context(
            locations,
            library,
            Notes(self, locations.database),
            settings,
            Serial(self, "library", self._failed),
            vocab,
            Figures(self, locations, library, vocab, count=warm),
        )
        themes, errors = load_themes(BUNDLED_THEMES, locations.themes)
        self._problems.extend(errors)
        for theme in themes:
            self.register_theme(theme)
        self.theme = settings.theme if settings.theme in self.available_themes else "reader-dark"
        # Textual's own themes lack the reader's colours (pinyin, cursor, highlights): offer ours only.
        ours = {theme.name for theme in themes}
        for name in list(self.available_themes):
            if name not in ours:
                self.unregister_theme(name)

    # What the screens share, by the names the rest of the program knows them by.
    @property
    def locations(self) -> Locations:
        return self.context.locations

    @property
    def library(self) -> Library:
        return self.context.library

    @property
    def notes(self) -> Notes:
        return self.context.notes

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def ready(self) -> set[str]:
        return self.context.ready

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast shows its message as text: titles, paths and errors in it are data, not markup."""
        super().notify(
            visible(str(message)),
            title=visible_line(str(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _failed(self, exc: Exception) -> None:
        """A background job failed: say so (a bug also goes to the log with its traceback)."""
        if isinstance(exc, EXPECTED):
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.log.error(exc)
        self.notify(f"{type(exc).__name__}: {exc}", severity="error", timeout=10)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**VARIABLE_DEFAULTS, **HIGHLIGHT_VARIABLE_DEFAULTS}

    def on_mount(self) -> None:
        keymap, problem = load_keymap(self.locations.keymap_file)
        if problem:
            self._problems.append(problem)
        if keymap:
            self.set_keymap(keymap)
        for problem in self._problems:
            self.notify(problem, severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(LibraryScreen(self.context))
        if self._open_article:
            ref = self._open_article
            self.context.jobs.run(
                lambda: self.library.find(ref), lambda article: self.post_message(OpenArticle(article))
            )

    @on(LibraryListed)
    def _listed(self) -> None:
        """The library is on screen: say what reading it found (damage repaired, a read-only home), open
        the notes (their counts follow) and load what reading needs.

        Both take the processor for a while (100,000 notes take most of a second); started earlier,
        they would hold up the library's first rows.
        """
        if self.notes.opening:
            return
        self.context.jobs.run(self.library.take_notices, self._show_notices)
        self.notes.open(self._notes_opened)
        self.context.vocab.open()
        if self._warm:
            self.warm_up()

    def _show_notices(self, notices: list[str]) -> None:
        """What the library found when it was read (damage repaired, a read-only home), once each."""
        for notice in notices:
            self.notify(notice, severity="warning", timeout=30)

    def _notes_opened(self) -> None:
        notes = self.notes
        if notes.problem:
            self.notify(
                f"Highlights and notes are unavailable: {notes.problem}", severity="error", timeout=15
            )
        elif notes.store is not None:
            for notice in notes.store.take_notices():
                self.notify(notice, severity="warning", timeout=60)
        for screen in self.screen_stack:
            screen.post_message(NotesReady(notes.problem))

    # -- background loading ---------------------------------------------------

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """Start the preparing process and load CC-CEDICT after the first screen is drawn.

        Words and readings are not loaded here: the preparing process
        (``reader.core.prepare.Preparer``) loads the segmenter, pypinyin and
        the polyphone model once for the session, so they never take memory
        in the app's process, and the first article opened finds them warm.
        """
        from reader.core import dictionary
        from reader.core.prepare import preparer

        try:
            preparer(self.locations).start()
        except OSError as exc:  # articles still open; each asks again when it needs readings
            self.call_from_thread(self.notify, f"Could not start preparing readings: {exc}", severity="error")
        try:
            dictionary.warm_up()
        except Exception as exc:
            self.call_from_thread(self.notify, f"Could not load the dictionary: {exc}", severity="error")
            return
        self.call_from_thread(self._warmed, "dictionary")

    def _warmed(self, part: str) -> None:
        self.ready.add(part)
        for screen in self.screen_stack:
            screen.post_message(Warmed(part))

    # -- screens ----------------------------------------------------------------

    @on(OpenArticle)
    def _open(self, message: OpenArticle) -> None:
        """Open an article; a passage (from the list of highlights) replaces the reader it came from."""
        from reader.ui.screens.reader import ReaderScreen

        if message.passage is not None:
            for screen in self._readers():
                screen.save_position()
            while isinstance(self.screen, ReaderScreen):
                self.pop_screen()
        self.push_screen(ReaderScreen(self.context, message.article, passage=message.passage))

    def _readers(self) -> list[ReaderScreen]:
        from reader.ui.screens.reader import ReaderScreen

        return [screen for screen in self.screen_stack if isinstance(screen, ReaderScreen)]

    def open_article(self, article: Article) -> None:
        self.post_message(OpenArticle(article))

    def action_annotations(self) -> None:
        """Every highlight in the library; Enter opens its article at the passage."""
        store = self.notes.store
        if store is None:
            self.notify(
                self.notes.problem or "The notes are still loading.",
                severity="error" if self.notes.problem else "information",
            )
            return

        def listed(articles: list[Article]) -> None:
            from reader.ui.screens.annotations import AnnotationsScreen

            by_id = {a.id: a for a in articles}

            def chosen(target: object) -> None:
                if isinstance(target, tuple) and target[0] in by_id:
                    self.post_message(OpenArticle(by_id[target[0]], passage=(target[1], target[2])))

            self.push_screen(AnnotationsScreen(store, {a.id: a.title for a in articles}), chosen)

        self.context.jobs.run(self.library.articles, listed)

    def action_vocabulary(self) -> None:
        """Every word with a status: filter, sort, change, see where met, export cards."""
        from reader.ui.screens.vocabulary import VocabularyScreen

        self.push_screen(VocabularyScreen(self.context))

    # -- settings ------------------------------------------------------------------

    def _theme_changed(self, theme: object) -> None:
        if self.settings.theme != self.theme:
            self.settings.theme = self.theme
            self.context.save_settings()

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # Every binding of the screen and the focused widget, by its description.
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.system or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"{binding.description} ({key})",
                lambda node=active.node, action=binding.action: self.run_action(action, node),
            )

    async def action_quit(self) -> None:
        """Save every open reader's place, let the library's and the notes' writes finish, then exit."""
        for screen in self._readers():
            screen.save_position()
        await asyncio.to_thread(self.context.jobs.wait)
        await asyncio.to_thread(self.notes.close)  # waits for a save under way
        self.context.figures.stop()
        await asyncio.to_thread(self.context.figures.save)
        await asyncio.to_thread(self.context.vocab.close)
        self.exit()


def run_app(locations: Locations, *, open_article: str | None = None) -> int:
    """Run the app; the exit code for the command line. A crash is reported, never swallowed."""
    from reader.core.paths import HomeError

    try:
        app = ReaderApp(locations, open_article=open_article)
        app.run()
    except (HomeError, LibraryError) as exc:
        print(f"reader: {visible_line(str(exc))}", file=sys.stderr)  # noqa: T201 - the app has left the screen
        return 1
    except Exception as exc:  # one line on stderr, then a failing exit status
        print(f"reader: {type(exc).__name__}: {visible_line(str(exc))}", file=sys.stderr)  # noqa: T201
        return 1
    return app.return_code or 0
