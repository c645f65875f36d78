"""`learnpath browse`: the full-screen view (learnpath.tui), for a terminal only."""

from __future__ import annotations

import os
import sys

import typer

from learnpath.cli.context import session
from learnpath.errors import LearnpathError


def browse(ctx: typer.Context) -> None:
    """Study the whole path full-screen, with single keys."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or os.environ.get("TERM") == "dumb":
        raise LearnpathError(
            "browse needs an interactive terminal (its input and output are redirected, "
            "or TERM=dumb); use 'learnpath list', 'learnpath show N' and "
            "'learnpath done N' instead"
        )
    with session(ctx, welcome=False) as current:
        from learnpath.tui.app import BrowseApp  # Textual loads for this command alone

        BrowseApp(current).run()
