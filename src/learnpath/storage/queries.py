"""Every query of the everyday commands, in one place, with named parameters.

Locally these run through the standard library's sqlite3, so that everyday commands
never import SQLAlchemy; on a server the same text runs through SQLAlchemy. The schema
they run against is defined once, by the SQLModel tables in storage/schema.py;
tests/storage/test_schema.py runs every query here against a database created from them.

Progress, events, notes and settings belong to a learner: every query that touches
them takes :learner, which the database fills in (storage.base.Database.params).
"""

from __future__ import annotations

PATH_SOURCE = """
SELECT source, source_size, source_mtime_ns, source_hash, version
FROM path WHERE id = :path
"""

TOUCH_SOURCE = """
UPDATE path SET source = :source, source_size = :size, source_mtime_ns = :mtime_ns
WHERE id = :path
"""

PATH_INFO = """
SELECT id, title, language, description, overview, prerequisites, step_count
FROM path WHERE id = :path
"""

_STEP_COLUMNS = """
s.number, s.step_id, sec.title AS section, s.title, s.type, s.url, s.minutes,
COALESCE(p.status, 'todo') AS status, p.started_at, p.completed_at,
(SELECT COUNT(*) FROM note AS n
 WHERE n.learner = :learner AND n.path_id = s.path_id AND n.step_id = s.step_id
   AND n.cleared_at IS NULL) AS notes
"""

_STEP_FROM = """
FROM step AS s
JOIN section AS sec ON sec.path_id = s.path_id AND sec.position = s.section
LEFT JOIN progress AS p
  ON p.learner = :learner AND p.path_id = s.path_id AND p.step_id = s.step_id
"""

STEPS = f"SELECT {_STEP_COLUMNS} {_STEP_FROM} WHERE s.path_id = :path ORDER BY s.number"

# A step's JSON object (model.StepView.to_json, compact), built by SQLite's json_object:
# `list --json` of 100,000 steps then makes one Python string per step instead of a
# row, a StepView and a dict. Only where the database has json_object (Database.
# builds_json); tests hold its text to the one the standard library writes.
_STEP_JSON_FIELDS = {
    "number": "s.number",
    "id": "s.step_id",
    "section": "sec.title",
    "title": "s.title",
    "type": "s.type",
    "url": "s.url",
    "minutes": "s.minutes",
    "status": "COALESCE(p.status, 'todo')",
    "started_at": "p.started_at",
    "completed_at": "p.completed_at",
}


def _json_pairs(columns: dict[str, str] | tuple[str, ...]) -> str:
    """json_object's arguments: each key, then its column (of the same name in a tuple)."""
    pairs = columns.items() if isinstance(columns, dict) else ((c, c) for c in columns)
    return ", ".join(f"'{key}', {column}" for key, column in pairs)


_JSON_OBJECT = f"json_object({_json_pairs(_STEP_JSON_FIELDS)})"
STEPS_JSON = f"""
SELECT {_JSON_OBJECT} AS json {_STEP_FROM} WHERE s.path_id = :path ORDER BY s.number
"""
# The same, with what `list --section/--status` filter on.
STEPS_JSON_FILTERED = f"""
SELECT {_JSON_OBJECT} AS json, sec.title AS section, COALESCE(p.status, 'todo') AS status
{_STEP_FROM} WHERE s.path_id = :path ORDER BY s.number
"""

STEPS_BETWEEN = f"""
SELECT {_STEP_COLUMNS} {_STEP_FROM}
WHERE s.path_id = :path AND s.number BETWEEN :first AND :last ORDER BY s.number
"""

STEP_BY_NUMBER = f"""
SELECT {_STEP_COLUMNS}, s.description {_STEP_FROM}
WHERE s.path_id = :path AND s.number = :number
"""

STEP_BY_ID = f"""
SELECT {_STEP_COLUMNS}, s.description {_STEP_FROM}
WHERE s.path_id = :path AND s.step_id = :step_id
"""

NEXT_STEP = f"""
SELECT {_STEP_COLUMNS}, s.description {_STEP_FROM}
WHERE s.path_id = :path AND COALESCE(p.status, 'todo') NOT IN ('done', 'skipped')
ORDER BY s.number LIMIT 1
"""

# Per section: the step counts stored with the section when the path was loaded, and
# the learner's progress counted from their progress rows. CROSS JOIN keeps SQLite
# walking those rows and looking their steps up, never every step of the path.
# A learner's counts over progress rows (p) joined to their steps (s): here per section
# on every read, and kept per section in the local database (storage.tally).
SECTION_COUNTS = """
       SUM(CASE WHEN p.status = 'done' THEN 1 ELSE 0 END) AS done,
       SUM(CASE WHEN p.status = 'skipped' THEN 1 ELSE 0 END) AS skipped,
       SUM(CASE WHEN p.status = 'started' THEN 1 ELSE 0 END) AS started,
       SUM(CASE WHEN p.status = 'done' THEN COALESCE(s.minutes, 0) ELSE 0 END) AS minutes_done,
       SUM(CASE WHEN p.status IN ('done', 'skipped') THEN COALESCE(s.minutes, 0) ELSE 0 END)
           AS minutes_handled
"""
SECTION_SUMMARY = f"""
SELECT sec.position, sec.title, sec.step_count AS total, sec.timed,
       pr.done, pr.skipped, pr.started, pr.minutes_done,
       sec.minutes - COALESCE(pr.minutes_handled, 0) AS minutes_left
FROM section AS sec
LEFT JOIN (
    SELECT s.section, {SECTION_COUNTS}
    FROM progress AS p CROSS JOIN step AS s
    WHERE p.learner = :learner AND p.path_id = :path
      AND s.path_id = p.path_id AND s.step_id = p.step_id
    GROUP BY s.section
) AS pr ON pr.section = sec.position
WHERE sec.path_id = :path
ORDER BY sec.position
"""

# The first step neither done nor skipped within one section: once the section summary
# has found the first unfinished section, this looks at its few steps only. The unary
# plus keeps SQLite from walking the whole path in number order to avoid a small sort.
NEXT_IN_SECTION = f"""
SELECT {_STEP_COLUMNS}, s.description {_STEP_FROM}
WHERE s.path_id = :path AND s.section = :section
  AND COALESCE(p.status, 'todo') NOT IN ('done', 'skipped')
ORDER BY +s.number LIMIT 1
"""

# :uid is the uid of the event that sets this status (ADD_EVENT, in the same transaction).
SET_PROGRESS = """
INSERT INTO progress
    (learner, path_id, step_id, status, started_at, completed_at, updated_at, updated_by)
VALUES (:learner, :path, :step_id, :status, :started_at, :completed_at, :now, :uid)
ON CONFLICT (learner, path_id, step_id) DO UPDATE SET
    status = excluded.status,
    started_at = excluded.started_at,
    completed_at = excluded.completed_at,
    updated_at = excluded.updated_at,
    updated_by = excluded.updated_by
"""

ADD_EVENT = """
INSERT INTO event (uid, learner, path_id, step_id, action, at)
VALUES (:uid, :learner, :path, :step_id, :action, :now)
"""

GET_SETTING = "SELECT value FROM setting WHERE learner = :learner AND key = :key"

SET_SETTING = """
INSERT INTO setting (learner, key, value) VALUES (:learner, :key, :value)
ON CONFLICT (learner, key) DO UPDATE SET value = excluded.value
"""

DELETE_SETTING = "DELETE FROM setting WHERE learner = :learner AND key = :key"

# Every path with the learner's counts, and where it comes from: the URL or file it was
# added from (path_origin), else its stored copy.
PATHS = """
SELECT pa.id, pa.title, pa.step_count, COALESCE(o.origin, pa.source) AS source,
       SUM(CASE WHEN p.status = 'done' THEN 1 ELSE 0 END) AS done,
       SUM(CASE WHEN p.status IN ('done', 'skipped') THEN 1 ELSE 0 END) AS handled
FROM path AS pa
LEFT JOIN path_origin AS o ON o.path_id = pa.id
LEFT JOIN step AS s ON s.path_id = pa.id
LEFT JOIN progress AS p
  ON p.learner = :learner AND p.path_id = s.path_id AND p.step_id = s.step_id
GROUP BY pa.id, pa.title, pa.step_count, pa.source, o.origin
"""

# Removing a path drops its definition; progress and events stay, keyed by path and
# step id, so adding the same path again brings the learner's history back.
DELETE_PATH = "DELETE FROM path WHERE id = :path"
DELETE_SECTIONS = "DELETE FROM section WHERE path_id = :path"
DELETE_STEPS = "DELETE FROM step WHERE path_id = :path"
DELETE_STEP_TEXTS = "DELETE FROM step_text WHERE path_id = :path"

# -- loading a path (storage.loader) ----------------------------------------------------

_PATH_COLUMNS = (
    "title",
    "language",
    "description",
    "overview",
    "prerequisites",
    "version",
    "step_count",
    "source",
    "source_size",
    "source_mtime_ns",
    "source_hash",
    "synced_at",
)
UPDATE_PATH = f"""
UPDATE path SET {", ".join(f"{c} = :{c}" for c in _PATH_COLUMNS)} WHERE id = :path
"""
INSERT_PATH = f"""
INSERT INTO path (id, {", ".join(_PATH_COLUMNS)})
VALUES (:path, {", ".join(f":{c}" for c in _PATH_COLUMNS)})
"""
# Whether a file holds tables of its own (one that is not learnpath's, when it has no
# schema version).
USER_TABLES = "SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
# An added path's file (Database.store_source_text): SQLite makes room for its UTF-8
# bytes (:size, null for none), written in pieces after. The server's statement is in
# storage.postgres.
SOURCE_SPACE = """
UPDATE path SET source_text = CASE WHEN :size IS NULL THEN NULL ELSE zeroblob(:size) END
WHERE id = :path
"""
INSERT_SECTION = """
INSERT INTO section (path_id, position, title, description, step_count, timed, minutes)
VALUES (:path_id, :position, :title, :description, :step_count, :timed, :minutes)
"""
INSERT_STEP = """
INSERT INTO step (path_id, step_id, number, section, title, type, url, description, minutes)
VALUES (:path_id, :step_id, :number, :section, :title, :type, :url, :description, :minutes)
"""
INSERT_STEP_TEXT = """
INSERT INTO step_text (path_id, number, title, description, type)
VALUES (:path_id, :number, :title, :description, :type)
"""

# -- notes ------------------------------------------------------------------------------

NOTES = """
SELECT id, uid, text, at FROM note
WHERE learner = :learner AND path_id = :path AND step_id = :step_id AND cleared_at IS NULL
ORDER BY at, id
"""

ADD_NOTE = """
INSERT INTO note (uid, learner, path_id, step_id, text, at)
VALUES (:note_uid, :learner, :path, :step_id, :text, :now)
"""

# Every note of a path, newest first, with its step where the path still has it.
PATH_NOTES = """
SELECT n.step_id, n.text, n.at, s.number, s.title FROM note AS n
LEFT JOIN step AS s ON s.path_id = n.path_id AND s.step_id = n.step_id
WHERE n.learner = :learner AND n.path_id = :path AND n.cleared_at IS NULL
ORDER BY n.at DESC, n.uid DESC
"""

CLEAR_NOTES = """
UPDATE note SET cleared_at = :now
WHERE learner = :learner AND path_id = :path AND step_id = :step_id AND cleared_at IS NULL
"""

# -- history ----------------------------------------------------------------------------

# :all_paths is 1 for every path; :since is a UTC ISO time ('' for the beginning).
# Ordered by time, then uid: the same order on every machine the events were copied to
# (ids.UidBatch keeps one command's events in its order).
LOG = """
SELECT e.path_id, e.step_id, e.action, e.at, s.number, s.title
FROM event AS e
LEFT JOIN step AS s ON s.path_id = e.path_id AND s.step_id = e.step_id
WHERE e.learner = :learner AND (:all_paths = 1 OR e.path_id = :path) AND e.at >= :since
ORDER BY e.at, e.uid
"""

# The newest :limit events of the log above, newest first (`log -n`).
LOG_NEWEST = """
SELECT e.path_id, e.step_id, e.action, e.at, s.number, s.title
FROM event AS e
LEFT JOIN step AS s ON s.path_id = e.path_id AND s.step_id = e.step_id
WHERE e.learner = :learner AND (:all_paths = 1 OR e.path_id = :path) AND e.at >= :since
ORDER BY e.at DESC, e.uid DESC LIMIT :limit
"""

# Steps done per UTC minute: every time zone is a whole number of minutes off UTC, so
# minutes map to local days exactly, and a long history comes back as few rows. Each
# step counts once, at its completion time: a step done, undone and done again is one
# step done, not two.
DONE_PER_MINUTE = """
SELECT substr(completed_at, 1, 16) AS minute, COUNT(*) AS n
FROM progress
WHERE learner = :learner AND path_id = :path AND status = 'done' AND completed_at IS NOT NULL
GROUP BY substr(completed_at, 1, 16)
"""

LAST_ACTIVITY = """
SELECT MAX(at) AS last FROM event WHERE learner = :learner AND path_id = :path
"""

# -- search and export ------------------------------------------------------------------

# Every step with its description, of one path or (:all_paths = 1) of all.
STEPS_WITH_TEXT = f"""
SELECT s.path_id, s.section AS position, {_STEP_COLUMNS}, s.description {_STEP_FROM}
WHERE (:all_paths = 1 OR s.path_id = :path)
ORDER BY s.number
"""

# Search: the steps whose folded texts (step_text) are LIKE :pattern (with '!' as its
# escape), by number, each with which of its texts matched. step_text is scanned first
# (CROSS JOIN keeps SQLite from starting at step) in number order, its key, so the first
# hits come without sorting them all, and only a hit looks its step up.
_MATCHES = {
    field: f"(t.{field} LIKE :pattern ESCAPE '!')" for field in ("title", "description", "type")
}
_ANY_MATCH = " OR ".join(_MATCHES.values())
SEARCH_STEPS = f"""
SELECT {_STEP_COLUMNS}, s.description,
{", ".join(f"CASE WHEN {m} THEN 1 ELSE 0 END AS in_{f}" for f, m in _MATCHES.items())}
FROM step_text AS t
CROSS JOIN step AS s
JOIN section AS sec ON sec.path_id = s.path_id AND sec.position = s.section
LEFT JOIN progress AS p
  ON p.learner = :learner AND p.path_id = s.path_id AND p.step_id = s.step_id
WHERE t.path_id = :path AND ({_ANY_MATCH}) AND s.path_id = t.path_id AND s.number = t.number
ORDER BY t.number
"""
SEARCH_COUNT = f"""
SELECT COUNT(*) AS n FROM step_text AS t WHERE t.path_id = :path AND ({_ANY_MATCH})
"""

SEARCH_NOTES = """
SELECT path_id, step_id, text FROM note
WHERE learner = :learner AND cleared_at IS NULL AND (:all_paths = 1 OR path_id = :path)
ORDER BY at, id
"""

# -- backups ----------------------------------------------------------------------------

EXPORT_PATHS = "SELECT id, title FROM path"
# An added path's YAML (Database.source_text reads it; SQLite in pieces, by its rowid).
SOURCE_TEXT = "SELECT source_text FROM path WHERE id = :path"
SOURCE_TEXT_ROWID = "SELECT rowid AS id FROM path WHERE id = :path AND source_text IS NOT NULL"

# The paths the learner has anything on, known or removed since.
EXPORT_PATH_NAMES = """
SELECT path_id FROM progress WHERE learner = :learner
UNION SELECT path_id FROM event WHERE learner = :learner
UNION SELECT path_id FROM note WHERE learner = :learner
"""

# What a backup holds of each kind of row (core.backup), each row also as its JSON
# object built by SQLite (json_object, as STEPS_JSON): the text model.json_text writes.
EXPORT_KEYS = {
    "progress": ("step_id", "status", "started_at", "completed_at", "updated_at", "updated_by"),
    "events": ("uid", "step_id", "action", "at"),
    "notes": ("uid", "step_id", "text", "at", "cleared_at"),
}
_EXPORT_FROM = {
    "progress": "FROM progress WHERE learner = :learner AND path_id = :path ORDER BY step_id",
    # In the order they were written here, so that a merge elsewhere keeps that order.
    "events": "FROM event WHERE learner = :learner AND path_id = :path ORDER BY id",
    "notes": "FROM note WHERE learner = :learner AND path_id = :path ORDER BY id",
}
EXPORT_PROGRESS, EXPORT_EVENTS, EXPORT_NOTES = (
    f"SELECT path_id, {', '.join(EXPORT_KEYS[kind])} {_EXPORT_FROM[kind]}"
    for kind in ("progress", "events", "notes")
)
EXPORT_PROGRESS_JSON, EXPORT_EVENTS_JSON, EXPORT_NOTES_JSON = (
    f"SELECT json_object({_json_pairs(EXPORT_KEYS[kind])}) AS json {_EXPORT_FROM[kind]}"
    for kind in ("progress", "events", "notes")
)

# A merge reads what the learner has once, and matches the incoming rows by key.
MERGE_PROGRESS = """
SELECT path_id, step_id, status, started_at, completed_at, updated_at, updated_by
FROM progress WHERE learner = :learner
"""

# Step numbers by id, to name in plain words the steps a merge changes.
STEP_NUMBERS = "SELECT step_id, number FROM step WHERE path_id = :path"

MERGE_EVENTS = "SELECT uid FROM event WHERE learner = :learner"

MERGE_NOTES = "SELECT uid, cleared_at FROM note WHERE learner = :learner"

IMPORT_NOTE = """
INSERT INTO note (uid, learner, path_id, step_id, text, at, cleared_at)
VALUES (:note_uid, :learner, :path, :step_id, :text, :now, :cleared_at)
"""

CLEAR_NOTE_UID = """
UPDATE note SET cleared_at = :now WHERE learner = :learner AND uid = :note_uid
"""

# Every step of a path with the learner's status, for reset and restore.
PATH_STATUSES = """
SELECT s.step_id, COALESCE(p.status, 'todo') AS status, p.started_at, p.completed_at
FROM step AS s
LEFT JOIN progress AS p
  ON p.learner = :learner AND p.path_id = s.path_id AND p.step_id = s.step_id
WHERE s.path_id = :path
ORDER BY s.number
"""

PROGRESS_NOT_TODO = """
SELECT step_id FROM progress
WHERE learner = :learner AND path_id = :path AND status <> 'todo' ORDER BY step_id
"""

SECTIONS = """
SELECT position, title, description FROM section WHERE path_id = :path ORDER BY position
"""

# What `browse` polls to see that something changed on a path (another terminal, another
# learner on the server): the newest event (every status change and note leaves one),
# how many notes are open, and when the path was last loaded. One indexed read.
PATH_STATE = """
SELECT (SELECT MAX(id) FROM event WHERE path_id = :path) AS last_event,
       (SELECT COUNT(*) FROM note WHERE path_id = :path AND cleared_at IS NULL) AS notes,
       (SELECT synced_at FROM path WHERE id = :path) AS synced_at
"""
