"""Notes through the core, with the editor passed in as a function."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnpath.core.history import log
from learnpath.core.notes import (
    TEMPLATE_MARK,
    add_note,
    clear_notes,
    detail,
    edit_notes,
    notes_from_template,
    notes_template,
)
from learnpath.core.results import Edited
from learnpath.errors import NoteError
from learnpath.model import Note, StepView
from learnpath.text import clean_block
from learnpath.times import local_time


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


def _editor(change):
    """An editor that applies ``change`` to the template and remembers what it saw."""
    seen: list[str] = []

    def edit(text: str) -> str:
        seen.append(text)
        return change(text)

    return edit, seen


def test_the_editor_shows_each_note_in_its_own_block_with_its_time(tiny):
    add_note(tiny, "a", "eins")
    add_note(tiny, "a", "zwei\nmit Zeile")
    edit, seen = _editor(lambda text: text)
    edit_notes(tiny, "a", edit)
    blocks = seen[0].split(f"{TEMPLATE_MARK} note ")[1:]
    assert [b.split("\n", 1)[1].strip() for b in blocks[:1]] == ["eins"]
    assert blocks[0].startswith("1 of 2, ") and blocks[1].startswith("2 of 2, ")
    at = local_time(detail(tiny, "a").notes[0].at)
    assert f"note 1 of 2, {at}\neins\n" in seen[0]


def test_a_change_to_one_note_leaves_the_others_and_their_times(tiny):
    add_note(tiny, "a", "eins")
    add_note(tiny, "a", "zwei")
    add_note(tiny, "a", "drei")
    before = detail(tiny, "a").notes
    result = edit_notes(tiny, "a", lambda text: text.replace("\nzwei\n", "\nZWEI\n"))
    assert result == Edited(1, kept=2, changed=1)
    after = detail(tiny, "a").notes
    assert [n.text for n in after] == ["eins", "drei", "ZWEI"]
    assert (after[0].at, after[0].uid) == (before[0].at, before[0].uid)
    assert (after[1].at, after[1].uid) == (before[2].at, before[2].uid)
    assert after[2].at > before[2].at and after[2].uid != before[1].uid


def test_deleting_one_block_deletes_that_note_only(tiny):
    add_note(tiny, "a", "eins")
    add_note(tiny, "a", "zwei")
    before = detail(tiny, "a").notes

    def drop_second(text: str) -> str:
        head, rest = text.split(f"{TEMPLATE_MARK} note 2 of 2")
        return head + rest.split("\n", 2)[2]

    assert edit_notes(tiny, "a", drop_second) == Edited(1, kept=1, removed=1)
    assert detail(tiny, "a").notes == before[:1]


def test_a_note_written_under_the_last_line_is_added(tiny):
    add_note(tiny, "a", "eins")
    assert edit_notes(tiny, "a", lambda text: text + "neu\n\n") == Edited(1, kept=1, added=1)
    assert [n.text for n in detail(tiny, "a").notes] == ["eins", "neu"]


def test_an_unchanged_edit_writes_nothing(tiny):
    add_note(tiny, "a", "bleibt")
    before = detail(tiny, "a").notes
    assert edit_notes(tiny, "a", lambda text: None) is None
    # Saved with only white space changed: nothing is written either.
    assert edit_notes(tiny, "a", lambda text: text + "\n\n  \n") == Edited(1, kept=1)
    assert detail(tiny, "a").notes == before


def test_an_edit_saved_empty_clears_the_notes(tiny):
    add_note(tiny, "a", "weg")
    add_note(tiny, "a", "auch weg")
    result = edit_notes(tiny, "a", lambda text: f"{TEMPLATE_MARK} only the help\n")
    assert result == Edited(1, removed=2) and result.total == 0
    assert detail(tiny, "a").notes == []


def test_a_note_that_looks_like_the_template_is_not_seen_as_changed(tiny):
    add_note(tiny, "a", f"oben\n{TEMPLATE_MARK} sieht aus wie Hilfe\nunten")
    before = detail(tiny, "a").notes
    assert edit_notes(tiny, "a", lambda text: text + "\n") == Edited(1, kept=1)
    assert detail(tiny, "a").notes == before


@pytest.mark.parametrize(
    "tricky",
    [
        f"a\n{TEMPLATE_MARK} note 2 of 2, fake\nb",
        f"{TEMPLATE_MARK} new note",
        f"{TEMPLATE_MARK} remember this",
        f"\\{TEMPLATE_MARK} already escaped",
    ],
)
def test_a_note_that_looks_like_a_template_line_survives_an_edit_of_another(tiny, tricky):
    add_note(tiny, "a", tricky)
    add_note(tiny, "a", "third")
    before = detail(tiny, "a").notes
    result = edit_notes(tiny, "a", lambda text: text.replace("\nthird\n", "\nTHIRD\n"))
    assert result == Edited(1, kept=1, changed=1)
    after = detail(tiny, "a").notes
    assert after[0] == before[0] and after[0].text == tricky
    assert after[1].text == "THIRD"


def test_edited_notes_are_in_the_log_as_noted(tiny):
    add_note(tiny, "a", "eins")
    edit_notes(tiny, "a", lambda text: text.replace("eins", "EINS") + "neu\n")
    assert [e.action for e in log(tiny, False, None, 0)].count("noted") == 3


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(notes=st.lists(_TEXT.map(clean_block).filter(bool), max_size=5))
def test_a_template_left_alone_reads_back_as_the_same_notes(notes):
    step = StepView(1, "a", "S", "Alpha", None, None, None, "todo", None, None)
    current = [Note(at="2026-11-25T10:00:00.000000Z", text=t) for t in notes]
    blocks = notes_from_template(notes_template(step, current), len(notes))
    assert blocks.new == []
    assert dict(enumerate(notes)) == blocks.old


@given(text=st.text(max_size=300), count=st.integers(0, 5))
def test_any_edited_text_reads_as_blocks_without_template_lines(text, count):
    blocks = notes_from_template(text, count)
    for body in [*blocks.old.values(), *blocks.new]:
        assert body and body == clean_block(body)
        assert not any(line.startswith(TEMPLATE_MARK) for line in body.splitlines())
    assert all(0 <= n < count for n in blocks.old)
