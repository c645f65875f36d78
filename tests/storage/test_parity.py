"""The same work on SQLite and on PostgreSQL gives the same answers.

Both backends keep one contract (storage.base.Database); this drives the same sequence
of core calls through each and compares what the learner would see, times aside.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from learnpath.core import history, listing, notes, paths, progress, search, status, steps
from learnpath.core.backup import export
from learnpath.core.session import Session, open_session
from learnpath.errors import StepNotFound

from ..core.conftest import TINY


def _scrub(value: Any) -> Any:
    """``value`` with every time and uid replaced by a marker (only their presence is
    compared) and stored copies named without their data directory."""
    if isinstance(value, dict):
        return {
            k: (
                "<time>"
                if v and (k.endswith("_at") or k == "at")
                else "<uid>"
                if v and k in ("uid", "updated_by")
                else Path(v).name
                if k == "source" and v
                else _scrub(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _work(session: Session, tmp_path: Path) -> list[Any]:
    """A day's work through the core; what each step of it answered."""
    tmp_path.mkdir()
    file = tmp_path / "tiny.yaml"
    file.write_text(TINY, encoding="utf-8")
    answers: list[Any] = [paths.add(session, file, "tiny", update=False).steps]
    tiny = session.on("tiny")
    for refs, action in (
        (["1", "b"], status.Action.done),
        (["c"], status.Action.start),
        (["d"], status.Action.skip),
        (["a"], status.Action.undo),
    ):
        changes = status.change(tiny, refs, action)
        answers.append([(c.step.id, c.old, c.new) for c in changes])
    try:
        status.change(tiny, ["e", "nope"], status.Action.done)
    except StepNotFound as err:
        answers.append(str(err))
    notes.add_note(tiny, "e", "Köpfe zählen")
    answers.append(_scrub(notes.detail(tiny, "e").to_json()))
    answers.append(_scrub(progress.progress(tiny).to_json()))
    answers.append([_scrub(s.to_json()) for s in listing.listing(tiny).steps])
    answers.append([(h.path, h.step.id, h.matched) for h in search.search(tiny, "kopfe")])
    answers.append([(e.step, e.action) for e in history.log(tiny, all_paths=True)])
    answers.append([_scrub(p.to_json()) for p in paths.summaries(tiny)])
    answers.append([(s.id, s.status) for s in steps.steps(tiny)])
    backup = export(session.db)
    answers.append(_scrub({k: v for k, v in backup.items() if k != "exported_at"}))
    return answers


def test_sqlite_and_postgresql_answer_alike(server_url, monkeypatch, tmp_path):
    with open_session() as local:
        on_sqlite = _work(local, tmp_path / "sqlite")
    monkeypatch.setenv("LEARNPATH_DATA_DIR", str(tmp_path / "data-pg"))
    with open_session(url=server_url) as remote:
        assert remote.db.name != local.db.name
        on_postgres = _work(remote, tmp_path / "postgres")
    assert on_postgres == on_sqlite


def test_a_write_that_fails_leaves_nothing(backend):
    """One transaction: an error inside ``write`` rolls back what came before it."""
    from learnpath.storage import queries as q

    with open_session() as session:

        def half(db: Any) -> None:
            db.execute(q.SET_SETTING, {"key": "probe", "value": "x"})
            raise RuntimeError("stop here")

        with pytest.raises(RuntimeError):
            session.db.write(half)
        assert session.db.one(q.GET_SETTING, {"key": "probe"}) is None
