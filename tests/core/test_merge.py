"""Merge rules through the core: by path and step id, newest change wins, nothing twice."""

from __future__ import annotations

import copy
from typing import Any

from learnpath.core.backup import export
from learnpath.core.history import log
from learnpath.core.merge import merge, restore_paths
from learnpath.core.notes import add_note, clear_notes, detail
from learnpath.core.paths import use
from learnpath.core.session import Session, active_name
from learnpath.core.status import Action, change
from learnpath.core.steps import step, steps


def _backup(session: Session) -> dict[str, Any]:
    return copy.deepcopy(export(session.db))


def _progress_row(data: dict[str, Any], path: str, step_id: str) -> dict[str, Any]:
    item = next(p for p in data["paths"] if p["name"] == path)
    return next(r for r in item["progress"] if r["step_id"] == step_id)


def test_a_newer_change_in_the_backup_wins(tiny):
    change(tiny, ["a"], Action.done)
    data = _backup(tiny)
    change(tiny, ["a"], Action.undo)
    _progress_row(data, "tiny", "a")["updated_at"] = "2999-01-01T00:00:00Z"
    result = merge(tiny.db, data)
    assert result.statuses == 1 and step(tiny, "a").status == "done"


def test_an_older_change_in_the_backup_loses(tiny):
    change(tiny, ["a"], Action.done)
    data = _backup(tiny)
    _progress_row(data, "tiny", "a")["updated_at"] = "2000-01-01T00:00:00Z"
    _progress_row(data, "tiny", "a")["status"] = "skipped"
    result = merge(tiny.db, data)
    assert (result.statuses, result.kept) == (0, {"tiny": [1]})
    assert step(tiny, "a").status == "done"


def test_a_merge_names_the_steps_it_changes_by_number_or_by_id(tiny):
    change(tiny, ["a", "b", "d"], Action.done)
    change(tiny, ["c"], Action.skip)
    data = _backup(tiny)
    gone = dict(_progress_row(data, "tiny", "a"), step_id="removed-step")
    next(p for p in data["paths"] if p["name"] == "tiny")["progress"].append(gone)
    other = Session(tiny.db.as_learner("other"), "tiny")
    result = merge(other.db, data)
    assert result.changed == {
        ("tiny", "done"): [1, 2, 4, "removed-step"],
        ("tiny", "skipped"): [3],
    }
    assert (result.statuses, result.kept, result.retimed) == (5, {}, 0)


def test_a_newer_time_for_the_same_status_is_taken_and_counted(tiny):
    change(tiny, ["a"], Action.done)
    data = _backup(tiny)
    row = _progress_row(data, "tiny", "a")
    row["updated_at"] = row["completed_at"] = "2999-01-01T00:00:00.000000Z"
    result = merge(tiny.db, data)
    assert (result.changed, result.retimed, result.anything) == ({}, 1, True)
    assert step(tiny, "a").completed_at == "2999-01-01T00:00:00.000000Z"


def test_on_a_tie_the_local_change_stays(tiny):
    change(tiny, ["a"], Action.done)
    data = _backup(tiny)
    _progress_row(data, "tiny", "a")["status"] = "skipped"  # same updated_at
    merge(tiny.db, data)
    assert step(tiny, "a").status == "done"


def test_merging_the_same_backup_twice_changes_nothing_the_second_time(tiny):
    change(tiny, ["a", "b"], Action.done)
    add_note(tiny, "a", "eine Notiz")
    data = _backup(tiny)
    first = merge(tiny.db, data)
    second = merge(tiny.db, data)
    assert not first.anything and not second.anything
    assert len(list(log(tiny))) == 3


def test_events_and_notes_from_elsewhere_are_added_once(tiny):
    change(tiny, ["a"], Action.done)
    add_note(tiny, "a", "von dort")
    data = _backup(tiny)
    # The same history merged for another learner, who has none of it yet.
    elsewhere = Session(tiny.db.as_learner("elsewhere"), "tiny")
    result = merge(elsewhere.db, data)
    assert (result.statuses, result.events, result.notes) == (1, 2, 1)
    assert step(elsewhere, "a").status == "done"
    assert [n.text for n in detail(elsewhere, "a").notes] == ["von dort"]
    assert not merge(elsewhere.db, data).anything


def test_a_cleared_note_stays_cleared(tiny):
    add_note(tiny, "a", "alt")
    data = _backup(tiny)
    clear_notes(tiny, "a")
    assert merge(tiny.db, data).notes == 0
    assert detail(tiny, "a").notes == []


def test_a_note_cleared_in_the_backup_is_cleared_here(tiny):
    add_note(tiny, "a", "weg damit")
    before = _backup(tiny)
    clear_notes(tiny, "a")
    cleared = _backup(tiny)
    merge(tiny.db, before)  # nothing comes back
    other = Session(tiny.db.as_learner("other"), "tiny")
    merge(other.db, before)
    assert [n.text for n in detail(other, "a").notes] == ["weg damit"]
    assert merge(other.db, cleared).notes_cleared == 1
    assert detail(other, "a").notes == []


def test_a_dry_run_changes_nothing(tiny):
    change(tiny, ["a"], Action.done)
    data = _backup(tiny)
    other = Session(tiny.db.as_learner("other"), "tiny")
    would = merge(other.db, data, dry_run=True)
    assert would.statuses == 1 and step(other, "a").status == "todo"


def test_restore_paths_adds_the_paths_a_database_lacks(tiny, elsewhere):
    from learnpath.core.session import open_session

    data = _backup(tiny)
    elsewhere()
    with open_session() as fresh:
        assert restore_paths(fresh.db, data, keep_copies=True, dry_run=True) == ["tiny"]
        assert restore_paths(fresh.db, data, keep_copies=True) == ["tiny"]
        assert restore_paths(fresh.db, data, keep_copies=True) == []
        assert [s.id for s in steps(fresh.on("tiny"))] == list("abcde")


def test_the_backups_active_path_is_taken_when_none_is_chosen(tiny):
    data = _backup(tiny)
    data["active"] = "tiny"
    merge(tiny.db, data)
    assert active_name(tiny.db) == "tiny"


def test_a_chosen_active_path_is_kept(tiny):
    use(tiny, "transformers")
    data = _backup(tiny)
    data["active"] = "tiny"
    merge(tiny.db, data)
    assert active_name(tiny.db) == "transformers"


def _one_change(status: str, uid: str) -> dict[str, Any]:
    at = "2026-11-24T10:00:00.000000Z"
    row = {"step_id": "a", "status": status, "started_at": None, "completed_at": None}
    event = {"uid": uid, "step_id": "a", "action": status, "at": at}
    return {
        "format": "learnpath-backup",
        "version": 2,
        "paths": [
            {
                "name": "tiny",
                "progress": [row | {"updated_at": at, "updated_by": uid}],
                "events": [event],
                "notes": [],
            }
        ],
    }


def test_the_same_moment_on_two_machines_converges_when_copied_both_ways(tiny, tmp_path):
    """Two machines change one step at the same microsecond; after each has merged the
    other's, both have the same status (the one whose event uid sorts last)."""
    from learnpath.core.paths import add
    from learnpath.core.session import open_session

    from .conftest import TINY

    file = tmp_path / "tiny.yaml"
    file.write_text(TINY, encoding="utf-8")
    with open_session(directory=tmp_path / "machine-b") as other:
        if other.db.local:  # on a server both sessions would be one database
            add(other, file, "tiny", update=False)
        b = other.on("tiny")
        merge(tiny.db, _one_change("done", "a" * 32))
        merge(b.db, _one_change("skipped", "b" * 32))
        from_a, from_b = _backup(tiny), _backup(b)
        merge(b.db, from_a)
        merge(tiny.db, from_b)
        assert step(tiny, "a").status == step(b, "a").status == "skipped"
        assert [e.action for e in log(tiny)] == [e.action for e in log(b)]
