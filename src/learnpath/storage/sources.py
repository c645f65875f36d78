"""Queries of paths that follow their source (core.follow, core.links): where each one
came from, moving progress to a step's new id, and what link checks found. The same text
on SQLite and on a server, as storage.queries."""

from __future__ import annotations

# Where an added path comes from (schema.PathOriginRow), for `update`.
PATH_ORIGIN = (
    "SELECT origin, etag, modified, digest, read_at FROM path_origin WHERE path_id = :path"
)
SET_PATH_ORIGIN = """
INSERT INTO path_origin (path_id, origin, etag, modified, digest, read_at)
VALUES (:path, :origin, :etag, :modified, :digest, :now)
ON CONFLICT (path_id) DO UPDATE SET
    origin = excluded.origin, etag = excluded.etag, modified = excluded.modified,
    digest = excluded.digest, read_at = excluded.read_at
"""
DELETE_PATH_ORIGIN = "DELETE FROM path_origin WHERE path_id = :path"
PATH_ORIGINS = "SELECT path_id FROM path_origin"

# An update moving a step's progress, history and notes to the step's new id
# (core.follow.move_progress), for every learner.
MOVE_PROGRESS = "UPDATE progress SET step_id = :new WHERE path_id = :path AND step_id = :old"
MOVE_EVENTS = "UPDATE event SET step_id = :new WHERE path_id = :path AND step_id = :old"
MOVE_NOTES = "UPDATE note SET step_id = :new WHERE path_id = :path AND step_id = :old"
# A status left under a removed step's id gives way to the step moving there, whose own
# status (todo, when it has no row) is the one that counts.
DROP_REPLACED_PROGRESS = "DELETE FROM progress WHERE path_id = :path AND step_id = :new"

# What `check --links` found on an added path (schema.LinkCheckRow): each check replaces
# the last; a result counts while the step still has the URL that was checked.
DELETE_LINK_CHECKS = "DELETE FROM link_check WHERE path_id = :path"
ADD_LINK_CHECK = """
INSERT INTO link_check
    (path_id, step_id, url, status, http_status, final_url, detail, checked_at)
VALUES (:path, :step_id, :checked_url, :status, :http_status, :final_url, :detail, :now)
"""
LINK_CHECKS = """
SELECT l.step_id, l.status, l.http_status, l.final_url, l.detail, l.checked_at
FROM link_check AS l JOIN step AS s
  ON s.path_id = l.path_id AND s.step_id = l.step_id AND s.url = l.url
WHERE l.path_id = :path AND (:step_id = '' OR l.step_id = :step_id)
"""
