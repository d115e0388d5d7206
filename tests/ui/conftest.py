"""UI fixtures: every app runs on a data home in a temporary folder."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from reader.core.paths import Locations


@pytest.fixture
def locations(tmp_path: Path) -> Locations:
    return Locations.resolve(tmp_path / "home")


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (workers finish on their own threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {condition.__doc__ or condition}")
        await pilot.pause(0.05)


async def all_highlights(pilot):
    """Open the list of every highlight from the library and wait until it is filled."""
    from reader.ui.screens.annotations import AnnotationsScreen

    app = pilot.app
    await wait_for(pilot, lambda: app.notes.store is not None)
    app.action_annotations()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, AnnotationsScreen)
    await wait_for(pilot, lambda: screen.loaded)
    await pilot.pause()
    return screen


async def library_shown(pilot):
    """The library screen once it has read the library (it draws first and reads in the background)."""
    from reader.ui.screens.library import LibraryScreen

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.loaded)
    await pilot.pause()
    return app.screen
