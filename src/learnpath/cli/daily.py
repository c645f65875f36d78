"""Daily work: list, show, info, open, the status commands, progress, next."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from learnpath.cli.context import session, show
from learnpath.cli.options import JsonFlag, SectionOption, StepArg, StepsArg
from learnpath.model import Action


class StatusChoice(StrEnum):
    todo = "todo"
    started = "started"
    done = "done"
    skipped = "skipped"


def list_(
    ctx: typer.Context,
    section: Annotated[
        str | None,
        typer.Option(
            "--section", "-s", help="Only sections whose title contains TEXT.", metavar="TEXT"
        ),
    ] = None,
    status: Annotated[
        StatusChoice | None, typer.Option("--status", help="Only steps with this status.")
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="Every step, through the pager on a terminal (--json always is)."
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the steps of the path, grouped by section.

    On a long path, a window of about 40 rows from the first step still to do.
    """
    from learnpath.core import listing

    status_value = status.value if status else None
    with session(ctx, welcome=not as_json) as current:
        if as_json:
            from learnpath.render.jsonout import write_json_texts

            write_json_texts(listing.matching_json(current, section, status_value))
            return
        from learnpath.render.steps import step_table

        step_table(listing.listing(current, section, status_value, everything), paged=everything)


def show_(ctx: typer.Context, step: StepArg, as_json: JsonFlag = False) -> None:
    """Show everything about one step."""
    from learnpath.core.notes import detail

    with session(ctx, welcome=not as_json) as current:
        found = detail(current, step)

        def view() -> None:
            from learnpath.render.steps import step_detail

            step_detail(found)

        show(as_json, found.to_json, view)


def info(ctx: typer.Context) -> None:
    """Show the path's introduction and prerequisites."""
    from learnpath.core.steps import info as path_info
    from learnpath.render.steps import path_info as shown

    with session(ctx) as current:
        shown(path_info(current))


def open_(
    ctx: typer.Context,
    step: StepArg,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the URL.")] = False,
) -> None:
    """Open a step's resource in the browser and mark it started.

    Honours $BROWSER. Over SSH, or where no graphical browser exists, prints the URL
    and says why it was not opened.
    """
    from learnpath.core.status import open_step
    from learnpath.render.steps import opened

    with session(ctx, welcome=False) as current:  # its output is the URL, to copy or pipe
        opened(open_step(current, step, browser=not no_browser))


def done(ctx: typer.Context, steps: StepsArg = None, section: SectionOption = None) -> None:
    """Mark steps done.

    Several steps at once are all or nothing: one bad reference, or a range past the
    end, changes nothing. A step already done keeps its first completion time.
    """
    _change(ctx, steps, section, Action.done)


def undo(ctx: typer.Context, steps: StepsArg = None, section: SectionOption = None) -> None:
    """Put steps back to todo, clearing their times.

    Several steps at once are all or nothing, as with done.
    """
    _change(ctx, steps, section, Action.undo)


def start(ctx: typer.Context, steps: StepsArg = None, section: SectionOption = None) -> None:
    """Mark steps started (a done step stays done).

    Several steps at once are all or nothing, as with done.
    """
    _change(ctx, steps, section, Action.start)


def skip(ctx: typer.Context, steps: StepsArg = None, section: SectionOption = None) -> None:
    """Mark steps skipped: ones you know already. They count as handled, apart from done.

    A done step stays done ('learnpath undo' it first). Several steps at once are all
    or nothing, as with done.
    """
    _change(ctx, steps, section, Action.skip)


def _change(
    ctx: typer.Context, refs: list[str] | None, section: str | None, action: Action
) -> None:
    from learnpath.core.progress import stand
    from learnpath.core.status import change
    from learnpath.render import steps as shown

    if not refs and section is None:
        raise typer.BadParameter("give the steps (numbers, ranges or ids), or --section")
    with session(ctx) as current:
        changes = change(current, refs or [], action, section)
        shown.changes(changes, action)
        shown.stand(stand(current, changes))


def progress(
    ctx: typer.Context,
    everything: Annotated[
        bool, typer.Option("--all", "-a", help="Every section, not only those around yours.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show how far you are, overall and per section."""
    from learnpath.core.progress import report

    with session(ctx, welcome=not as_json) as current:
        found = report(current)

        def view() -> None:
            from learnpath.render.progress import progress as shown

            shown(found, everything)

        show(as_json, found.to_json, view)


def next_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the first step that is neither done nor skipped."""
    from learnpath.core.steps import info, next_step

    with session(ctx, welcome=not as_json) as current:
        step = next_step(current)

        def view() -> None:
            from learnpath.render.steps import next_step as shown

            shown(step, info(current).step_count if step is None else 1)

        show(as_json, lambda: step.to_json(with_description=True) if step else None, view)
