"""Reading markdown learning paths as people really write them.

The shape: a ``#`` title, an intro paragraph, ``## Prerequisites`` as a bullet list,
``## Learning Path`` with an optional paragraph, then ``###`` sections, each holding a
table ``| Step | Title | Type | Description |`` whose Title cells are markdown links.
The reader is lenient where authors vary (a missing Step column, numbering that
restarts or skips, "TODO" placeholders, plain-text titles) and strict where a learner
would be misled (a bad URL, a table without titles). Every problem names its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from learnpath.errors import PathFileError
from learnpath.pathfile.definition import PathDef
from learnpath.pathfile.validate import Loc, problems_error, validate
from learnpath.text import LINK, readable

_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
# An item of any list, nested or numbered, and a web address written in it bare or as
# an autolink: what the list-of-links warning looks for.
_LIST_ITEM = re.compile(r"^\s{0,12}(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_WEB = re.compile(r"https?://", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
# A code fence: three or more backticks or tildes, then anything (an info string, or
# for a closing fence only spaces).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_STRONG_NAME = re.compile(r"^(\*\*|__)(.+?)(?::)?\1\s*:?\s*(.*)$")
_PLACEHOLDER = re.compile(r"^(todo|tbd|t\.\s?b\.\s?d|\.\.\.|…|wip|n/?a|-+|—)[.!:]*$", re.I)

_PREREQ_HEADINGS = {"prerequisites", "voraussetzungen", "vorkenntnisse", "requirements"}
_PATH_HEADINGS = {"learning path", "lernpfad", "learningpath", "der lernpfad"}
_COLUMNS = {
    "step": {"step", "#", "nr", "nr.", "no", "no.", "schritt", "number"},
    "title": {"title", "titel", "resource", "ressource", "name"},
    "type": {"type", "typ", "kind", "art", "format"},
    "description": {"description", "beschreibung", "notes", "details", "notizen"},
    "minutes": {"length", "duration", "minutes", "dauer", "länge", "laenge", "time", "zeit"},
    "url": {"url", "link"},
    "id": {"id"},  # as `learnpath export --format md` writes it, so that ids survive
}

# Numbers of at most six digits: a longer one is no length (and int() refuses huge ones).
_HOURS = re.compile(r"(\d{1,6})\s*(?:h|std|hours?|stunden?)\.?\s*(?:(\d{1,6})\s*(?:m|min)?\.?)?")


@dataclass
class _Reader:
    name: str
    lines: list[str]
    raw: dict[str, Any] = field(default_factory=dict)
    where: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def problem(self, line: int, col: int, text: str) -> None:
        self.problems.append(f"{self.name}:{line}:{col}: {text}")


def parse_markdown_path(text: str, name: str = "<path>") -> PathDef:
    """Read a markdown learning path; raises PathFileError listing every problem."""
    reader = _Reader(name, text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    _read(reader)

    def locate(loc: Loc) -> tuple[int, int]:
        for end in range(len(loc), -1, -1):
            if loc[:end] in reader.where:
                return reader.where[loc[:end]]
        return 1, 1

    found = list(reader.problems)
    try:
        path = validate(reader.raw, name, locate)
    except PathFileError as err:
        more = err.problems or [str(err)]
        if "title" not in reader.raw:  # said once already: "no '# Title' line"
            more = [p for p in more if ": title: " not in p]
        found += more
    else:
        if not found:
            path._warnings = reader.warnings
            return path
    found.sort(key=_position)
    raise problems_error(name, found)


def _position(problem: str) -> tuple[int, int]:
    match = re.search(r":(\d{1,9}):(\d{1,9}): ", problem)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


@dataclass
class _Walk:
    """Where the reader is while it walks the lines: which part, which section."""

    r: _Reader
    sections: list[dict[str, Any]] = field(default_factory=list)
    prereqs: list[dict[str, Any]] = field(default_factory=list)
    part: str = "intro"  # intro | prereq | path | section | other
    paragraphs: dict[str, list[str]] = field(default_factory=lambda: {"intro": [], "path": []})
    current: dict[str, Any] | None = None
    current_text: list[str] = field(default_factory=list)
    bullet: list[Any] | None = None  # [line number, text]
    fence: str = ""  # the fence that opened the code block the reader is in
    # Links written as a list in the current section: (line, column) of the first, count.
    listed_links: tuple[int, int, int] | None = None

    def flush_bullet(self) -> None:
        if self.bullet is not None:
            _prerequisite(self.r, self.prereqs, self.bullet[0], self.bullet[1].strip())
            self.bullet = None

    def close_section(self) -> None:
        if self.current is not None:
            described = _paragraphs(self.current_text)
            if described and not _PLACEHOLDER.match(described):
                self.current["description"] = described
            self.current_text.clear()
            self.warn_listed_links()

    def warn_listed_links(self) -> None:
        """A section's links written as a list are no steps: learners would never see
        them as such. Allowed (a section may point to further reading), but said."""
        if self.listed_links is None or self.current is None:
            return
        line, col, links = self.listed_links
        what = "a link" if links == 1 else f"{links} links"
        self.r.warnings.append(
            f"{self.r.name}:{line}:{col}: warning: section {self.current['title']!r} has {what} "
            "in a list: these are not steps; to make them steps, write them as rows "
            "of the section's table (| Title | Type | Description |)"
        )
        self.listed_links = None


def _read(r: _Reader) -> None:
    w = _Walk(r)
    r.raw["sections"] = w.sections
    i = 0
    while i < len(r.lines):
        i = _line(w, i)
    w.flush_bullet()
    w.close_section()
    raw = r.raw
    if "title" not in raw:
        r.problem(1, 1, "no '# Title' line; a markdown path starts with its title")
    for key, part_name in (("description", "intro"), ("overview", "path")):
        value = _paragraphs(w.paragraphs[part_name])
        if value and not _PLACEHOLDER.match(value):
            raw[key] = value
    if w.prereqs:
        raw["prerequisites"] = w.prereqs
        for j, item in enumerate(w.prereqs):
            r.where[("prerequisites", j)] = item.pop("_at")


def _fence(w: _Walk, line: str) -> None:
    """Open or close a code block. Only a fence of the opening one's character, at least
    as long and with nothing after it, closes it (CommonMark): a ``~~~`` line inside a
    backtick block is code, as a line of three backticks inside a longer fence is."""
    found = _FENCE.match(line)
    if found is None:
        return
    marks, rest = found.groups()
    if not w.fence:
        w.fence = marks
    elif marks[0] == w.fence[0] and len(marks) >= len(w.fence) and not rest.strip():
        w.fence = ""


def _line(w: _Walk, i: int) -> int:
    """Read line ``i`` (and a table, when one starts there); the next line to read."""
    line = w.r.lines[i]
    _fence(w, line)
    heading = None if w.fence else _heading_of(line)
    if heading:
        _heading(w, i + 1, heading)
        return i + 1
    if not w.fence and w.part == "section" and w.current is not None and _table_starts(w.r, i):
        return _table(w.r, i, w.current, len(w.sections) - 1)
    if w.part == "prereq":
        match = _BULLET.match(line)
        if match and not w.fence:
            w.flush_bullet()
            w.bullet = [i + 1, match.group(1)]
        elif line.strip() and w.bullet is not None:
            w.bullet[1] += " " + line.strip()
        elif not line.strip():
            w.flush_bullet()
    elif w.part in ("intro", "path"):
        w.paragraphs[w.part].append(line)
    elif w.part == "section":
        w.current_text.append(line)
        item = None if w.fence else _LIST_ITEM.match(line)
        if item and (LINK.search(item.group(1)) or _WEB.search(item.group(1))):
            first = w.listed_links or (i + 1, item.start(1) + 1, 0)
            w.listed_links = (first[0], first[1], first[2] + 1)
    return i + 1


def _heading_of(line: str) -> tuple[int, str, int] | None:
    """A heading line's level, title and the column its title starts at, or None.

    Read by hand, not by a pattern: the closing '#'s ("## Title ##") after a title of
    spaces and '#'s made a regular expression take time cubic in the line's length.
    """
    level = len(line) - len(line.lstrip("#"))
    rest = line[level:]
    if not 1 <= level <= 6 or not rest[:1].isspace():
        return None
    title = rest.lstrip()
    col = len(line) - len(title) + 1
    # What closes the title: white space, a run of '#', white space.
    return level, title.rstrip().rstrip("#").rstrip(), col


def _heading(w: _Walk, number: int, heading: tuple[int, str, int]) -> None:
    """A heading: the title (#), a part (##) or a section (### and deeper)."""
    w.flush_bullet()
    level, title, col = heading
    if level == 1:
        if "title" not in w.r.raw:
            w.r.raw["title"] = title
            w.r.where[("title",)] = (number, col)
        return
    w.close_section()
    w.current = None
    if level == 2:
        key = title.casefold().strip(" :")
        w.part = (
            "prereq" if key in _PREREQ_HEADINGS else "path" if key in _PATH_HEADINGS else "other"
        )
        return
    w.part = "section"
    index = len(w.sections)
    w.current = {"title": title, "steps": []}
    w.sections.append(w.current)
    w.r.where[("sections", index)] = (number, 1)
    w.r.where[("sections", index, "title")] = (number, col)


def _paragraphs(lines: list[str]) -> str:
    """Lines joined into paragraphs: a blank line separates, a line break is a space."""
    out: list[str] = []
    para: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            para.append(_unescaped(line.strip()))
        elif para:
            out.append(" ".join(para))
            para = []
    return "\n\n".join(out)


def _unescaped(line: str) -> str:
    """A line of free text as written before pathfile.markdown_out escaped it."""
    if line[:1] == "\\" and line[1:2] in ("#", "`", "~", "-", ":"):
        line = line[1:]
    return line.replace("\\|", "|")


def _prerequisite(r: _Reader, out: list[dict[str, Any]], number: int, text: str) -> None:
    if not text or _PLACEHOLDER.match(text):
        return
    strong = _STRONG_NAME.match(text)
    if strong:
        title, rest = strong.group(2).strip().rstrip(":"), strong.group(3).strip()
    elif ": " in text and len(text.split(": ", 1)[0]) <= 150:
        title, rest = (part.strip() for part in text.split(": ", 1))
    else:
        title, rest = text, ""
    item: dict[str, Any] = {"title": title, "_at": (number, 3)}
    if rest:
        item["description"] = rest
    out.append(item)


def _table_starts(r: _Reader, i: int) -> bool:
    return (
        "|" in r.lines[i]
        and i + 1 < len(r.lines)
        and bool(_SEPARATOR.match(r.lines[i + 1]))
        and "-" in r.lines[i + 1]
    )


def _cells(line: str) -> list[tuple[str, int]]:
    """Cells of a table row with the column each starts at; ``\\|`` is a literal pipe."""
    cells: list[tuple[str, int]] = []
    buf: list[str] = []
    start = 0
    j = 0
    while j < len(line):
        ch = line[j]
        if ch == "\\" and j + 1 < len(line) and line[j + 1] == "|":
            buf.append("|")
            j += 2
            continue
        if ch == "|":
            cells.append(("".join(buf), start))
            buf, start = [], j + 1
        else:
            buf.append(ch)
        j += 1
    cells.append(("".join(buf), start))
    if line.strip().startswith("|"):
        cells = cells[1:]
    if line.rstrip().endswith("|") and not line.rstrip().endswith("\\|"):
        cells = cells[:-1]
    out = []
    for text, at in cells:
        stripped = text.strip()
        offset = len(text) - len(text.lstrip())
        out.append((stripped, at + offset + 1))
    return out


def _table(r: _Reader, i: int, section: dict[str, Any], s_index: int) -> int:
    """Read the table starting at line ``i`` into the section's steps; the line after it."""
    header_line = i + 1
    columns: dict[str, int] = {}
    for k, (name, _) in enumerate(_cells(r.lines[i])):
        key = name.strip("*_ ").casefold()
        for column, names in _COLUMNS.items():
            if key in names and column not in columns:
                columns[column] = k
    i += 2  # header and separator
    if "title" not in columns:
        r.problem(
            header_line,
            1,
            "the table has no Title column; expected | Step | Title | Type | Description |",
        )
    steps = section["steps"]
    while i < len(r.lines) and r.lines[i].strip() and "|" in r.lines[i]:
        cells = _cells(r.lines[i])
        if "title" in columns and any(text for text, _ in cells):
            loc = ("sections", s_index, "steps", len(steps))
            steps.append(_row(r, i + 1, loc, _Row(cells, columns)))
        i += 1
    return i


@dataclass
class _Row:
    """A table row's cells, looked up by column."""

    cells: list[tuple[str, int]]
    columns: dict[str, int]

    def __call__(self, column: str) -> tuple[str, int]:
        k = self.columns.get(column)
        return self.cells[k] if k is not None and k < len(self.cells) else ("", 1)


def _row(r: _Reader, number: int, loc: Loc, cell: _Row) -> dict[str, Any]:
    """One step from a table row at line ``number``, remembering where each field was."""
    title_text, title_col = cell("title")
    step: dict[str, Any] = {}
    title, url = _title_and_url(title_text)
    step["title"] = title
    r.where[loc] = (number, 1)
    r.where[(*loc, "title")] = (number, title_col)
    url_text, url_col = cell("url")
    if url is None and url_text:
        url = _title_and_url(url_text)[1] or url_text
        title_col = url_col
    if url is not None:
        step["url"] = url
        r.where[(*loc, "url")] = (number, title_col)
    for column in ("id", "type", "description"):
        text, at = cell(column)
        if text:
            step[column] = text
            r.where[(*loc, column)] = (number, at)
    minutes = _minutes(cell("minutes")[0])
    if minutes is not None:
        step["minutes"] = minutes
    return step


def _title_and_url(cell: str) -> tuple[str, str | None]:
    """A Title cell: ``[Title](url)`` gives both; plain text gives a step without URL."""
    link = LINK.search(cell)
    url = link.group(2).strip() if link else None
    title = LINK.sub(lambda m: m.group(1), cell)
    return readable(title).strip(), url


def _minutes(text: str) -> int | None:
    """'27 min', '1 h 56 min', '1:56', '45' -> minutes; anything else -> unknown."""
    text = text.strip().casefold()
    if not text:
        return None
    if m := re.fullmatch(r"(\d{1,6})\s*(?:m|min|mins|minutes|minuten)?\.?", text):
        return int(m.group(1))
    if m := _HOURS.fullmatch(text):
        return int(m.group(1)) * 60 + int(m.group(2) or 0)
    if m := re.fullmatch(r"(\d{1,6}):(\d\d)", text):
        return int(m.group(1)) * 60 + int(m.group(2))
    return None
