"""What every command shares: the options of this call (in ``ctx.obj``), the session
they choose, and the choice between JSON and Rich output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer

from learnpath.core.session import Session, open_session


@dataclass(slots=True)
class Options:
    """The global options of one call (``--path``, ``--database-url``), set by the
    group callback and read by every command through its context."""

    path: str | None = None
    database_url: str | None = None


def options(ctx: typer.Context) -> Options:
    found = ctx.find_object(Options)
    return found if found is not None else Options()


@contextmanager
def session(ctx: typer.Context, welcome: bool = True) -> Iterator[Session]:
    """The session on the chosen path; on the very first run, a welcome first (unless
    the output is for a program: JSON, an export)."""
    chosen = options(ctx)
    with open_session(path=chosen.path, url=chosen.database_url) as current:
        if current.notices:
            from learnpath.render.console import notice

            for line in current.notices:
                notice(line)
        if welcome and current.db.created:
            from learnpath.core.steps import info
            from learnpath.render import progress as shown

            shown.welcome(info(current))
        yield current


def show(as_json: bool, data: Callable[[], Any], view: Callable[[], None]) -> None:
    """``data()`` as JSON, or ``view()`` for people.

    JSON is written by the standard library alone, so scripts never pay for importing Rich.
    """
    if as_json:
        from learnpath.render.jsonout import write_json

        write_json(data())
    else:
        view()
