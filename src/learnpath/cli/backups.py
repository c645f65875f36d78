"""Backups and sharing: export, import, copy, reset."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from learnpath.cli.context import session
from learnpath.cli.options import YesFlag


class ExportFormat(StrEnum):
    json = "json"
    md = "md"


def export(
    ctx: typer.Context,
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="json: a backup of everything; md: the active path."),
    ] = ExportFormat.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of printing.", metavar="FILE"),
    ] = None,
) -> None:
    """Write a backup (JSON, for 'learnpath import') or the active path as markdown.

    The JSON backup holds every path's progress, history and notes, and the paths you
    added. The markdown has a Status column; 'learnpath add' reads it back.
    """
    from learnpath.core.backup import export_text
    from learnpath.core.paths import write_file

    with session(ctx, welcome=False) as current:
        pieces = export_text(current, as_markdown=format == ExportFormat.md)
        if output is None:
            sys.stdout.writelines(pieces)
            return
        write_file(output, pieces)
    from learnpath.render.console import message

    message(f"Wrote {output}.")


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A backup from 'learnpath export'.", metavar="FILE", show_default=False
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would change.")] = False,
) -> None:
    """Merge a JSON backup: by path and step id, the newest change winning.

    Paths you do not have are added; history and notes are never duplicated, so a
    second import of the same backup changes nothing.
    """
    from learnpath.core.backupfile import read
    from learnpath.core.merge import import_backup
    from learnpath.render.paths import merged

    data = read(file)  # a file that is no backup changes nothing, not even the database
    with session(ctx, welcome=False) as current:
        heading = "Importing it would:" if dry_run else "Imported:"
        merged(import_backup(current, data, dry_run=dry_run), heading, dry_run)


def copy(
    ctx: typer.Context,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            envvar="LEARNPATH_COPY_TO",
            help="Copy into this database (or set LEARNPATH_COPY_TO, so that a password "
            "is not seen in the command line).",
            metavar="TARGET",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            envvar="LEARNPATH_COPY_FROM",
            help="Copy from this database (or set LEARNPATH_COPY_FROM).",
            metavar="SOURCE",
        ),
    ] = None,
) -> None:
    """Carry your progress, history, notes and paths to or from another database.

    TARGET or SOURCE is a database URL (postgresql+psycopg://..., sqlite:///FILE) or the
    path of a learnpath SQLite file. Merged by path and step id, the newest change
    winning; a second copy changes nothing.
    """
    from learnpath.core.merge import copy_from, copy_to
    from learnpath.render.paths import merged

    if (to is None) == (source is None):
        raise typer.BadParameter("give either --to TARGET or --from SOURCE")
    with session(ctx, welcome=False) as current:
        result = copy_to(current, to) if to is not None else copy_from(current, source or "")
        merged(result, "Copied:")


def reset(ctx: typer.Context, yes: YesFlag = False) -> None:
    """Clear the active path's progress, after writing a backup of everything.

    Notes and history stay. 'learnpath restore BACKUP' brings the progress back.
    """
    from learnpath.core.backup import reset as clear
    from learnpath.render.paths import reset_done

    with session(ctx) as current:
        if not yes:
            typer.confirm(
                f"Clear all progress on the path {current.path!r}? A backup is written first",
                abort=True,
                err=True,
            )
        count, saved = clear(current)
        reset_done(current.path, count, saved)


def restore(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A backup from 'learnpath export' or 'learnpath reset'.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    yes: YesFlag = False,
) -> None:
    """Put the active path's progress back as a backup has it, after writing a backup
    of everything.

    Unlike import, which merges and keeps whatever is newer, restore is a change made
    on purpose: the path's steps get the backup's statuses, newer than anything before.
    """
    from learnpath.core.backup import restore as put_back
    from learnpath.core.backupfile import read
    from learnpath.render.paths import restored

    data = read(file)
    with session(ctx) as current:
        if not yes:
            typer.confirm(
                f"Put the progress on the path {current.path!r} back as {file} has it? "
                "A backup is written first",
                abort=True,
                err=True,
            )
        count, saved = put_back(current, data)
        restored(current.path, count, saved)
