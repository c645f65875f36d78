"""Per-section counts of each learner's progress, kept in the local database (v8).

`list`, `progress` and `next` need, for every section, how many of its steps the
learner did, skipped or started and how many minutes that was. Counted from the
progress rows, that walks every done step: 33,000 rows on a 100,000-step path a third
done. The local database keeps those counts instead, in section_tally, and every write
that can change them recounts what it touched, in its own transaction:

- status changes (core.status.record): each section with a changed step, once, at
  the end of the write (Database.write), however many of its steps changed;
- a merge (core.merge): the learner's counts on each path it wrote progress to;
- loading a path (storage.loader) or removing one (core.paths): every learner's counts
  on that path, after its steps, and any progress moved with them, are in place.

A recount replaces counts with what the progress rows say now; nothing is added or
subtracted, so a count can never drift. SQLite runs one writer at a time (BEGIN
IMMEDIATE), so a recount always sees the steps and progress it commits with. A server
counts from the progress rows on every read (queries.SECTION_SUMMARY): there a status
change and a load of the same path may run side by side under REPEATABLE READ, and
neither would see the other's rows.
"""

from __future__ import annotations

from learnpath.storage import queries as q

# What SQLite creates (the same text as storage.ddl; schema.SectionTallyRow describes it).
# WITHOUT ROWID: small rows, read by their key in section order.
CREATE = (
    "CREATE TABLE section_tally (\n"
    "\tlearner VARCHAR NOT NULL, \n"
    "\tpath_id VARCHAR NOT NULL, \n"
    "\tsection INTEGER NOT NULL, \n"
    "\tdone INTEGER NOT NULL, \n"
    "\tskipped INTEGER NOT NULL, \n"
    "\tstarted INTEGER NOT NULL, \n"
    "\tminutes_done INTEGER NOT NULL, \n"
    "\tminutes_handled INTEGER NOT NULL, \n"
    "\tPRIMARY KEY (learner, path_id, section)\n"
    ")\n"
    " WITHOUT ROWID\n"
    "\n"
    ""
)

# The counts of one learner's progress rows grouped by the section of their step, as
# queries.SECTION_SUMMARY counts them; a progress row whose step the path no longer has
# counts nowhere.
_COUNT = f"""
INSERT INTO section_tally
    (learner, path_id, section, done, skipped, started, minutes_done, minutes_handled)
SELECT p.learner, s.path_id, s.section, {q.SECTION_COUNTS}"""

# One section, after status changes of its steps (Database.write recounts each section
# once, at the end). Its steps are found by their index (ix_step_section), then each
# one's progress row.
STEP_SECTION = "SELECT section FROM step WHERE path_id = :path AND step_id = :step_id"
DROP_SECTION = """
DELETE FROM section_tally WHERE learner = :learner AND path_id = :path AND section = :section
"""
COUNT_SECTION = f"""{_COUNT}
FROM step AS s CROSS JOIN progress AS p
WHERE s.path_id = :path AND s.section = :section
  AND p.learner = :learner AND p.path_id = s.path_id AND p.step_id = s.step_id
GROUP BY p.learner, s.path_id, s.section
"""
RECOUNT_SECTION = (DROP_SECTION, COUNT_SECTION)

# One learner on one path: after a merge.
DROP_LEARNER = "DELETE FROM section_tally WHERE learner = :learner AND path_id = :path"
COUNT_LEARNER = f"""{_COUNT}
FROM progress AS p CROSS JOIN step AS s
WHERE p.learner = :learner AND p.path_id = :path
  AND s.path_id = p.path_id AND s.step_id = p.step_id
GROUP BY p.learner, s.path_id, s.section
"""

# Everyone on one path: after its steps were replaced or removed.
DROP_PATH = "DELETE FROM section_tally WHERE path_id = :path"
COUNT_PATH = f"""{_COUNT}
FROM progress AS p CROSS JOIN step AS s
WHERE p.path_id = :path AND s.path_id = p.path_id AND s.step_id = p.step_id
GROUP BY p.learner, s.path_id, s.section
"""

# queries.SECTION_SUMMARY with the kept counts: a row per section, whatever the
# learner did.
SECTION_SUMMARY = """
SELECT sec.position, sec.title, sec.step_count AS total, sec.timed,
       t.done, t.skipped, t.started, t.minutes_done,
       sec.minutes - COALESCE(t.minutes_handled, 0) AS minutes_left
FROM section AS sec
LEFT JOIN section_tally AS t
  ON t.learner = :learner AND t.path_id = sec.path_id AND t.section = sec.position
WHERE sec.path_id = :path
ORDER BY sec.position
"""

# The first section with steps neither done nor skipped (core.steps.next_step).
FIRST_OPEN_SECTION = """
SELECT sec.position FROM section AS sec
LEFT JOIN section_tally AS t
  ON t.learner = :learner AND t.path_id = sec.path_id AND t.section = sec.position
WHERE sec.path_id = :path
  AND sec.step_count > COALESCE(t.done, 0) + COALESCE(t.skipped, 0)
ORDER BY sec.position LIMIT 1
"""

# The recounts, by what changed (Database.recount).
RECOUNTS = {
    "learner": (DROP_LEARNER, COUNT_LEARNER),
    "path": (DROP_PATH, COUNT_PATH),
}
