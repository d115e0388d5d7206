"""Where the reader keeps its files.

By default the platform's user data and cache folders; ``READER_HOME`` (or the
command line's ``--home``) puts everything under one folder instead. Nothing
is created at import time: folders are made when first asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

APP_NAME = "reader"


def bundled(package: str) -> Path:
    """The folder of a package of bundled data (``reader.seeds``, ``reader.themes``).

    The build maps the checkout's top-level ``seeds/`` and ``themes/`` into the
    package, so this is the checkout's folder in an editable install and the
    installed copy otherwise; pip and pipx install packages unpacked, so it is
    always a real folder.
    """
    return Path(str(resources.files(package)))


SEEDS_DIR = bundled("reader.seeds")
THEMES_DIR = bundled("reader.themes")


@dataclass(frozen=True)
class Locations:
    """The reader's folders; each property creates its folder on first use."""

    data_root: Path
    cache_root: Path
    config_root: Path

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Locations:
        home = home or os.environ.get("READER_HOME") or None
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root, root / "cache", root)
        import platformdirs

        return cls(
            Path(platformdirs.user_data_dir(APP_NAME)),
            Path(platformdirs.user_cache_dir(APP_NAME)),
            Path(platformdirs.user_config_dir(APP_NAME)),
        )

    @staticmethod
    def _made(path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def data(self) -> Path:
        return self._made(self.data_root)

    @property
    def cache(self) -> Path:
        return self._made(self.cache_root)

    @property
    def config(self) -> Path:
        return self._made(self.config_root)

    @property
    def articles(self) -> Path:
        """Imported articles are copied here, so moving the original loses nothing."""
        return self._made(self.data_root / "articles")

    @property
    def themes(self) -> Path:
        return self._made(self.config_root / "themes")

    @property
    def database(self) -> Path:
        return self.data / "annotations.json"

    @property
    def library_file(self) -> Path:
        return self.data / "library.json"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def keymap_file(self) -> Path:
        return self.config / "keymap.json"
