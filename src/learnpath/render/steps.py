"""Steps for people: the list, one step, the path's introduction, what a change did."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from learnpath.model import (
    WINDOW_ROWS,
    Action,
    Change,
    LinkCheck,
    Listing,
    Opened,
    PathInfo,
    Stand,
    StepDetail,
    StepView,
)
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
from learnpath.render.tables import Col, Row, fitted
from learnpath.text import is_web_url, readable, safe
from learnpath.times import duration, local_time

if TYPE_CHECKING:  # only `search` and `note(s)` need them: not loaded for the others
    from learnpath.core.results import Edited, Found, PathNote


# `list`: in a narrow terminal the title keeps its room; Type goes first, then Length.
_STEP_COLUMNS = (
    Col("#", "right", "cyan"),
    Col(""),
    Col("Title", text=True),
    Col("Type", style="magenta", drop=1),
    Col("Length", "right", drop=2),
)


def step_table(listing: Listing, paged: bool = False) -> None:
    """The steps grouped by section, with a footer of how far the learner is."""
    rows: list[Row] = []
    section = None
    shown = 0
    for step in listing.steps:
        if step.section != section:
            if section is not None:
                rows.append(Row([]))
            rows.append(Row(["", "", text(step.section, "bold underline")]))
            section = step.section
        shown_title = title(step)
        if step.notes:
            shown_title.append(f" {NOTE_MARK}", style="yellow")
        if step.id in listing.broken:
            shown_title.append(" (link broken)", style="red")
        cells = (str(step.number), mark(step.status), shown_title, text(step.type))
        rows.append(Row((*cells, duration(step.minutes)), "dim" if step.status == "done" else None))
        shown += 1
    table = fitted(_STEP_COLUMNS, rows)
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
    if detail.link is not None:
        rows.append(("Link", link_state(detail.link)))
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


def hits(found: Found, all_paths: bool, paged: bool = False) -> None:
    """The hits of a search (the first ones, or all), and how many there are in all."""
    cols = [Col("Path", style="cyan")] if all_paths else []
    cols += [Col("#", "right", "cyan"), Col(""), Col("Title", text=True)]
    cols.append(Col("Found in", style="dim", drop=1))
    rows = []
    for hit in found.hits:
        step = hit.step
        cells: list[RenderableType] = [text(hit.path)] if all_paths else []
        cells += [str(step.number), mark(step.status), title(step), ", ".join(hit.matched)]
        rows.append(Row(cells))
    out = console()
    if not rows:
        out.print("No step matches.")
        return
    with pager(out) if paged and len(rows) > WINDOW_ROWS else nullcontext():
        out.print(fitted(cols, rows))
        footer = Text(count(found.total, "step") + " found", style="dim")
        if found.total > len(rows):
            footer.append(f", the first {len(rows)} shown ('--all' shows all, '--json' too)")
        out.print(footer.append("."))


def notes_to_clear(detail: StepDetail) -> None:
    """What `note --clear` would remove, before it asks (on stderr: it is a question)."""
    out = console(stderr=True)
    out.print(Text(f"Notes of step {detail.step.number}:", style="bold"))
    for note in detail.notes:
        out.print(Text(f"  {local_time(note.at)}  ").append_text(text(note.text)))


# `notes`: in a narrow terminal the step's title goes, its number stays.
_NOTE_COLUMNS = (
    Col("When", style="dim"),
    Col("#", "right", "cyan"),
    Col("Step", text=True, drop=1),
    Col("Note", text=True),
)


def notes_table(found: list[PathNote]) -> None:
    """`learnpath notes`: every note of the path, newest first."""
    out = console()
    if not found:
        out.print("No notes yet: 'learnpath note STEP TEXT' writes one.")
        return
    rows = []
    for note in found:
        step = text(note.title) if note.title is not None else text(note.step, "dim")
        rows.append(Row((local_time(note.at), str(note.number or ""), step, text(note.text))))
    out.print(fitted(_NOTE_COLUMNS, rows))


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


_LINK_STYLES = {"ok": "green", "redirected": "yellow", "broken": "red", "unreachable": "red"}


def link_state(found: LinkCheck) -> Text:
    """What a link check found, and when: 'broken (HTTP 404), checked 2026-11-25 08:00'."""
    line = Text(found.status, style=_LINK_STYLES.get(found.status, "dim"))
    why = f"HTTP {found.http_status}" if found.http_status else found.detail
    if why:
        line.append_text(text(f" ({why})"))
    if found.status == "redirected" and found.final_url:
        line.append(" to ")
        line.append_text(url(found.final_url))
    if found.checked_at:
        line.append(f", checked {local_time(found.checked_at)}", style="dim")
    return line


def links_table(found: list[LinkCheck]) -> None:
    """`check --links`: every link with what was found; the counts after."""
    cols = (
        Col("#", "right", "cyan"),
        Col("Link"),
        Col("HTTP", "right"),
        Col("URL", text=True),
    )
    rows = []
    for item in found:
        state = Text(item.status, style=_LINK_STYLES.get(item.status, "dim"))
        shown = url(item.url)
        if item.status == "redirected" and item.final_url:
            shown.append(" -> ").append_text(url(item.final_url))
        elif item.detail:
            shown.append_text(text(f" ({item.detail})", "dim"))
        rows.append(Row((str(item.number), state, str(item.http_status or ""), shown)))
    out = console()
    if rows:
        out.print(fitted(cols, rows))
    counts: dict[str, int] = {}
    for item in found:
        counts[item.status] = counts.get(item.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in counts.items()) or "no links"
    out.print(Text(f"{count(len(found), 'link')} checked: {summary}.", style="bold"))
