"""The Typer app: its global options, the commands in order, `help`, and main()."""

from __future__ import annotations

import importlib
import io
import os
import signal
import sys
from typing import Annotated, NoReturn

import typer

from learnpath import __version__
from learnpath.cli.context import Options, session
from learnpath.cli.group import Group, StepCommand, closed_pipe
from learnpath.cli.options import complete_paths


def _new_app() -> typer.Typer:
    return typer.Typer(
        cls=Group,
        help="Work through a curated learning path from the terminal.",
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"learnpath {__version__}")
        raise typer.Exit()


def _main(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Option(
            "--path",
            envvar="LEARNPATH_PATH",
            metavar="NAME",
            help="Work on this path for this call only (see 'learnpath paths').",
            autocompletion=complete_paths,
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
    ctx.obj = Options(path=path or None, database_url=database_url or None)
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        from learnpath.core.progress import report
        from learnpath.render.progress import dashboard

        with session(ctx) as current:
            dashboard(report(current))


# Every command: (name, module of learnpath.cli, function, whether it takes step
# references). A module is imported only when one of its commands is built, so a call
# loads the code of its own command alone. `--help` groups them (cli.group.SECTIONS).
COMMANDS: list[tuple[str, str, str, bool]] = [
    ("list", "daily", "list_", False),
    ("show", "daily", "show_", True),
    ("info", "daily", "info", False),
    ("open", "daily", "open_", True),
    ("done", "daily", "done", True),
    ("undo", "daily", "undo", True),
    ("start", "daily", "start", True),
    ("skip", "daily", "skip", True),
    ("note", "history", "note", True),
    ("notes", "history", "notes_", False),
    ("progress", "daily", "progress", False),
    ("log", "history", "log", False),
    ("search", "history", "search", False),
    ("group", "history", "group", False),
    ("next", "daily", "next_", False),
    ("browse", "browse", "browse", False),
    ("paths", "paths", "paths", False),
    ("add", "paths", "add", False),
    ("update", "paths", "update", False),
    ("use", "paths", "use", False),
    ("remove", "paths", "remove", False),
    ("export", "backups", "export", False),
    ("import", "backups", "import_", False),
    ("copy", "backups", "copy", False),
    ("reset", "backups", "reset", False),
    ("restore", "backups", "restore", False),
    ("convert", "paths", "convert", False),
    ("check", "paths", "check", False),
    ("schema", "paths", "schema", False),
    ("help", "app", "help_", False),
]


def build(names: set[str] | None = None) -> typer.Typer:
    """The app with the commands ``names`` names (all when None)."""
    app = _new_app()
    app.callback(invoke_without_command=True)(_main)
    for name, module, function, steps in COMMANDS:
        if names is None or name in names:
            command = getattr(importlib.import_module(f"learnpath.cli.{module}"), function)
            app.command(name, cls=StepCommand if steps else None)(command)
    return app


def help_(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(help="The command to explain.", metavar="COMMAND", show_default=False),
    ] = None,
) -> None:
    """Show the help of learnpath, or of one command (as COMMAND --help does)."""
    parent = ctx.parent
    assert parent is not None  # a command always runs under the group
    group = parent.command
    if command is None:
        typer.echo(group.get_help(parent))
        return
    found = getattr(group, "commands", {}).get(command)
    if found is None:
        import difflib

        close = difflib.get_close_matches(command, list(getattr(group, "commands", {})), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise typer.BadParameter(f"there is no command {command!r}.{hint}", param_hint="COMMAND")
    typer.echo(found.get_help(typer.Context(found, info_name=command, parent=parent)))


def command_name(args: list[str]) -> str | None:
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
    name = command_name(args)
    if name is None or name == "help" or name not in {n for n, _, _, _ in COMMANDS}:
        return build()  # help, errors and `help` itself need every command
    return build({name})


def main() -> NoReturn:
    """Entry point of the ``learnpath`` console script."""
    leave(run(sys.argv[1:]))


def run(args: list[str]) -> object:
    """Run learnpath with ``args``; the exit code, as sys.exit takes it."""
    # A closed pipe (`learnpath list | head -1`) ends the process as it ends other Unix
    # tools: by SIGPIPE, silently (the shell reports 141). Output is written after a
    # change is committed, and a kill mid-write is as safe as kill -9 (tests/storage).
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # Print what the terminal's encoding can show and replace the rest (PYTHONIOENCODING
    # =ascii, a latin-1 terminal): a change already saved must never end in a crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        app_for(args)(args)
    except SystemExit as done:
        return done.code
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted.\n")
        return 130
    except BrokenPipeError:  # where SIGPIPE does not exist: still no traceback
        try:
            closed_pipe()
        except typer.Exit as done:
            return done.exit_code
    return 0


def leave(code: object) -> NoReturn:
    """End the process with ``code`` (as sys.exit takes it) without the interpreter's
    shutdown, which frees every object and module one by one: about a sixth of an
    everyday command. Everything the command opened is closed by now (sessions are
    `with` blocks, files and pagers too); the output is flushed here."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed, as the interpreter would
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader gone, or a stream closed
            status = status or 1
    os._exit(status)
