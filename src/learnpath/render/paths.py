"""Paths and backups for people: the paths table, what add, import, copy and reset did,
and the problems check found."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text

from learnpath.core.results import Added, Merged, PathSummary, Updated
from learnpath.render.console import console, count, mark, text
from learnpath.render.tables import Col, Row, fitted
from learnpath.text import some_of


def paths_table(found: Iterable[PathSummary]) -> None:
    cols = (Col(""), Col("Name", style="cyan"), Col("Title", text=True), Col("Done", "right"))
    rows = [
        Row(
            (
                Text("*" if p.active else "", style="bold green"),
                text(p.name),
                text(p.title),
                f"{p.handled}/{p.steps}",
                f"{p.percent}%",
            ),
            "bold" if p.active else None,
        )
        for p in found
    ]
    table = fitted((*cols, Col("", "right")), rows)
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
    for warning in result.warnings:
        console(stderr=True).print(text(warning), soft_wrap=True)
    if not result.updated:
        out.print(Text(f"'learnpath use {result.name}' makes it the active path.", "dim"))


# What a merge does to a step, by its new status: (would, did).
_MARKS = {
    "done": ("mark done", "marked done"),
    "skipped": ("mark skipped", "marked skipped"),
    "started": ("mark started", "marked started"),
    "todo": ("set back to todo", "set back to todo"),
}


def merged(result: Merged, heading: str, dry_run: bool = False) -> None:
    """What an import or copy did, or in a dry run would do, in a person's words: under
    ``heading``, one line for each kind of change, naming the steps."""
    out = console()
    n = 0 if dry_run else 1
    lines = [f"{('add', 'added')[n]} the path {name!r}" for name in result.paths_added]
    order = list(_MARKS)
    for (path, status), steps in sorted(
        result.changed.items(), key=lambda item: (item[0][0], order.index(item[0][1]))
    ):
        lines.append(f"{_MARKS[status][n]} on {path!r}: {step_names(steps)}")
    if result.retimed:
        lines.append(
            f"{('take', 'took')[n]} the newer times of {count(result.retimed, 'step')} "
            "whose status stays"
        )
    added = [
        count(result.events, "history entry", "history entries") if result.events else "",
        count(result.notes, "note") if result.notes else "",
    ]
    if any(added):
        lines.append(f"{('add', 'added')[n]} " + " and ".join(a for a in added if a))
    if result.notes_cleared:
        lines.append(
            f"{('clear', 'cleared')[n]} {count(result.notes_cleared, 'note')} "
            "cleared on the other side"
        )
    if not lines:
        # Steps kept below differ, so "all of it is there already" would not be true.
        out.print(
            "Nothing to change."
            if result.kept
            else "Nothing to change: all of it is there already."
        )
    else:
        out.print(text(heading))
        for line in lines:
            out.print(text(f"  {line}"), soft_wrap=True)
    for path, steps in result.kept.items():
        line = f"Kept the newer status of {step_names(steps)} on {path!r}."
        out.print(text(line), soft_wrap=True)
    if dry_run and lines:
        out.print(Text("Nothing was changed: this was a dry run.", style="dim"))


def step_names(steps: list[int | str]) -> str:
    """'step 4', "steps 1-3, 7, 'intro'": numbers in runs, then the ids of steps the path
    does not have (yet); the first few, and how many more."""
    numbers = sorted(s for s in steps if isinstance(s, int))
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    # A run of three or more is written as one: '4-9'; shorter ones number by number.
    shown = [str(n) for run in runs for n in ([f"{run[0]}-{run[-1]}"] if len(run) > 2 else run)]
    names = shown + [repr(s) for s in steps if isinstance(s, str)]
    return ("step " if len(steps) == 1 else "steps ") + some_of(names, 12)


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


def check_ok(file: object, title: str, sections: int, steps: int, warnings: list[str]) -> None:
    """`check` found no problem; what it may still warn about is said before."""
    for warning in warnings:
        console().print(text(warning), soft_wrap=True)
    line = text(f"{file}: ok, ")  # a file name may hold control characters too
    line.append(text(title))
    line.append(f" ({count(sections, 'section')}, {count(steps, 'step')})")
    console().print(line, soft_wrap=True)


def updates(results: Iterable[Updated]) -> None:
    """What `update` found at each path's source: each changed step with the learner's
    status beside it, or that nothing changed, or why the source could not be read."""
    out = console()
    cols = (Col("#", "right", "cyan"), Col(""), Col("Step", text=True), Col("What changed"))
    for result in results:
        if result.error is not None:
            console(stderr=True).print(text(f"Error: {result.error}"), soft_wrap=True)
            continue
        where = text(result.name, "bold")
        where.append_text(text(f" ({result.source})", "dim"))
        if not result.changed:
            out.print(Text.assemble(where, ": unchanged."))
            continue
        verb = "would change" if result.dry_run else "changed"
        out.print(Text.assemble(where, f": {count(len(result.changes), 'step')} {verb}."))
        rows = [
            Row((str(c.number), mark(c.status), text(c.title), text(", ".join(c.what))))
            for c in result.changes
        ]
        if rows:
            out.print(fitted(cols, rows))
        if result.dry_run:
            out.print(Text("Nothing was changed (--dry-run).", style="dim"))
