"""Notes and history: note, log, search, group."""

from __future__ import annotations

from typing import Annotated

import typer

from learnpath.cli.context import session, show
from learnpath.cli.options import AllPathsFlag, JsonFlag, StepArg, YesFlag
from learnpath.model import StepDetail


def note(
    ctx: typer.Context,
    step: StepArg,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="The note; quotes are optional.", metavar="TEXT", show_default=False),
    ] = None,
    edit: Annotated[
        bool,
        typer.Option(
            "--edit",
            help="Edit the step's notes in $EDITOR, each in its own block; "
            "a note left as it was keeps its time.",
        ),
    ] = False,
    clear: Annotated[
        bool, typer.Option("--clear", help="Remove the step's notes (asks first).")
    ] = False,
    yes: YesFlag = False,
) -> None:
    """Add a note to a step; 'learnpath show STEP' shows its notes."""
    from learnpath.core import notes
    from learnpath.render.console import message
    from learnpath.render.steps import notes_cleared

    if sum((bool(words), edit, clear)) != 1:
        raise typer.BadParameter("give the note's TEXT, or --edit, or --clear (one of them)")
    with session(ctx) as current:
        if clear:
            listed = notes.detail(current, step)
            if listed.notes and not yes:
                _confirm_clear(listed)
            notes_cleared(notes.clear_notes(current, step))
        elif edit:
            from learnpath.cli.editor import edit as in_editor
            from learnpath.render.steps import notes_edited

            notes_edited(notes.edit_notes(current, step, in_editor))
        else:
            found = notes.add_note(current, step, " ".join(words or []))
            message(f"Noted on step {found.number}.")


def _confirm_clear(found: StepDetail) -> None:
    """Ask before notes go, listing them; without a terminal to answer, nothing goes."""
    from learnpath.render.steps import notes_to_clear

    notes_to_clear(found)
    typer.confirm(f"Remove these notes of step {found.step.number}?", abort=True, err=True)


def notes_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List every note of the path, newest first, with its step and time."""
    from learnpath.core.notes import path_notes

    with session(ctx, welcome=not as_json) as current:
        found = path_notes(current)

        def view() -> None:
            from learnpath.render.steps import notes_table

            notes_table(found)

        show(as_json, lambda: [n.to_json() for n in found], view)


def log(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(help="Only from this day on (local time).", metavar="YYYY-MM-DD"),
    ] = None,
    all_paths: AllPathsFlag = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, help="Only the newest N entries (0: all).", metavar="N"
        ),
    ] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Show what happened when: started, done, skipped, undone, noted.

    A long log goes through the pager on a terminal, as 'list --all' does.
    """
    from learnpath.core.history import log as events
    from learnpath.times import day_start_utc

    start = None
    if since is not None:
        try:
            start = day_start_utc(since)
        except ValueError:
            raise typer.BadParameter(
                f"{since!r} is not a date; write it as YYYY-MM-DD", param_hint="--since"
            ) from None
    with session(ctx, welcome=not as_json) as current:
        entries = events(current, all_paths, start, limit)
        if as_json:
            from learnpath.render.jsonout import write_json_array

            write_json_array(e.to_json() for e in entries)
            return
        from learnpath.render.progress import log_table

        log_table(entries, all_paths, since)


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="What to look for.", metavar="TEXT", show_default=False)
    ],
    all_paths: AllPathsFlag = False,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Show every hit (through the pager), not the first ones."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Find steps by title, description, type or your notes (case and accents ignored).

    Shows the first hits and how many there are; --all or --json gives every one.
    """
    from learnpath.core import search as find

    query = " ".join(words)
    with session(ctx, welcome=not as_json) as current:
        if as_json:
            from learnpath.render.jsonout import write_json_array

            write_json_array(h.to_json() for h in find.hits(current, query, all_paths))
            return
        from learnpath.model import WINDOW_ROWS
        from learnpath.render.steps import hits

        if everything:
            from learnpath.core.results import Found

            found = find.search(current, query, all_paths)
            hits(Found(found, len(found)), all_paths, paged=True)
        else:
            hits(find.first_hits(current, query, all_paths, WINDOW_ROWS), all_paths)


def group(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Where everyone stands on the active path: one row per learner with any activity."""
    from learnpath.core.history import group as members_of

    with session(ctx, welcome=not as_json) as current:
        members = members_of(current)

        def view() -> None:
            from learnpath.render.progress import group as shown

            shown(members, current.learner)

        show(as_json, lambda: [m.to_json() for m in members], view)
