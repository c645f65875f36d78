"""The learning-path format as pydantic models: what a path file may say, cleaned.

Every text field is cleaned of control characters on the way in; URLs must be http(s);
step ids are made up from titles where the file gives none.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr
from pydantic.dataclasses import dataclass

from learnpath.text import clean_block, clean_line, is_web_url, transliterate

STEP_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_RANGE_LIKE = re.compile(r"\d+-\d+")


def _check_url(value: object) -> object:
    """A URL is checked as written, before any cleaning: an invisible or bidirectional
    character is a reason to refuse it, not something to quietly remove."""
    if not isinstance(value, str):
        return value  # None, or a wrong type that the field's own check reports
    value = value.strip()
    if not is_web_url(value):
        raise ValueError(
            "expected an http:// or https:// URL with a host (no credentials, nothing invisible)"
        )
    return value


def _check_step_id(value: str | None) -> str | None:
    if value is None:
        return None
    if not STEP_ID_RE.match(value):
        raise ValueError(
            "expected an id of letters, digits, '.', '_' or '-' (at most 100 characters)"
        )
    if value.isdigit():
        raise ValueError("an id of digits only would be read as a step number; add a letter")
    if _RANGE_LIKE.fullmatch(value):
        raise ValueError("an id of two numbers and a dash would be read as a range; add a letter")
    return value


def _require_text(value: str) -> str:
    if not value:
        raise ValueError("expected a non-empty title")
    return value


Line = Annotated[str, AfterValidator(clean_line)]
Block = Annotated[str, AfterValidator(clean_block)]
# Cleaned first, then checked: a title of only spaces or control characters is empty.
Title = Annotated[str, AfterValidator(clean_line), AfterValidator(_require_text)]
StepId = Annotated[str | None, AfterValidator(_check_step_id)]


def _config(title: str) -> ConfigDict:
    # The title is the format's own word for the thing (the JSON Schema shows it).
    return ConfigDict(extra="forbid", coerce_numbers_to_str=True, title=title)


# A pydantic dataclass with slots, not a model: a 100,000-step path has 100,000 of
# them, and a model's instance dictionary and set of given fields made each about a
# kilobyte, most of the memory of adding such a path.
@dataclass(slots=True, kw_only=True, config=_config("Step"))
class StepDef:
    """One resource of a path."""

    id: StepId = None
    title: Title
    type: Line | None = None
    url: Annotated[str | None, BeforeValidator(_check_url)] = None
    description: Block | None = None
    minutes: Annotated[int | None, Field(strict=True, ge=0, le=100_000)] = None


class SectionDef(BaseModel):
    """A titled group of steps."""

    model_config = _config("Section")

    title: Title
    description: Block | None = None
    steps: list[StepDef] = Field(default_factory=list)


class PrerequisiteDef(BaseModel):
    """Something a learner should know before starting."""

    model_config = _config("Prerequisite")

    title: Title
    description: Block | None = None


class PathDef(BaseModel):
    """A whole learning path, as stored in a YAML path file."""

    model_config = _config("PathDef")

    id: StepId = None
    # Stored as a 32-bit integer on every backend: the same limit everywhere.
    version: Annotated[int | None, Field(strict=True, ge=0, le=2**31 - 1)] = None
    title: Title
    language: Line | None = None
    description: Block | None = None
    overview: Block | None = None
    prerequisites: list[PrerequisiteDef] = Field(default_factory=list)
    sections: list[SectionDef]
    # Whether the file itself gave every step its id, so that it can be kept as it is.
    _ids_written: bool = PrivateAttr(default=False)
    # What the reader noticed that is allowed but likely a mistake: FILE:LINE:COL: warning: ...
    _warnings: list[str] = PrivateAttr(default_factory=list)

    @property
    def ids_written(self) -> bool:
        return self._ids_written

    @property
    def warnings(self) -> list[str]:
        return self._warnings

    def steps(self) -> list[tuple[int, StepDef]]:
        """Every step in path order, with the index of its section."""
        return [(i, step) for i, section in enumerate(self.sections) for step in section.steps]


def slugify(text: str, limit: int = 60) -> str:
    """A lowercase ASCII slug for a title: 'Wie funktionieren …?' -> 'wie-funktionieren-…'."""
    text = unicodedata.normalize("NFKD", transliterate(text))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].rstrip("-")
    if not slug:
        return "step"
    # An id of digits only could not be told apart from a step number.
    return f"step-{slug}" if slug.isdigit() else slug


def assign_ids(steps: list[StepDef]) -> int:
    """Give every step without an id a unique slug of its title (explicit ids win).

    Returns how many ids it made up.
    """
    taken = {step.id for step in steps if step.id}
    made = 0
    for step in steps:
        if step.id:
            continue
        base = slugify(step.title)
        candidate, n = base, 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        step.id = candidate
        taken.add(candidate)
        made += 1
    return made
