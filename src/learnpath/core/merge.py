"""Merging a backup, or another database, into the learner's: import and copy.

Merging goes by path and step id; the newest change of a status wins (on a tie the
local one stays), and events and notes are never duplicated, so merging the same data
twice changes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from learnpath.config import BUNDLED_PATH, bundled_path_file
from learnpath.core.backup import export
from learnpath.core.backupfile import check
from learnpath.core.paths import check_name, forget_path, store_copy
from learnpath.core.results import Merged
from learnpath.core.session import ACTIVE_KEY, Session
from learnpath.core.sync import sync
from learnpath.errors import BackupError, LearnpathError
from learnpath.ids import LegacyUids
from learnpath.storage import Database, learners, open_other
from learnpath.storage import queries as q
from learnpath.storage.base import PathSource
from learnpath.text import some_of


def import_backup(session: Session, data: dict[str, Any], dry_run: bool = False) -> Merged:
    """Merge a backup (as core.backupfile.read checked it): its paths the database lacks,
    then its progress, history and notes. A dry run sees exactly what the real one
    would, and changes nothing."""
    return _merge_all(session.db, data, keep_copies=True, dry_run=dry_run)


def copy_to(session: Session, target: str) -> Merged:
    """Carry the learner's progress, history, notes and paths into another database
    (a URL, ``sqlite:///FILE`` or a SQLite file's path), created when missing."""
    other = _open_other(target, must_exist=False)
    try:
        return _copy(session.db, other, keep_copies=False)
    finally:
        other.close()


def copy_from(session: Session, source: str) -> Merged:
    """The same as copy_to, the other way: from another database into the learner's."""
    other = _open_other(source, must_exist=True)
    try:
        _check_has_mine(other, source)
        return _copy(other, session.db, keep_copies=True)
    finally:
        other.close()


def _check_has_mine(source: Database, name: str) -> None:
    """Refuse a source that holds only other learners' progress: copying it would change
    nothing, and the learner most likely meant to be one of them."""
    if source.one(learners.HAS_ANY_OF_LEARNER) is not None:
        return
    others = sorted({row["learner"] for row in source.rows(learners.ALL_LEARNERS)})
    if others:
        raise LearnpathError(
            f"{name} holds progress only for other learners ({some_of(others)}), none for "
            f"{source.learner!r}; set LEARNPATH_LEARNER to copy one of theirs"
        )


def _open_other(location: str, must_exist: bool) -> Database:
    """Another learnpath database (a URL or a SQLite file's path), with the bundled path
    loaded into it."""
    db = open_other(location, must_exist)
    try:
        sync(db, BUNDLED_PATH, bundled_path_file())
    except BaseException:
        db.close()
        raise
    return db


def _copy(source: Database, target: Database, keep_copies: bool) -> Merged:
    data = export(source)
    try:
        check(data)  # another database is checked as a backup file is: nothing is trusted
    except ValueError as err:
        raise BackupError(f"{source.name} holds damaged data ({err}); nothing changed") from None
    return _merge_all(target, data, keep_copies)


def _merge_all(
    db: Database, data: dict[str, Any], keep_copies: bool, dry_run: bool = False
) -> Merged:
    """The paths the database lacks, then everything else; when the merge fails, the
    paths it added are taken away again (rows and stored copies), so a refused import
    or copy leaves nothing behind."""
    added = restore_paths(db, data, keep_copies=keep_copies, dry_run=dry_run)
    try:
        merged = merge(db, data, dry_run=dry_run)
    except BaseException:
        if not dry_run:
            for name in added:
                forget_path(db, name)
        raise
    merged.paths_added = added
    return merged


def restore_paths(
    db: Database, data: dict[str, Any], keep_copies: bool, dry_run: bool = False
) -> list[str]:
    """Add the backup's paths that this database lacks; returns their names.

    A damaged definition changes nothing: the paths added before it are taken away
    again. A real run takes the definitions it adds out of ``data``. With
    ``keep_copies``, each also gets its stored copy in the data directory
    (``paths/NAME.yaml``); without, it lives in the database alone (a copy's target).
    A large definition is parsed while it is written (pathfile.streaming).
    """
    import hashlib

    from learnpath.pathfile.streaming import parse_for_load
    from learnpath.pathfile.yamlfile import parse_yaml_path

    missing = []
    for item in data["paths"]:
        name, text = item["name"], item.get("definition")
        if text and db.one(q.PATH_SOURCE, {"path": name}) is None:
            check_name(name)
            encoded = text.encode("utf-8")
            if dry_run:
                parse_yaml_path(encoded, _label(name))  # checked; nothing is added
            else:
                # As UTF-8 from here on, the text let go: a 100,000-step path's text
                # is twice the size of its bytes, and nothing after reads it.
                item["definition"] = text = None
            missing.append((name, encoded))
    if dry_run:
        return [name for name, _ in missing]
    added: list[str] = []
    try:
        for name, encoded in missing:
            content = parse_for_load(encoded, _label(name))
            if keep_copies:
                store_copy(db, name, encoded, content)
            else:
                digest = hashlib.sha256(encoded).hexdigest()
                db.load_path(name, content, PathSource("", 0, 0, digest), encoded)
            added.append(name)
    except BaseException:
        for name in added:
            forget_path(db, name)
        raise
    return added


def _label(name: str) -> str:
    return f"the backup's {name!r}"


def merge(db: Database, data: dict[str, Any], dry_run: bool = False) -> Merged:
    """Merge a checked backup into the database, in one transaction (rolled back for
    a dry run). Path definitions are added by the caller before this runs.

    What the learner has is read once and the backup's rows are matched against it by
    key, so a merge takes time in proportion to the rows, not their square.
    """

    def work(d: Database) -> Merged:
        have = _Have(d)
        result = Merged()
        # Records of a version-1 backup get uids from their content, as migrated ones do.
        legacy = {"events": LegacyUids(), "notes": LegacyUids()}
        for item in data["paths"]:
            path = item["name"]
            # Written a statement per kind, not per row: a backup may hold 100,000 of each.
            progress: list[dict[str, Any]] = []
            for row in item["progress"]:
                _merge_progress(d, have, path, row, result, progress)
            d.execute_many(q.SET_PROGRESS, progress)
            if progress:
                d.recount(path, "learner")
            events = []
            for row in item["events"]:
                uid = row["uid"] or legacy["events"](
                    "event", d.learner, path, row["step_id"], row["action"], row["at"]
                )
                if uid not in have.events:
                    have.events.add(uid)
                    params = {"path": path, "step_id": row["step_id"], "now": row["at"]}
                    events.append(d.params(params | {"action": row["action"], "uid": uid}))
            d.execute_many(q.ADD_EVENT, events)
            result.events += len(events)
            for row in item["notes"]:
                uid = row["uid"] or legacy["notes"](
                    "note", d.learner, path, row["step_id"], row["text"], row["at"]
                )
                _merge_note(d, have, path, uid, row, result)
        if d.one(q.GET_SETTING, {"key": ACTIVE_KEY}) is None and data.get("active"):
            known = d.one(q.PATH_SOURCE, {"path": data["active"]}) is not None
            if known and data["active"] != BUNDLED_PATH:
                d.execute(q.SET_SETTING, {"key": ACTIVE_KEY, "value": data["active"]})
        return result

    return db.write(work, commit=not dry_run)


class _Have:
    """What the learner has already, read once per merge and kept up to date by it."""

    def __init__(self, d: Database) -> None:
        self.d = d
        self.progress: dict[tuple[str, str], tuple[str, str]] = {}
        # (status, started_at, completed_at) of each step with progress
        self.status: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}
        for r in d.rows(q.MERGE_PROGRESS):
            key = (r["path_id"], r["step_id"])
            self.progress[key] = (r["updated_at"], r["updated_by"] or "")
            self.status[key] = (r["status"], r["started_at"], r["completed_at"])
        self.events: set[str] = {r["uid"] for r in d.rows(q.MERGE_EVENTS)}
        self.notes: dict[str, str | None] = {
            r["uid"]: r["cleared_at"] for r in d.rows(q.MERGE_NOTES)
        }
        self.numbers: dict[str, dict[str, int]] = {}

    def step_name(self, path: str, step_id: str) -> int | str:
        """A step as a learner knows it: its number, or its id if the path lacks it."""
        if path not in self.numbers:
            rows = self.d.rows(q.STEP_NUMBERS, {"path": path})
            self.numbers[path] = {r["step_id"]: r["number"] for r in rows}
        return self.numbers[path].get(step_id, step_id)


def _merge_progress(
    d: Database,
    have: _Have,
    path: str,
    row: dict[str, Any],
    result: Merged,
    writes: list[dict[str, Any]],
) -> None:
    """The newer version of a step's status wins: by its time, then by the uid of the
    event behind it, so that two machines merging each other's changes both end with
    the same one. On an exact tie the local one stays (it is the same change). What
    wins is added to ``writes`` (parameters of queries.SET_PROGRESS), in order."""
    key = (path, row["step_id"])
    incoming = (row["updated_at"], row["updated_by"] or "")
    local = have.progress.get(key)
    status = (row["status"], row["started_at"], row["completed_at"])
    if local is not None and incoming <= local:
        if have.status[key][0] != row["status"]:
            result.kept.setdefault(path, []).append(have.step_name(path, row["step_id"]))
        return
    if have.status.get(key, ("todo", None, None))[0] != row["status"]:
        steps = result.changed.setdefault((path, row["status"]), [])
        steps.append(have.step_name(path, row["step_id"]))
    elif have.status.get(key, status) != status:
        result.retimed += 1
    writes.append(
        d.params(
            {
                "path": path,
                "step_id": row["step_id"],
                "status": row["status"],
                "started_at": row["started_at"],
                "completed_at": row["completed_at"],
                "now": row["updated_at"],
                "uid": row["updated_by"],
            }
        )
    )
    have.progress[key] = incoming
    have.status[key] = status


def _merge_note(
    d: Database, have: _Have, path: str, uid: str, row: dict[str, Any], result: Merged
) -> None:
    """A note is added once; a note cleared anywhere stays cleared."""
    if uid not in have.notes:
        params = {"path": path, "step_id": row["step_id"], "text": row["text"], "now": row["at"]}
        d.execute(q.IMPORT_NOTE, {**params, "cleared_at": row["cleared_at"], "note_uid": uid})
        have.notes[uid] = row["cleared_at"]
        result.notes += 0 if row["cleared_at"] else 1
    elif row["cleared_at"] and not have.notes[uid]:
        d.execute(q.CLEAR_NOTE_UID, {"note_uid": uid, "now": row["cleared_at"]})
        have.notes[uid] = row["cleared_at"]
        result.notes_cleared += 1
