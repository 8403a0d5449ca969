-- Guardian assurance log, schema 1.
-- Dates are ISO text ('' for no date) so they sort and compare as text;
-- timestamps are RFC 3339 UTC text. Ids are AUTOINCREMENT so that an id is
-- never reused: the audit log refers to objects by id after they are deleted.

CREATE TABLE log_info (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	created_at    TEXT    NOT NULL,
	-- Question references are never reused, so the counter lives apart
	-- from the questions table (max(seq) would reuse a deleted last one).
	next_question INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE settings (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	organisation     TEXT NOT NULL DEFAULT '',
	guardian         TEXT NOT NULL DEFAULT '',
	security_marking TEXT NOT NULL DEFAULT 'OFFICIAL-SENSITIVE'
);
INSERT INTO settings (id) VALUES (1);

CREATE TABLE meetings (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT    NOT NULL,
	title      TEXT    NOT NULL DEFAULT '',
	date       TEXT    NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
);
CREATE INDEX meetings_by_date ON meetings (date, id);

CREATE TABLE questions (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	seq          INTEGER NOT NULL UNIQUE,
	ref          TEXT    NOT NULL UNIQUE,
	framework    TEXT    NOT NULL DEFAULT '',
	area         TEXT    NOT NULL,
	text         TEXT    NOT NULL,
	asked_of     TEXT    NOT NULL DEFAULT '',
	raised_on    TEXT    NOT NULL DEFAULT '',
	meeting_id   INTEGER REFERENCES meetings (id) ON DELETE RESTRICT,
	due_on       TEXT    NOT NULL DEFAULT '',
	status       TEXT    NOT NULL,
	response     TEXT    NOT NULL DEFAULT '',
	responded_on TEXT    NOT NULL DEFAULT '',
	level        TEXT    NOT NULL,
	comment      TEXT    NOT NULL DEFAULT '',
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL
);
CREATE INDEX questions_by_area ON questions (framework, area);
CREATE INDEX questions_by_meeting ON questions (meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX questions_by_status ON questions (status, due_on);

CREATE TABLE actions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE RESTRICT,
	text        TEXT    NOT NULL,
	owner       TEXT    NOT NULL DEFAULT '',
	due_on      TEXT    NOT NULL DEFAULT '',
	done_on     TEXT    NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT    NOT NULL,
	updated_at  TEXT    NOT NULL
);
CREATE INDEX actions_by_question ON actions (question_id, done_on);

-- Evidence bytes, content-addressed: one blob per distinct SHA-256, cut into
-- chunks so that no file is ever held whole in memory.
CREATE TABLE blobs (
	id         INTEGER PRIMARY KEY,
	sha256     TEXT    NOT NULL UNIQUE,
	size       INTEGER NOT NULL,
	chunk_size INTEGER NOT NULL,
	created_at TEXT    NOT NULL
);
CREATE TABLE blob_chunks (
	blob_id INTEGER NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
	seq     INTEGER NOT NULL,
	data    BLOB    NOT NULL,
	PRIMARY KEY (blob_id, seq)
);
-- Stored bytes never change: a change would silently alter evidence.
CREATE TRIGGER blob_chunks_immutable BEFORE UPDATE ON blob_chunks
BEGIN
	SELECT RAISE(ABORT, 'stored evidence cannot be changed');
END;

CREATE TABLE evidence (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE RESTRICT,
	blob_id     INTEGER NOT NULL REFERENCES blobs (id) ON DELETE RESTRICT,
	name        TEXT    NOT NULL,
	media_type  TEXT    NOT NULL,
	size        INTEGER NOT NULL,
	sha256      TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	added_at    TEXT    NOT NULL,
	added_by    TEXT    NOT NULL
);
CREATE INDEX evidence_by_question ON evidence (question_id);
CREATE INDEX evidence_by_blob ON evidence (blob_id);

-- The audit log is append-only.
CREATE TABLE audit (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          TEXT    NOT NULL,
	actor       TEXT    NOT NULL,
	action      TEXT    NOT NULL,
	object      TEXT    NOT NULL,
	object_id   INTEGER NOT NULL,
	question_id INTEGER NOT NULL DEFAULT 0, -- not a foreign key: outlives the question
	ref         TEXT    NOT NULL DEFAULT '',
	before      TEXT    NOT NULL DEFAULT '',
	after       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_question ON audit (question_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Full-text index. Each searchable text is one row whose rowid encodes
-- where it came from (object id * 8 + field), so triggers replace a row by
-- rowid instead of scanning: 0 question, 1 response, 2 comment, 3 action,
-- 4 evidence name.
CREATE VIRTUAL TABLE search USING fts5 (
	body,
	question_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER questions_search_insert AFTER INSERT ON questions
BEGIN
	INSERT INTO search (rowid, body, question_id) VALUES
		(new.id * 8, new.text, new.id),
		(new.id * 8 + 1, new.response, new.id),
		(new.id * 8 + 2, new.comment, new.id);
END;
CREATE TRIGGER questions_search_update AFTER UPDATE OF text, response, comment ON questions
BEGIN
	DELETE FROM search WHERE rowid IN (old.id * 8, old.id * 8 + 1, old.id * 8 + 2);
	INSERT INTO search (rowid, body, question_id) VALUES
		(new.id * 8, new.text, new.id),
		(new.id * 8 + 1, new.response, new.id),
		(new.id * 8 + 2, new.comment, new.id);
END;
CREATE TRIGGER questions_search_delete AFTER DELETE ON questions
BEGIN
	DELETE FROM search WHERE rowid IN (old.id * 8, old.id * 8 + 1, old.id * 8 + 2);
END;

CREATE TRIGGER actions_search_insert AFTER INSERT ON actions
BEGIN
	INSERT INTO search (rowid, body, question_id) VALUES (new.id * 8 + 3, new.text, new.question_id);
END;
CREATE TRIGGER actions_search_update AFTER UPDATE OF text, question_id ON actions
BEGIN
	DELETE FROM search WHERE rowid = old.id * 8 + 3;
	INSERT INTO search (rowid, body, question_id) VALUES (new.id * 8 + 3, new.text, new.question_id);
END;
CREATE TRIGGER actions_search_delete AFTER DELETE ON actions
BEGIN
	DELETE FROM search WHERE rowid = old.id * 8 + 3;
END;

CREATE TRIGGER evidence_search_insert AFTER INSERT ON evidence
BEGIN
	INSERT INTO search (rowid, body, question_id) VALUES (new.id * 8 + 4, new.name, new.question_id);
END;
CREATE TRIGGER evidence_search_update AFTER UPDATE OF name, question_id ON evidence
BEGIN
	DELETE FROM search WHERE rowid = old.id * 8 + 4;
	INSERT INTO search (rowid, body, question_id) VALUES (new.id * 8 + 4, new.name, new.question_id);
END;
CREATE TRIGGER evidence_search_delete AFTER DELETE ON evidence
BEGIN
	DELETE FROM search WHERE rowid = old.id * 8 + 4;
END;
