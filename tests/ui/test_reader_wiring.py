"""The reader's parts wired together: pinyin presentation keys and their memory, a remembered script's
own readings, the script and the dictionary form given to the dictionary, one notice of a repaired
library, Esc in the notes panel, keys typed fast after /, and the focus on the article when it opens."""

from __future__ import annotations

import io
import json

from rich.console import Console
from textual import events

from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.dictionary import DictionaryScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reader import ReaderScreen
from reader.ui.widgets.notes_panel import NotesPanel
from reader.ui.widgets.search_bar import SearchBar

from .conftest import library_shown, wait_for
from .test_reader import open_reader, seed_id

SPOKEN = "我不是老師，他也不去。\n\n一會兒我們就走。\n"


def add_article(locations, text: str = SPOKEN, name: str = "spoken.txt") -> str:
    path = locations.data / name
    path.write_text(text, encoding="utf-8")
    article = Library(locations).add([path])[0].article
    assert article is not None
    return article.id


async def test_the_article_has_the_focus_as_soon_as_it_is_shown(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ReaderScreen)
                and app.screen.view is not None
                and app.screen.view.view is not None
            ),
        )
        assert app.screen.focused is app.screen.view, "the keys go to the article from its first frame"
        keys = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Next word", "Select"} <= keys, "the article's own keys are in force"


async def test_presentation_keys_change_the_pinyin_and_are_remembered_per_article(locations):
    article_id = add_article(locations)
    locations.settings_file.write_text('{"pinyin": "all"}', encoding="utf-8")
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, app)
        text = view.document.text
        start = text.index("不是")

        def shown() -> str:
            return view.view.pinyin_of(start, start + 2, view.options.style)

        assert shown() == "bùshì"
        await pilot.press("T")
        assert view.options.sandhi and shown() == "búshì", "不 as spoken"
        await pilot.press("A")
        assert view.options.spaced and shown() == "bú shì", "syllables apart"
        await pilot.press("E")
        assert not view.options.erhua
        erhua = text.index("一會兒")
        assert view.view.pinyin_of(erhua, erhua + 3, view.options.style).endswith("er")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Syllables apart", "Tone sandhi of 一 and 不", "Erhua as r or er"} <= titles
        await pilot.press("question_mark")
        console = Console(width=200, file=io.StringIO())
        console.print(app.screen.query_one("BindingsTable").render_bindings_table())
        help_text = console.file.getvalue()
        for key, said in (("A", "Syllables apart"), ("T", "Tone sandhi"), ("E", "Erhua as r or er")):
            assert said in help_text and key in help_text, f"the help lists {said} on {key}"
        await pilot.press("question_mark")
    saved = json.loads(locations.settings_file.read_text(encoding="utf-8"))
    assert saved["articles"][article_id].items() >= {"spaced": True, "sandhi": True, "erhua": False}.items()
    assert (saved["spaced"], saved["sandhi"], saved["erhua"]) == (True, True, False), (
        "the default for new ones"
    )
    again = ReaderApp(locations, open_article=article_id)
    async with again.run_test(size=(80, 24)) as pilot:
        view = await open_reader(pilot, again)
        assert (view.options.spaced, view.options.sandhi, view.options.erhua) == (True, True, False)


async def test_an_article_remembered_in_a_converted_script_asks_for_its_own_readings(locations):
    path = locations.data / "ai.txt"
    path.write_text("人工智能学院的程序在网络上运行。\n\n人工智能发展很快。\n", encoding="utf-8")
    article = Library(locations).add([path])[0].article
    locations.settings_file.write_text(
        json.dumps({"articles": {article.id: {"script": "taiwan"}}}), encoding="utf-8"
    )
    app = ReaderApp(locations, open_article=article.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ReaderScreen)
                and app.screen.view is not None
                and app.screen.view.options.ready
            ),
            timeout=60,
        )
        view = app.screen.view
        assert view.options.script == "taiwan"
        await wait_for(pilot, lambda: view.needs_view_readings() is None, timeout=60)  # no key pressed
        at = view.view.view_text.index("人工智慧")
        assert (
            view.view.pinyin_of(view.view.to_text(at), view.view.to_text(at + 4), view.options.style)
            == "réngōngzhìhuì"
        )


async def test_the_dictionary_gets_the_script_shown_and_the_dictionary_form_of_the_reading(
    locations, monkeypatch
):
    import reader.core.dictionary as dictionary

    article_id = add_article(locations)
    asked: list[tuple[str, str | None]] = []
    glossed: list[dict[str, object]] = []
    real_lookup, real_gloss = dictionary.lookup, dictionary.gloss
    monkeypatch.setattr(dictionary, "lookup", lambda w, r=None: asked.append((w, r)) or real_lookup(w, r))
    monkeypatch.setattr(
        dictionary,
        "gloss",
        lambda w, r=None, pos=None, script=None: (
            glossed.append({"reading": r, "script": script}) or real_gloss(w, r, pos, script)
        ),
    )
    app = ReaderApp(locations, open_article=article_id)
    async with app.run_test(size=(100, 24)) as pilot:
        view = await open_reader(pilot, app)
        await pilot.press("T", "s")  # 一/不 as spoken; Simplified
        assert view.options.sandhi and view.options.script == "simplified"
        view.move_to(view.document.text.index("不是"))
        await pilot.pause()
        assert "bú" in str(app.screen.query_one("StatusLine #word").render()), "the status shows the sandhi"
        assert glossed[-1]["script"] == "simplified"
        assert "bu2" not in str(glossed[-1]["reading"]) and "bu4" in str(glossed[-1]["reading"])
        await pilot.press("enter")
        assert isinstance(app.screen, DictionaryScreen) and app.screen.script == "simplified"
        word, reading = asked[-1]
        assert word == "不是" and reading is not None and "bu4" in reading and "bu2" not in reading


async def test_a_repaired_library_is_reported_once(locations):
    Library(locations).articles()
    locations.library_file.write_text("{not json at all", encoding="utf-8")
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await library_shown(pilot)
        await pilot.pause(0.2)
        said = [
            n.message
            for n in app._notifications
            if "damaged" in n.message or "could not be read" in n.message
        ]
        assert len(said) == 1, said


async def test_escape_in_the_notes_panel_closes_it_and_stays_in_the_article(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        await pilot.press("m")
        panel = app.screen.query_one(NotesPanel)
        assert panel.display and panel.has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen), "Esc in the panel does not go back to the library"
        assert not panel.display and view.has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen), "then Esc goes back"


async def test_keys_typed_in_one_burst_after_slash_all_reach_the_search_box(locations):
    app = ReaderApp(locations, open_article=seed_id(locations))
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_reader(pilot, app, warm=False)
        cursor, anchor = view.cursor, view.selection_anchor
        for key, character in (("slash", "/"), *((c, c) for c in "fazhan")):
            app.post_message(events.Key(key, character))  # all queued before the first is handled
        await pilot.pause()
        box = app.screen.query_one(SearchBar)
        assert box.value == "fazhan" and box.has_focus
        assert (view.cursor, view.selection_anchor) == (cursor, anchor), "no key went to the article"
