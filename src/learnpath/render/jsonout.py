"""JSON for scripts: the standard library only, so `--json` never loads Rich."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any


def write_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def write_json_array(items: Iterable[dict[str, Any]]) -> None:
    """Write a JSON array item by item, so a long path never sits in memory as one string."""
    out = sys.stdout
    encode = json.JSONEncoder(ensure_ascii=False).encode
    first = True
    out.write("[")
    for item in items:
        out.write("\n  " if first else ",\n  ")
        out.write(encode(item))
        first = False
    out.write("\n]\n" if not first else "]\n")
