"""Word statuses in the reader: marking keys, the page-known key, undo, painting, "unknown" pinyin,
the status line; the same word in either script."""

from __future__ import annotations

import pytest

from reader.core.layout import text_width
from reader.core.vocab.keys import simplified
from reader.core.vocab.record import Mark, Status
from reader.core.vocab.store import VocabStore
from reader.ui.app import ReaderApp

from .conftest import wait_for
from .test_reader import open_reader, seed_id

DEEPSEEK = "DeepSeek落子香港 學者：發展潛力大 AI生態完整"


async def open_with_words(pilot, app):
    view = await open_reader(pilot, app)
    screen = app.screen
    await wait_for(pilot, lambda: screen.words.statuses is not None)
    return view, screen


def first_han_word(view):
    statuses = view.statuses
    i = statuses.index_at(view.word[0])
    if i is None:
        i = 0
    return i


async def to_word(pilot, view, index: int) -> None:
    view.move_to(view.statuses.starts[index])
    await pilot.pause()


def stored(locations, word: str):
    with VocabStore(locations.data / "vocab.json") as store:
        return store.status(word)


async def test_keys_mark_the_word_under_the_cursor_and_undo_takes_it_back(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        view, screen = await open_with_words(pilot, app)
        i = first_han_word(view)
        await to_word(pilot, view, i)
        word = view.statuses.forms[i]
        assert view.statuses.statuses[i].name == "new"
        await pilot.press("K")
        assert view.statuses.statuses[i].name == "known", "the screen's copy changes at once"
        await wait_for(pilot, lambda: app.context.vocab.store.status(word).name == "known")
        await pilot.press("L")
        assert view.statuses.statuses[i].label == "learning 1"
        await pilot.press("L")
        assert view.statuses.statuses[i].label == "learning 2"
        await wait_for(pilot, lambda: app.context.vocab.store.status(word).label == "learning 2")
        await pilot.press("U")
        await wait_for(pilot, lambda: view.statuses.statuses[i].label == "learning 1")
        await pilot.press("I")
        await wait_for(pilot, lambda: app.context.vocab.store.status(word).name == "ignored")
        await pilot.press("0")
        await wait_for(pilot, lambda: app.context.vocab.store.status(word).name == "new")
        assert "new" in str(screen.query_one("#word").render())
        await pilot.press("K")
        await app.action_quit()
    assert stored(locations, word).name == "known", "the change is saved when the app quits"


async def test_a_word_marked_in_one_script_is_marked_in_the_other(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        view, _screen = await open_with_words(pilot, app)
        statuses = view.statuses
        i = next(n for n, form in enumerate(statuses.forms) if simplified(form) != form)
        await to_word(pilot, view, i)
        await pilot.press("K")
        await pilot.press("s")  # Simplified
        await pilot.pause()
        assert view.options.script != "original"
        assert view.statuses.statuses[i].name == "known"
        await wait_for(
            pilot, lambda: app.context.vocab.store.status(simplified(statuses.forms[i])).name == "known"
        )
        assert app.context.vocab.store.status(statuses.forms[i]).name == "known", "the Traditional form too"


async def test_page_known_marks_only_the_new_words_on_screen_and_undo_restores_them(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        view, _screen = await open_with_words(pilot, app)
        statuses = view.statuses
        start, end = view.shown_range()
        on_screen = list(statuses.within(start, end))
        assert on_screen
        learning = on_screen[0]
        await to_word(pilot, view, learning)
        await pilot.press("L")
        await pilot.press("M")
        store = app.context.vocab.store
        other = next(i for i in reversed(on_screen) if statuses.keys[i] != statuses.keys[learning])
        await wait_for(
            pilot, lambda: store.status(statuses.forms[other], statuses.shown[other]).name == "known"
        )
        assert statuses.statuses[learning].label == "learning 1", "a learning word stays learning"
        assert all(statuses.statuses[i].name in ("known", "learning") for i in on_screen)
        after = [i for i in range(len(statuses)) if statuses.starts[i] >= end]
        assert any(statuses.statuses[i].name == "new" for i in after), "words below the screen stay new"
        await pilot.press("U")
        await wait_for(
            pilot, lambda: store.status(statuses.forms[other], statuses.shown[other]).name == "new"
        )
        assert statuses.statuses[learning].label == "learning 1"


def painted_names(view) -> set[str]:
    names = set()
    for y in range(view.view.height):
        row = view.view.row(y)
        if row.kind == "text" and row.line is not None:
            names.update(name for _a, _b, name in view._marks(row))
    return names


async def test_new_words_are_painted_and_the_setting_turns_it_off(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(120, 40)) as pilot:
        view, _screen = await open_with_words(pilot, app)
        view.view.ensure(0, len(view.view.blocks) - 1)
        assert "word-new" in painted_names(view)
        await pilot.press("L")
        assert "word-learning-1" in painted_names(view)
        style = view._mark_style(
            view._marks(view.view.row(view.view.row_of(view.cursor)[0])), *view.view.word_at(view.cursor)
        )
        assert style.bgcolor is not None
        await pilot.press("W")
        assert not {"word-new", "word-learning-1"} & painted_names(view)
        assert app.settings.word_statuses is False
        await pilot.press("W")
        assert "word-new" in painted_names(view)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_unknown_pinyin_shows_readings_only_over_words_not_known(locations, size):
    locations.settings_file.write_text('{"pinyin": "off"}', encoding="utf-8")
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=size) as pilot:
        view, _screen = await open_with_words(pilot, app)
        await pilot.press("p")
        assert view.options.pinyin == "unknown"
        assert app.settings.pinyin == "unknown"
        statuses = view.statuses
        start, end = view.shown_range()
        await pilot.press("M")  # every word on screen known: no pinyin on screen
        known_start = statuses.starts[next(iter(statuses.within(start, end)))]
        tv = view.view
        top = round(view.scroll_y)
        for y in range(top, top + view.scrollable_content_region.height):
            row = tv.row(y)
            if row.kind == "pinyin" and row.line is not None and tv.open is None:
                for c in row.line.cells:
                    # A known word has no pinyin, and is laid out at its own width (the text closes up).
                    if start <= tv.to_text(c.start) < end:
                        assert not c.pinyin_text and c.width == text_width(c.text), c
        view.move_to(known_start)
        await pilot.press("0")  # one word new again: its pinyin shows
        rows = [tv.row(y) for y in range(top, top + view.scrollable_content_region.height)]
        shown = [
            item for r in rows if r.kind == "pinyin" and r.line is not None for item in view._pinyin_items(r)
        ]
        assert shown, "the new word's pinyin is shown"
        await pilot.press("p")
        assert view.options.pinyin == "all"


def cell(screen, article, key: str) -> str:
    column = next(c for c in screen.query_one("#articles").columns if c.key == key)
    return screen._cell(article, column).plain


async def test_library_shows_known_share_new_words_and_level_and_follows_status_changes(locations):
    from reader.ui.screens.library import LibraryScreen

    from .conftest import library_shown

    app = ReaderApp(locations)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_shown(pilot)
        assert isinstance(screen, LibraryScreen)
        figures = app.context.figures
        await wait_for(
            pilot, lambda: all(figures.summary(a.id) is not None for a in screen.articles), timeout=120
        )
        article = next(a for a in screen.articles if a.title == DEEPSEEK)
        before = figures.summary(article.id)
        assert before.known == 0 and cell(screen, article, "known") == "0%"
        assert int(cell(screen, article, "new").replace(",", "")) == before.distinct_new > 0
        assert cell(screen, article, "hsk")
        app.context.vocab.mark([Mark("香港")], Status("known"))
        await wait_for(pilot, lambda: figures.summary(article.id).known > 0)
        assert figures.summary(article.id).distinct_new == before.distinct_new - 1
        assert cell(screen, article, "known") != "0%"
        while screen.sort_key != "known":
            await pilot.press("ctrl+s")
        shares = [figures.summary(a.id).known_share for a in screen.shown]
        assert shares == sorted(shares, reverse=True)
        await pilot.press(*"new<", *str(before.distinct_new))
        assert len(screen.shown) < len(screen.articles)
        assert all(figures.summary(a.id).distinct_new < before.distinct_new for a in screen.shown)
        assert article.id in [a.id for a in screen.shown], "typed figures filter the library"
        await pilot.press("escape")
        await app.action_quit()
    # The next start shows the saved figures before anything is counted again.
    app = ReaderApp(locations, warm=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await library_shown(pilot)
        figures = app.context.figures
        await wait_for(pilot, lambda: figures.summary(article.id) is not None)
        assert figures.summary(article.id).known > 0
        assert "known" in [c.key for c in screen.query_one("#articles").columns], "kept on a narrow screen"


async def test_vocabulary_screen_filters_changes_shows_sentences_and_exports(locations, tmp_path):
    import zipfile

    from textual.widgets import OptionList

    from reader.ui.screens.vocab_dialogs import ExportScreen, ImportScreen, LevelScreen, SentencesScreen
    from reader.ui.screens.vocabulary import VocabularyScreen

    from .conftest import library_shown

    with VocabStore(locations.data / "vocab.json") as store:
        store.mark_many([Mark("香港", "xiāng gǎng"), Mark("發展", "fā zhǎn")], Status("learning", 1))
        store.mark("學者", Status("known"))
    app = ReaderApp(locations)
    async with app.run_test(size=(120, 30)) as pilot:
        await library_shown(pilot)
        figures = app.context.figures
        await wait_for(pilot, lambda: figures.index is not None and figures.index.built, timeout=120)
        await wait_for(pilot, lambda: figures.counting == 0 and len(figures.index.index) == 5, timeout=120)
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, VocabularyScreen)
        await wait_for(pilot, lambda: screen.loaded)
        assert {r.word for r in screen.shown} == {"香港", "发展", "学者"}
        await pilot.press("s")  # learning only
        assert screen.status_filter == "learning" and {r.word for r in screen.shown} == {"香港", "发展"}
        await pilot.press("slash", *"xue")
        await pilot.press("s", "s", "s")  # typed into the filter, not the status keys
        assert screen.query_one("#vocab-filter").value == "xuesss"
        await pilot.press("ctrl+u", "enter")
        assert screen.status_filter == "learning"
        word = screen.current().word
        await pilot.press("L")
        await wait_for(pilot, lambda: any(r.word == word and r.stage == 2 for r in screen.records))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SentencesScreen))
        sentences = app.screen.query_one(OptionList).option_count
        assert sentences >= 1, "the sentence of an article holding the word"
        await pilot.press("escape")
        await pilot.press("H")
        assert isinstance(app.screen, LevelScreen)
        await pilot.press("enter")  # HSK 1
        await wait_for(pilot, lambda: len(screen.records) > 250)
        assert {r.word for r in screen.records if r.word in ("香港", "学者")} == {"香港", "学者"}
        words = tmp_path / "list.txt"
        words.write_text("電腦\n手机\tshǒujī\n", encoding="utf-8")
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#path").value = str(words)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(r.word == "电脑" for r in screen.records))
        out = tmp_path / "cards.apkg"
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#path").value = str(out)
        await pilot.press("enter")
        await wait_for(pilot, out.exists)
        with zipfile.ZipFile(out) as package:
            assert "collection.anki2" in package.namelist()
        await pilot.press("t")
        await wait_for(pilot, lambda: app.context.vocab.store.hsk_standard == "2021")
        await wait_for(pilot, lambda: figures.index.index.standard == "2021", timeout=60)
        assert screen.standard == "2021" and figures.summary(screen.articles and next(iter(screen.articles)))
        await pilot.press("escape")
        assert not isinstance(app.screen, VocabularyScreen)


async def test_an_empty_vocabulary_says_how_to_fill_it_and_keeps_its_keys(locations):
    from textual.widgets import Static

    from reader.ui.screens.vocab_dialogs import LevelScreen
    from reader.ui.screens.vocabulary import VocabularyScreen

    from .conftest import library_shown

    app = ReaderApp(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_shown(pilot)
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, VocabularyScreen)
        await wait_for(pilot, lambda: screen.loaded)
        hint = screen.query_one("#vocab-empty", Static)
        assert hint.display and "K marks" in str(hint.render())
        await pilot.press("H")  # the screen's keys still work: the hint takes no focus
        assert isinstance(app.screen, LevelScreen)
        await pilot.press("enter")  # HSK 1 known
        await wait_for(pilot, lambda: len(screen.records) > 250)
        assert not hint.display


async def test_join_and_split_keys_save_corrections_and_read_the_article_again(locations):
    from reader.ui.widgets.split_word import SplitScreen

    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(100, 30)) as pilot:
        view, _screen = await open_with_words(pilot, app)
        forms = view.statuses.forms
        i = next(n for n in range(len(forms) - 1) if forms[n] == "大灣" and forms[n + 1] == "區")
        hong_kong = forms.index("香港")
        await to_word(pilot, view, hong_kong)
        await pilot.press("K")
        await to_word(pilot, view, i)
        await pilot.press("J")
        await wait_for(pilot, lambda: "大灣區" in view.statuses.forms, timeout=60)
        again = view.statuses
        assert again.statuses[again.forms.index("香港")].name == "known", "statuses survive re-preparation"
        assert [c.word for c in app.context.vocab.store.corrections()] == ["大湾区"]
        view.move_to(view.statuses.starts[view.statuses.forms.index("大灣區")])
        await pilot.pause()
        await pilot.press("X")
        assert isinstance(app.screen, SplitScreen)
        app.screen.query_one("#parts").value = "大灣 區"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "大灣區" not in view.statuses.forms, timeout=60)
        fixes = app.context.vocab.store.corrections()
        assert [(c.word, c.parts) for c in fixes] == [("大湾区", ["大湾", "区"])]


async def test_an_article_added_while_the_app_runs_gets_its_figures(locations, tmp_path):
    from .conftest import library_shown

    app = ReaderApp(locations)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await library_shown(pilot)
        figures = app.context.figures
        await wait_for(pilot, lambda: figures.index is not None and figures.index.built, timeout=120)
        path = tmp_path / "新文章.txt"
        path.write_text("香港是一個國際城市。我們在大學學習中文。", encoding="utf-8")
        added = app.context.library.add([str(path)])[0].article
        screen.reload()
        await wait_for(pilot, lambda: figures.summary(added.id) is not None, timeout=60)
        assert figures.summary(added.id).running > 0
        removed = next(a for a in screen.articles if a.title == DEEPSEEK)
        app.context.library.remove(removed.id)
        screen.reload()
        await wait_for(pilot, lambda: removed.id not in figures.index.articles())


async def test_unknown_pinyin_can_leave_off_new_words_up_to_an_hsk_level(locations):
    locations.settings_file.write_text('{"pinyin": "unknown"}', encoding="utf-8")
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(120, 40)) as pilot:
        view, _screen = await open_with_words(pilot, app)
        statuses = view.statuses
        tv = view.view

        def pinyin_over(i: int) -> bool:
            y = tv.row_of(statuses.starts[i])[0] - 1
            cells = [t for _x, t, _s in view._pinyin_items(tv.row(y))]
            return bool(cells)

        start, end = view.shown_range()
        easy = next(i for i in statuses.within(start, end) if 1 <= statuses.levels[i] <= 2)
        assert pinyin_over(easy)
        await pilot.press("Y", "Y")
        assert app.settings.pinyin_above == 2 and view.options.pinyin_above == 2
        tv = view.view  # laid out again: easy words give up their pinyin's width
        start, end = view.shown_range()
        line = [
            i
            for i in statuses.within(start, end)
            if tv.row_of(statuses.starts[i])[0] == tv.row_of(statuses.starts[easy])[0]
        ]
        shown = [t for _x, t, _s in view._pinyin_items(tv.row(tv.row_of(statuses.starts[easy])[0] - 1))]
        hard = [i for i in line if statuses.levels[i] == 0 or statuses.levels[i] > 2]
        assert len(shown) == sum(len(statuses.shown[i].split()) for i in hard if statuses.shown[i])


async def test_new_words_up_to_the_cursor_become_known_and_the_rest_stay_new(locations):
    app = ReaderApp(locations, open_article=seed_id(locations, DEEPSEEK))
    async with app.run_test(size=(80, 24)) as pilot:
        view, _screen = await open_with_words(pilot, app)
        statuses = view.statuses
        start, end = view.shown_range()
        on_screen = list(statuses.within(start, end))
        middle = on_screen[len(on_screen) // 2]
        await to_word(pilot, view, middle)
        await pilot.press("ctrl+k")
        before = {statuses.keys[i] for i in on_screen if i <= middle}
        assert all(statuses.statuses[i].name == "known" for i in on_screen if i <= middle)
        assert any(
            statuses.statuses[i].name == "new"
            for i in on_screen
            if i > middle and statuses.keys[i] not in before
        )
