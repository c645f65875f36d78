"""The per-section counts the local database keeps (storage.tally) are always what the
progress rows say: after status changes by two learners, merges, updates that move
steps between sections or change their lengths, removals and re-adds."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpath.core.merge import merge
from learnpath.core.paths import add, forget_path
from learnpath.core.progress import progress
from learnpath.core.session import Session
from learnpath.core.status import Action, change
from learnpath.core.steps import next_step
from learnpath.storage import queries as q
from learnpath.storage import tally

_IDS = "abcdefg"
_NAMES = itertools.count()

# A version of the path: its steps (ids from _IDS, in order, each with a length or
# none), cut into sections where the flag is set.
_VERSION = st.lists(
    st.tuples(st.sampled_from(_IDS), st.one_of(st.none(), st.integers(1, 90)), st.booleans()),
    min_size=1,
    max_size=7,
    unique_by=lambda step: step[0],
)
_LEARNERS = ("ich", "du")
_OPS = st.one_of(
    st.tuples(
        st.just("status"),
        st.sampled_from(_LEARNERS),
        st.sampled_from(_IDS),
        st.sampled_from(list(Action)),
    ),
    st.tuples(st.just("load"), _VERSION),
    st.tuples(
        st.just("merge"),
        st.sampled_from(_LEARNERS),
        st.lists(
            st.tuples(st.sampled_from(_IDS), st.sampled_from(["done", "skipped", "started"])),
            max_size=4,
            unique_by=lambda row: row[0],
        ),
    ),
    st.tuples(st.just("remove")),
)


def _yaml(version: list[tuple[str, int | None, bool]]) -> str:
    lines = ["title: Zählung", "sections:"]
    for at, (step_id, minutes, cut) in enumerate(version):
        if at == 0 or cut:
            lines += [f"  - title: Teil {at}", "    steps:"]
        length = f", minutes: {minutes}" if minutes is not None else ""
        lines.append(f"      - {{id: {step_id}, title: Schritt {step_id}{length}}}")
    return "\n".join(lines) + "\n"


def _counts(session: Session, learner: str, sql: str) -> list[tuple[object, ...]]:
    db = session.db.as_learner(learner)
    return [tuple(row) for row in db.rows(sql, {"path": session.path})]


def _assert_kept_counts_hold(session: Session) -> None:
    for learner in _LEARNERS:
        kept = _counts(session, learner, tally.SECTION_SUMMARY)
        assert kept == _counts(session, learner, q.SECTION_SUMMARY), learner
        # `next` finds its section by the kept counts; counted, it walks every step.
        theirs = Session(session.db.as_learner(learner), session.path)
        found = next_step(theirs)
        walked = theirs.db.one(q.NEXT_STEP, {"path": session.path})
        assert (found.id if found else None) == (walked["step_id"] if walked else None)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=_VERSION, ops=st.lists(_OPS, max_size=8))
@pytest.mark.sqlite_only
def test_kept_counts_are_what_the_progress_rows_say(bundled, tmp_path, first, ops):
    name = f"z{next(_NAMES)}"  # a new path for every example
    file = tmp_path / f"{name}.yaml"
    file.write_text(_yaml(first), encoding="utf-8")
    add(bundled, file, name, update=False)
    path = bundled.on(name)
    loaded = {step_id for step_id, _, _ in first}
    stamp = itertools.count(10)
    for op in ops:
        if op[0] == "status":
            _, learner, step_id, action = op
            if step_id in loaded:
                change(Session(bundled.db.as_learner(learner), name), [step_id], action)
        elif op[0] == "load":
            file.write_text(_yaml(op[1]), encoding="utf-8")
            add(bundled, file, name, update=True)
            loaded = {step_id for step_id, _, _ in op[1]}
        elif op[0] == "merge":
            _, learner, rows = op
            at = f"2027-01-01T00:00:{next(stamp):02d}Z"
            progress_rows = [
                {
                    "step_id": step_id,
                    "status": status,
                    "started_at": at if status == "started" else None,
                    "completed_at": at if status == "done" else None,
                    "updated_at": at,
                    "updated_by": f"uid-{step_id}-{at}",
                }
                for step_id, status in rows
            ]
            backup = {
                "paths": [{"name": name, "progress": progress_rows, "events": [], "notes": []}]
            }
            merge(bundled.db.as_learner(learner), backup)
        else:
            forget_path(bundled.db, name)
            left = bundled.db.one(
                "SELECT COUNT(*) AS n FROM section_tally WHERE path_id = :path", {"path": name}
            )
            assert left is not None and left["n"] == 0  # a removed path leaves no counts
            add(bundled, file, name, update=False)
        _assert_kept_counts_hold(path)


@pytest.mark.sqlite_only
def test_progress_reads_the_kept_counts(tiny):
    change(tiny, ["a", "b"], Action.done)
    change(tiny, ["d"], Action.skip)
    first, second = progress(tiny).sections
    assert (first.done, first.skipped, first.minutes_done, first.minutes_left) == (2, 0, 30, 0)
    assert (second.done, second.skipped, second.minutes_left) == (0, 1, 0)
    # What `progress` shows comes from the table: a count changed behind learnpath's
    # back shows, so no reading of the progress rows is hiding behind it.
    tiny.db.write(lambda d: d.execute("UPDATE section_tally SET done = 5 WHERE section = 0"))
    assert progress(tiny).sections[0].done == 5


@pytest.mark.sqlite_only
def test_migrating_to_v8_counts_every_learners_progress(tmp_path: Path, tiny):
    """A v7 file (the counts' table dropped, the version set back) gets the table and
    every learner's counts on every path."""
    change(tiny, ["a", "c"], Action.done)
    change(Session(tiny.db.as_learner("du"), "tiny"), ["d"], Action.skip)
    expected = {who: _counts(tiny, who, q.SECTION_SUMMARY) for who in ("ich", "du", tiny.learner)}
    file = Path(tiny.db.name)
    tiny.close()
    with sqlite3.connect(file) as conn:
        conn.execute("DROP TABLE section_tally")
        conn.execute("PRAGMA user_version = 7")
    from learnpath.core.session import open_session

    with open_session("tiny") as again:
        for who, counts in expected.items():
            assert _counts(again, who, tally.SECTION_SUMMARY) == counts
        # (done, skipped) per section: not a table of nothing but nulls
        du = [row[4:6] for row in _counts(again, "du", tally.SECTION_SUMMARY)]
        assert du == [(None, None), (0, 1)]


@pytest.mark.sqlite_only
def test_a_section_is_recounted_once_however_many_of_its_steps_change(long_path, monkeypatch):
    """`done --section` on a section of thousands of steps recounts it once, at the end
    of the write, not once per step (which grew with the square of the section)."""
    from learnpath.storage.sqlite import SqliteDatabase

    recounts = []
    execute = SqliteDatabase.execute

    def counting(self, sql, params=None):
        if sql == tally.COUNT_SECTION:
            recounts.append(params["section"])
        return execute(self, sql, params)

    monkeypatch.setattr(SqliteDatabase, "execute", counting)
    change(long_path, [str(n) for n in range(1, 31)], Action.done)  # sections of 25
    assert sorted(recounts) == [0, 1]
    first, second = progress(long_path).sections[:2]
    assert (first.done, second.done) == (25, 5)
    _assert_kept_counts_hold(long_path)


@pytest.mark.sqlite_only
def test_next_walks_the_path_when_the_counted_section_was_finished_meanwhile(tiny):
    """Counts and the step are two reads; another process may finish the section the
    counts named in between. Then the path is walked, never 'nothing left to do'."""
    change(tiny, ["a", "b", "c"], Action.done)
    # What the first read would have seen a moment before the section was finished.
    tiny.db.write(lambda d: d.execute("UPDATE section_tally SET done = 0 WHERE section = 0"))
    found = next_step(tiny)
    assert found is not None and found.id == "d"
    shown = progress(tiny).next
    assert shown is not None and shown.id == "d"
