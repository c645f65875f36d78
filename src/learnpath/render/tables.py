"""Tables that fit the terminal: text columns get the room, optional ones go first.

At 40 or 60 columns Rich would squeeze every column alike, cutting titles to a few
letters and counts to '3/…'. Here each table says which columns may go, and in what
order, when the text columns would get less than ROOM; numbers are never cut, and long
words in text columns are folded rather than hidden behind an ellipsis. When even the
columns that must stay do not fit, each row becomes a line of text that wraps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from learnpath.render.console import console

# The fewest cells a text column gets before optional columns give way.
ROOM = 20
_GAP = 2  # Rich's padding of one cell on each side of a column edge


@dataclass(frozen=True, slots=True)
class Col:
    """A column: ``text`` ones wrap and get the room; ``drop`` orders the optional
    ones (1 goes first), 0 is always shown."""

    header: str = ""
    justify: JustifyMethod = "left"
    style: str = ""
    text: bool = False
    drop: int = 0


@dataclass(slots=True)
class Row:
    cells: Sequence[RenderableType]
    style: str | None = None


def _width(cell: RenderableType) -> int:
    if isinstance(cell, Text):
        return max((cell_len(line) for line in cell.plain.split("\n")), default=0)
    if isinstance(cell, str):
        return cell_len(cell)
    return 0  # anything else takes what it is given


def shown_columns(cols: Sequence[Col], rows: Sequence[Row], width: int) -> list[int] | None:
    """The indexes of the columns that fit in ``width``, optional ones dropped first;
    None when even the columns that must stay do not fit."""
    widths = [cell_len(c.header) for c in cols]
    for row in rows:
        for i, cell in enumerate(row.cells):
            widths[i] = max(widths[i], _width(cell))

    def need(i: int) -> int:
        return min(widths[i], ROOM) if cols[i].text else widths[i]

    def fits() -> bool:
        return sum(need(j) + _GAP for j in shown) - _GAP <= width

    shown = list(range(len(cols)))
    for i in sorted((i for i, c in enumerate(cols) if c.drop), key=lambda i: cols[i].drop):
        if fits():
            break
        shown.remove(i)
    return shown if fits() else None


def fitted(cols: Sequence[Col], rows: Sequence[Row], width: int | None = None) -> Table:
    """A borderless table of ``rows`` for a console ``width`` cells wide (stdout's when
    None). Rows may be shorter than the columns (a section heading, a blank line)."""
    shown = shown_columns(cols, rows, console().width if width is None else width)
    if shown is None:
        return as_lines(rows)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for i in shown:
        c = cols[i]
        table.add_column(
            c.header,
            justify=c.justify,
            style=c.style,
            no_wrap=not c.text,
            overflow="fold" if c.text else "ellipsis",
            ratio=1 if c.text else None,
        )
    for row in rows:
        cells = list(row.cells) + [""] * (len(cols) - len(row.cells))
        table.add_row(*(cells[i] for i in shown), style=row.style)
    return table


def as_lines(rows: Sequence[Row]) -> Table:
    """Rows too wide for any table at this width, as lines of text that wrap: every
    value (text) is kept whole, the columns are given up; an empty row is a blank line."""
    grid = Table.grid()
    grid.add_column(overflow="fold")
    for row in rows:
        line = Text(style=row.style or "")
        for cell in row.cells:
            if isinstance(cell, str | Text) and cell:
                line.append_text(Text("  ") if line.plain else Text())
                line.append_text(cell if isinstance(cell, Text) else Text(cell))
        grid.add_row(line)
    return grid
