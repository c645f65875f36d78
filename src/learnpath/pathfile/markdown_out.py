"""Writing a path as a markdown learning path, with the learner's status beside each step.

`learnpath add` reads it back (pathfile.markdown): the Id column keeps every step's id,
so progress follows; the Status column is for people and is ignored when read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from learnpath.model import PathInfo, StepView
from learnpath.times import duration

# A section as written: its title, its description and its steps.
SectionSteps = tuple[str, str | None, list[StepView]]


def to_markdown(info: PathInfo, sections: Iterable[SectionSteps]) -> str:
    """The whole path in the markdown learning-path format."""
    out = [f"# {_line(info.title)}", ""]
    if info.description:
        out += [escaped(info.description), ""]
    if info.prerequisites:
        out += ["## Prerequisites", ""]
        for p in info.prerequisites:
            out.append(
                f"- **{_line(p.title)}**: {_line(p.description)}"
                if p.description
                else f"- {_line(p.title)}"
            )
        out.append("")
    out += ["## Learning Path", ""]
    if info.overview:
        out += [escaped(info.overview), ""]
    for title, description, steps in sections:
        out += [f"### {_line(title)}", ""]
        if description:
            out += [escaped(description), ""]
        out += _table(steps) if steps else ["TODO"]
        out.append("")
    return "\n".join(out)


def _table(steps: list[StepView]) -> list[str]:
    linked = [_linkable(s) for s in steps]
    with_url = not all(linked)
    head = ["Step", "Id", "Title", "Type", "Length"] + (["URL"] if with_url else [])
    head += ["Description", "Status"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step, link in zip(steps, linked, strict=True):
        title = f"[{_cell(step.title)}]({step.url})" if link else _cell(step.title)
        cells = [str(step.number), step.id, title, _cell(step.type), duration(step.minutes)]
        if with_url:
            cells.append("" if link else _cell(step.url))
        cells += [_cell(step.description), step.status]
        out.append("| " + " | ".join(cells) + " |")
    return out


def escaped(text: str) -> str:
    """Free text that reads back as the same text, never as structure: a line that
    would start a heading, a code fence or a table separator gets a backslash in front,
    and every '|' is written '\\|', so no table can start in it (pathfile.markdown
    takes the backslashes away again)."""
    lines = []
    for line in text.split("\n"):
        line = line.replace("|", "\\|")
        if _STRUCTURE.match(line):
            line = "\\" + line.lstrip()
        lines.append(line)
    return "\n".join(lines)


# The start of a line the markdown reader would take for structure: a heading, a code
# fence, or a line of only dashes and colons (a table's separator row).
_STRUCTURE = re.compile(r"\s*(#|```|~~~|[-:\s]*-[-:\s]*$)")


def _line(text: str | None) -> str:
    return " ".join((text or "").split())


def _cell(text: str | None) -> str:
    """Text fit for one table cell: one line, pipes escaped."""
    return _line(text).replace("|", "\\|")


def _linkable(step: StepView) -> bool:
    """Whether the title can carry its URL as a markdown link, and be read back."""
    url = step.url or ""
    return bool(url) and not any(c in step.title for c in "[]") and not any(c in url for c in "() ")
