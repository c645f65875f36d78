"""A backup file as export_chunks writes it: the same text however its rows are made."""

from __future__ import annotations

import json

import pytest

from learnpath.core.backup import export, export_chunks
from learnpath.core.notes import add_note
from learnpath.core.status import Action, change
from learnpath.storage import sqlite


@pytest.fixture
def noted(tiny):
    change(tiny, ["1", "4"], Action.done)
    change(tiny, ["2"], Action.skip)
    add_note(tiny, "4", 'Köpfe "zitiert" \\ und\ta\x7f — 😀 Zeile\nzwei')
    return tiny


def test_a_backup_is_the_same_text_whether_the_database_builds_its_json(noted, monkeypatch):
    """SQLite builds each row's JSON (json_object) and the stored YAML is read in pieces
    (here of 7 bytes, so that multi-byte characters are cut between pieces); the text
    must be what the standard library writes from the rows, and on either backend mean
    what export() (the whole backup in memory, for a copy) does."""
    monkeypatch.setattr(sqlite, "_TEXT_PIECE", 7)
    built = "".join(export_chunks(noted.db))
    expected = export(noted.db)
    assert json.loads(built)["paths"] == expected["paths"]
    tiny_path = next(p for p in expected["paths"] if p["name"] == "tiny")
    assert "Vorträge über Köpfe" in tiny_path["definition"] and len(tiny_path["notes"]) == 1
    assert next(p for p in expected["paths"] if p["name"] == "transformers")["definition"] is None
    if noted.db.local:  # the same text from rows made in Python
        assert noted.db.builds_json
        monkeypatch.setitem(noted.db.__dict__, "builds_json", False)
        written = "".join(export_chunks(noted.db))
        paths = built.index('"paths"')
        assert built[paths:] == written[paths:]
