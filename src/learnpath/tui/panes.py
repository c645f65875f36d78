"""What `browse` shows beside the list, as Rich text: the header, a step's details, the
keys. Plain functions of core results, drawn defensively as every view is."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from learnpath.model import Change, ProgressReport, StepDetail
from learnpath.render.console import count, mark, text, url
from learnpath.text import readable
from learnpath.times import duration, local_time

# Every key of `browse`, as the help screen and the README list them.
KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k", "move; PgUp, PgDn, Home and End too"),
    ("Enter  o", "open the step's URL (it becomes started)"),
    ("d", "done"),
    ("s", "skip"),
    ("t", "start"),
    ("u", "back to todo (as learnpath undo)"),
    ("n", "add a note (Enter saves, Escape cancels)"),
    ("/", "search; Enter goes to the first hit, Escape shows the whole path"),
    ("p", "switch to another path"),
    ("r", "reload"),
    ("?", "this help"),
    ("q", "quit"),
)


def header(report: ProgressReport, width: int = 0) -> Text:
    """The path, how far the learner is (the numbers of `progress`) and their streak,
    in ``width`` cells: a long title is shortened, never the numbers."""
    p, act = report.progress, report.activity
    numbers = Text(f"  {p.done + p.skipped}/{p.total} steps, {p.percent}%")
    numbers.append(f"  streak {count(act.current_streak, 'day')}", style="dim")
    title = text(p.title, "bold")
    if width > 0:
        title.truncate(max(8, width - numbers.cell_len), overflow="ellipsis")
    return Text.assemble(title, numbers)


def nothing(searched: bool) -> Text:
    """The details when no step is shown."""
    said = "No step matches the search; Escape shows the whole path."
    return text(said if searched else "This path has no steps.", "dim")


def detail(found: StepDetail) -> Text:
    """A step's description, URL, status with its times, and notes."""
    step = found.step
    out = text(step.title, "bold")
    facts = [f"Step {step.number}", step.section, step.type or "", duration(step.minutes)]
    out.append("\n")
    out.append_text(text(" · ".join(fact for fact in facts if fact), "dim"))
    out.append("\n")
    out.append_text(mark(step.status))
    out.append_text(text(f" {step.status}", "bold"))
    if step.started_at:
        out.append(f"  started {local_time(step.started_at)}", style="dim")
    if step.completed_at:
        out.append(f"  completed {local_time(step.completed_at)}", style="dim")
    out.append("\n")
    out.append_text(url(step.url) if step.url else Text("no URL", style="dim"))
    if step.description:
        out.append("\n\n")
        out.append_text(text(readable(step.description)))
    if found.notes:
        out.append(f"\n\nNotes ({len(found.notes)})", style="bold")
        for note in found.notes:
            out.append(f"\n{local_time(note.at)}  ", style="dim")
            out.append_text(text(note.text))
    return out


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for key, what in KEYS:
        table.add_row(key, what)
    return table


def changed(done: Change) -> str:
    """What a status key did to its step."""
    if done.changed:
        return f"Step {done.step.number} is {done.new} now."
    return f"Step {done.step.number} was already {done.old}; nothing changed."


def opened(number: int, address: str, launched: bool, reason: str | None) -> Text:
    """What opening a step came to: the browser has it, or the URL is here to copy."""
    if launched:
        return Text(f"Opened step {number} in the browser.")
    # The URL first, whole, so that even a small terminal shows it to copy.
    line = text("Open it yourself: ")
    line.append_text(text(address, "bold"))
    line.append_text(text(f"\nStep {number} was not opened: {reason}.", "dim"))
    return line
