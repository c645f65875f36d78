"""What loading a path writes, as plain rows: its steps in order, then its head.

A definition already in memory gives them at once (InMemory). A large file can give its
steps while it is still being parsed (pathfile.streaming): the loader writes each batch
as it comes and asks for the head, the parse's verdict, last.
"""

from __future__ import annotations

from collections.abc import Generator
from itertools import islice
from typing import NamedTuple, Protocol

from learnpath.pathfile.definition import PathDef, StepDef

# Steps per batch: enough that a batch costs one statement's overhead, few enough that
# a batch is small next to the path.
BATCH = 2000


class StepRow(NamedTuple):
    """One step, with the index of its section."""

    section: int
    id: str
    title: str
    type: str | None
    url: str | None
    description: str | None
    minutes: int | None


class SectionHead(NamedTuple):
    title: str
    description: str | None
    step_count: int
    timed: int  # steps that give their minutes
    minutes: int


class PathHead(NamedTuple):
    """Everything of a path but its steps."""

    title: str
    language: str | None
    description: str | None
    overview: str | None
    prerequisites: list[tuple[str, str | None]]
    version: int | None
    sections: list[SectionHead]


class PathContent(Protocol):
    def step_batches(self) -> Generator[list[StepRow] | None, None, None]:
        """The steps in path order, a batch at a time. None means the batches so far
        are void and the steps start again from the first (a parse that had to begin
        anew). Each call starts from the first step: a write that is retried reads
        them again."""
        ...

    def head(self) -> PathHead:
        """The rest of the path, once every batch was read; PathFileError when the file
        turned out not to be a valid path, whatever batches came before."""
        ...


def step_row(section: int, step: StepDef) -> StepRow:
    # assign_ids has given every step of a validated path its id.
    step_id = step.id or ""
    return StepRow(
        section, step_id, step.title, step.type, step.url, step.description, step.minutes
    )


def head_of(path: PathDef) -> PathHead:
    sections = [
        SectionHead(
            s.title,
            s.description,
            len(s.steps),
            sum(1 for step in s.steps if step.minutes is not None),
            sum(step.minutes or 0 for step in s.steps),
        )
        for s in path.sections
    ]
    return PathHead(
        path.title,
        path.language,
        path.description,
        path.overview,
        [(p.title, p.description) for p in path.prerequisites],
        path.version,
        sections,
    )


class InMemory:
    """The content of a definition already parsed."""

    def __init__(self, path: PathDef) -> None:
        self.path = path

    def step_batches(self) -> Generator[list[StepRow] | None, None, None]:
        rows = (step_row(i, step) for i, step in self.path.steps())
        while batch := list(islice(rows, BATCH)):
            yield batch

    def head(self) -> PathHead:
        return head_of(self.path)
