"""The command line: Typer commands by topic (daily, history, paths, backups) that parse,
call one core function and render the result. Nothing imports this package but
learnpath.__main__ and the console script."""

from learnpath.cli.app import app, main

__all__ = ["app", "main"]
