"""Highlights, tags and notes in the reader: made from the keyboard, saved in the store, painted in
every script, re-anchored when the text changed, and listed for the whole library."""

from __future__ import annotations

from reader.core.anchoring import make_selector
from reader.core.library import Library
from reader.core.store import Annotation, AnnotationStore, StoreError
from reader.ui.app import ReaderApp
from reader.ui.screens.annotations import AnnotationsScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reader import ReaderScreen
from reader.ui.widgets.article import ArticleView
from reader.ui.widgets.confirm import ConfirmScreen
from reader.ui.widgets.note_editor import NoteEditor
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.tag_input import TagInput

from .conftest import wait_for
from .test_reader import open_reader, seed_id

SENTENCE = "「十四五」期間，中國AI發展之迅猛，舉世矚目。"


def article_text(locations, article_id: str) -> str:
    return Library(locations).prepared(article_id, segment=False).text


async def opened(pilot, app) -> ArticleView:
    """The reader with words segmented and the article's annotations placed."""
    view = await open_reader(pilot, app)
    await wait_for(pilot, lambda: app.screen.highlights.placed)
    return view


async def saved(pilot, app) -> None:
    await wait_for(pilot, lambda: not app.notes.in_flight)


def stored(locations) -> list[Annotation]:
    """What another process reads from disk: proof that a save is durable."""
    with AnnotationStore(locations.database) as store:
        return store.all()


async def test_highlight_word_and_selection_colours_jumps_delete_and_undo(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await opened(pilot, app)
        text = view.document.text
        view.move_to(text.index("發展"))
        word = view.word
        await pilot.press("h")
        await saved(pilot, app)
        (first,) = stored(locations)
        assert (first.quote, first.start, first.end, first.color) == ("發展", *word, 1)
        assert first.prefix == text[max(0, word[0] - len(first.prefix)) : word[0]] and first.prefix
        assert app.screen.highlights.save_state == "saved"

        await pilot.press("h")
        await pilot.press("4")
        await saved(pilot, app)
        assert app.notes.store.get(first.id).color == 4, "h cycles 1 → 2, then 4 sets colour 4"

        view.move_to(text.index("具身智能"))
        await pilot.press("v", "w", "w", "h")
        await saved(pilot, app)
        second = next(a for a in stored(locations) if a.id != first.id)
        assert text.startswith("具身智能", second.start) and second.quote == text[second.start : second.end]
        assert len(second.quote) > 4 and view.selection is None, "the selection became the highlight"

        await pilot.press("g", "right_square_bracket")
        assert view.cursor == second.start, "] goes to the first highlight in the text"
        await pilot.press("right_square_bracket")
        assert view.cursor == first.start
        await pilot.press("left_square_bracket")
        assert view.cursor == second.start

        await pilot.press("x")
        await saved(pilot, app)
        assert [a.id for a in stored(locations)] == [first.id]
        assert not view.highlighted_ranges(view.view.row_of(second.start)[0])
        await pilot.press("u")
        await saved(pilot, app)
        back = app.notes.store.get(second.id)
        assert back is not None and (back.start, back.end) == (second.start, second.end), (
            "u restores the same id"
        )


async def test_tags_note_and_the_n_key_with_and_without_a_search(locations):
    article_id = seed_id(locations)
    with AnnotationStore(locations.database) as store:
        store.add(Annotation.new(article="elsewhere", quote="x", tags=["history"]))
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await opened(pilot, app)
        text = view.document.text
        view.move_to(text.index("開源"))
        await pilot.press("t")
        assert isinstance(app.screen, TagInput)
        await pilot.press(*"his", "tab", "enter")
        await saved(pilot, app)
        ann = app.screen.highlights.at_cursor()
        assert ann is not None and ann.quote == "開源" and ann.tags == ["history"], "his completed to history"

        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"open", "ctrl+s")
        await saved(pilot, app)
        assert app.notes.store.get(ann.id).note == "open"

        await pilot.press("n", *" more", "escape")
        assert isinstance(app.screen, ConfirmScreen), "Esc after typing asks before discarding"
        await pilot.press("y")
        assert isinstance(app.screen, ReaderScreen)
        assert app.notes.store.get(ann.id).note == "open", "discarded"

        await pilot.press("slash", *"发展", "enter")
        assert view.matches
        here = view.cursor
        await pilot.press("n")
        assert isinstance(app.screen, ReaderScreen) and view.cursor > here, "n goes to the next match"
        assert app.screen.active_bindings["n"].binding.description == "Next match"
        await pilot.press("escape")
        assert not view.matches
        assert app.screen.active_bindings["n"].binding.description == "Note"
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor), "without a search n writes a note"


async def test_highlights_paint_over_the_same_text_in_every_script_and_follow_other_copies(locations):
    article_id = seed_id(locations)
    text = article_text(locations, article_id)
    start = text.index(SENTENCE)
    with AnnotationStore(locations.database) as store:
        store.add(Annotation.new(article=article_id, quote=SENTENCE, start=start, color=3, note="fast"))
    locations.settings_file.write_text('{"pinyin": "all"}', encoding="utf-8")
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await opened(pilot, app)

        def painted() -> list[tuple[int, int, int]]:
            y0 = view.view.row_of(start)[0]
            y1 = view.view.row_of(start + len(SENTENCE) - 1)[0]
            return sorted({r for y in range(y0, y1 + 1) for r in view.highlighted_ranges(y)})

        original = painted()
        assert original and {c for _, _, c in original} == {3}
        assert original[0][0] == start and original[-1][1] == start + len(SENTENCE)
        await pilot.press("s")
        assert view.options.script == "simplified"
        assert view.view.view_text != text
        assert painted() == original, "the painted cells map back to the same cleaned-text range"
        assert view.options.pinyin == "all" and view.view.pinyin is not None
        await pilot.press("p", "p")
        assert view.options.pinyin == "off" and painted() == original, "without pinyin rows too"

        # Another copy of the app adds a highlight: the reader shows it at its next look.
        with AnnotationStore(locations.database) as store:
            store.add(
                Annotation.new(article=article_id, quote="香港背靠祖國", start=text.index("香港背靠祖國"))
            )
        app.screen.highlights.poll()
        await wait_for(pilot, lambda: len(app.screen.highlights.annotations) == 2)
        assert len(view.highlights) == 2


async def test_changed_text_is_reanchored_lost_passage_is_an_orphan_and_the_list_opens_it(locations):
    article_id = seed_id(locations)
    text = article_text(locations, article_id)
    start = text.index(SENTENCE)
    _, prefix, suffix = make_selector(text, start, start + len(SENTENCE))
    with AnnotationStore(locations.database) as store:  # saved when the text was a little different
        moved = store.add(
            Annotation.new(
                article=article_id,
                quote=SENTENCE,
                start=start + 7,
                end=start + 7 + len(SENTENCE),
                prefix=prefix,
                suffix=suffix,
            )
        )
        lost = store.add(Annotation.new(article=article_id, quote="這句話從來不在文章裏面出現過", start=40))
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(110, 30)) as pilot:
        view = await opened(pilot, app)
        store = app.notes.store
        assert (store.get(moved.id).start, store.get(moved.id).end) == (start, start + len(SENTENCE))
        assert store.get(lost.id).orphan and not store.get(moved.id).orphan
        assert store.get(lost.id) is not None, "an orphan is kept"

        await pilot.press("m")
        panel = app.screen.query_one(NotesPanel)
        assert panel.display and panel.has_focus and len(panel.annotations) == 2
        await pilot.press("enter")
        assert view.cursor == start and view.has_focus, "Enter in the panel goes to the passage"

        await pilot.press("H")
        assert isinstance(app.screen, AnnotationsScreen)
        await wait_for(pilot, lambda: app.screen.loaded)
        await pilot.press("ctrl+o")
        assert [a.id for a in app.screen.shown] == [lost.id], "is:orphan lists the lost passage"
        await pilot.press("ctrl+o")
        row = [a.id for a in app.screen.shown].index(moved.id)
        app.screen.query_one("DataTable").move_cursor(row=row)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ReaderScreen)
                and app.screen.view is not None
                and app.screen.view.view is not None
            ),
        )
        view = app.screen.view
        assert view.selection is not None and view.selection[0] == start
        assert view.selection[1] >= start + len(SENTENCE) - 1
        assert len(app.screen_stack) == 3, "the reader replaced the one it came from (library, reader)"


async def test_a_refused_save_says_so_keeps_the_highlight_and_is_retried(locations, monkeypatch):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await opened(pilot, app)
        notices: list[tuple[str, str]] = []
        real_notify = app.notify

        def notify(message, *, severity="information", **kw):
            notices.append((str(message), severity))
            return real_notify(message, severity=severity, **kw)

        monkeypatch.setattr(app, "notify", notify)
        store = app.notes.store
        real_add = store.add

        def full_disk(ann):
            raise StoreError("Could not save notes: No space left on device")

        monkeypatch.setattr(store, "add", full_disk)
        view.move_to(view.document.text.index("發展"))
        await pilot.press("h")
        await saved(pilot, app)
        assert any("No space left" in m and s == "error" for m, s in notices)
        assert isinstance(app.screen, ReaderScreen) and app.screen.highlights.save_state == "not saved"
        ann = app.screen.highlights.at_cursor()
        assert ann is not None and view.highlights, "the highlight stays on screen"
        monkeypatch.setattr(store, "add", real_add)
        await pilot.press("2")
        await saved(pilot, app)
        assert [(a.id, a.color) for a in stored(locations)] == [(ann.id, 2)], "retried with the next change"


async def test_store_opens_after_the_library_and_a_damaged_file_is_reported(locations):
    locations.database.parent.mkdir(parents=True, exist_ok=True)
    locations.database.write_text("{not json", encoding="utf-8")
    app = ReaderApp(locations, warm=False)
    notices: list[str] = []
    real_notify = app.notify
    app.notify = lambda message, **kw: (notices.append(str(message)), real_notify(message, **kw))[1]
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        await wait_for(pilot, app.notes.ready.is_set)
        await pilot.pause()
        assert app.notes.store is not None and app.notes.store.recovered_from is not None
        assert any(str(app.notes.store.recovered_from) in n for n in notices), (
            "the user is told where it went"
        )
        assert set(app.available_themes) == {"reader-dark", "reader-light", "reader-sepia", "reader-contrast"}
