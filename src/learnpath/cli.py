"""The command line: parse arguments, call the tracker, hand the result to render.

Every command is a few lines. Errors a user can cause arrive as LearnpathError and are
turned into one ``Error: ...`` line on stderr in one place (``_Group.invoke``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from learnpath import __version__
from learnpath.errors import LearnpathError
from learnpath.text import safe
from learnpath.tracker import Tracker


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LearnpathError as err:
            typer.echo(f"Error: {safe(str(err))}", err=True)
            raise typer.Exit(err.exit_code) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # in the order they are defined, not alphabetical


def _new_app() -> typer.Typer:
    return typer.Typer(
        cls=_Group,
        help="Work through a curated learning path from the terminal.",
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
    )


app = _new_app()

# Step references such as "-1" must reach our own check (a clear "not a step number")
# instead of being taken for an unknown option.
_REFS = {"ignore_unknown_options": True}


class StatusChoice(StrEnum):
    todo = "todo"
    started = "started"
    done = "done"
    skipped = "skipped"


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (see README) instead.")]
# Shell completion (see README): candidates come from the learner's own database. A
# completion must never fail loudly, so any error just means no candidates.
_COMPLETIONS_MAX = 200


def _complete_steps(incomplete: str) -> list[tuple[str, str]]:
    try:
        with closing(Tracker.load(path=os.environ.get("LEARNPATH_PATH") or None)) as t:
            found = []
            for step in t.steps():
                for key in (str(step.number), step.id):
                    if key.startswith(incomplete):
                        found.append((key, safe(step.title)))
                if len(found) >= _COMPLETIONS_MAX:
                    break
            return found
    except LearnpathError:
        return []


def _complete_paths(incomplete: str) -> list[tuple[str, str]]:
    from learnpath import library

    try:
        with closing(Tracker.load()) as t:
            return [
                (p.name, safe(p.title))
                for p in library.summaries(t.db, t.path)
                if p.name.startswith(incomplete)
            ]
    except LearnpathError:
        return []


StepArg = Annotated[
    str,
    typer.Argument(
        help="Step number (1..N) or step id.",
        metavar="STEP",
        show_default=False,
        autocompletion=_complete_steps,
    ),
]
StepsArg = Annotated[
    list[str],
    typer.Argument(
        help="Step numbers or ids.",
        metavar="STEP...",
        show_default=False,
        autocompletion=_complete_steps,
    ),
]
PathNameArg = Annotated[
    str,
    typer.Argument(metavar="NAME", show_default=False, autocompletion=_complete_paths),
]


# The path chosen for this one call (--path or $LEARNPATH_PATH), set by the callback.
_chosen: dict[str, str | None] = {"path": None, "database_url": None}


@contextmanager
def _tracker(welcome: bool = True) -> Iterator[Tracker]:
    """The tracker on the chosen path; on the very first run, a welcome first (unless
    the output is for a program: JSON, an export)."""
    tracker = Tracker.load(path=_chosen["path"], url=_chosen["database_url"])
    try:
        if welcome and tracker.db.created:
            from learnpath import render

            render.welcome(tracker.info())
        yield tracker
    finally:
        tracker.close()


def _show(as_json: bool, data: Any, view: Callable[[ModuleType], None]) -> None:
    """``data`` as JSON, or ``view`` called with the ``render`` module.

    JSON is written by the standard library alone, so scripts never pay for importing Rich.
    """
    if as_json:
        from learnpath.jsonout import write_json

        write_json(data)
    else:
        from learnpath import render

        view(render)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"learnpath {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Option(
            "--path",
            envvar="LEARNPATH_PATH",
            metavar="NAME",
            help="Work on this path for this call only (see 'learnpath paths').",
            autocompletion=_complete_paths,
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="LEARNPATH_DATABASE_URL",
            metavar="URL",
            show_envvar=False,
            help="Use this server database (postgresql+psycopg://...) instead of the local "
            "one. Prefer the variable LEARNPATH_DATABASE_URL: other users can see options.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Work through a curated learning path from the terminal.

    Without a command: where you stand, and what to do next.
    """
    _chosen["path"] = path or None
    _chosen["database_url"] = database_url or None
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from learnpath import history, render

        with _tracker() as t:
            render.dashboard(t.progress(), history.activity(t.db, t.path))


@app.command("list")
def list_(
    section: Annotated[
        str | None,
        typer.Option(
            "--section", "-s", help="Only sections whose title contains TEXT.", metavar="TEXT"
        ),
    ] = None,
    status: Annotated[
        StatusChoice | None, typer.Option("--status", help="Only steps with this status.")
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", "-a", help="Every step, through the pager on a terminal (--json always is)."
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the steps of the path, grouped by section.

    On a long path, a window of about 40 rows from the first step still to do.
    """
    status_value = status.value if status else None
    with _tracker(welcome=not as_json) as t:
        if section is not None:
            t.check_section(section)
        if as_json:
            from learnpath.jsonout import write_json_array

            write_json_array(s.to_json() for s in t.steps(section, status_value))
            return
        from learnpath import render

        render.step_table(t.listing(section, status_value, everything), paged=everything)


@app.command(context_settings=_REFS)
def show(step: StepArg, as_json: JsonFlag = False) -> None:
    """Show everything about one step."""
    with _tracker(welcome=not as_json) as t:
        found = t.step(step)
        notes = t.notes(found)
        data = found.to_json(with_description=True)
        data["notes"] = [{"at": n.at, "text": n.text} for n in notes]
        _show(as_json, data, lambda r: r.step_detail(found, notes))


@app.command()
def info() -> None:
    """Show the path's introduction and prerequisites."""
    from learnpath import render

    with _tracker() as t:
        render.path_info(t.info())


@app.command("open", context_settings=_REFS)
def open_(
    step: StepArg,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the URL.")] = False,
) -> None:
    """Open a step's resource in the browser and mark it started.

    Honours $BROWSER. Over SSH, or where no graphical browser exists, prints the URL
    and says why it was not opened.
    """
    from learnpath import render

    with _tracker(welcome=False) as t:  # its output is the URL, to copy or pipe
        render.opened(t.open(step, browser=not no_browser))


@app.command(context_settings=_REFS)
def done(steps: StepsArg) -> None:
    """Mark steps done.

    Several steps at once are all or nothing: one bad reference changes nothing. A step
    already done keeps its first completion time.
    """
    _change("done", steps)


@app.command(context_settings=_REFS)
def undo(steps: StepsArg) -> None:
    """Put steps back to todo, clearing their times.

    Several steps at once are all or nothing, as with done.
    """
    _change("undo", steps)


@app.command(context_settings=_REFS)
def start(steps: StepsArg) -> None:
    """Mark steps started (a done step stays done).

    Several steps at once are all or nothing, as with done.
    """
    _change("start", steps)


@app.command(context_settings=_REFS)
def skip(steps: StepsArg) -> None:
    """Mark steps skipped: ones you know already. They count as handled, apart from done.

    Several steps at once are all or nothing, as with done.
    """
    _change("skip", steps)


# What each status command says of a step it changed, and of one it left alone.
_VERBS = {
    "done": ("done", "already done"),
    "undo": ("back to todo", "already todo"),
    "start": ("started", "left as it is"),
    "skip": ("skipped", "already skipped"),
}


def _change(command: str, steps: list[str]) -> None:
    from learnpath import render

    with _tracker() as t:
        changes = getattr(t, command)(steps)
        render.changes(changes, *_VERBS[command])
        if command != "undo":
            render.stand(t.stand(changes))


@app.command(context_settings=_REFS)
def note(
    step: StepArg,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="The note; quotes are optional.", metavar="TEXT", show_default=False),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit all notes of the step in $EDITOR.")
    ] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the step's notes.")] = False,
) -> None:
    """Add a note to a step; 'learnpath show STEP' shows its notes."""
    from learnpath import editor, render
    from learnpath.tracker import notes_from_template, notes_template

    if sum((bool(words), edit, clear)) != 1:
        raise typer.BadParameter("give the note's TEXT, or --edit, or --clear (one of them)")
    with _tracker() as t:
        if clear:
            render.notes_cleared(t.clear_notes(step))
        elif edit:
            found = t.step(step)
            notes = t.notes(found)
            edited = editor.edit(notes_template(found, notes))
            if edited is None:
                render.message("Notes left as they were.")
                return
            kept = t.replace_notes(step, notes_from_template(edited))
            render.message("Notes saved." if kept else "Notes cleared.")
        else:
            found = t.add_note(step, " ".join(words or []))
            render.message(f"Noted on step {found.number}.")


@app.command()
def progress(
    everything: Annotated[
        bool, typer.Option("--all", "-a", help="Every section, not only those around yours.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show how far you are, overall and per section."""
    from learnpath import history

    with _tracker(welcome=not as_json) as t:
        p = t.progress()
        act = history.activity(t.db, t.path)
        _show(
            as_json,
            p.to_json() | {"activity": act.to_json()},
            lambda r: r.progress(p, act, everything),
        )


@app.command()
def log(
    since: Annotated[
        str | None,
        typer.Option(help="Only from this day on (local time).", metavar="YYYY-MM-DD"),
    ] = None,
    all_paths: Annotated[
        bool, typer.Option("--all-paths", help="Every path, not only the active one.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show what happened when: started, done, skipped, undone, noted."""
    from learnpath import history

    start = None
    if since is not None:
        try:
            start = history.since_utc(since)
        except ValueError:
            raise typer.BadParameter(
                f"{since!r} is not a date; write it as YYYY-MM-DD", param_hint="--since"
            ) from None
    with _tracker(welcome=not as_json) as t:
        entries = history.log(t.db, None if all_paths else t.path, start)
        if as_json:
            from learnpath.jsonout import write_json_array

            write_json_array(e.to_json() for e in entries)
            return
        from learnpath import render

        render.log_table(entries, all_paths)


@app.command()
def search(
    words: Annotated[
        list[str], typer.Argument(help="What to look for.", metavar="TEXT", show_default=False)
    ],
    all_paths: Annotated[
        bool, typer.Option("--all-paths", help="Every path, not only the active one.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Find steps by title, description, type or your notes (case and accents ignored)."""
    from learnpath.search import search as find

    with _tracker(welcome=not as_json) as t:
        hits = find(t.db, None if all_paths else t.path, " ".join(words))
        if as_json:
            from learnpath.jsonout import write_json_array

            write_json_array(h.to_json() for h in hits)
            return
        from learnpath import render

        render.hits(hits, all_paths)


@app.command()
def group(as_json: JsonFlag = False) -> None:
    """Where everyone stands on the active path: one row per learner with any activity."""
    from learnpath import history

    with _tracker(welcome=not as_json) as t:
        members = history.group(t.db, t.path)
        _show(as_json, [m.to_json() for m in members], lambda r: r.group(members, t.db.learner))


@app.command("next")
def next_(as_json: JsonFlag = False) -> None:
    """Show the first step that is neither done nor skipped."""
    with _tracker(welcome=not as_json) as t:
        step = t.next()
        _show(
            as_json,
            step.to_json(with_description=True) if step else None,
            lambda r: r.next_step(step),
        )


@app.command()
def paths(as_json: JsonFlag = False) -> None:
    """List the known paths and show which one is active."""
    from learnpath import library

    with _tracker(welcome=not as_json) as t:
        found = library.summaries(t.db, t.path)
        _show(as_json, [p.to_json() for p in found], lambda r: r.paths_table(found))


@app.command()
def add(
    file: Annotated[
        Path,
        typer.Argument(
            help="A YAML path file or a markdown learning path.", metavar="FILE", show_default=False
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Name of the path (default: the file's stem).")
    ] = None,
    update: Annotated[
        bool,
        typer.Option("--update", help="Replace a path of that name, keeping progress by id."),
    ] = False,
) -> None:
    """Add a learning path from a YAML or markdown file.

    The file is validated and a copy is stored in the data directory, so the original
    may move or vanish. Switch to the new path with 'learnpath use NAME'.
    """
    from learnpath import library, render

    with _tracker() as t:
        render.added(library.add(t.db, t.db.directory, file, name, update))


@app.command()
def use(name: PathNameArg) -> None:
    """Make a path the active one for every later call."""
    from learnpath import library, render

    with _tracker() as t:
        library.use(t.db, name)
        render.message(f"Now on path {name!r}.")


@app.command()
def remove(
    name: PathNameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Remove it even while other learners use it.")
    ] = False,
) -> None:
    """Remove an added path (the bundled one stays).

    Progress on it is kept in the database: adding the same path again brings it back.
    """
    from learnpath import library, render

    with _tracker() as t:
        library.check_removable(t.db, name, force)
        if not yes:
            typer.confirm(f"Remove the path {name!r}?", abort=True, err=True)
        library.remove(t.db, t.db.directory, name, force=force)
        render.message(f"Removed the path {name!r}; its progress is kept.")


class ExportFormat(StrEnum):
    json = "json"
    md = "md"


@app.command()
def export(
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
    from learnpath import backup, render

    with _tracker(welcome=False) as t:
        if format == ExportFormat.json:
            content = backup.dumps(backup.export(t.db))
        else:
            content = backup.markdown(t.db, t.path)
    if output is None:
        sys.stdout.write(content)
        return
    from learnpath.library import write_file

    write_file(output, content.encode("utf-8"))
    render.message(f"Wrote {output}.")


@app.command("import")
def import_(
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
    from learnpath import backup, render

    data = backup.read(file)
    with _tracker(welcome=False) as t:
        added = backup.restore_paths(t.db, t.db.directory, data, dry_run=dry_run)
        merged = backup.merge(t.db, data, dry_run=dry_run)
        merged.paths_added = added
        render.merged(merged, dry_run)


@app.command()
def copy(
    to: Annotated[
        str | None,
        typer.Option("--to", help="Copy into this database.", metavar="TARGET"),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--from", help="Copy from this database.", metavar="SOURCE"),
    ] = None,
) -> None:
    """Carry your progress, history, notes and paths to or from another database.

    TARGET or SOURCE is a database URL (postgresql+psycopg://..., sqlite:///FILE) or the
    path of a learnpath SQLite file. Merged by path and step id, the newest change
    winning; a second copy changes nothing.
    """
    from learnpath import backup, render

    if (to is None) == (source is None):
        raise typer.BadParameter("give either --to TARGET or --from SOURCE")
    with _tracker(welcome=False) as t:
        other = backup.open_other(to or source or "")
        try:
            if to is not None:
                merged = backup.copy(t.db, other, None)
            else:
                merged = backup.copy(other, t.db, t.db.directory)
        finally:
            other.close()
        render.merged(merged, dry_run=False)


@app.command()
def reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Clear the active path's progress, after writing a backup of everything.

    Notes and history stay. 'learnpath import BACKUP' brings the progress back.
    """
    from learnpath import backup, render

    with _tracker() as t:
        if not yes:
            typer.confirm(
                f"Clear all progress on the path {t.path!r}? A backup is written first",
                abort=True,
                err=True,
            )
        saved = backup.write_backup(t.db, t.db.directory)
        count = backup.reset(t.db, t.path)
        render.reset_done(t.path, count, saved)


@app.command()
def convert(
    file: Annotated[
        Path,
        typer.Argument(help="A markdown learning path.", metavar="FILE.md", show_default=False),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the YAML here instead.", metavar="FILE.yaml"),
    ] = None,
) -> None:
    """Print the YAML that 'learnpath add' would store for a path file."""
    from learnpath import catalog, render

    text = catalog.to_yaml(catalog.load_path(file))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise typer.BadParameter(f"cannot write {output}: {err.strerror}") from None
    render.message(f"Wrote {output}.")


@app.command()
def check(
    file: Annotated[
        Path,
        typer.Argument(help="A YAML or markdown path file.", metavar="FILE", show_default=False),
    ],
) -> None:
    """Check a path file; list every problem as FILE:LINE:COLUMN: what is wrong."""
    from learnpath import catalog, render
    from learnpath.errors import PathFileError

    try:
        definition = catalog.load_path(file)
    except PathFileError as err:
        render.problems(err.problems or [str(err)])
        raise typer.Exit(1) from None
    render.check_ok(file, definition.title, len(definition.sections), len(definition.steps()))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the YAML path format, for editors and validators."""
    from learnpath import catalog
    from learnpath.jsonout import write_json

    write_json(catalog.json_schema())


def _command_name(args: list[str]) -> str | None:
    """The command a command line names, past the global options; None if there is none."""
    args_iter = iter(args)
    for arg in args_iter:
        if arg == "--path":
            next(args_iter, None)
        elif not arg.startswith("-"):
            return arg
        elif not arg.startswith("--path="):
            return None  # --help, --version, completion: the whole app answers
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that ``args`` name, or the whole app.

    Typer turns every registered command's signature into a Click command at start-up,
    about a millisecond each; a call runs one command, so only that one is built. Help,
    errors and output are the same as the whole app's (tests compare them).
    """
    name = _command_name(args)
    chosen = [
        info
        for info in app.registered_commands
        if name is not None
        and (info.name or typer.main.get_command_name(info.callback.__name__)) == name
    ]
    if not chosen:
        return app
    single = _new_app()
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single


def main() -> None:
    """Entry point of the ``learnpath`` console script."""
    try:
        app_for(sys.argv[1:])()
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted.\n")
        sys.exit(130)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(0)
