"""Reading and validating path files into pydantic models.

Only this module parses path files. It is imported when a path file has to be read
(first run, or after the file changed), never on the everyday path.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path as FsPath
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from learnpath.errors import PathFileError
from learnpath.text import clean_block, clean_line, is_web_url, transliterate

# A real path is far smaller (100,000 steps are about 30 MiB); anything bigger is refused
# before it is read, so a hostile file cannot exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024

# libyaml's C loader and dumper when PyYAML was built with them: several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

STEP_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _check_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not is_web_url(value):
        raise ValueError("expected an http:// or https:// URL with a host")
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
    return value


Line = Annotated[str, AfterValidator(clean_line)]
Block = Annotated[str, AfterValidator(clean_block)]


def _require_text(value: str) -> str:
    if not value:
        raise ValueError("expected a non-empty title")
    return value


# Cleaned first, then checked: a title of only spaces or control characters is empty.
Title = Annotated[str, AfterValidator(clean_line), AfterValidator(_require_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Step(_Model):
    """One resource of a path."""

    id: Annotated[str | None, AfterValidator(_check_step_id)] = None
    title: Title
    type: Line | None = None
    url: Annotated[Line | None, AfterValidator(_check_url)] = None
    description: Block | None = None
    minutes: Annotated[int | None, Field(strict=True, ge=0, le=100_000)] = None


class Section(_Model):
    """A titled group of steps."""

    title: Title
    description: Block | None = None
    steps: list[Step] = Field(default_factory=list)


class Prerequisite(_Model):
    """Something a learner should know before starting."""

    title: Title
    description: Block | None = None


class PathDef(_Model):
    """A whole learning path, as stored in a YAML path file."""

    id: Annotated[str | None, AfterValidator(_check_step_id)] = None
    version: Annotated[int | None, Field(strict=True, ge=0)] = None
    title: Title
    language: Line | None = None
    description: Block | None = None
    overview: Block | None = None
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    sections: list[Section]
    # Whether the file itself gave every step its id, so that it can be kept as it is.
    _ids_written: bool = PrivateAttr(default=False)

    @property
    def ids_written(self) -> bool:
        return self._ids_written

    def steps(self) -> list[tuple[int, Step]]:
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


def assign_ids(steps: list[Step]) -> int:
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


def read_bytes(file: FsPath) -> bytes:
    """The file's bytes, refusing what is missing, unreadable or implausibly large."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PathFileError(
                f"{file} is {size / 2**20:.0f} MiB; path files may be at most "
                f"{MAX_FILE_BYTES // 2**20} MiB"
            )
        return file.read_bytes()
    except FileNotFoundError:
        raise PathFileError(f"{file} does not exist; check the file name") from None
    except IsADirectoryError:
        raise PathFileError(f"{file} is a directory; give a path file") from None
    except OSError as err:
        raise PathFileError(f"cannot read {file}: {err.strerror}") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is allowed), or a clear error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PathFileError(
            f"{name} is not UTF-8 text (byte {err.start}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise PathFileError(f"{name} contains NUL bytes; it is not a text file")
    return text


def load_yaml_path(file: FsPath, data: bytes | None = None) -> PathDef:
    """Read and validate a YAML path file; every problem is reported with its line."""
    name = str(file)
    if data is None:
        data = read_bytes(file)
    return parse_yaml_path(decode(data, name), name)


def parse_yaml_path(text: str, name: str = "<path>") -> PathDef:
    """Validate YAML text as a path. Raises PathFileError listing every problem."""
    try:
        with _no_gc():
            raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise problems_error(name, [f"{name}:{line}:{col}: invalid YAML: {problem}"]) from None
    except RecursionError:
        raise problems_error(name, [f"{name}:1:1: invalid YAML: nested too deeply"]) from None
    if _shares_containers(raw):
        line, col = _first_alias(text)
        raise problems_error(
            name,
            [
                f"{name}:{line}:{col}: YAML aliases (*name) of lists or mappings are not "
                "allowed in path files; write each step out"
            ],
        )
    return validate(raw, name, _Locator(text))


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector while a big file becomes objects.

    Loading creates hundreds of thousands of objects, each allocation counting towards
    the next collection; measured, the collector took half of the time of loading a
    10,000-step path. Loaded data has no cycles to find, and the size limit bounds it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _shares_containers(raw: Any) -> bool:
    """True when one list or mapping appears twice in the loaded data.

    That happens only through YAML aliases. PyYAML does not copy an alias, but everything
    after it walks the data as a tree, so a few lines of nested aliases ("billion laughs")
    would become billions of steps. One linear walk, stopping at the first repeat.
    """
    seen: set[int] = set()
    todo = [raw]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if id(item) in seen:
            return True
        seen.add(id(item))
        todo.extend(children)
    return False


def _first_alias(text: str) -> tuple[int, int]:
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.AliasToken):
            return token.start_mark.line + 1, token.start_mark.column + 1
    return 1, 1


Locate = Callable[[tuple[Any, ...]], tuple[int, int]]


def validate(raw: Any, name: str, locate: Locate) -> PathDef:
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


def load_path(file: FsPath, data: bytes | None = None) -> PathDef:
    """Read a path file of either kind: markdown (.md, .markdown) or YAML (anything else).

    ``data`` is the file's content when the caller has read it already.
    """
    if data is None:
        data = read_bytes(file)
    text = decode(data, str(file))
    if is_markdown(file):
        from learnpath.mdpath import parse_markdown_path

        return parse_markdown_path(text, str(file))
    return parse_yaml_path(text, str(file))


def is_markdown(file: FsPath) -> bool:
    return file.suffix.lower() in (".md", ".markdown")


def to_yaml(path: PathDef) -> str:
    """The YAML path file for ``path``, every step id written out so that it stays put."""
    data = path.model_dump(exclude_none=True)
    if not data.get("prerequisites"):
        data.pop("prerequisites", None)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)


def _duplicate_ids(path: PathDef) -> list[tuple[str, tuple[Any, ...]]]:
    seen: set[str] = set()
    dupes = []
    for s_index, section in enumerate(path.sections):
        for t_index, step in enumerate(section.steps):
            if step.id is None:
                continue
            if step.id in seen:
                dupes.append((step.id, ("sections", s_index, "steps", t_index, "id")))
            seen.add(step.id)
    return dupes


def problems_error(name: str, problems: list[str]) -> PathFileError:
    count = len(problems)
    head = problems[0] if count == 1 else f"{name} has {count} problems:\n" + "\n".join(problems)
    return PathFileError(head, problems)


_FRIENDLY = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
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
        loc = tuple(item["loc"])
        # pydantic names the union member it tried ('str', 'function-after'); drop those.
        loc = tuple(p for p in loc if isinstance(p, int) or not _is_type_tag(p))
        line, col = locate(loc)
        where = _dotted(loc) or "file"
        message = _FRIENDLY.get(item["type"]) or _message(item)
        out.append(f"{name}:{line}:{col}: {where}: {message}")
    return out


def _is_type_tag(part: str) -> bool:
    return part in ("str", "int", "none", "list") or "[" in part or part.startswith("function-")


def _message(item: Any) -> str:
    msg = str(item["msg"])
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    return msg[:1].lower() + msg[1:]


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Locator:
    """Finds the line and column of a location like ('sections', 0, 'title') in YAML text.

    Composing the node tree is slower than loading, so it happens only when there is
    an error to report.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Any = None

    def __call__(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        if self._root is None:
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                return 1, 1
        node = self._root
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        mark = node.start_mark if node is not None else None
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if getattr(key, "value", None) == part:
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the YAML path format, from the pydantic models."""
    schema = PathDef.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "learnpath path file",
        **{k: v for k, v in schema.items() if k != "title"},
    }
