"""YAML path files: reading them safely and writing them out."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from learnpath.pathfile.definition import PathDef
from learnpath.pathfile.files import decode, no_gc, read_bytes
from learnpath.pathfile.validate import Loc, problems_error, validate
from learnpath.pathfile.yamlevents import NotPlain, OnStep, load_plain

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# libyaml's C loader and dumper when PyYAML was built with them: several times faster.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_BaseLoader):  # type: ignore[misc]  # a base chosen at run time is Any to mypy
    """The safe loader, refusing a mapping that names a key twice.

    YAML itself keeps the last of two equal keys without a word, so a path file with
    two `url:` lines in one step would silently lose one. Only the key check runs in
    Python; parsing stays in libyaml.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key_node, yaml.ScalarNode) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


def load_yaml_path(file: Path, data: bytes | None = None) -> PathDef:
    """Read and validate a YAML path file; every problem is reported with its line."""
    if data is None:
        data = read_bytes(file)
    return parse_yaml_path(data, str(file))


def parse_yaml_path(source: str | bytes, name: str = "<path>") -> PathDef:
    """Validate YAML as a path: text, or a file's bytes. Raises PathFileError listing
    every problem.

    Bytes are parsed as they are: the text of a 100,000-step path is twice the size of
    its bytes, and the parser would make bytes of it again. The parser accepts only
    UTF-8 without NULs (or UTF-16, refused here first), so whatever it refuses is
    decoded again for files.decode's own error.
    """
    with no_gc():
        try:
            raw = plain_data(source, name)
        except NotPlain:
            text = decode(source, name) if isinstance(source, bytes) else source
            raw = _full_load(text, name)
        return validated(raw, source, name)


def plain_data(source: str | bytes, name: str, on_step: OnStep | None = None) -> object:
    """The data of a path file of plain YAML (yamlevents), NotPlain for any other;
    ``on_step`` sees each step as it is read (yamlevents.OnStep)."""
    parsed = _without_bom(source)
    if isinstance(source, bytes) and isinstance(parsed, bytes) and parsed.startswith(_UTF16_BOMS):
        decode(source, name)  # raises: never UTF-8, though libyaml would read it
    return load_plain(parsed, _BaseLoader, on_step)


def validated(raw: object, source: str | bytes, name: str) -> PathDef:
    """The path that ``raw``, the data of YAML ``source``, describes; PathFileError
    naming the line of every problem."""
    return validate(raw, name, _Locator(_without_bom(source)))


def _without_bom(source: str | bytes) -> str | bytes:
    # As files.decode takes it off the text.
    return source.removeprefix(codecs.BOM_UTF8) if isinstance(source, bytes) else source


def _full_load(text: str, name: str) -> object:
    """The data of any YAML text through PyYAML's loader, or a PathFileError naming the
    line of what is wrong."""
    try:
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
    return raw


def to_yaml(path: PathDef) -> str:
    """The YAML path file for ``path``, every step id written out so that it stays put."""
    data = path.model_dump(exclude_none=True)
    if not data.get("prerequisites"):
        data.pop("prerequisites", None)
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    return text


def _shares_containers(raw: object) -> bool:
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
            children: list[object] = list(item.values())
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


class _Locator:
    """Finds the line and column of a location like ('sections', 0, 'title') in YAML text.

    Composing the node tree is slower than loading, so it happens only when there is
    an error to report.
    """

    def __init__(self, text: str | bytes) -> None:
        self._text = text
        self._root: yaml.Node | None = None

    def __call__(self, loc: Loc) -> tuple[int, int]:
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


def _child(node: yaml.Node | None, part: object) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if getattr(key, "value", None) == part:
                found: yaml.Node = value
                return found
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item
    return None
