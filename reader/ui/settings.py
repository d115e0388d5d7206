"""The reader's settings and keymap: small JSON files in the data home.

A file that cannot be read never stops the app: the defaults are used and the
caller is told why (a one-line message for a notification).

Each article keeps its own script, pinyin mode and pinyin presentation
(syllables apart, 一/不 as spoken, erhua as r); the last ones chosen are the
default for articles opened for the first time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from reader.core.convert import SCRIPTS
from reader.core.fileio import atomic_write_text
from reader.core.syllables import PinyinOptions

PINYIN_MODES = ("all", "cursor", "off", "unknown")  # unknown: over the words not known (off → unknown → all)
PINYIN_STYLES = ("marks", "numbers", "zhuyin")
TONE_SCHEMES = ("off", "pleco", "hanping")
PRESENTATION = ("spaced", "sandhi", "erhua")  # the fields of PinyinOptions, each a yes or no


class SettingsError(Exception):
    """The settings file could not be written: a one-line message."""


@dataclass
class Settings:
    """The reader's choices. ``script``, ``pinyin`` and the presentation are those of the article last
    changed, for articles without choices of their own; ``articles`` holds each article's (by id)."""

    theme: str = "reader-dark"
    pinyin: str = "cursor"
    pinyin_style: str = "marks"
    tones: str = "off"
    script: str = "original"
    spaced: bool = False
    sandhi: bool = False
    erhua: bool = True
    word_statuses: bool = True  # new and learning words painted as such
    pinyin_above: int = 0  # "unknown" pinyin also left off HSK words up to this level (0: none)
    articles: dict[str, dict[str, str | bool]] = field(default_factory=dict)

    def choices(self, article_id: str) -> tuple[str, str]:
        """The script and pinyin mode an article opens with."""
        own = self.articles.get(article_id, {})
        return str(own.get("script", self.script)), str(own.get("pinyin", self.pinyin))

    def presentation(self, article_id: str) -> PinyinOptions:
        """How an article's pinyin is written when it opens."""
        own = self.articles.get(article_id, {})
        return PinyinOptions(**{name: bool(own.get(name, getattr(self, name))) for name in PRESENTATION})

    def remember(
        self, article_id: str, *, script: str, pinyin: str, presentation: PinyinOptions | None = None
    ) -> None:
        """An article's choices, which also become the default for articles opened for the first time."""
        presentation = presentation or self.presentation(article_id)
        shown = {name: getattr(presentation, name) for name in PRESENTATION}
        self.articles[article_id] = {"script": script, "pinyin": pinyin, **shown}
        self.script, self.pinyin = script, pinyin
        for name, value in shown.items():
            setattr(self, name, value)

    @classmethod
    def load(cls, path: Path) -> tuple[Settings, str | None]:
        """The settings in ``path`` (defaults if absent) and a problem to report, if any."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(), None
        except (OSError, ValueError) as exc:
            return cls(), f"settings file {path} could not be read ({exc}); using defaults"
        if not isinstance(data, dict):
            return cls(), f"settings file {path} is not a JSON object; using defaults"
        known = {f.name for f in fields(cls)} - {"articles", "word_statuses", "pinyin_above", *PRESENTATION}
        settings = cls()
        for name in known:
            if name in data:
                setattr(settings, name, str(data[name]))
        defaults = cls()
        settings.pinyin = _choice(settings.pinyin, PINYIN_MODES, defaults.pinyin)
        settings.pinyin_style = _choice(settings.pinyin_style, PINYIN_STYLES, defaults.pinyin_style)
        settings.tones = _choice(settings.tones, TONE_SCHEMES, defaults.tones)
        settings.script = _choice(settings.script, SCRIPTS, defaults.script)
        for name in (*PRESENTATION, "word_statuses"):
            if isinstance(data.get(name), bool):
                setattr(settings, name, data[name])
        above = data.get("pinyin_above")
        if isinstance(above, int) and not isinstance(above, bool) and 0 <= above <= 6:
            settings.pinyin_above = above
        settings.articles = _per_article(data.get("articles"))
        return settings, None

    def dumps(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @staticmethod
    def write(path: Path, text: str) -> None:
        """Write settings made by :meth:`dumps`; :class:`SettingsError` when the file cannot be written."""
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            raise SettingsError(f"could not save settings: {exc.strerror or exc}") from None

    def save(self, path: Path) -> str | None:
        """Write the settings now; a problem to report, if any."""
        try:
            self.write(path, self.dumps())
        except SettingsError as exc:
            return str(exc)
        return None


def _per_article(data: object) -> dict[str, dict[str, str | bool]]:
    """The per-article choices that make sense; anything else is dropped."""
    if not isinstance(data, dict):
        return {}
    out: dict[str, dict[str, str | bool]] = {}
    for article_id, own in data.items():
        if not isinstance(own, dict):
            continue
        kept = {
            k: v
            for k, v in own.items()
            if (k == "script" and v in SCRIPTS)
            or (k == "pinyin" and v in PINYIN_MODES)
            or (k in PRESENTATION and isinstance(v, bool))
        }
        if kept:
            out[str(article_id)] = kept
    return out


def _choice(value: str, choices: tuple[str, ...], default: str) -> str:
    return value if value in choices else default


def cycle(value: str, choices: tuple[str, ...]) -> str:
    return choices[(choices.index(value) + 1) % len(choices)] if value in choices else choices[0]


def load_keymap(path: Path) -> tuple[dict[str, str], str | None]:
    """``{"binding-id": "key,key2"}`` from the keymap file; an unreadable file is reported and ignored."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as exc:
        return {}, f"keymap {path} could not be read ({exc}); using the default keys"
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}, f'keymap {path} must be a JSON object like {{"binding-id": "key,key2"}}'
    return {str(k): v for k, v in data.items()}, None
