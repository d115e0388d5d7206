"""Where the reader keeps its files.

By default the platform's user data and cache folders; ``READER_HOME`` (or the
command line's ``--home``) puts everything under one folder instead. Nothing
is created at import time: folders are made when first asked for, and a
folder that cannot be made (the home is a file, its parent is read-only) is a
one-line :class:`HomeError`, never a traceback.
"""

from __future__ import annotations

import errno
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


class HomeError(Exception):
    """The data home cannot be used; the message is one line for the user."""


def _why(exc: OSError) -> str:
    if isinstance(exc, FileExistsError):
        return "it is a file, not a folder"
    if isinstance(exc, NotADirectoryError):
        return "a part of its path is a file, not a folder"
    if exc.errno == errno.EROFS:
        return "it is on a read-only disk"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


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
            root = Path(home)
            try:
                root = root.expanduser()
            except RuntimeError:  # "~" with no HOME and no user entry: keep it literally
                pass
            root = Path(os.path.abspath(root))
            return cls(root, root / "cache", root)
        import platformdirs

        return cls(
            Path(platformdirs.user_data_dir(APP_NAME)),
            Path(platformdirs.user_cache_dir(APP_NAME)),
            Path(platformdirs.user_config_dir(APP_NAME)),
        )

    @staticmethod
    def _made(path: Path) -> Path:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from reader.core.sanitize import visible_line

            raise HomeError(
                f"the folder {visible_line(str(path))} cannot be used: {_why(exc)} "
                "(see READER_HOME or --home)"
            ) from None
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
        """The user's own themes: made when it can be, so that people find where theirs go; a read-only
        home that has none is no error (reading themes never needs the folder)."""
        path = self.config_root / "themes"
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        return path

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
