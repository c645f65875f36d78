"""The Typer app: the group, its global options, the commands in order, and main().

Errors a user can cause arrive as LearnpathError and are turned into one
``Error: ...`` line on stderr in one place (``_Group.invoke``).
"""

from __future__ import annotations

import importlib
import io
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from learnpath import __version__
from learnpath.cli.context import Options, session
from learnpath.cli.options import STEP_REFS, complete_paths
from learnpath.errors import DISK_ERRNOS, LearnpathError, cannot_write
from learnpath.text import safe


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LearnpathError as err:
            typer.echo(f"Error: {safe(str(err))}", err=True)
            raise typer.Exit(err.exit_code) from None
        except OSError as err:
            # A full or read-only disk met where no layer expected to write: still one
            # line, never a traceback. Any other OSError is a bug and shows as one.
            if err.errno not in DISK_ERRNOS:
                raise
            typer.echo(f"Error: {safe(str(cannot_write(err, err.filename or 'a file')))}", err=True)
            raise typer.Exit(1) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # in the order they are registered, not alphabetical


def _new_app() -> typer.Typer:
    return typer.Typer(
        cls=_Group,
        help="Work through a curated learning path from the terminal.",
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
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


# Every command, in the order `--help` lists them: (name, module of learnpath.cli,
# function, context settings). A module is imported only when one of its commands is
# built, so a call loads the code of its own command alone.
COMMANDS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("list", "daily", "list_", None),
    ("show", "daily", "show_", STEP_REFS),
    ("info", "daily", "info", None),
    ("open", "daily", "open_", STEP_REFS),
    ("done", "daily", "done", STEP_REFS),
    ("undo", "daily", "undo", STEP_REFS),
    ("start", "daily", "start", STEP_REFS),
    ("skip", "daily", "skip", STEP_REFS),
    ("note", "history", "note", STEP_REFS),
    ("progress", "daily", "progress", None),
    ("log", "history", "log", None),
    ("search", "history", "search", None),
    ("group", "history", "group", None),
    ("next", "daily", "next_", None),
    ("paths", "paths", "paths", None),
    ("add", "paths", "add", None),
    ("use", "paths", "use", None),
    ("remove", "paths", "remove", None),
    ("export", "backups", "export", None),
    ("import", "backups", "import_", None),
    ("copy", "backups", "copy", None),
    ("reset", "backups", "reset", None),
    ("restore", "backups", "restore", None),
    ("convert", "paths", "convert", None),
    ("check", "paths", "check", None),
    ("schema", "paths", "schema", None),
]


def build(names: set[str] | None = None) -> typer.Typer:
    """The app with the commands ``names`` names (all when None)."""
    app = _new_app()
    app.callback(invoke_without_command=True)(_main)
    for name, module, function, settings in COMMANDS:
        if names is None or name in names:
            command = getattr(importlib.import_module(f"learnpath.cli.{module}"), function)
            app.command(name, context_settings=settings)(command)
    return app


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
    if name is None or name not in {n for n, _, _, _ in COMMANDS}:
        return build()
    return build({name})


def main() -> None:
    """Entry point of the ``learnpath`` console script."""
    # Print what the terminal's encoding can show and replace the rest (PYTHONIOENCODING
    # =ascii, a latin-1 terminal): a change already saved must never end in a crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        app_for(sys.argv[1:])()
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted.\n")
        sys.exit(130)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error worth a traceback.
        sys.stderr.close()
        sys.exit(0)
