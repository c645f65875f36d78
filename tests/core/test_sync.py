"""Loading a changed path file: progress follows step ids, never positions."""

from __future__ import annotations

import os
import sqlite3
import textwrap
from pathlib import Path

import pytest

from learnpath.core.progress import progress
from learnpath.core.session import Session
from learnpath.core.status import Action, change
from learnpath.core.steps import steps
from learnpath.core.sync import sync
from learnpath.errors import PathFileError
from learnpath.storage import open_database


def write(file: Path, steps: list[str], extra: str = "") -> None:
    lines = "\n".join(f"      - {{id: {s}, title: Step {s}}}" for s in steps)
    file.write_text(
        textwrap.dedent(f"""\
        title: Demo{extra}
        sections:
          - title: Part
            steps:
        """)
        + lines
        + "\n",
        encoding="utf-8",
    )


@pytest.fixture
def demo(tmp_path: Path, db_file: Path):
    file = tmp_path / "demo.yaml"
    write(file, ["a", "b", "c"])
    session = Session(open_database(), "demo")
    sync(session.db, session.path, file)
    yield session, file
    session.close()


def numbers(session: Session) -> dict[str, tuple[int, str]]:
    return {s.id: (s.number, s.status) for s in steps(session)}


def test_new_steps_appear(demo):
    session, file = demo
    change(session, ["b"], Action.done)
    write(file, ["a", "b", "new", "c"])
    assert sync(session.db, session.path, file) is True
    assert numbers(session) == {
        "a": (1, "todo"),
        "b": (2, "done"),
        "new": (3, "todo"),
        "c": (4, "todo"),
    }


def test_reordered_steps_renumber_and_keep_progress(demo):
    session, file = demo
    change(session, ["1"], Action.done)  # a
    change(session, ["3"], Action.start)  # c
    write(file, ["c", "b", "a"])
    sync(session.db, session.path, file)
    assert numbers(session) == {"c": (1, "started"), "b": (2, "todo"), "a": (3, "done")}


def test_removed_step_disappears_and_comes_back_with_its_history(demo, db_file):
    session, file = demo
    change(session, ["b"], Action.done)
    first = next(s for s in steps(session) if s.id == "b").completed_at
    write(file, ["a", "c"])
    sync(session.db, session.path, file)
    assert numbers(session) == {"a": (1, "todo"), "c": (2, "todo")}
    assert progress(session).total == 2 and progress(session).done == 0
    write(file, ["a", "b", "c"], extra=" again")
    sync(session.db, session.path, file)
    back = next(s for s in steps(session) if s.id == "b")
    assert (back.number, back.status, back.completed_at) == (2, "done", first)


def test_unchanged_file_is_not_parsed(demo):
    session, file = demo
    st = file.stat()
    # Same size and mtime, but content that would not even parse: it must not be read.
    file.write_text("{" + "x" * (st.st_size - 2) + "\n", encoding="utf-8")
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert sync(session.db, session.path, file) is False
    assert list(numbers(session)) == ["a", "b", "c"]


def test_touched_file_with_same_content_is_not_reloaded(demo, db_file):
    session, file = demo
    with sqlite3.connect(db_file) as conn:
        before = conn.execute("SELECT synced_at FROM path WHERE id='demo'").fetchone()
        conn.execute("UPDATE path SET synced_at = 'marker' WHERE id='demo'")
    os.utime(file, ns=(1, 1_000_000_000))
    assert sync(session.db, session.path, file) is False
    with sqlite3.connect(db_file) as conn:
        row = conn.execute("SELECT synced_at, source_mtime_ns FROM path WHERE id='demo'").fetchone()
    assert before is not None and row == ("marker", 1_000_000_000)


def test_broken_file_keeps_the_last_good_path(demo):
    session, file = demo
    change(session, ["a"], Action.done)
    file.write_text("title: Demo\nsections: nope\n", encoding="utf-8")
    with pytest.raises(PathFileError, match="sections: expected a list"):
        sync(session.db, session.path, file)
    assert numbers(session)["a"] == (1, "done")


def test_a_changed_file_is_read_once(demo):
    session, file = demo
    write(file, ["a", "b", "c", "d"])
    assert sync(session.db, session.path, file) is True
    assert sync(session.db, session.path, file) is False  # the next call finds it unchanged
    assert list(numbers(session)) == ["a", "b", "c", "d"]
