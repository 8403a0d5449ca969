-- Guardian assurance log, schema 3: the guardian's year beyond questions.
-- Depends only on schema 1's questions, evidence and meetings tables.

-- The log's own choices (scale, kind of organisation, committee, cadence,
-- its own kinds of evidence, its BAF risks), one JSON record: none is set
-- nationally, and a JSON record lets a later version add a choice without
-- a migration.
CREATE TABLE log_settings (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	record TEXT    NOT NULL DEFAULT '{}'
);
INSERT INTO log_settings (id) VALUES (1);

-- Evidence asked of a named person or role. Overdue is worked out from
-- due_on, never stored.
CREATE TABLE evidence_requests (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	asked_of     TEXT    NOT NULL,
	what         TEXT    NOT NULL,
	kind         TEXT    NOT NULL DEFAULT '',
	requested_on TEXT    NOT NULL DEFAULT '',
	due_on       TEXT    NOT NULL DEFAULT '',
	state        TEXT    NOT NULL CHECK (state IN ('requested', 'received', 'withdrawn')),
	received_on  TEXT    NOT NULL DEFAULT '',
	evidence_id  INTEGER REFERENCES evidence (id) ON DELETE SET NULL,
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL
);
CREATE INDEX evidence_requests_by_question ON evidence_requests (question_id);
CREATE INDEX evidence_requests_by_due ON evidence_requests (state, due_on);

-- The kind of each evidence item (a built-in kind or the log's own).
CREATE TABLE evidence_kinds (
	evidence_id INTEGER PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
	kind        TEXT    NOT NULL
);

-- Board and committee decisions checked for their effect on staff health
-- and wellbeing.
CREATE TABLE decisions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	decision    TEXT    NOT NULL,
	meeting     TEXT    NOT NULL DEFAULT '',
	decided_on  TEXT    NOT NULL DEFAULT '',
	impact      TEXT    NOT NULL CHECK (impact IN ('yes', 'partly', 'no')),
	unintended  INTEGER NOT NULL DEFAULT 0,
	comment     TEXT    NOT NULL DEFAULT '',
	question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT    NOT NULL,
	updated_at  TEXT    NOT NULL
);
CREATE INDEX decisions_by_date ON decisions (decided_on, id);

-- Tags on questions: an ICB's "own staff" / "commissioned services", and
-- links to BAF risks ("baf:SR2") and CQC domains ("cqc:Well-led").
CREATE TABLE question_tags (
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	tag         TEXT    NOT NULL,
	PRIMARY KEY (question_id, tag)
);

-- Each meeting's cover sheet, as one JSON record, remembered for the next paper.
CREATE TABLE cover_sheets (
	meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
	record     TEXT    NOT NULL
);


-- Framework files added to this log (the embedded format), beside the
-- frameworks Guardian ships with; kept whole so the log carries them.
CREATE TABLE log_frameworks (
	id       TEXT PRIMARY KEY,
	file     TEXT NOT NULL,
	added_at TEXT NOT NULL
);
