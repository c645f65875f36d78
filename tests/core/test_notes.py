"""Notes through the core, with the editor passed in as a function."""

from __future__ import annotations

import pytest

from learnpath.core.notes import (
    TEMPLATE_MARK,
    add_note,
    clear_notes,
    detail,
    edit_notes,
    notes_from_template,
)
from learnpath.errors import NoteError


def test_notes_are_kept_in_order_and_cleaned(tiny):
    add_note(tiny, "a", "erste")
    add_note(tiny, "1", "zweite\x1b[2J\n  mit Zeile  ")
    assert [n.text for n in detail(tiny, "a").notes] == ["erste", "zweite[2J\n  mit Zeile"]


def test_an_empty_note_is_refused(tiny):
    with pytest.raises(NoteError, match="the note is empty"):
        add_note(tiny, "a", " \x07 ")


def test_clearing_says_how_many_went(tiny):
    add_note(tiny, "a", "x")
    add_note(tiny, "a", "y")
    assert (clear_notes(tiny, "a"), clear_notes(tiny, "a")) == (2, 0)


def test_editing_shows_every_note_and_saves_the_text(tiny):
    add_note(tiny, "a", "eins")
    add_note(tiny, "a", "zwei")
    seen: list[str] = []

    def editor(text: str) -> str:
        seen.append(text)
        return text.replace("zwei", "drei")

    assert edit_notes(tiny, "a", editor) == 1
    assert "eins\n\nzwei" in seen[0] and TEMPLATE_MARK in seen[0]
    assert [n.text for n in detail(tiny, "a").notes] == ["eins\n\ndrei"]


def test_an_unchanged_edit_writes_nothing(tiny):
    add_note(tiny, "a", "bleibt")
    before = detail(tiny, "a").notes
    assert edit_notes(tiny, "a", lambda text: None) is None
    assert detail(tiny, "a").notes == before


def test_an_edit_saved_empty_clears_the_notes(tiny):
    add_note(tiny, "a", "weg")
    assert edit_notes(tiny, "a", lambda text: f"{TEMPLATE_MARK} only the help\n") == 0
    assert detail(tiny, "a").notes == []


def test_template_lines_are_left_out():
    text = f"{TEMPLATE_MARK} help\nkept\n{TEMPLATE_MARK} more\nalso kept"
    assert notes_from_template(text) == "kept\nalso kept"
