"""Fixtures for the full-screen view: the core's sessions (on both backends), and the
screen as text."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App

from ..core.conftest import bundled, long_path, tiny  # noqa: F401 - fixtures, shared

__all__ = ["screen_text"]


def screen_text(app: App[object]) -> str:
    """What the terminal shows, as plain text: what export_screenshot draws, unstyled."""
    width, height = app.size
    out = Console(width=width, height=height, file=io.StringIO(), record=True)
    out.print(app.screen._compositor.render_update(full=True))  # noqa: SLF001 - as Textual does
    return out.export_text()
