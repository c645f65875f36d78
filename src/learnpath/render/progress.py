"""How far learners are: progress, streaks, the dashboard, the group, the log."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from typing import TYPE_CHECKING

from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from learnpath.model import WINDOW_ROWS, Activity, PathInfo, Progress, ProgressReport
from learnpath.render.console import (
    ACTION_STYLES,
    MARKS,
    bar,
    commands,
    console,
    count,
    pager,
    text,
)
from learnpath.render.steps import next_step
from learnpath.times import duration, local_time

if TYPE_CHECKING:  # only `log` and `group` need these: not loaded for the others
    from learnpath.core.results import Entry, Member


def progress(report: ProgressReport, everything: bool = False) -> None:
    """`progress`: a bar per section (those around yours, or all), overall, and more."""
    p, act = report.progress, report.activity
    out = console()
    out.print(text(p.title, "bold"))
    first, last = (1, len(p.sections)) if everything else p.section_window()
    out.print(_sections(p, first, last))
    if p.started:
        out.print(Text(f"{p.started} started", style="dim"))
    if p.timed:
        # "0 min done" would claim a length for done steps whose length is unknown.
        done = f"{duration(p.minutes_done)} done, " if p.minutes_done else ""
        line = f"Time: {done}{duration(p.minutes_left) or '0 min'} left"
        if p.timed < p.total:
            line += f" (length known for {p.timed} of {p.total} steps)"
        out.print(Text(line, style="dim"))
    if first > 1 or last < len(p.sections):
        out.print(Text("'learnpath progress --all' shows every section.", style="dim"))
    if act.last_activity:
        activity(act)
    out.print()
    next_step(p.next, p.total)


def _sections(p: Progress, first: int, last: int) -> Table:
    """The sections ``first`` to ``last`` (1-based) and the overall row, as a grid."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    above, below = first - 1, len(p.sections) - last
    if above:
        grid.add_row(Text(f"… {count(above, 'section')} above", style="dim"))
    # Skipped steps count towards the bar and the percentage, but are shown apart.
    with_skipped = p.skipped > 0
    if with_skipped:
        grid.add_column(no_wrap=True, style="blue")
    for s in p.sections[first - 1 : last]:
        row: list[Text | str | ProgressBar] = [
            text(s.title),
            bar(s.done + s.skipped, s.total),
            f"{s.done + s.skipped}/{s.total}",
            f"{s.percent}%",
        ]
        if with_skipped:
            row.append(f"{MARKS['skipped']} {s.skipped}" if s.skipped else "")
        grid.add_row(*row)
    if below:
        grid.add_row(Text(f"… {count(below, 'section')} below", style="dim"))
    grid.add_row()
    overall: list[Text | str | ProgressBar] = [
        Text("Overall", style="bold"),
        bar(p.done + p.skipped, p.total),
        Text(f"{p.done + p.skipped}/{p.total}", style="bold"),
        Text(f"{p.percent}%", style="bold"),
    ]
    if with_skipped:
        overall.append(f"{MARKS['skipped']} {p.skipped} skipped")
    grid.add_row(*overall)
    return grid


SPARKS = " ▁▂▃▄▅▆▇█"


def activity(act: Activity) -> None:
    """Streaks, the last activity and a chart of the last weeks."""
    out = console()
    out.print()
    line = Text("Streak: ", style="bold")
    line.append(count(act.current_streak, "day"))
    line.append(f" (longest {count(act.longest_streak, 'day')})", style="dim")
    line.append(f" · {act.done_this_week} done this week")
    line.append(f" · last activity {local_time(act.last_activity)}", style="dim")
    out.print(line)
    counts = [n for _, n in act.weekly]
    top = max(counts) or 1
    bars = "".join(SPARKS[1 if n == 0 else max(2, round(n * 8 / top))] for n in counts)
    chart = Text(f"Done per week, last {len(counts)}: ", style="dim")
    chart.append(bars, style="green")
    chart.append(f"  ({' '.join(str(n) for n in counts)})", style="dim")
    out.print(chart)


def welcome(info: PathInfo) -> None:
    """The very first run: what this is, and how to begin."""
    out = console()
    out.print(Text("Welcome to learnpath!", style="bold"))
    line = Text("Your path is ")
    line.append(text(info.title, "bold"))
    line.append(f", {count(info.step_count, 'step')}. Three commands to start:")
    out.print(line)
    commands(
        ("learnpath next", "the step to do now, with its link"),
        ("learnpath open 1", "open step 1 in your browser (or print its link)"),
        ("learnpath done 1", "mark it done; 'learnpath progress' shows how far you are"),
    )
    out.print()


def dashboard(report: ProgressReport) -> None:
    """`learnpath` without a command: where you stand and what to do next."""
    p, act = report.progress, report.activity
    out = console()
    out.print(text(p.title, "bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_row(
        bar(p.done + p.skipped, p.total, width=40),
        Text(f"{p.done + p.skipped}/{p.total} ({p.percent}%)", style="bold"),
    )
    out.print(grid)
    if act.last_activity:
        line = Text(f"Streak: {count(act.current_streak, 'day')}", style="dim")
        line.append(f" · {act.done_this_week} done this week", style="dim")
        out.print(line)
    out.print()
    next_step(p.next, p.total)
    out.print()
    commands(
        ("learnpath list", "all steps"),
        ("learnpath done N", "mark step N done"),
        ("learnpath progress", "progress per section, streaks"),
    )
    out.print(Text("  'learnpath --help' lists every command.", style="dim"))


def group(members: list[Member], you: str) -> None:
    out = console()
    if not members:
        out.print("Nobody has started this path yet.")
        return
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Learner", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("Streak", justify="right", no_wrap=True)
    table.add_column("Last activity", no_wrap=True, style="dim")
    table.add_column("On step", ratio=1)
    for m in members:
        name = text(m.learner, "bold" if m.learner == you else "")
        on = Text("finished", style="green")
        if m.current is not None:
            on = Text(f"{m.current.number}. ")
            on.append(text(m.current.title))
        table.add_row(
            name,
            f"{m.done + m.skipped}/{m.total}",
            f"{m.percent}%",
            count(m.streak, "day"),
            local_time(m.last_activity),
            on,
        )
    out.print(table)


def log_table(entries: Iterable[Entry], all_paths: bool, since: str | None = None) -> None:
    """The log, oldest first; ``since`` is the day it starts on, as the learner gave it."""
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("When", no_wrap=True, style="dim")
    if all_paths:
        table.add_column("Path", no_wrap=True, style="cyan")
    table.add_column("What", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True, style="cyan")
    table.add_column("Step", ratio=1)
    shown = 0
    for e in entries:
        cells: list[Text | str] = [local_time(e.at)]
        if all_paths:
            cells.append(text(e.path))
        # A step no longer in its path is named by its id.
        step = text(e.title) if e.title is not None else text(e.step, "dim")
        action = text(e.action, ACTION_STYLES.get(e.action, ""))
        cells += [action, str(e.number or ""), step]
        table.add_row(*cells)
        shown += 1
    out = console()
    if shown:
        # As `list --all`: a log longer than a screen goes through the pager.
        with pager(out) if shown > WINDOW_ROWS else nullcontext():
            out.print(table)
    else:
        if since:
            out.print(text(f"Nothing has happened since {since}."))
        else:
            out.print("Nothing has happened yet: 'learnpath done STEP' marks a step done.")
