"""A learner's notes on steps: adding, clearing, editing them all in an editor, and a
step shown whole with its notes."""

from __future__ import annotations

from collections.abc import Callable

from learnpath.core.results import PathNote
from learnpath.core.session import Session
from learnpath.core.steps import step
from learnpath.errors import NoteError
from learnpath.ids import new_uid
from learnpath.model import Note, StepDetail, StepView
from learnpath.storage import Database
from learnpath.storage import queries as q
from learnpath.text import clean_block, safe
from learnpath.times import utc_now

# Lines of the editing template that explain it; they are dropped when it is saved.
TEMPLATE_MARK = "# learnpath:"

# Edits text in the learner's editor: the text as saved, or None when left unchanged.
Editor = Callable[[str], "str | None"]


def notes(session: Session, found: StepView) -> list[Note]:
    rows = session.db.rows(q.NOTES, {"path": session.path, "step_id": found.id})
    return [Note(at=row["at"], text=row["text"]) for row in rows]


def detail(session: Session, ref: str) -> StepDetail:
    """Everything about one step: what `show` shows."""
    found = step(session, ref)
    return StepDetail(found, notes(session, found))


def add_note(session: Session, ref: str, text: str) -> StepView:
    """Append a note to a step, with the time; recorded in the history as 'noted'."""
    found = step(session, ref)
    note = clean_block(text)
    if not note:
        raise NoteError("the note is empty; write its text after the step")

    session.db.write(lambda db: _write_note(db, session.path, found.id, note))
    return found


def _write_note(db: Database, path: str, step_id: str, text: str) -> None:
    """A new note, and the event that logs it, inside the caller's transaction."""
    params = {"path": path, "step_id": step_id, "now": utc_now()}
    db.execute(q.ADD_NOTE, {**params, "text": text, "note_uid": new_uid()})
    db.execute(q.ADD_EVENT, {**params, "action": "noted", "uid": new_uid()})


def clear_notes(session: Session, ref: str) -> int:
    """Clear a step's notes; returns how many there were."""
    found = step(session, ref)
    params = {"path": session.path, "step_id": found.id, "now": utc_now()}
    return session.db.write(lambda db: db.execute(q.CLEAR_NOTES, params))


def replace_notes(session: Session, ref: str, text: str) -> int:
    """Put ``text`` in place of a step's notes (after editing them all at once).

    Returns the number of notes the step has now: 1, or 0 when the text is empty.
    """
    found = step(session, ref)
    text = clean_block(text)

    def work(db: Database) -> int:
        params = {"path": session.path, "step_id": found.id, "now": utc_now()}
        db.execute(q.CLEAR_NOTES, params)
        if not text:
            return 0
        _write_note(db, session.path, found.id, text)
        return 1

    return session.db.write(work)


def edit_notes(session: Session, ref: str, edit: Editor) -> int | None:
    """Let the learner edit all of a step's notes at once in ``edit``.

    Returns how many notes the step has afterwards, or None when the text came back
    unchanged (then nothing is written).
    """
    found = step(session, ref)
    edited = edit(notes_template(found, notes(session, found)))
    if edited is None:
        return None
    return replace_notes(session, found.id, notes_from_template(edited))


def notes_template(found: StepView, current: list[Note]) -> str:
    """The text `note --edit` opens in the editor: every note of the step, one after
    the other; saved, it becomes the step's one note."""
    head = [
        f"{TEMPLATE_MARK} notes on step {found.number}, {safe(found.title)}",
        f"{TEMPLATE_MARK} saved, this text becomes the step's note; saved empty, it clears them.",
        f"{TEMPLATE_MARK} lines starting with '{TEMPLATE_MARK}' are left out.",
        "",
    ]
    return "\n".join(head) + "\n\n".join(n.text for n in current) + "\n"


def notes_from_template(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(TEMPLATE_MARK))


def path_notes(session: Session) -> list[PathNote]:
    """Every note of the session's path, newest first."""
    rows = session.db.rows(q.PATH_NOTES, {"path": session.path})
    return [
        PathNote(row["step_id"], row["number"], row["title"], row["at"], row["text"])
        for row in rows
    ]
