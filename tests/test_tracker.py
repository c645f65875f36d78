"""The tracker's own rules, on paths written for the purpose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from learnpath.db import Database
from learnpath.errors import NothingToOpen
from learnpath.tracker import Tracker, percent


@pytest.fixture
def tracker(tmp_path: Path, db_file: Path):
    file = tmp_path / "p.yaml"
    file.write_text(
        "title: P\nsections:\n  - title: S\n    steps:\n"
        "      - {title: No link}\n"
        "      - {title: Linked, url: 'https://example.org/x'}\n",
        encoding="utf-8",
    )
    t = Tracker(Database.open(db_file), "p")
    t.sync(file)
    yield t
    t.close()


def test_open_a_step_without_url_says_there_is_nothing_to_open(tracker):
    with pytest.raises(NothingToOpen, match="step 1 \\(no-link\\) has no URL"):
        tracker.open("1", browser=False)
    assert next(tracker.steps()).status == "todo"


def test_a_non_web_url_in_the_database_is_never_opened(tracker, db_file):
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE step SET url = 'file:///etc/passwd' WHERE step_id = 'linked'")
    with pytest.raises(NothingToOpen, match="not http or https"):
        tracker.open("linked", browser=True)


def test_open_marks_started_once(tracker):
    first = tracker.open("2", browser=False)
    again = tracker.open("2", browser=False)
    assert (first.started, again.started) == (True, False)
    assert first.step.started_at == again.step.started_at


def test_done_after_started_keeps_the_start_time(tracker):
    started = tracker.open("2", browser=False).step.started_at
    (change,) = tracker.done(["2"])
    assert (change.old, change.new, change.step.started_at) == ("started", "done", started)
    assert change.step.completed_at


@pytest.mark.parametrize(
    ("handled", "total", "expected"),
    [(0, 0, 0), (0, 10, 0), (1, 200, 1), (3, 7, 43), (199, 200, 99), (10, 10, 100)],
)
def test_percent_never_rounds_to_done_or_to_nothing(handled, total, expected):
    assert percent(handled, total) == expected
