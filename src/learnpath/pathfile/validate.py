"""From parsed data (YAML or markdown) to a PathDef, with every problem at its line."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from learnpath.errors import PathFileError
from learnpath.pathfile.definition import (
    PathDef,
    PrerequisiteDef,
    SectionDef,
    StepDef,
    assign_ids,
)

# Where something was written: ('sections', 0, 'title') -> (line, column).
Loc = tuple[Any, ...]
Locate = Callable[[Loc], tuple[int, int]]


def validate(raw: object, name: str, locate: Locate) -> PathDef:
    """Turn parsed data into a PathDef, reporting every problem at its line and column.

    ``locate`` maps a location such as ('sections', 0, 'title') to where it was written.
    """
    if not isinstance(raw, dict):
        raise problems_error(
            name, [f"{name}:1:1: expected a mapping with 'title' and 'sections' at the top"]
        )
    try:
        path = PathDef.model_validate(raw)
    except ValidationError as err:
        raise problems_error(name, _validation_problems(err, locate, name)) from None

    dupes = _duplicate_ids(path)
    if dupes:
        raise problems_error(
            name,
            [
                f"{name}:{line}:{col}: duplicate step id {step_id!r}; every step id must be unique"
                for step_id, loc in dupes
                for line, col in [locate(loc)]
            ],
        )
    path._ids_written = assign_ids([step for _, step in path.steps()]) == 0
    return path


def problems_error(name: str, problems: list[str]) -> PathFileError:
    """One error for all of a file's problems, each already FILE:LINE:COLUMN: text."""
    count = len(problems)
    head = problems[0] if count == 1 else f"{name} has {count} problems:\n" + "\n".join(problems)
    return PathFileError(head, problems)


def _duplicate_ids(path: PathDef) -> list[tuple[str, Loc]]:
    seen: set[str] = set()
    dupes: list[tuple[str, Loc]] = []
    for s_index, section in enumerate(path.sections):
        for t_index, step in enumerate(section.steps):
            if step.id is None:
                continue
            if step.id in seen:
                dupes.append((step.id, ("sections", s_index, "steps", t_index, "id")))
            seen.add(step.id)
    return dupes


# Every field name of the format, for "did you mean" when a file misspells one.
_FIELDS = sorted(
    {name for model in (PathDef, SectionDef, PrerequisiteDef) for name in model.model_fields}
    | {field.name for field in dataclasses.fields(StepDef)}
)
# A step is a pydantic dataclass: its problems have the names of keyword arguments.
_UNKNOWN_FIELD = ("extra_forbidden", "unexpected_keyword_argument")
_FRIENDLY = {
    "missing": "is required",
    "missing_keyword_argument": "is required",
    "extra_forbidden": "is not a known field",
    "unexpected_keyword_argument": "is not a known field",
    "dataclass_type": "expected a mapping",
    "dataclass_args_type": "expected a mapping",
    "string_type": "expected text",
    "list_type": "expected a list",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "dict_type": "expected a mapping",
    "int_type": "expected a whole number",
}


def _validation_problems(err: ValidationError, locate: Locate, name: str) -> list[str]:
    out = []
    for item in err.errors(include_url=False, include_input=False):
        # pydantic names the union member it tried ('str', 'function-after'); drop those.
        loc = tuple(p for p in item["loc"] if isinstance(p, int) or not _is_type_tag(p))
        line, col = locate(loc)
        where = _dotted(loc) or "file"
        message = _FRIENDLY.get(item["type"]) or _message(item)
        if item["type"] in _UNKNOWN_FIELD and loc and isinstance(loc[-1], str):
            close = difflib.get_close_matches(loc[-1], _FIELDS, n=1)
            message += f"; did you mean {close[0]!r}?" if close else ""
        out.append(f"{name}:{line}:{col}: {where}: {message}")
    return out


def _is_type_tag(part: str) -> bool:
    return part in ("str", "int", "none", "list") or "[" in part or part.startswith("function-")


def _message(item: ErrorDetails) -> str:
    msg = str(item["msg"])
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    return msg[:1].lower() + msg[1:]


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
