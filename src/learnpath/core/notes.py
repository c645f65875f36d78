"""A learner's notes on steps: adding, clearing, editing them in an editor (each note
its own block, with its time), and a step shown whole with its notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from learnpath.core.links import last_check
from learnpath.core.results import Edited, PathNote
from learnpath.core.session import Session
from learnpath.core.steps import step
from learnpath.errors import NoteError
from learnpath.ids import new_uid
from learnpath.model import Note, StepDetail, StepView
from learnpath.storage import Database
from learnpath.storage import queries as q
from learnpath.text import clean_block, safe
from learnpath.times import local_time, utc_now

# Lines of the editing template that explain it; they are dropped when it is saved.
TEMPLATE_MARK = "# learnpath:"

# Edits text in the learner's editor: the text as saved, or None when left unchanged.
Editor = Callable[[str], "str | None"]


def notes(session: Session, found: StepView) -> list[Note]:
    rows = session.db.rows(q.NOTES, {"path": session.path, "step_id": found.id})
    return [Note(at=row["at"], text=row["text"], uid=row["uid"]) for row in rows]


def detail(session: Session, ref: str) -> StepDetail:
    """Everything about one step: what `show` shows."""
    found = step(session, ref)
    checked = last_check(session, found.number, found.id, found.url) if found.url else None
    return StepDetail(found, notes(session, found), checked)


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


def edit_notes(session: Session, ref: str, edit: Editor) -> Edited | None:
    """Let the learner edit a step's notes in ``edit``, each note in its own block.

    A note left as it was keeps its time; a changed note is written anew, with the time
    of the edit; a note whose block is deleted is cleared, and no other. Returns None
    when the text came back unchanged (then nothing is written).
    """
    found = step(session, ref)
    current = notes(session, found)
    edited = edit(notes_template(found, current))
    if edited is None:
        return None
    blocks = notes_from_template(edited, len(current))
    gone = [note for n, note in enumerate(current) if n not in blocks.old]
    changed = [(current[n], text) for n, text in blocks.old.items() if text != current[n].text]
    result = Edited(
        found.number, len(blocks.old) - len(changed), len(changed), len(blocks.new), len(gone)
    )

    def work(db: Database) -> None:
        now = utc_now()
        for note in gone + [old for old, _ in changed]:
            db.execute(q.CLEAR_NOTE_UID, {"note_uid": note.uid, "now": now})
        for text in [new for _, new in changed] + blocks.new:
            _write_note(db, session.path, found.id, text)

    if gone or changed or blocks.new:
        session.db.write(work)
    return result


# A note's block in the template starts with this line; the number is the note's place
# among the step's notes when the template was written.
_NOTE_HEAD = re.compile(re.escape(TEMPLATE_MARK) + r" note (\d{1,6}) of \d{1,6}\b")
_NEW_HEAD = f"{TEMPLATE_MARK} new note"


def notes_template(found: StepView, current: list[Note]) -> str:
    """The text `note --edit` opens in the editor: one block per note, each under a
    line that names it, then an empty block for a new note."""
    lines = [
        f"{TEMPLATE_MARK} notes on step {found.number}, {safe(found.title)}",
        f"{TEMPLATE_MARK} each note is the text under its '{TEMPLATE_MARK} note' line:",
        f"{TEMPLATE_MARK} change its text, or delete it together with that line.",
        f"{TEMPLATE_MARK} A new note goes under the last line. Other lines that start",
        f"{TEMPLATE_MARK} with '{TEMPLATE_MARK}' are left out (a '\\' in front keeps one).",
    ]
    for n, note in enumerate(current):
        lines += ["", f"{TEMPLATE_MARK} note {n + 1} of {len(current)}, {local_time(note.at)}"]
        lines += [_escaped(line) for line in note.text.split("\n")]
    lines += ["", f"{_NEW_HEAD} (leave it empty for none)", ""]
    return "\n".join(lines)


@dataclass(slots=True)
class Blocks:
    """An edited template read back: the old notes by their place, and new ones."""

    old: dict[int, str] = field(default_factory=dict)
    new: list[str] = field(default_factory=list)


def notes_from_template(text: str, count: int) -> Blocks:
    """The blocks of an edited template (see notes_template). Text under no note's line
    is a new note, and so is a second block under the same note's line; an old note's
    block left empty is the note deleted."""
    blocks = Blocks()
    place: int | None = None
    lines: list[str] = []

    def close() -> None:
        body = clean_block("\n".join(lines))
        if place is not None and body:
            blocks.old[place] = body
        elif body:
            blocks.new.append(body)
        lines.clear()

    for line in text.splitlines():
        head = _NOTE_HEAD.match(line)
        if head or line.startswith(_NEW_HEAD):
            close()
            number = int(head.group(1)) - 1 if head else -1
            place = number if 0 <= number < count and number not in blocks.old else None
        elif not line.startswith(TEMPLATE_MARK):
            lines.append(_unescaped(line))
    close()
    return blocks


# A note's own line that starts like the template's lines ('# learnpath:', after any
# backslashes) gets one more backslash in the template, and loses it when read back: so
# no text of a note is ever taken for a header or a comment, and every note reads back
# exactly as it was.
_LOOKS_LIKE_MARK = re.compile(r"\\*" + re.escape(TEMPLATE_MARK))


def _escaped(line: str) -> str:
    return "\\" + line if _LOOKS_LIKE_MARK.match(line) else line


def _unescaped(line: str) -> str:
    return line[1:] if line.startswith("\\") and _LOOKS_LIKE_MARK.match(line) else line


def path_notes(session: Session) -> list[PathNote]:
    """Every note of the session's path, newest first."""
    rows = session.db.rows(q.PATH_NOTES, {"path": session.path})
    return [
        PathNote(row["step_id"], row["number"], row["title"], row["at"], row["text"])
        for row in rows
    ]
