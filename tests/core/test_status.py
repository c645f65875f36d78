"""Status changes through the core: one function for done, undo, start and skip."""

from __future__ import annotations

import pytest

from learnpath.core.history import log
from learnpath.core.status import Action, change, transition
from learnpath.core.steps import step
from learnpath.errors import StepNotFound
from learnpath.model import StepView

NOW = "2026-11-24T10:00:00Z"


def _view(status: str, started: str | None = None, completed: str | None = None) -> StepView:
    return StepView(1, "a", "S", "A", None, None, None, status, started, completed)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "target", "expected"),
    [
        ("todo", "done", ("done", None, NOW)),
        ("started", "done", ("done", "2026-01-01T00:00:00Z", NOW)),
        ("skipped", "done", ("done", None, NOW)),
        ("done", "todo", ("todo", None, None)),
        ("started", "todo", ("todo", None, None)),
        ("skipped", "todo", ("todo", None, None)),
        ("todo", "started", ("started", NOW, None)),
        ("skipped", "started", ("started", NOW, None)),
        ("todo", "skipped", ("skipped", None, None)),
        ("started", "skipped", ("skipped", "2026-01-01T00:00:00Z", None)),
    ],
)
def test_every_transition_sets_status_and_times(status, target, expected):
    started = "2026-01-01T00:00:00Z" if status == "started" else None
    moved = transition(_view(status, started), target, NOW)
    assert moved is not None
    assert (moved.status, moved.started_at, moved.completed_at) == expected


@pytest.mark.parametrize(
    ("status", "target"),
    [("done", "done"), ("todo", "todo"), ("started", "started"), ("done", "started")],
)
def test_transitions_that_change_nothing(status, target):
    assert (
        transition(_view(status, completed=NOW if status == "done" else None), target, NOW) is None
    )


def test_done_marks_each_step_and_logs_one_event_each(tiny):
    changes = change(tiny, ["1", "b"], Action.done)
    assert [(c.step.id, c.old, c.new) for c in changes] == [
        ("a", "todo", "done"),
        ("b", "todo", "done"),
    ]
    assert [(e.step, e.action) for e in log(tiny)] == [("a", "done"), ("b", "done")]


def test_done_twice_keeps_the_first_completion_time(tiny):
    (first,) = change(tiny, ["a"], Action.done)
    (again,) = change(tiny, ["a"], Action.done)
    assert not again.changed
    assert again.step.completed_at == first.step.completed_at
    assert len(list(log(tiny))) == 1  # nothing changed, nothing logged


def test_one_bad_reference_changes_nothing(tiny):
    with pytest.raises(StepNotFound):
        change(tiny, ["a", "b", "99"], Action.done)
    assert step(tiny, "a").status == "todo" and step(tiny, "b").status == "todo"
    assert list(log(tiny)) == []


def test_undo_clears_both_times(tiny):
    change(tiny, ["a"], Action.start)
    change(tiny, ["a"], Action.done)
    (undone,) = change(tiny, ["a"], Action.undo)
    assert (undone.new, undone.step.started_at, undone.step.completed_at) == ("todo", None, None)
    assert [e.action for e in log(tiny)] == ["started", "done", "undone"]


def test_start_leaves_a_done_step_done(tiny):
    change(tiny, ["a"], Action.done)
    (kept,) = change(tiny, ["a"], Action.start)
    assert (kept.changed, kept.step.status) == (False, "done")


def test_skip_after_start_keeps_the_start_time(tiny):
    (started,) = change(tiny, ["c"], Action.start)
    (skipped,) = change(tiny, ["c"], Action.skip)
    assert skipped.step.status == "skipped"
    assert skipped.step.started_at == started.step.started_at


def test_a_step_named_twice_changes_once(tiny):
    changes = change(tiny, ["a", "1", "a"], Action.done)
    assert len(changes) == 1


def test_changes_are_each_learners_own(tiny):
    change(tiny, ["a"], Action.done)
    other = type(tiny)(tiny.db.as_learner("someone-else"), tiny.path)
    assert step(other, "a").status == "todo"
    assert step(tiny, "a").status == "done"
