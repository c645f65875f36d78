"""What every renderer shares: the console, safe text, status marks, small helpers.

Every piece of text that came from a path file, a backup or a database goes through
``text`` (control characters removed) into a ``rich.text.Text``, so it is shown as
typed and never read as markup.
"""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from typing import IO, cast

from rich.console import Console
from rich.padding import Padding
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from learnpath.model import StepView
from learnpath.text import ascii_url, is_web_url, safe

MARKS = {"done": "✓", "started": "▸", "skipped": "↷", "todo": "·"}
NOTE_MARK = "✎"  # after a title in `list`: the step has notes
MARK_STYLES = {"done": "green", "started": "yellow", "skipped": "blue", "todo": "dim"}
ACTION_STYLES = {"done": "green", "started": "yellow", "skipped": "blue", "noted": "magenta"}


# How wide the lines may be when the output goes to a pipe or a file and COLUMNS does not
# say: in effect unlimited, so that every row of a table is one line (`list | grep`).
UNBOUNDED = 100_000


def console(stderr: bool = False) -> Console:
    """The console for stdout, or for stderr.

    Created per call so that tests (and CliRunner) that swap sys.stdout are honoured.
    Messages on stderr are never wrapped: a command or a path in one may be copied.
    Into a pipe or a file, lines are not wrapped either (unless COLUMNS gives a width)
    and carry no trailing padding.
    """
    stream = sys.stderr if stderr else sys.stdout
    # Rich takes COLUMNS=0 for a width of 0 and prints nothing at all: only a width of
    # at least one column is one.
    columns = os.environ.get("COLUMNS", "").strip()
    given = int(columns) if columns.isdigit() and 0 < int(columns) < UNBOUNDED else None
    out = _console(stream, stderr, given)
    if out.is_terminal:  # a terminal, or FORCE_COLOR: Rich's width and wrapping
        return out
    # Rich writes, flushes and asks for the encoding: all a file-like object needs.
    return _console(cast("IO[str]", _TrimmedLines(stream)), stderr, given or UNBOUNDED)


def _console(file: IO[str], stderr: bool, width: int | None) -> Console:
    environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # width decides
    return Console(
        file=file,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=stderr,
        _environ=environ,
    )


class _TrimmedLines:
    """A file that passes text on without the spaces at the end of each line: Rich pads
    table rows to the table's width, which a pipe or a file should not keep."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self._pending = ""  # the start of a line not yet ended

    @property
    def encoding(self) -> str:
        return getattr(self._file, "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._file.fileno()

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        if lines:
            # Plain text only: Rich writes style codes to a terminal (or with FORCE_COLOR),
            # and then console() does not put this file in between.
            self._file.write("\n".join(line.rstrip(" ") for line in lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:  # a line left open (print(..., end="")): written as it is
            self._file.write(self._pending)
            self._pending = ""
        self._file.flush()


def text(value: str | None, style: str = "") -> Text:
    """Untrusted text as a Rich Text: control characters gone, markup not interpreted."""
    return Text(safe(value), style=style)


def mark(status: str) -> Text:
    """A status's mark, coloured; '?' for a status learnpath does not know (stored data
    is not trusted to hold only known ones)."""
    return Text(MARKS.get(status, "?"), style=MARK_STYLES.get(status, ""))


def title(step: StepView, style: str = "") -> Text:
    """A step's title, linked to its URL where that may be opened."""
    out = text(step.title, style)
    if step.url and is_web_url(step.url):
        # A terminal hyperlink where the terminal supports OSC 8; plain text elsewhere.
        out.stylize(f"link {ascii_url(step.url)}")
    return out


def url(value: str | None) -> Text:
    """A URL as people see it: its host in punycode, nothing a terminal acts on."""
    return text(ascii_url(value) if value and is_web_url(value) else value)


def pager(out: Console) -> AbstractContextManager[object]:
    """Rich's pager (pydoc's: $PAGER, else less) when writing to a terminal."""
    if not out.is_terminal:
        return nullcontext()
    # less shows colours with -R; -F quits at once when everything fits, -X leaves the
    # text on the screen. A learner's own LESS wins.
    os.environ.setdefault("LESS", "-FRX")
    return out.pager(styles=True)


def bar(done: int, total: int, width: int = 30) -> ProgressBar:
    return ProgressBar(total=max(total, 1), completed=done if total else 0, width=width)


def commands(*pairs: tuple[str, str]) -> None:
    """Commands to try, each with what it does, in two aligned columns."""
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column(style="dim")
    for command, what in pairs:
        grid.add_row(command, what)
    console().print(Padding(grid, (0, 0, 0, 2), expand=False))


def notice(line: str) -> None:
    """Something worth knowing that is neither output nor an error: on stderr, so that
    it never mixes into JSON or an export."""
    console(stderr=True).print(text(f"Note: {line}"), style="yellow", soft_wrap=True)


def message(line: str) -> None:
    """One line of plain text for people."""
    console().print(text(line))


def count(n: int, noun: str, plural: str = "") -> str:
    """'1 step', '3 steps'."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"
