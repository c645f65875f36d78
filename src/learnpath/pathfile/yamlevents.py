"""Plain YAML made into data straight from the parser's events.

PyYAML's loader first builds a node for every scalar, list and mapping (asking a Python
resolver about each scalar), then walks the nodes again to construct the data. For a
100,000-step path that was most of `add`'s time and most of its memory: the whole node
tree is held at once. A path file is plain data: mappings, lists and scalars with no
tags, anchors or aliases. Such a file is built here from the event stream alone, in one
pass, holding only what it builds. Anything else (tags, anchors, aliases, a key that is
not a scalar, a key given twice, several documents, deep nesting, a syntax error) raises
NotPlain, and the caller reads the file with the full loader, whose data and errors
stay the reference: for plain YAML both give equal data (a property test holds them to
it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"
# Far deeper than a path file goes (five levels), far shallower than the full loader's
# recursion limit: past it the full loader decides what the file means.
_MAX_DEPTH = 64
# Plain scalars this short are remembered once resolved: keys and step types repeat.
_MEMO_LENGTH = 24
# Marks a mapping whose next scalar is a key.
_NO_KEY = object()

# Called with each step's mapping as soon as it is read, sections[i].steps[j], with i
# and j; what it returns takes the mapping's place in the data.
OnStep = Callable[[int, int, dict[Any, Any]], object]


class NotPlain(Exception):
    """The text uses more of YAML than plain data, or is not valid YAML."""


class _Scalars:
    """Plain scalars resolved exactly as the safe loader resolves them (YAML 1.1: `yes`
    is true, `1_000` is 1000, `~` is null), with its own resolver table and
    constructors."""

    def __init__(self, loader: Any) -> None:
        # Which first characters may start something other than text (a number, a
        # boolean, null, a date): most scalars start otherwise and are text at once.
        self.resolvers: dict[str | None, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
        self._constructor = SafeConstructor()
        self._memo: dict[str, object] = {}

    def resolve(self, value: str) -> object:
        """A plain scalar that may be more than text: what the safe loader makes of it."""
        known = self._memo.get(value, self)
        if known is not self:
            return known
        result: object = value
        for tag, regexp in self.resolvers.get(value[:1], ()):
            if regexp.match(value):
                construct = SafeConstructor.yaml_constructors.get(tag)
                if construct is None or tag.endswith((":merge", ":value", ":yaml")):
                    raise NotPlain(tag)  # a merge key or the like: the full loader's business
                result = construct(self._constructor, ScalarNode(tag, value))
                break
        if len(value) <= _MEMO_LENGTH:
            self._memo[value] = result
        return result


def load_plain(text: str | bytes, loader: Any, on_step: OnStep | None = None) -> object:
    """The data of ``text`` when it is plain YAML (see the module's note), else NotPlain.

    ``loader`` is the loader class whose parser and resolver table are used. Bytes
    are read as UTF-8 (the caller has checked that they are).
    """
    try:
        parser = loader(text)  # the pure-Python reader checks the characters here
    except yaml.YAMLError as err:
        raise NotPlain(str(err)) from None
    try:
        return _build(parser, _Scalars(loader), on_step)
    except yaml.YAMLError as err:
        raise NotPlain(str(err)) from None
    finally:
        parser.dispose()


def _build(parser: Any, scalars: _Scalars, on_step: OnStep | None) -> object:
    # Each open container with, for a mapping, the key waiting for its value. The loop
    # runs once per event (1.4 million for 100,000 steps), so its names are local.
    stack: list[tuple[Any, object]] = []
    root: object = None
    documents = 0
    next_event = parser.get_event
    may_resolve = scalars.resolvers.__contains__
    resolve = scalars.resolve
    while True:
        event = next_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise NotPlain("a tag or an anchor")
            value: object = event.value
            if event.implicit[0] and may_resolve(event.value[:1]):
                value = resolve(event.value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                raise NotPlain("a tag or an anchor")
            if len(stack) >= _MAX_DEPTH:
                raise NotPlain("nested deeply")
            stack.append(({} if kind is MappingStartEvent else [], _NO_KEY))
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = stack.pop()[0]
            if on_step is not None and type(value) is dict and _at_step(stack):
                value = on_step(len(stack[1][0]), len(stack[3][0]), value)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise NotPlain("several documents")
            continue
        elif kind is StreamEndEvent:
            return root
        elif kind is StreamStartEvent or kind is DocumentEndEvent:
            continue
        else:
            raise NotPlain("an alias")
        if not stack:
            root = value
            continue
        container, key = stack[-1]
        if key is not _NO_KEY:
            container[key] = value
            stack[-1] = (container, _NO_KEY)
        elif type(container) is list:
            container.append(value)
        else:
            # Keys are text in a path file. Text keys are equal exactly when they were
            # written alike, so a repeat here is one the full loader refuses.
            if type(value) is not str or value in container:
                raise NotPlain("a key that is not text, or given twice")
            stack[-1] = (container, value)


def _at_step(stack: list[tuple[Any, object]]) -> bool:
    """Whether the mapping that just closed, four levels down, is a step:
    root['sections'][i]['steps'][j]."""
    if len(stack) != 4:
        return False
    (root, key), (sections, _), (section, steps_key), (steps, _) = stack
    return (
        key == "sections"
        and steps_key == "steps"
        and type(root) is dict
        and type(sections) is list
        and type(section) is dict
        and type(steps) is list
    )
