"""What the screens share: the library, the notes, the word statuses, the settings, and which slow
parts have loaded.

The app makes one :class:`Context` and hands it to every screen it opens, so
no screen imports the app (screens ask the app for things with messages, see
:mod:`reader.ui.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.library import Library
from reader.core.paths import Locations
from reader.ui.background import Serial
from reader.ui.figures import Figures
from reader.ui.notes import Notes
from reader.ui.settings import Settings
from reader.ui.vocab import Vocab


@dataclass
class Context:
    locations: Locations
    library: Library
    notes: Notes
    settings: Settings
    jobs: Serial  # the library's reads and writes and the settings file, in order, off the UI thread
    vocab: Vocab  # the learner's word statuses
    figures: Figures  # every article's known share, new words and HSK level
    ready: set[str] = field(default_factory=set)  # slow parts loaded in the background: "dictionary"

    def save_settings(self) -> None:
        """Write the settings as they are now (in the background; a failure is reported)."""
        text = self.settings.dumps()
        path = self.locations.settings_file
        self.jobs.run(lambda: Settings.write(path, text))
