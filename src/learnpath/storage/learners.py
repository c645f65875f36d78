"""Queries about the learners who share a database: who is on a path, where each of
them stands (`group`), whether anyone else has progress. The same text on SQLite and on
a server, as storage.queries."""

from __future__ import annotations

# Who else has progress on a path, which then is not removed without --force.
OTHER_LEARNERS = """
SELECT DISTINCT learner FROM progress
WHERE path_id = :path AND learner <> :learner AND status <> 'todo'
ORDER BY learner
"""

# Whether the learner has anything at all in this database, and who else has.
HAS_ANY_OF_LEARNER = """
SELECT 1 FROM event WHERE learner = :learner
UNION ALL
SELECT 1 FROM progress WHERE learner = :learner
UNION ALL
SELECT 1 FROM note WHERE learner = :learner
LIMIT 1
"""

ALL_LEARNERS = """
SELECT learner FROM event UNION SELECT learner FROM progress UNION SELECT learner FROM note
"""

# Everyone with any activity on a path (status changes and notes all leave an event).
LEARNERS_ON_PATH = """
SELECT learner FROM event WHERE path_id = :path
UNION
SELECT learner FROM progress WHERE path_id = :path
"""

# `group`: where every learner on the path stands, in one statement (a server with 200
# learners answers once, not a thousand times): counts of their done and skipped steps
# that the path has, their first step neither done nor skipped, their last event.
GROUP_STANDING = f"""
WITH who AS ({LEARNERS_ON_PATH}),
counts AS (
    SELECT p.learner,
           SUM(CASE WHEN p.status = 'done' THEN 1 ELSE 0 END) AS done,
           SUM(CASE WHEN p.status = 'skipped' THEN 1 ELSE 0 END) AS skipped
    FROM progress AS p CROSS JOIN step AS s
    WHERE p.path_id = :path AND s.path_id = p.path_id AND s.step_id = p.step_id
    GROUP BY p.learner
),
standing AS (
    SELECT w.learner,
           (SELECT MAX(e.at) FROM event AS e
            WHERE e.learner = w.learner AND e.path_id = :path) AS last,
           (SELECT s.number FROM step AS s
            WHERE s.path_id = :path AND NOT EXISTS (
                SELECT 1 FROM progress AS p
                WHERE p.learner = w.learner AND p.path_id = s.path_id
                  AND p.step_id = s.step_id AND p.status IN ('done', 'skipped'))
            ORDER BY s.number LIMIT 1) AS next
    FROM who AS w
)
SELECT st.learner, st.last, COALESCE(c.done, 0) AS done, COALESCE(c.skipped, 0) AS skipped,
       (SELECT step_count FROM path WHERE id = :path) AS total, st.next, n.title
FROM standing AS st
LEFT JOIN counts AS c ON c.learner = st.learner
LEFT JOIN step AS n ON n.path_id = :path AND n.number = st.next
"""

# `group`: how many steps each learner on the path did in each minute (their streaks).
GROUP_DONE_PER_MINUTE = """
SELECT learner, substr(completed_at, 1, 16) AS minute, COUNT(*) AS n
FROM progress
WHERE path_id = :path AND status = 'done' AND completed_at IS NOT NULL
GROUP BY learner, substr(completed_at, 1, 16)
"""
