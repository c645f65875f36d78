"""JSON for scripts: the standard library only, so `--json` never loads Rich."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from itertools import islice
from typing import Any

from learnpath.model import json_text


def write_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def write_json_array(items: Iterable[dict[str, Any]]) -> None:
    """Write a JSON array item by item, so a long path never sits in memory as one string."""
    write_json_texts(json_text(item) for item in items)


def write_json_texts(texts: Iterable[str]) -> None:
    """Write a JSON array of items already written as JSON (model.json_text), one per
    line, a few hundred to a write."""
    out = sys.stdout
    items = iter(texts)
    first = next(items, None)
    if first is None:
        out.write("[]\n")
        return
    out.write("[\n  " + first)
    while batch := list(islice(items, 512)):
        out.write(",\n  " + ",\n  ".join(batch))
    out.write("\n]\n")
