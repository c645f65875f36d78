"""The stack floor: the least any command-line tool on Typer, Rich and SQLite can cost.

    LEARNPATH_DATA_DIR=DIR python benchmarks/stack_floor.py [--path transformers]

One Typer command that opens learnpath's database with the standard library's sqlite3
(read-only), reads ten steps of a path and prints them as a Rich table. bench.py times
it beside learnpath's own list, progress and next: those do more, but should not cost
much more than this.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def steps(path: str = typer.Option("transformers", help="the path's id")) -> None:
    """Print the first ten steps of PATH from $LEARNPATH_DATA_DIR/learnpath.db."""
    file = Path(os.environ["LEARNPATH_DATA_DIR"]) / "learnpath.db"
    conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT number, title, type, minutes FROM step WHERE path_id = ?"
            " ORDER BY number LIMIT 10",
            (path,),
        ).fetchall()
    finally:
        conn.close()
    if not rows:
        typer.echo(f"no steps of {path!r} in {file}", err=True)
        raise typer.Exit(1)
    table = Table("#", "Title", "Type", "Length")
    for number, title, kind, minutes in rows:
        table.add_row(str(number), title, kind or "", f"{minutes} min" if minutes else "")
    Console().print(table)


if __name__ == "__main__":
    app()
