"""The current schema as SQLite holds it: the statements that create a new database.

A new file is made with these alone, so that a first run does not load SQLAlchemy
(half a second). They are the text SQLModel's tables create (schema.py), to the
character: tests/storage/test_schema.py creates a file both ways and compares them,
and holds them to the snapshot of this version. A schema change changes both.
"""

from __future__ import annotations

from learnpath.storage import tally

CREATE = (
    (
        "CREATE TABLE event (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tuid VARCHAR NOT NULL, \n"
        "\tlearner VARCHAR NOT NULL, \n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tstep_id VARCHAR NOT NULL, \n"
        "\taction VARCHAR NOT NULL, \n"
        "\tat VARCHAR NOT NULL, \n"
        "\tPRIMARY KEY (id)\n"
        ")"
    ),
    (
        "CREATE TABLE learnpath_meta (\n"
        '\t"key" VARCHAR NOT NULL, \n'
        "\tvalue VARCHAR NOT NULL, \n"
        '\tPRIMARY KEY ("key")\n'
        ")"
    ),
    (
        "CREATE TABLE link_check (\n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tstep_id VARCHAR NOT NULL, \n"
        "\turl VARCHAR NOT NULL, \n"
        "\tstatus VARCHAR NOT NULL, \n"
        "\thttp_status INTEGER, \n"
        "\tfinal_url VARCHAR, \n"
        "\tdetail VARCHAR, \n"
        "\tchecked_at VARCHAR NOT NULL, \n"
        "\tPRIMARY KEY (path_id, step_id)\n"
        ")"
    ),
    (
        "CREATE TABLE note (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tuid VARCHAR NOT NULL, \n"
        "\tlearner VARCHAR NOT NULL, \n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tstep_id VARCHAR NOT NULL, \n"
        "\ttext VARCHAR NOT NULL, \n"
        "\tat VARCHAR NOT NULL, \n"
        "\tcleared_at VARCHAR, \n"
        "\tPRIMARY KEY (id)\n"
        ")"
    ),
    (
        "CREATE TABLE path (\n"
        "\tid VARCHAR NOT NULL, \n"
        "\ttitle VARCHAR NOT NULL, \n"
        "\tlanguage VARCHAR, \n"
        "\tdescription VARCHAR, \n"
        "\toverview VARCHAR, \n"
        "\tprerequisites VARCHAR NOT NULL, \n"
        "\tversion INTEGER, \n"
        "\tstep_count INTEGER NOT NULL, \n"
        "\tsource VARCHAR, \n"
        "\tsource_size BIGINT, \n"
        "\tsource_mtime_ns BIGINT, \n"
        "\tsource_hash VARCHAR, \n"
        "\tsynced_at VARCHAR NOT NULL, \n"
        "\tsource_text VARCHAR, \n"
        "\tPRIMARY KEY (id)\n"
        ")"
    ),
    (
        "CREATE TABLE path_origin (\n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\torigin VARCHAR NOT NULL, \n"
        "\tetag VARCHAR, \n"
        "\tmodified VARCHAR, \n"
        "\tdigest VARCHAR NOT NULL, \n"
        "\tread_at VARCHAR NOT NULL, \n"
        "\tPRIMARY KEY (path_id)\n"
        ")"
    ),
    (
        "CREATE TABLE progress (\n"
        "\tlearner VARCHAR NOT NULL, \n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tstep_id VARCHAR NOT NULL, \n"
        "\tstatus VARCHAR NOT NULL, \n"
        "\tstarted_at VARCHAR, \n"
        "\tcompleted_at VARCHAR, \n"
        "\tupdated_at VARCHAR NOT NULL, \n"
        "\tupdated_by VARCHAR, \n"
        "\tPRIMARY KEY (learner, path_id, step_id)\n"
        ")"
    ),
    (
        "CREATE TABLE section (\n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\ttitle VARCHAR NOT NULL, \n"
        "\tdescription VARCHAR, \n"
        "\tstep_count INTEGER NOT NULL, \n"
        "\ttimed INTEGER NOT NULL, \n"
        "\tminutes INTEGER NOT NULL, \n"
        "\tPRIMARY KEY (path_id, position)\n"
        ")"
    ),
    tally.CREATE,
    (
        "CREATE TABLE setting (\n"
        "\tlearner VARCHAR NOT NULL, \n"
        '\t"key" VARCHAR NOT NULL, \n'
        "\tvalue VARCHAR NOT NULL, \n"
        '\tPRIMARY KEY (learner, "key")\n'
        ")"
    ),
    (
        "CREATE TABLE step (\n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tstep_id VARCHAR NOT NULL, \n"
        "\tnumber INTEGER NOT NULL, \n"
        "\tsection INTEGER NOT NULL, \n"
        "\ttitle VARCHAR NOT NULL, \n"
        "\ttype VARCHAR, \n"
        "\turl VARCHAR, \n"
        "\tdescription VARCHAR, \n"
        "\tminutes INTEGER, \n"
        "\tPRIMARY KEY (path_id, step_id)\n"
        ")"
    ),
    (
        "CREATE TABLE step_text (\n"
        "\tpath_id VARCHAR NOT NULL, \n"
        "\tnumber INTEGER NOT NULL, \n"
        "\ttitle VARCHAR NOT NULL, \n"
        "\tdescription VARCHAR NOT NULL, \n"
        "\ttype VARCHAR NOT NULL, \n"
        "\tPRIMARY KEY (path_id, number)\n"
        ")\n"
        " WITHOUT ROWID\n"
        "\n"
        ""
    ),
    "CREATE INDEX ix_event_learner_path_action_at ON event (learner, path_id, action, at)",
    "CREATE INDEX ix_event_learner_path_at ON event (learner, path_id, at)",
    "CREATE UNIQUE INDEX ix_event_uid ON event (learner, uid)",
    "CREATE INDEX ix_note_step ON note (learner, path_id, step_id)",
    "CREATE UNIQUE INDEX ix_note_uid ON note (learner, uid)",
    "CREATE UNIQUE INDEX ix_step_number ON step (path_id, number)",
    "CREATE INDEX ix_step_section ON step (path_id, section, minutes)",
)
