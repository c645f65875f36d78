"""The Typer app: the group, its global options, the commands in order, and main().

Errors a user can cause arrive as LearnpathError and are turned into one
``Error: ...`` line on stderr in one place (``_Group.invoke``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from learnpath import __version__
from learnpath.cli import backups, daily, history, paths
from learnpath.cli.context import Options, session
from learnpath.cli.options import STEP_REFS, complete_paths
from learnpath.errors import LearnpathError
from learnpath.text import safe


class _Group(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LearnpathError as err:
            typer.echo(f"Error: {safe(str(err))}", err=True)
            raise typer.Exit(err.exit_code) from None

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
        from learnpath.core.history import activity
        from learnpath.core.progress import progress
        from learnpath.render.progress import dashboard

        with session(ctx) as current:
            dashboard(progress(current), activity(current))


# Every command, in the order `--help` lists them: (function, name, context settings).
COMMANDS: list[tuple[Callable[..., None], str, dict[str, Any] | None]] = [
    (daily.list_, "list", None),
    (daily.show_, "show", STEP_REFS),
    (daily.info, "info", None),
    (daily.open_, "open", STEP_REFS),
    (daily.done, "done", STEP_REFS),
    (daily.undo, "undo", STEP_REFS),
    (daily.start, "start", STEP_REFS),
    (daily.skip, "skip", STEP_REFS),
    (history.note, "note", STEP_REFS),
    (daily.progress, "progress", None),
    (history.log, "log", None),
    (history.search, "search", None),
    (history.group, "group", None),
    (daily.next_, "next", None),
    (paths.paths, "paths", None),
    (paths.add, "add", None),
    (paths.use, "use", None),
    (paths.remove, "remove", None),
    (backups.export, "export", None),
    (backups.import_, "import", None),
    (backups.copy, "copy", None),
    (backups.reset, "reset", None),
    (paths.convert, "convert", None),
    (paths.check, "check", None),
    (paths.schema, "schema", None),
]


def build(names: set[str] | None = None) -> typer.Typer:
    """The app with the commands ``names`` names (all when None)."""
    app = _new_app()
    app.callback(invoke_without_command=True)(_main)
    for function, name, settings in COMMANDS:
        if names is None or name in names:
            app.command(name, context_settings=settings)(function)
    return app


app = build()


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
    if name is None or name not in {n for _, n, _ in COMMANDS}:
        return app
    return build({name})


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
