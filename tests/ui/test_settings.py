"""Settings, user themes, keymap problems and the add dialog's path completion."""

from __future__ import annotations

import asyncio
from pathlib import Path

from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import PathSuggester, split_paths
from reader.ui.settings import Settings


def test_a_user_theme_file_is_offered(locations):
    (locations.themes / "mine.toml").write_text(
        'name = "mine"\ndark = true\nprimary = "#ff8800"\n[variables]\nreader-pinyin = "#00ff00"\n',
        encoding="utf-8",
    )
    (locations.themes / "broken.toml").write_text("primary = [", encoding="utf-8")
    app = ReaderApp(locations, warm=False)
    assert "mine" in app.available_themes
    assert app.available_themes["mine"].variables["reader-pinyin"] == "#00ff00"
    assert any("broken.toml" in p for p in app._problems), "a broken theme is reported, not fatal"


def test_unreadable_settings_fall_back_to_defaults(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    settings, problem = Settings.load(path)
    assert settings == Settings() and problem and "settings" in problem
    path.write_text('{"pinyin": "sideways", "tones": "pleco"}', encoding="utf-8")
    settings, problem = Settings.load(path)
    assert settings.pinyin == "cursor" and settings.tones == "pleco" and problem is None


def test_path_completion_and_several_paths(tmp_path: Path, monkeypatch):
    (tmp_path / "article-one.txt").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    suggest = PathSuggester().get_suggestion
    assert asyncio.run(suggest("art")) == "article-one.txt"
    assert asyncio.run(suggest("article-one.txt fol")) == "article-one.txt folder/"
    assert asyncio.run(suggest(f"{tmp_path}/art")) == f"{tmp_path}/article-one.txt"
    assert split_paths('a.txt "with space.txt"') == ["a.txt", "with space.txt"]


def test_choices_per_article_are_read_back_and_checked(tmp_path: Path):
    path = tmp_path / "settings.json"
    settings = Settings()
    settings.remember("a1", script="taiwan", pinyin="all")
    assert settings.save(path) is None
    loaded, problem = Settings.load(path)
    assert problem is None and loaded.choices("a1") == ("taiwan", "all")
    assert loaded.choices("new") == ("taiwan", "all"), "the last choice is the default for a new article"
    path.write_text(
        '{"articles": {"a": {"script": "klingon", "pinyin": "off"}, "b": 5, "c": {"pinyin": 1}},'
        ' "script": "simplified"}',
        encoding="utf-8",
    )
    loaded, problem = Settings.load(path)
    assert problem is None and loaded.articles == {"a": {"pinyin": "off"}}
    assert loaded.choices("a") == ("simplified", "off")
