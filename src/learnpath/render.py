"""Showing results: Rich tables and bars for people, JSON for scripts.

Takes the plain objects the tracker returns and never opens the database. Every piece
of text that came from a path file goes through ``safe`` into a ``rich.text.Text``, so
it is shown as typed and never read as markup.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from learnpath.text import is_web_url, readable, safe

if TYPE_CHECKING:
    from learnpath.library import Added, PathSummary
    from learnpath.tracker import Change, Listing, Opened, PathInfo, Progress, StepView

MARKS = {"done": "✓", "started": "▸", "skipped": "↷", "todo": "·"}
MARK_STYLES = {"done": "green", "started": "yellow", "skipped": "blue", "todo": "dim"}


def _console(stderr: bool = False) -> Console:
    # Created per call so that tests (and CliRunner) that swap sys.stdout are honoured.
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False)


def text(value: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich Text: control characters gone, markup not interpreted."""
    return Text(safe(value), style=style)


def duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _title(step: StepView, style: str = "") -> Text:
    out = text(step.title, style)
    if step.url and is_web_url(step.url):
        # A terminal hyperlink where the terminal supports OSC 8; plain text elsewhere.
        out.stylize(f"link {step.url}")
    return out


# -- people -----------------------------------------------------------------------------


def step_table(listing: Listing, paged: bool = False) -> None:
    """The steps grouped by section, with a footer of how far the learner is."""
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("#", justify="right", style="cyan", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Type", style="magenta", no_wrap=True)
    table.add_column("Length", justify="right", no_wrap=True)
    section = None
    shown = 0
    for step in listing.steps:
        if step.section != section:
            if section is not None:
                table.add_row()
            table.add_row("", "", text(step.section, "bold underline"), "", "")
            section = step.section
        dim = step.status == "done"
        table.add_row(
            str(step.number),
            Text(MARKS[step.status], style=MARK_STYLES[step.status]),
            _title(step),
            text(step.type),
            duration(step.minutes),
            style="dim" if dim else None,
        )
        shown += 1
    console = _console()
    with _pager(console) if paged and shown else nullcontext():
        if shown:
            console.print(table)
            console.print()
        elif listing.filtered:
            console.print("No steps match.")
        else:
            console.print("This path has no steps yet.")
        p = listing.progress
        footer = Text(f"{p.done}/{p.total} done", style="bold")
        matches = shown + listing.before + listing.after
        if listing.before or listing.after:
            first = listing.before + 1
            what = "matching steps" if listing.filtered else "steps"
            footer.append(
                f" · showing {what} {first}–{first + shown - 1} of {matches}; "
                "'learnpath list --all' shows them all",
                style="dim",
            )
        elif listing.filtered:
            footer.append(f" · {shown} shown", style="dim")
        console.print(footer)


def _pager(console: Console) -> AbstractContextManager[object]:
    """Rich's pager (pydoc's: $PAGER, else less) when writing to a terminal."""
    if not console.is_terminal:
        return nullcontext()
    # less shows colours with -R; -F quits at once when everything fits, -X leaves the
    # text on the screen. A learner's own LESS wins.
    os.environ.setdefault("LESS", "-FRX")
    return console.pager(styles=True)


def step_detail(step: StepView) -> None:
    console = _console()
    console.print(_title(step, "bold"))
    rows: list[tuple[str, Text]] = [
        ("Step", Text(str(step.number))),
        ("Id", text(step.id)),
        ("Section", text(step.section)),
        ("Type", text(step.type or "-")),
        ("Length", Text(duration(step.minutes) or "-")),
        ("Status", Text(f"{MARKS[step.status]} {step.status}", MARK_STYLES[step.status])),
    ]
    if step.started_at:
        rows.append(("Started", Text(step.started_at)))
    if step.completed_at:
        rows.append(("Completed", Text(step.completed_at)))
    # The URL goes last and is never wrapped or cut, so it can be copied whole.
    rows.append(("URL", text(step.url or "-")))
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        line = Text(label.ljust(width), style="dim")
        line.append_text(value)
        console.print(line, soft_wrap=label == "URL")
    if step.description:
        console.print()
        console.print(text(readable(step.description)))


def path_info(info: PathInfo) -> None:
    console = _console()
    console.print(text(info.title, "bold"))
    console.print()
    if info.description:
        console.print(text(readable(info.description)))
        console.print()
    if info.prerequisites:
        console.print(Text("Prerequisites", style="bold"))
        items = Table.grid(padding=(0, 1, 0, 0), pad_edge=True)
        items.add_column(no_wrap=True)
        items.add_column()
        for item in info.prerequisites:
            line = text(readable(item.title), "bold")
            if item.description:
                line.append(": ")
                line.append(text(readable(item.description)))
            items.add_row("  •", line)
        console.print(items)
        console.print()
    if info.overview:
        console.print(Text("Learning path", style="bold"))
        console.print(text(readable(info.overview)))
        console.print()
    console.print(
        Text(f"{_count(info.step_count, 'step')}. 'learnpath list' shows them.", style="dim")
    )


def _bar(done: int, total: int) -> ProgressBar:
    return ProgressBar(total=max(total, 1), completed=done if total else 0, width=30)


def progress(p: Progress, everything: bool = False) -> None:
    console = _console()
    console.print(text(p.title, "bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    first, last = (1, len(p.sections)) if everything else p.section_window()
    above, below = first - 1, len(p.sections) - last
    if above:
        grid.add_row(Text(f"… {_count(above, 'section')} above", style="dim"))
    for s in p.sections[first - 1 : last]:
        grid.add_row(
            text(s.title), _bar(s.done + s.skipped, s.total), f"{s.done}/{s.total}", f"{s.percent}%"
        )
    if below:
        grid.add_row(Text(f"… {_count(below, 'section')} below", style="dim"))
    grid.add_row()
    grid.add_row(
        Text("Overall", style="bold"),
        _bar(p.done + p.skipped, p.total),
        Text(f"{p.done}/{p.total}", style="bold"),
        Text(f"{p.percent}%", style="bold"),
    )
    console.print(grid)
    details = []
    if p.started:
        details.append(f"{p.started} started")
    if p.skipped:
        details.append(f"{p.skipped} skipped")
    if details:
        console.print(Text(", ".join(details), style="dim"))
    if p.timed:
        line = (
            f"Time: {duration(p.minutes_done) or '0 min'} done, "
            f"{duration(p.minutes_left) or '0 min'} left"
        )
        if p.timed < p.total:
            line += f" (length known for {p.timed} of {p.total} steps)"
        console.print(Text(line, style="dim"))
    if above or below:
        console.print(Text("'learnpath progress --all' shows every section.", style="dim"))
    console.print()
    next_step(p.next)


def next_step(step: StepView | None) -> None:
    console = _console()
    if step is None:
        console.print(
            Text("Path complete: every step is done or skipped. Well done!", style="bold green")
        )
        return
    line = Text("Next: ", style="bold")
    line.append(f"{step.number}. ")
    line.append(_title(step))
    extra = ", ".join(x for x in (safe(step.type), duration(step.minutes)) if x)
    if extra:
        line.append(f" ({extra})", style="dim")
    console.print(line)
    if step.url:
        console.print(Text("      ").append(text(step.url)), soft_wrap=True)
    console.print(Text(f"      learnpath open {step.number}", style="dim"))


def changes(result: list[Change], verb: str, already: str) -> None:
    """One line per step: what happened to it."""
    console = _console()
    for change in result:
        step = change.step
        line = Text(f"{MARKS[step.status]} ", style=MARK_STYLES[step.status])
        line.append(f"{step.number}. ")
        line.append(text(step.title))
        line.append(f"  {verb}" if change.changed else f"  {already}", style="dim")
        console.print(line)


def opened(result: Opened) -> None:
    console = _console()
    step = result.step
    # The URL alone on its own line, so it can be copied (or clicked) from any terminal.
    console.print(text(step.url), soft_wrap=True)
    parts = []
    if result.launched:
        parts.append("Opened in your browser.")
    elif result.reason:
        parts.append(f"Not opened: {result.reason}.")
    if result.started:
        parts.append(f"Step {step.number} is now started.")
    if parts:
        _console(stderr=True).print(Text(" ".join(parts), style="dim"))


def message(line: str) -> None:
    _console().print(text(line))


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
            f"{p.done}/{p.steps}",
            f"{p.percent}%",
            style="bold" if p.active else None,
        )
    console = _console()
    console.print(table)
    console.print(Text("* active. 'learnpath use NAME' switches.", style="dim"))


def added(result: Added) -> None:
    verb = "Updated" if result.updated else "Added"
    line = Text(f"{verb} path {result.name!r}: ")
    line.append(text(result.title))
    line.append(f" ({_count(result.steps, 'step')}).")
    console = _console()
    console.print(line)
    if not result.updated:
        console.print(Text(f"'learnpath use {result.name}' makes it the active path.", "dim"))


def problems(found: list[str]) -> None:
    console = _console()
    for problem in found:
        console.print(text(problem), soft_wrap=True)
    _console(stderr=True).print(Text(f"{_count(len(found), 'problem')} found."))


def check_ok(file: object, title: str, sections: int, steps: int) -> None:
    line = text(f"{file}: ok, ")  # a file name may hold control characters too
    line.append(text(title))
    line.append(f" ({_count(sections, 'section')}, {_count(steps, 'step')})")
    _console().print(line, soft_wrap=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
