"""Fixtures for testing the core directly: sessions on a real database, no command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from learnpath.core.paths import add
from learnpath.core.session import Session, open_session

# Five steps in two sections, with and without URLs and lengths.
TINY = """\
title: Kleiner Pfad
sections:
  - title: Erster Teil
    steps:
      - {id: a, title: Alpha, url: 'https://example.org/a', minutes: 10}
      - {id: b, title: Beta, minutes: 20}
      - {id: c, title: Gamma, type: Video}
  - title: Zweiter Teil
    steps:
      - {id: d, title: Delta, description: Vorträge über Köpfe, minutes: 30}
      - {id: e, title: Epsilon}
"""


def write_path(file: Path, steps: int, per_section: int = 25) -> Path:
    """A generated path of ``steps`` steps (ids s1..sN) in sections of ``per_section``."""
    lines = ["title: Lang", "sections:"]
    for n in range(steps):
        if n % per_section == 0:
            lines += [f"  - title: Teil {n // per_section + 1}", "    steps:"]
        lines.append(f"      - {{id: s{n + 1}, title: Schritt {n + 1}}}")
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


@pytest.fixture
def bundled(backend: str) -> Iterator[Session]:
    """A session on the bundled path, in a fresh database of the backend under test."""
    with open_session() as session:
        yield session


@pytest.fixture
def tiny(backend: str, tmp_path: Path) -> Iterator[Session]:
    """A session on the five-step path TINY, added to a fresh database."""
    file = tmp_path / "tiny.yaml"
    file.write_text(TINY, encoding="utf-8")
    with open_session() as session:
        add(session, file, "tiny", update=False)
        yield session.on("tiny")


@pytest.fixture
def long_path(backend: str, tmp_path: Path) -> Iterator[Session]:
    """A session on a generated 200-step path."""
    file = write_path(tmp_path / "long.yaml", 200)
    with open_session() as session:
        add(session, file, "long", update=False)
        yield session.on("long")
