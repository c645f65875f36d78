"""Opening a step and the status rules around it, on a path written for the purpose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from learnpath.core.session import Session
from learnpath.core.status import Action, change, open_step
from learnpath.core.steps import steps
from learnpath.core.sync import sync
from learnpath.errors import NothingToOpen
from learnpath.model import percent
from learnpath.storage import open_database


@pytest.fixture
def session(tmp_path: Path, db_file: Path):
    file = tmp_path / "p.yaml"
    file.write_text(
        "title: P\nsections:\n  - title: S\n    steps:\n"
        "      - {title: No link}\n"
        "      - {title: Linked, url: 'https://example.org/x'}\n",
        encoding="utf-8",
    )
    t = Session(open_database(), "p")
    sync(t.db, t.path, file)
    yield t
    t.close()


def test_open_a_step_without_url_says_there_is_nothing_to_open(session):
    with pytest.raises(NothingToOpen, match="step 1 \\(no-link\\) has no URL"):
        open_step(session, "1", browser=False)
    assert next(steps(session)).status == "todo"


def test_a_non_web_url_in_the_database_is_never_opened(session, db_file):
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE step SET url = 'file:///etc/passwd' WHERE step_id = 'linked'")
    with pytest.raises(NothingToOpen, match="not a plain http or https one"):
        open_step(session, "linked", browser=True)


def test_open_marks_started_once(session):
    first = open_step(session, "2", browser=False)
    again = open_step(session, "2", browser=False)
    assert (first.started, again.started) == (True, False)
    assert first.step.started_at == again.step.started_at


def test_done_after_started_keeps_the_start_time(session):
    started = open_step(session, "2", browser=False).step.started_at
    (made,) = change(session, ["2"], Action.done)
    assert (made.old, made.new, made.step.started_at) == ("started", "done", started)
    assert made.step.completed_at


@pytest.mark.parametrize(
    ("handled", "total", "expected"),
    [(0, 0, 0), (0, 10, 0), (1, 200, 1), (3, 7, 43), (199, 200, 99), (10, 10, 100)],
)
def test_percent_never_rounds_to_done_or_to_nothing(handled, total, expected):
    assert percent(handled, total) == expected
