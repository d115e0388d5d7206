"""Where the reader keeps its files.

By default the platform's user data and cache folders; ``READER_HOME`` (or the
command line's ``--home``) puts everything under one folder instead. Nothing
is created at import time: folders are made when first asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "reader"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PACKAGE_ROOT.parent / "seeds"


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
