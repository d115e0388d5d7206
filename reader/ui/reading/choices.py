"""How the reader shows an article: script, pinyin mode, style, tone colours and pinyin presentation.

Script, pinyin mode and presentation (syllables apart, 一/不 as spoken,
erhua as r) are remembered per article, and the last ones chosen are the
default for articles opened for the first time; style and tone colours are
one setting for every article. Every choice is saved at once (in the
background, see :meth:`reader.ui.context.Context.save_settings`).
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from reader.core.convert import SCRIPTS
from reader.core.pinyin import Style
from reader.ui.context import Context
from reader.ui.settings import PINYIN_MODES, PINYIN_STYLES, TONE_SCHEMES, cycle
from reader.ui.widgets.article import ArticleView, ViewOptions

PINYIN_CHOSEN = {
    "all": "Pinyin over every word",
    "unknown": "Pinyin over the words you do not know",
    "cursor": "Pinyin over the word under the cursor",
    "off": "No pinyin",
}
# What each presentation option says when it is turned on, and off.
PRESENTATION_SAID = {
    "spaced": ("Syllables apart: xiāng gǎng", "Syllables of a word together: xiānggǎng"),
    "sandhi": ("一 and 不 as spoken: yígè, búshì", "一 and 不 as in the dictionary: yīgè, bùshì"),
    "erhua": ("Erhua as r: yīhuìr", "Erhua as er: yīhuìer"),
}


class ViewChoices:
    """The choices of one article's reader screen and the settings they are kept in."""

    def __init__(self, screen: Screen[Any], context: Context, article_id: str) -> None:
        self.screen = screen
        self.context = context
        self.article_id = article_id

    def initial(self) -> ViewOptions:
        """The article's own script, pinyin mode and presentation (or the defaults for new ones)."""
        s = self.context.settings
        script, pinyin = s.choices(self.article_id)
        shown = s.presentation(self.article_id)
        return ViewOptions(
            script=script,
            pinyin=pinyin,
            style=Style(s.pinyin_style),
            tones=s.tones,
            spaced=shown.spaced,
            sandhi=shown.sandhi,
            erhua=shown.erhua,
            statuses=s.word_statuses,
            pinyin_above=s.pinyin_above,
        )

    def remember(self, options: ViewOptions) -> None:
        """Keep what the view shows now as this article's choices (and the default for new ones)."""
        self.context.settings.remember(
            self.article_id, script=options.script, pinyin=options.pinyin, presentation=options.presentation
        )
        self.context.save_settings()

    def pinyin(self, view: ArticleView | None) -> None:
        """The next pinyin mode; chosen before the words are ready, it applies when they are."""
        if view is None:
            settings = self.context.settings
            script, current = settings.choices(self.article_id)
            value = cycle(current, PINYIN_MODES)
            settings.remember(self.article_id, script=script, pinyin=value)
            self.context.save_settings()
        else:
            value = cycle(view.options.pinyin, PINYIN_MODES)
            view.configure(pinyin=value)
        if view is None or not view.options.ready:
            later = "" if value == "off" else ": it shows once the words are ready"
            self.screen.notify(f"{PINYIN_CHOSEN[value]}{later}.", timeout=3)

    def _cycle_setting(self, name: str, choices: tuple[str, ...]) -> str:
        settings = self.context.settings
        value = cycle(getattr(settings, name), choices)
        setattr(settings, name, value)
        self.context.save_settings()
        return value

    def style(self, view: ArticleView | None) -> None:
        value = self._cycle_setting("pinyin_style", PINYIN_STYLES)
        if view is not None:
            view.configure(style=Style(value))

    def tones(self, view: ArticleView | None) -> None:
        value = self._cycle_setting("tones", TONE_SCHEMES)
        if view is not None:
            view.configure(tones=value)
        self.screen.notify(f"Tone colours: {value}", timeout=2)

    def script(self, view: ArticleView) -> None:
        view.configure(script=SCRIPTS[(SCRIPTS.index(view.options.script) + 1) % len(SCRIPTS)])

    def statuses(self, view: ArticleView | None) -> None:
        """Paint new and learning words as such, or not (one setting for every article)."""
        settings = self.context.settings
        settings.word_statuses = not settings.word_statuses
        self.context.save_settings()
        if view is not None:
            view.configure(statuses=settings.word_statuses)
        said = "shown" if settings.word_statuses else "not shown"
        self.screen.notify(f"New and learning words {said}.", timeout=2)

    def pinyin_above(self, view: ArticleView | None) -> None:
        """The HSK level up to which "unknown" pinyin is also left off new words: none, 1, ... 6, none."""
        settings = self.context.settings
        settings.pinyin_above = (settings.pinyin_above + 1) % 7
        self.context.save_settings()
        if view is not None:
            view.configure(pinyin_above=settings.pinyin_above)
        level = settings.pinyin_above
        said = f"also none over HSK 1-{level} words" if level else "over every word not known"
        self.screen.notify(f"Pinyin for unknown words: {said}.", timeout=3)

    def toggle(self, view: ArticleView, name: str) -> None:
        """Turn a presentation option (``spaced``, ``sandhi``, ``erhua``) on or off for this article."""
        value = not getattr(view.options, name)
        view.configure(**{name: value})
        self.screen.notify(PRESENTATION_SAID[name][0 if value else 1], timeout=2)
