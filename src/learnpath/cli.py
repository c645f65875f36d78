"""The command line: parse arguments, call the tracker, hand the result to render.

Every command is a few lines. Errors a user can cause arrive as LearnpathError and are
turned into one ``Error: ...`` line on stderr in one place (``_Group.invoke``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
        no_args_is_help=True,
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
StepArg = Annotated[
    str, typer.Argument(help="Step number (1..N) or step id.", metavar="STEP", show_default=False)
]
StepsArg = Annotated[
    list[str],
    typer.Argument(help="Step numbers or ids.", metavar="STEP...", show_default=False),
]


# The path chosen for this one call (--path or $LEARNPATH_PATH), set by the callback.
_chosen: dict[str, str | None] = {"path": None}


@contextmanager
def _tracker() -> Iterator[Tracker]:
    tracker = Tracker.load(path=_chosen["path"])
    try:
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


@app.callback()
def _main(
    path: Annotated[
        str | None,
        typer.Option(
            "--path",
            envvar="LEARNPATH_PATH",
            metavar="NAME",
            help="Work on this path for this call only (see 'learnpath paths').",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Work through a curated learning path from the terminal."""
    _chosen["path"] = path or None


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
    with _tracker() as t:
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
    with _tracker() as t:
        found = t.step(step)
        _show(as_json, found.to_json(with_description=True), lambda r: r.step_detail(found))


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

    with _tracker() as t:
        render.opened(t.open(step, browser=not no_browser))


@app.command(context_settings=_REFS)
def done(steps: StepsArg) -> None:
    """Mark steps done.

    Several steps at once are all or nothing: one bad reference changes nothing. A step
    already done keeps its first completion time.
    """
    from learnpath import render

    with _tracker() as t:
        render.changes(t.done(steps), "done", "already done")


@app.command(context_settings=_REFS)
def undo(steps: StepsArg) -> None:
    """Put steps back to todo, clearing their times.

    Several steps at once are all or nothing, as with done.
    """
    from learnpath import render

    with _tracker() as t:
        render.changes(t.undo(steps), "back to todo", "already todo")


@app.command()
def progress(
    everything: Annotated[
        bool, typer.Option("--all", "-a", help="Every section, not only those around yours.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show how far you are, overall and per section."""
    with _tracker() as t:
        p = t.progress()
        _show(as_json, p.to_json(), lambda r: r.progress(p, everything))


@app.command("next")
def next_(as_json: JsonFlag = False) -> None:
    """Show the first step that is neither done nor skipped."""
    with _tracker() as t:
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

    with _tracker() as t:
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
        render.added(library.add(t.db, t.db.file.parent, file, name, update))


@app.command()
def use(name: Annotated[str, typer.Argument(metavar="NAME", show_default=False)]) -> None:
    """Make a path the active one for every later call."""
    from learnpath import library, render

    with _tracker() as t:
        library.use(t.db, name)
        render.message(f"Now on path {name!r}.")


@app.command()
def remove(
    name: Annotated[str, typer.Argument(metavar="NAME", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove an added path (the bundled one stays).

    Progress on it is kept in the database: adding the same path again brings it back.
    """
    from learnpath import library, render

    with _tracker() as t:
        library.require(t.db, name)
        if name != library.BUNDLED_PATH and not yes:
            typer.confirm(f"Remove the path {name!r}?", abort=True, err=True)
        library.remove(t.db, t.db.file.parent, name)
        render.message(f"Removed the path {name!r}; its progress is kept.")


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
