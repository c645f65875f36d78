"""How the command line is read and its help is laid out: the Click classes under the
Typer app.

Errors a user can cause arrive as LearnpathError and are turned into one
``Error: ...`` line on stderr in one place (``Group.invoke``).
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from learnpath.errors import DISK_ERRNOS, LearnpathError, cannot_write
from learnpath.text import safe

# The options of the whole app, which may also stand after the command's name.
GLOBAL_OPTIONS = ("--path", "--database-url")
# What --help shows, in this order: the commands of each group.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Daily work",
        (
            "next",
            "list",
            "open",
            "done",
            "start",
            "skip",
            "undo",
            "show",
            "progress",
            "info",
            "browse",
        ),
    ),
    ("Notes and history", ("note", "notes", "log", "search", "group")),
    ("Paths", ("paths", "use", "add", "update", "remove")),
    ("Backups and sharing", ("export", "import", "reset", "restore", "copy")),
    ("For authors", ("check", "convert", "schema")),
    ("Help", ("help",)),
)
_NEGATIVE = re.compile(r"-\d+(?:[.,]\d+)?")


class Group(TyperGroup):
    """The app's group: global options anywhere, errors as one line, help in groups."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _globals_first(args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LearnpathError as err:
            typer.echo(f"Error: {safe(str(err))}", err=True)
            raise typer.Exit(err.exit_code) from None
        except OSError as err:
            if err.errno == errno.EPIPE:
                closed_pipe()
            # A full or read-only disk met where no layer expected to write: still one
            # line, never a traceback. Any other OSError is a bug and shows as one.
            if err.errno not in DISK_ERRNOS:
                raise
            shown = cannot_write(err, err.filename or "a file")
            typer.echo(f"Error: {safe(str(shown))}", err=True)
            raise typer.Exit(1) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # in the order they are registered, not alphabetical

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands in their groups, each with the whole first line of its help
        (Click would cut it to the width of an 80-column screen)."""
        width = max(len(name) for name in self.commands)  # one column for all groups
        for title, names in SECTIONS:
            rows = [
                (name.ljust(width), self.commands[name].get_short_help_str(limit=1000))
                for name in names
                if name in self.commands
            ]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class StepCommand(TyperCommand):
    """A command that takes step references: '-1' is a (bad) step number for our own
    message, not an unknown option; anything else starting with '-' is an option."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args or not any(_NEGATIVE.fullmatch(a) for a in args):
            return super().parse_args(ctx, args)
        takes_value = {
            opt
            for param in self.params
            if not getattr(param, "is_flag", True)
            for opt in param.opts
        }
        options: list[str] = []
        positional: list[str] = []
        tokens = iter(args)
        for token in tokens:
            if token.startswith("-") and not _NEGATIVE.fullmatch(token):
                options.append(token)
                if token in takes_value:
                    options.append(next(tokens, ""))
            else:
                positional.append(token)
        return super().parse_args(ctx, [*options, "--", *positional])


def _globals_first(args: list[str]) -> list[str]:
    """``args`` with the global options found after the command's name moved in front
    of it: `learnpath list --path rust` reads as `learnpath --path rust list`."""
    moved: list[str] = []
    rest: list[str] = []
    seen_command = False
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            rest += [token, *tokens]
            break
        name = token.split("=", 1)[0]
        if seen_command and name in GLOBAL_OPTIONS:
            moved.append(token)
            if "=" not in token:
                moved.append(next(tokens, ""))
            continue
        if not token.startswith("-"):
            seen_command = True
        elif name in GLOBAL_OPTIONS and "=" not in token:
            rest.append(token)
            token = next(tokens, "")
        rest.append(token)
    return [*moved, *rest] if moved else args


def closed_pipe() -> None:
    """The reader of our output went away (`learnpath list | head -1`): no message, and
    the exit status of a process ended by SIGPIPE, as other Unix tools give."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe
    raise typer.Exit(141)
