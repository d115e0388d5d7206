"""The Textual app: wires the library, settings, themes and keymap to the screens.

Benchmark hook: :meth:`ReaderApp.first_paint` runs after the first frame of
the library (``"library"``) and of an opened article (``"article"``). It logs
the time, calls ``on_first_paint(what, seconds)`` if given (seconds since
``time.perf_counter`` at the app's creation is ``seconds - created``), and,
when ``READER_BENCH_LOG`` names a file, appends a JSON line
``{"event": what, "time": time.time()}`` to it so a driver outside the
process can measure from its own start.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.core.library import Article, Library, LibraryError
from reader.core.paths import Locations
from reader.core.sanitize import visible, visible_line
from reader.ui.highlight_colors import HIGHLIGHT_VARIABLE_DEFAULTS
from reader.ui.messages import Warmed
from reader.ui.notes import Notes, NotesReady
from reader.ui.settings import Settings, load_keymap
from reader.ui.themes import BUNDLED_THEMES, VARIABLE_DEFAULTS, load_themes

FirstPaint = Callable[[str, float], None]


class ReaderApp(App[None]):
    TITLE = "reader"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(self, locations: Locations, *, open_article: str | None = None,
                 on_first_paint: FirstPaint | None = None, warm: bool = True) -> None:
        self.created = time.perf_counter()
        self.locations = locations
        self.library = Library(locations)
        self.notes = Notes(self, locations.database)
        self.settings, settings_problem = Settings.load(locations.settings_file)
        self.ready: set[str] = set()
        self.painted: dict[str, float] = {}
        self._open_article = open_article
        self._on_first_paint = on_first_paint
        self._warm = warm
        self._problems = [settings_problem] if settings_problem else []
        super().__init__()
        themes, errors = load_themes(BUNDLED_THEMES, locations.themes)
        self._problems.extend(errors)
        for theme in themes:
            self.register_theme(theme)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else "reader-dark"
        # Textual's own themes lack the reader's colours (pinyin, cursor, highlights): offer ours only.
        ours = {theme.name for theme in themes}
        for name in list(self.available_themes):
            if name not in ours:
                self.unregister_theme(name)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every toast shows its message as text: titles, paths and errors in it are data, not markup."""
        super().notify(visible(str(message)), title=visible_line(str(title)), severity=severity,
                       timeout=timeout, markup=False)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**VARIABLE_DEFAULTS, **HIGHLIGHT_VARIABLE_DEFAULTS}

    def on_mount(self) -> None:
        keymap, problem = load_keymap(self.locations.keymap_file)
        if problem:
            self._problems.append(problem)
        if keymap:
            self.set_keymap(keymap)
        for problem in self._problems:
            self.notify(problem, markup=False, severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        from reader.ui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen())
        self.call_after_refresh(self.show_library_notices)
        if self._open_article:
            self.open_article(self.library.find(self._open_article))
        self.call_after_refresh(self.notes.open, self._notes_opened)
        if self._warm:
            self.call_after_refresh(self.warm_up)

    def show_library_notices(self) -> None:
        """What the library found when it was read (damage repaired, a read-only home), once each."""
        for notice in self.library.take_notices():
            self.notify(notice, markup=False, severity="warning", timeout=30)

    def _notes_opened(self) -> None:
        notes = self.notes
        if notes.problem:
            self.notify(f"Highlights and notes are unavailable: {notes.problem}", markup=False,
                        severity="error", timeout=15)
        elif notes.store is not None:
            for notice in notes.store.take_notices():
                self.notify(notice, markup=False, severity="warning", timeout=60)
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

        for part, load in (("dictionary", dictionary.warm_up),):
            try:
                load()
            except Exception as exc:  # noqa: BLE001 - say what failed; the reader still works
                self.call_from_thread(self.notify, f"Could not load {part}: {exc}", severity="error")
                continue
            self.call_from_thread(self._warmed, part)

    def _warmed(self, part: str) -> None:
        self.ready.add(part)
        for screen in self.screen_stack:
            screen.post_message(Warmed(part))

    # -- screens ----------------------------------------------------------------

    def open_article(self, article: Article) -> None:
        from reader.ui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(article))

    def open_passage(self, article_id: str, start: int, end: int) -> None:
        """Open an article with the cursor and the selection on a passage (from the annotations list)."""
        from reader.ui.screens.reader import ReaderScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()
        while isinstance(self.screen, ReaderScreen):
            self.pop_screen()
        try:
            article = self.library.get(article_id)
        except LibraryError as exc:
            self.notify(str(exc), severity="error")
            return
        self.push_screen(ReaderScreen(article, passage=(start, end)))

    def action_annotations(self) -> None:
        """Every highlight in the library; Enter opens its article at the passage."""
        from reader.ui.screens.annotations import AnnotationsScreen

        store = self.notes.store
        if store is None:
            self.notify(self.notes.problem or "The notes are still loading.",
                        severity="error" if self.notes.problem else "information")
            return
        try:
            titles = {a.id: a.title for a in self.library.articles()}
        except LibraryError as exc:
            self.notify(str(exc), severity="error")
            return

        def chosen(target: object) -> None:
            if isinstance(target, tuple):
                self.open_passage(*target)

        self.push_screen(AnnotationsScreen(store, titles), chosen)

    def first_paint(self, what: str) -> None:
        if what in self.painted:
            return
        now = time.perf_counter()
        self.painted[what] = now
        self.log(f"first paint: {what} {now - self.created:.3f}s after start")
        if self._on_first_paint is not None:
            self._on_first_paint(what, now)
        path = os.environ.get("READER_BENCH_LOG")
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"event": what, "time": time.time()}) + "\n")

    # -- settings ------------------------------------------------------------------

    def save_settings(self) -> None:
        problem = self.settings.save(self.locations.settings_file)
        if problem:
            self.notify(problem, severity="error")

    def _theme_changed(self, theme: object) -> None:
        if self.settings.theme != self.theme:
            self.settings.theme = self.theme
            self.save_settings()

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
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description, f"{binding.description} ({key})",
                lambda node=active.node, action=binding.action: self.run_action(action, node),
            )

    async def action_quit(self) -> None:
        from reader.ui.screens.reader import ReaderScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()
        await asyncio.to_thread(self.notes.close)  # waits for a save under way
        self.exit()


def run_app(locations: Locations, *, open_article: str | None = None) -> int:
    """Run the app; the exit code for the command line. A crash is reported, never swallowed."""
    from reader.core.paths import HomeError
    from reader.core.sanitize import visible_line

    try:
        app = ReaderApp(locations, open_article=open_article)
        app.run()
    except (HomeError, LibraryError) as exc:
        print(f"reader: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line on stderr, then a failing exit status
        print(f"reader: {type(exc).__name__}: {visible_line(str(exc))}", file=sys.stderr)
        return 1
    return app.return_code or 0
