CREATE TABLE event (
	id INTEGER NOT NULL, 
	uid VARCHAR NOT NULL, 
	learner VARCHAR NOT NULL, 
	path_id VARCHAR NOT NULL, 
	step_id VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	at VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE learnpath_meta (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE link_check (
	path_id VARCHAR NOT NULL, 
	step_id VARCHAR NOT NULL, 
	url VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	http_status INTEGER, 
	final_url VARCHAR, 
	detail VARCHAR, 
	checked_at VARCHAR NOT NULL, 
	PRIMARY KEY (path_id, step_id)
);
CREATE TABLE note (
	id INTEGER NOT NULL, 
	uid VARCHAR NOT NULL, 
	learner VARCHAR NOT NULL, 
	path_id VARCHAR NOT NULL, 
	step_id VARCHAR NOT NULL, 
	text VARCHAR NOT NULL, 
	at VARCHAR NOT NULL, 
	cleared_at VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE path (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	language VARCHAR, 
	description VARCHAR, 
	overview VARCHAR, 
	prerequisites VARCHAR NOT NULL, 
	version INTEGER, 
	step_count INTEGER NOT NULL, 
	source VARCHAR, 
	source_size BIGINT, 
	source_mtime_ns BIGINT, 
	source_hash VARCHAR, 
	synced_at VARCHAR NOT NULL, 
	source_text VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE path_origin (
	path_id VARCHAR NOT NULL, 
	origin VARCHAR NOT NULL, 
	etag VARCHAR, 
	modified VARCHAR, 
	digest VARCHAR NOT NULL, 
	read_at VARCHAR NOT NULL, 
	PRIMARY KEY (path_id)
);
CREATE TABLE progress (
	learner VARCHAR NOT NULL, 
	path_id VARCHAR NOT NULL, 
	step_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	started_at VARCHAR, 
	completed_at VARCHAR, 
	updated_at VARCHAR NOT NULL, 
	updated_by VARCHAR, 
	PRIMARY KEY (learner, path_id, step_id)
);
CREATE TABLE section (
	path_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	description VARCHAR, 
	step_count INTEGER NOT NULL, 
	timed INTEGER NOT NULL, 
	minutes INTEGER NOT NULL, 
	PRIMARY KEY (path_id, position)
);
CREATE TABLE section_tally (
	learner VARCHAR NOT NULL, 
	path_id VARCHAR NOT NULL, 
	section INTEGER NOT NULL, 
	done INTEGER NOT NULL, 
	skipped INTEGER NOT NULL, 
	started INTEGER NOT NULL, 
	minutes_done INTEGER NOT NULL, 
	minutes_handled INTEGER NOT NULL, 
	PRIMARY KEY (learner, path_id, section)
)
 WITHOUT ROWID

;
CREATE TABLE setting (
	learner VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY (learner, "key")
);
CREATE TABLE step (
	path_id VARCHAR NOT NULL, 
	step_id VARCHAR NOT NULL, 
	number INTEGER NOT NULL, 
	section INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	type VARCHAR, 
	url VARCHAR, 
	description VARCHAR, 
	minutes INTEGER, 
	PRIMARY KEY (path_id, step_id)
);
CREATE TABLE step_text (
	path_id VARCHAR NOT NULL, 
	number INTEGER NOT NULL, 
	title VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	type VARCHAR NOT NULL, 
	PRIMARY KEY (path_id, number)
)
 WITHOUT ROWID

;
CREATE INDEX ix_event_learner_path_action_at ON event (learner, path_id, action, at);
CREATE INDEX ix_event_learner_path_at ON event (learner, path_id, at);
CREATE UNIQUE INDEX ix_event_uid ON event (learner, uid);
CREATE INDEX ix_note_step ON note (learner, path_id, step_id);
CREATE UNIQUE INDEX ix_note_uid ON note (learner, uid);
CREATE UNIQUE INDEX ix_step_number ON step (path_id, number);
CREATE INDEX ix_step_section ON step (path_id, section, minutes);
