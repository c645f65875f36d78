"""Steps for people: the list, one step, the path's introduction, what a change did."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from learnpath.model import Action, Change, Listing, Opened, PathInfo, Stand, StepDetail, StepView
from learnpath.render.console import (
    NOTE_MARK,
    console,
    count,
    mark,
    message,
    pager,
    text,
    title,
    url,
)
from learnpath.text import is_web_url, readable, safe
from learnpath.times import duration, local_time

if TYPE_CHECKING:  # only `search` and `note(s)` need them: not loaded for the others
    from learnpath.core.results import Edited, Hit, PathNote


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
        shown_title = title(step)
        if step.notes:
            shown_title.append(f" {NOTE_MARK}", style="yellow")
        table.add_row(
            str(step.number),
            mark(step.status),
            shown_title,
            text(step.type),
            duration(step.minutes),
            style="dim" if dim else None,
        )
        shown += 1
    out = console()
    with pager(out) if paged and shown else nullcontext():
        if shown:
            out.print(table)
            out.print()
        elif listing.filtered:
            out.print("No steps match.")
        else:
            out.print("This path has no steps yet.")
        p = listing.progress
        footer = Text(f"{p.done + p.skipped}/{p.total} ({p.percent}%)", style="bold")
        if p.skipped:
            footer.append(f", {p.skipped} of them skipped", style="bold")
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
        out.print(footer)


def step_detail(detail: StepDetail) -> None:
    """`show`: every fact of one step, its description and its notes."""
    step, notes = detail.step, detail.notes
    out = console()
    out.print(title(step, "bold"))
    rows: list[tuple[str, Text]] = [
        ("Step", Text(str(step.number))),
        ("Id", text(step.id)),
        ("Section", text(step.section)),
        ("Type", text(step.type or "-")),
        ("Length", Text(duration(step.minutes) or "-")),
        ("Status", mark(step.status).append(" ").append_text(text(step.status, "bold"))),
    ]
    # Local time, and 'unknown' for a stored time that cannot be read: never raw text.
    if step.started_at:
        rows.append(("Started", Text(local_time(step.started_at))))
    if step.completed_at:
        rows.append(("Completed", Text(local_time(step.completed_at))))
    # The URL goes last and is never wrapped or cut, so it can be copied whole.
    rows.append(("URL", url(step.url) if step.url else Text("-")))
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        line = Text(label.ljust(width), style="dim")
        line.append_text(value)
        out.print(line, soft_wrap=label == "URL")
    if step.description:
        out.print()
        out.print(text(readable(step.description)))
    if notes:
        out.print()
        out.print(Text(f"Notes ({len(notes)})", style="bold"))
        for note in notes:
            out.print(Text(local_time(note.at), style="dim"))
            out.print(text(note.text))


def path_info(info: PathInfo) -> None:
    out = console()
    out.print(text(info.title, "bold"))
    out.print()
    if info.description:
        out.print(text(readable(info.description)))
        out.print()
    if info.prerequisites:
        out.print(Text("Prerequisites", style="bold"))
        items = Table.grid(padding=(0, 1, 0, 0), pad_edge=True)
        items.add_column(no_wrap=True)
        items.add_column()
        for item in info.prerequisites:
            line = text(readable(item.title), "bold")
            if item.description:
                line.append(": ")
                line.append(text(readable(item.description)))
            items.add_row("  •", line)
        out.print(items)
        out.print()
    if info.overview:
        out.print(Text("Learning path", style="bold"))
        out.print(text(readable(info.overview)))
        out.print()
    out.print(Text(f"{count(info.step_count, 'step')}. 'learnpath list' shows them.", style="dim"))


def next_step(step: StepView | None, total: int) -> None:
    """The step to do now; when there is none, why: the path is complete, or empty."""
    out = console()
    if step is None and total == 0:
        out.print("This path has no steps yet.")
        return
    if step is None:
        out.print(
            Text("Path complete: every step is done or skipped. Well done!", style="bold green")
        )
        return
    line = Text("Next: ", style="bold")
    line.append(f"{step.number}. ")
    line.append(title(step))
    extra = ", ".join(x for x in (safe(step.type), duration(step.minutes)) if x)
    if extra:
        line.append(f" ({extra})", style="dim")
    out.print(line)
    if step.url:
        out.print(Text("      ").append(url(step.url)), soft_wrap=True)
    if step.url and is_web_url(step.url):  # only where there is something to open
        out.print(Text(f"      learnpath open {step.number}", style="dim"))


# What each status command says of a step it changed, and of one it left alone.
VERBS = {
    Action.done: ("done", "already done"),
    Action.undo: ("back to todo", "already todo"),
    Action.start: ("started", "left as it is"),
    Action.skip: ("skipped", "already skipped"),
}


def changes(result: list[Change], action: Action) -> None:
    """One line per step: what happened to it."""
    verb, already = VERBS[action]
    kept_done = "left done: 'learnpath undo' it first" if action == Action.skip else already
    out = console()
    for change in result:
        step = change.step
        line = mark(step.status).append(" ")
        line.append(f"{step.number}. ")
        line.append(text(step.title))
        said = verb if change.changed else kept_done if step.status == "done" else already
        line.append(f"  {said}", style="dim")
        out.print(line)


def stand(where: Stand) -> None:
    """One line after a status change: 'Fundamentals: 3/7 (43%), path: 3/10 (30%)'."""
    out = console()
    p = where.progress
    line = Text()
    if where.section is not None:
        s = where.section
        line.append(text(s.title))
        line.append(f": {s.done + s.skipped}/{s.total} ({s.percent}%), ")
    line.append(f"path: {p.done + p.skipped}/{p.total} ({p.percent}%)")
    out.print(line, style="dim")
    if where.just_completed and p.skipped > p.done:
        # Finished mostly by skipping: worth saying, not worth a congratulation.
        out.print(
            Text(f"Every step of {safe(p.title)} is handled: {p.done} done, {p.skipped} skipped.")
        )
    elif where.just_completed:
        out.print(
            Text(
                f"Congratulations: you have finished {safe(p.title)}, all {p.total} steps!",
                style="bold green",
            )
        )


def opened(result: Opened) -> None:
    out = console()
    step = result.step
    # The URL alone on its own line, so it can be copied (or clicked) from any terminal.
    out.print(url(step.url), soft_wrap=True)
    parts = []
    if result.launched:
        parts.append("Opened in your browser.")
    elif result.reason:
        parts.append(f"Not opened: {result.reason}.")
    if result.started:
        parts.append(f"Step {step.number} is now started.")
    if parts:
        console(stderr=True).print(Text(" ".join(parts), style="dim"))


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
            mark(step.status),
            title(step),
            ", ".join(hit.matched),
        ]
        table.add_row(*cells)
        shown += 1
    out = console()
    if shown:
        out.print(table)
        out.print(Text(count(shown, "step") + " found.", style="dim"))
    else:
        out.print("No step matches.")


def notes_to_clear(detail: StepDetail) -> None:
    """What `note --clear` would remove, before it asks (on stderr: it is a question)."""
    out = console(stderr=True)
    out.print(Text(f"Notes of step {detail.step.number}:", style="bold"))
    for note in detail.notes:
        out.print(Text(f"  {local_time(note.at)}  ").append_text(text(note.text)))


def notes_table(found: list[PathNote]) -> None:
    """`learnpath notes`: every note of the path, newest first."""
    out = console()
    if not found:
        out.print("No notes yet: 'learnpath note STEP TEXT' writes one.")
        return
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("When", no_wrap=True, style="dim")
    table.add_column("#", justify="right", no_wrap=True, style="cyan")
    table.add_column("Step", ratio=1)
    table.add_column("Note", ratio=2)
    for note in found:
        step = text(note.title) if note.title is not None else text(note.step, "dim")
        table.add_row(local_time(note.at), str(note.number or ""), step, text(note.text))
    out.print(table)


def notes_cleared(cleared: int) -> None:
    message(f"Cleared {count(cleared, 'note')}." if cleared else "There were no notes to clear.")


def notes_edited(edited: Edited | None) -> None:
    """What `note --edit` did, note by note, and how many notes the step has now."""
    if edited is None or not (edited.changed or edited.added or edited.removed):
        message("Notes left as they were.")
        return
    done = [
        f"{n} {what}"
        for n, what in (
            (edited.changed, "changed"),
            (edited.added, "added"),
            (edited.removed, "deleted"),
            (edited.kept, "kept"),
        )
        if n
    ]
    now = count(edited.total, "note") if edited.total else "no notes"
    message(f"Notes saved: {', '.join(done)}. Step {edited.number} has {now}.")
