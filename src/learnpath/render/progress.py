"""How far learners are: progress, streaks, the dashboard, the group, the log."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import RenderableType
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
from learnpath.render.tables import ROOM, Col, Row, as_lines, fitted
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
    """The sections ``first`` to ``last`` (1-based) and the overall row, as a grid.

    The counts are never cut: in a narrow terminal the bars shrink, then go, and long
    section titles wrap.
    """
    above, below = first - 1, len(p.sections) - last
    # Skipped steps count towards the bar and the percentage, but are shown apart.
    with_skipped = p.skipped > 0
    rows: list[tuple[Text, int, int, list[Text | str]]] = []
    for s in p.sections[first - 1 : last]:
        numbers: list[Text | str] = [f"{s.done + s.skipped}/{s.total}", f"{s.percent}%"]
        if with_skipped:
            numbers.append(f"{MARKS['skipped']} {s.skipped}" if s.skipped else "")
        rows.append((text(s.title), s.done + s.skipped, s.total, numbers))
    overall: list[Text | str] = [
        Text(f"{p.done + p.skipped}/{p.total}", style="bold"),
        Text(f"{p.percent}%", style="bold"),
    ]
    if with_skipped:
        overall.append(f"{MARKS['skipped']} {p.skipped} skipped")
    rows.append((Text("Overall", style="bold"), p.done + p.skipped, p.total, overall))

    titles = max(cell_len(title.plain) for title, *_ in rows)
    numbers_width = [max(cell_len(str(r[3][i])) for r in rows) for i in range(len(overall))]
    width = console().width - sum(w + 2 for w in numbers_width)
    bar_width = min(30, width - min(titles, ROOM) - 2)
    with_bars = bar_width >= 8

    shown: list[Row] = []
    if above:
        shown.append(Row([Text(f"… {count(above, 'section')} above", style="dim")]))
    for n, (title, handled, total, numbers) in enumerate(rows):
        if n == len(rows) - 1:
            if below:
                shown.append(Row([Text(f"… {count(below, 'section')} below", style="dim")]))
            shown.append(Row([]))
        shown_bar = [bar(handled, total, bar_width)] if with_bars else []
        shown.append(Row([title, *shown_bar, *numbers]))
    if width - 2 < min(titles, ROOM):  # too narrow for columns: no bars here either
        return as_lines(shown)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold")
    if with_bars:
        grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    if with_skipped:
        grid.add_column(no_wrap=True, style="blue")
    for row in shown:
        grid.add_row(*row.cells)
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
    # The bar gives way to the count in a narrow terminal, never the other way round.
    counted = Text(f"{p.done + p.skipped}/{p.total} ({p.percent}%)", style="bold")
    bar_width = min(40, out.width - cell_len(counted.plain) - 2)
    grid = Table.grid(padding=(0, 2))
    grid.add_row(
        *([bar(p.done + p.skipped, p.total, bar_width)] if bar_width >= 8 else []), counted
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
    rows = []
    for m in members:
        name = text(m.learner, "bold" if m.learner == you else "")
        on = Text("finished", style="green")
        if m.current is not None:
            on = Text(f"{m.current.number}. ")
            on.append(text(m.current.title))
        counts = (f"{m.done + m.skipped}/{m.total}", f"{m.percent}%")
        rows.append(Row((name, *counts, count(m.streak, "day"), local_time(m.last_activity), on)))
    out.print(fitted(_GROUP_COLUMNS, rows))


# `group`: the counts always stay; in a narrow terminal the last activity goes first,
# then the streak, then the step each learner is on.
_GROUP_COLUMNS = (
    Col("Learner"),
    Col("Done", "right"),
    Col("", "right"),
    Col("Streak", "right", drop=2),
    Col("Last activity", style="dim", drop=1),
    Col("On step", text=True, drop=3),
)


def log_table(entries: Iterable[Entry], all_paths: bool, since: str | None = None) -> None:
    """The log, oldest first; ``since`` is the day it starts on, as the learner gave it."""
    cols = [Col("When", style="dim")]
    if all_paths:
        cols.append(Col("Path", style="cyan"))
    cols += [Col("What"), Col("#", "right", "cyan"), Col("Step", text=True)]
    rows = []
    for e in entries:
        cells: list[RenderableType] = [local_time(e.at)]
        if all_paths:
            cells.append(text(e.path))
        # A step no longer in its path is named by its id.
        step = text(e.title) if e.title is not None else text(e.step, "dim")
        action = text(e.action, ACTION_STYLES.get(e.action, ""))
        rows.append(Row([*cells, action, str(e.number or ""), step]))
    shown = len(rows)
    table = fitted(cols, rows)
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
