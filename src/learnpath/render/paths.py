"""Paths and backups for people: the paths table, what add, import, copy and reset did,
and the problems check found."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.table import Table
from rich.text import Text

from learnpath.core.results import Added, Merged, PathSummary
from learnpath.render.console import console, count, text


def paths_table(found: Iterable[PathSummary]) -> None:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("Name", style="cyan", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    for p in found:
        table.add_row(
            Text("*" if p.active else "", style="bold green"),
            text(p.name),
            text(p.title),
            f"{p.handled}/{p.steps}",
            f"{p.percent}%",
            style="bold" if p.active else None,
        )
    out = console()
    out.print(table)
    out.print(Text("* active. 'learnpath use NAME' switches.", style="dim"))


def added(result: Added) -> None:
    verb = "Updated" if result.updated else "Added"
    line = Text(f"{verb} path {result.name!r}: ")
    line.append(text(result.title))
    line.append(f" ({count(result.steps, 'step')}).")
    out = console()
    out.print(line)
    if not result.updated:
        out.print(Text(f"'learnpath use {result.name}' makes it the active path.", "dim"))


def merged(result: Merged, dry_run: bool) -> None:
    out = console()
    would = "Would add" if dry_run else "Added"
    lines = []
    if result.paths_added:
        lines.append(
            f"{would} {count(len(result.paths_added), 'path')}: " + ", ".join(result.paths_added)
        )
    if result.statuses:
        lines.append(
            f"{'Would change' if dry_run else 'Changed'} "
            f"{count(result.statuses, 'step status', 'step statuses')} (the newer change won)"
        )
    if result.events:
        lines.append(f"{would} {count(result.events, 'history entry', 'history entries')}")
    if result.notes:
        lines.append(f"{would} {count(result.notes, 'note')}")
    if result.notes_cleared:
        lines.append(
            f"{'Would clear' if dry_run else 'Cleared'} {count(result.notes_cleared, 'note')}"
        )
    for line in lines:
        out.print(text(line + "."))
    if not lines:
        out.print("Nothing to change: all of it is there already.")
    elif dry_run:
        out.print(Text("Dry run: nothing was changed.", style="dim"))


def reset_done(path: str, cleared: int, saved: Path | None) -> None:
    out = console()
    if saved is None:
        out.print(text(f"Nothing to reset: no step of {path!r} has any progress."))
        return
    out.print(text(f"Backup written to {saved}"))
    out.print(
        text(
            f"Cleared the progress of {count(cleared, 'step')} on {path!r}. "
            f"'learnpath restore {saved}' brings it back."
        )
    )


def restored(path: str, changed: int, saved: Path) -> None:
    out = console()
    out.print(text(f"Backup of what was there written to {saved}"))
    out.print(text(f"Restored the progress on {path!r}: {count(changed, 'step')} changed."))


def problems(found: list[str]) -> None:
    out = console()
    for problem in found:
        out.print(text(problem), soft_wrap=True)
    console(stderr=True).print(Text(f"{count(len(found), 'problem')} found."))


def check_ok(file: object, title: str, sections: int, steps: int) -> None:
    line = text(f"{file}: ok, ")  # a file name may hold control characters too
    line.append(text(title))
    line.append(f" ({count(sections, 'section')}, {count(steps, 'step')})")
    console().print(line, soft_wrap=True)
