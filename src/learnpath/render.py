"""Showing results: Rich tables and bars for people, JSON for scripts.

Takes the plain objects the tracker returns and never opens the database. Every piece
of text that came from a path file goes through ``safe`` into a ``rich.text.Text``, so
it is shown as typed and never read as markup.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from learnpath.text import is_web_url, readable, safe

if TYPE_CHECKING:
    from pathlib import Path

    from learnpath.backup import Merged
    from learnpath.history import Activity, Entry, Member
    from learnpath.library import Added, PathSummary
    from learnpath.search import Hit
    from learnpath.tracker import (
        Change,
        Listing,
        Note,
        Opened,
        PathInfo,
        Progress,
        Stand,
        StepView,
    )

MARKS = {"done": "✓", "started": "▸", "skipped": "↷", "todo": "·"}
NOTE_MARK = "✎"  # after a title in `list`: the step has notes
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
        title = _title(step)
        if step.notes:
            title.append(f" {NOTE_MARK}", style="yellow")
        table.add_row(
            str(step.number),
            Text(MARKS[step.status], style=MARK_STYLES[step.status]),
            title,
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


def step_detail(step: StepView, notes: list[Note]) -> None:
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
    if notes:
        console.print()
        console.print(Text(f"Notes ({len(notes)})", style="bold"))
        for note in notes:
            console.print(Text(local_time(note.at), style="dim"))
            console.print(text(note.text))


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


def _bar(done: int, total: int, width: int = 30) -> ProgressBar:
    return ProgressBar(total=max(total, 1), completed=done if total else 0, width=width)


def progress(p: Progress, act: Activity | None = None, everything: bool = False) -> None:
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
    # Skipped steps count towards the bar and the percentage, but are shown apart.
    with_skipped = p.skipped > 0
    if with_skipped:
        grid.add_column(no_wrap=True, style="blue")
    for s in p.sections[first - 1 : last]:
        row: list[Text | str | ProgressBar] = [
            text(s.title),
            _bar(s.done + s.skipped, s.total),
            f"{s.done}/{s.total}",
            f"{s.percent}%",
        ]
        if with_skipped:
            row.append(f"{MARKS['skipped']} {s.skipped}" if s.skipped else "")
        grid.add_row(*row)
    if below:
        grid.add_row(Text(f"… {_count(below, 'section')} below", style="dim"))
    grid.add_row()
    overall: list[Text | str | ProgressBar] = [
        Text("Overall", style="bold"),
        _bar(p.done + p.skipped, p.total),
        Text(f"{p.done}/{p.total}", style="bold"),
        Text(f"{p.percent}%", style="bold"),
    ]
    if with_skipped:
        overall.append(f"{MARKS['skipped']} {p.skipped} skipped")
    grid.add_row(*overall)
    console.print(grid)
    details = []
    if p.started:
        details.append(f"{p.started} started")
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
    if act is not None and act.last_activity:
        activity(act)
    console.print()
    next_step(p.next)


SPARKS = " ▁▂▃▄▅▆▇█"


def activity(act: Activity) -> None:
    """Streaks, the last activity and a chart of the last weeks."""
    console = _console()
    console.print()
    line = Text("Streak: ", style="bold")
    line.append(_count(act.current_streak, "day"))
    line.append(f" (longest {_count(act.longest_streak, 'day')})", style="dim")
    line.append(f" · {act.done_this_week} done this week")
    line.append(f" · last activity {local_time(act.last_activity)}", style="dim")
    console.print(line)
    counts = [n for _, n in act.weekly]
    top = max(counts) or 1
    bars = "".join(SPARKS[1 if n == 0 else max(2, round(n * 8 / top))] for n in counts)
    chart = Text(f"Done per week, last {len(counts)}: ", style="dim")
    chart.append(bars, style="green")
    chart.append(f"  ({' '.join(str(n) for n in counts)})", style="dim")
    console.print(chart)


def log_table(entries: Iterable[Entry], all_paths: bool) -> None:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("When", no_wrap=True, style="dim")
    if all_paths:
        table.add_column("Path", no_wrap=True, style="cyan")
    table.add_column("What", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True, style="cyan")
    table.add_column("Step", ratio=1)
    shown = 0
    for e in entries:
        cells = [local_time(e.at)]
        if all_paths:
            cells.append(text(e.path))
        # A step no longer in its path is named by its id.
        step = text(e.title) if e.title is not None else text(e.step, "dim")
        cells += [Text(e.action, style=ACTION_STYLES.get(e.action, "")), str(e.number or ""), step]
        table.add_row(*cells)
        shown += 1
    console = _console()
    if shown:
        console.print(table)
    else:
        console.print("Nothing has happened yet: 'learnpath done STEP' marks a step done.")


def hits(found: Iterable[Hit], all_paths: bool) -> None:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    if all_paths:
        table.add_column("Path", no_wrap=True, style="cyan")
    table.add_column("#", justify="right", style="cyan", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Found in", no_wrap=True, style="dim")
    shown = 0
    for hit in found:
        step = hit.step
        cells: list[Text | str] = [text(hit.path)] if all_paths else []
        cells += [
            str(step.number),
            Text(MARKS[step.status], style=MARK_STYLES[step.status]),
            _title(step),
            ", ".join(hit.matched),
        ]
        table.add_row(*cells)
        shown += 1
    console = _console()
    if shown:
        console.print(table)
        console.print(Text(_count(shown, "step") + " found.", style="dim"))
    else:
        console.print("No step matches.")


def merged(result: Merged, dry_run: bool) -> None:
    console = _console()
    would = "Would add" if dry_run else "Added"
    lines = []
    if result.paths_added:
        lines.append(
            f"{would} {_count(len(result.paths_added), 'path')}: " + ", ".join(result.paths_added)
        )
    if result.statuses:
        lines.append(
            f"{'Would change' if dry_run else 'Changed'} "
            f"{_count(result.statuses, 'step status', 'step statuses')} (the newer change won)"
        )
    if result.events:
        lines.append(f"{would} {_count(result.events, 'history entry', 'history entries')}")
    if result.notes:
        lines.append(f"{would} {_count(result.notes, 'note')}")
    if result.notes_cleared:
        lines.append(
            f"{'Would clear' if dry_run else 'Cleared'} {_count(result.notes_cleared, 'note')}"
        )
    for line in lines:
        console.print(text(line + "."))
    if not lines:
        console.print("Nothing to change: all of it is there already.")
    elif dry_run:
        console.print(Text("Dry run: nothing was changed.", style="dim"))


def reset_done(path: str, count: int, saved: Path) -> None:
    console = _console()
    console.print(text(f"Backup written to {saved}"))
    console.print(
        text(
            f"Cleared the progress of {_count(count, 'step')} on {path!r}. "
            f"'learnpath import {saved}' brings it back."
        )
    )


def group(members: list[Member], you: str) -> None:
    console = _console()
    if not members:
        console.print("Nobody has started this path yet.")
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
            f"{m.done}/{m.total}",
            f"{m.percent}%",
            _count(m.streak, "day"),
            local_time(m.last_activity),
            on,
        )
    console.print(table)


ACTION_STYLES = {"done": "green", "started": "yellow", "skipped": "blue", "noted": "magenta"}


def welcome(info: PathInfo) -> None:
    """The very first run: what this is, and how to begin."""
    console = _console()
    console.print(Text("Welcome to learnpath!", style="bold"))
    line = Text("Your path is ")
    line.append(text(info.title, "bold"))
    line.append(f", {_count(info.step_count, 'step')}. Three commands to start:")
    console.print(line)
    _commands(
        ("learnpath next", "the step to do now, with its link"),
        ("learnpath open 1", "open step 1 in your browser (or print its link)"),
        ("learnpath done 1", "mark it done; 'learnpath progress' shows how far you are"),
    )
    console.print()


def dashboard(p: Progress, act: Activity) -> None:
    """`learnpath` without a command: where you stand and what to do next."""
    console = _console()
    console.print(text(p.title, "bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_row(
        _bar(p.done + p.skipped, p.total, width=40),
        Text(f"{p.done + p.skipped}/{p.total} ({p.percent}%)", style="bold"),
    )
    console.print(grid)
    if act.last_activity:
        line = Text(f"Streak: {_count(act.current_streak, 'day')}", style="dim")
        line.append(f" · {act.done_this_week} done this week", style="dim")
        console.print(line)
    console.print()
    next_step(p.next)
    console.print()
    _commands(
        ("learnpath list", "all steps"),
        ("learnpath done N", "mark step N done"),
        ("learnpath progress", "progress per section, streaks"),
    )
    console.print(Text("  'learnpath --help' lists every command.", style="dim"))


def _commands(*pairs: tuple[str, str]) -> None:
    """Commands to try, each with what it does, in two aligned columns."""
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column(style="dim")
    for command, what in pairs:
        grid.add_row(command, what)
    _console().print(Padding(grid, (0, 0, 0, 2), expand=False))


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


def stand(where: Stand) -> None:
    """One line after a status change: 'Fundamentals: 3/7 (43%), path: 3/10 (30%)'."""
    console = _console()
    p = where.progress
    line = Text()
    if where.section is not None:
        s = where.section
        line.append(text(s.title))
        line.append(f": {s.done + s.skipped}/{s.total} ({s.percent}%), ")
    line.append(f"path: {p.done + p.skipped}/{p.total} ({p.percent}%)")
    console.print(line, style="dim")
    if where.just_completed:
        console.print(
            Text(
                f"Congratulations: you have finished {safe(p.title)}, all {p.total} steps!",
                style="bold green",
            )
        )


def notes_cleared(count: int) -> None:
    message(f"Cleared {_count(count, 'note')}." if count else "There were no notes to clear.")


def local_time(at: str | None) -> str:
    """A stored UTC time as the learner's local 'YYYY-MM-DD HH:MM'."""
    if not at:
        return "-"
    moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


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


def _count(n: int, noun: str, plural: str = "") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"
