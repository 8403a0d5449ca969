-- Guardian assurance log, schema 2: reporting periods.
-- A log without periods works as before. Once one is started, each question
-- in a period has its answer there; the questions table holds the current
-- period's. A closed period (closed_at <> '') is frozen: the triggers below
-- refuse any change to its answers or maturity even from a hand-edited
-- program, besides the store's own checks that give the user plain words.

ALTER TABLE questions ADD COLUMN recurring INTEGER NOT NULL DEFAULT 0;

CREATE TABLE periods (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
	cadence    TEXT    NOT NULL,
	starts_on  TEXT    NOT NULL,
	ends_on    TEXT    NOT NULL DEFAULT '',
	closed_at  TEXT    NOT NULL DEFAULT '',
	closed_by  TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL
);

CREATE TABLE question_period_answers (
	question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE RESTRICT,
	period_id    INTEGER NOT NULL REFERENCES periods (id) ON DELETE RESTRICT,
	response     TEXT    NOT NULL DEFAULT '',
	responded_on TEXT    NOT NULL DEFAULT '',
	level        TEXT    NOT NULL,
	comment      TEXT    NOT NULL DEFAULT '',
	updated_at   TEXT    NOT NULL,
	PRIMARY KEY (question_id, period_id)
) WITHOUT ROWID;
CREATE INDEX answers_by_period ON question_period_answers (period_id);

CREATE TABLE area_maturity (
	period_id  INTEGER NOT NULL REFERENCES periods (id) ON DELETE RESTRICT,
	framework  TEXT    NOT NULL,
	area       TEXT    NOT NULL,
	level      TEXT    NOT NULL,
	comment    TEXT    NOT NULL DEFAULT '',
	updated_at TEXT    NOT NULL,
	updated_by TEXT    NOT NULL,
	PRIMARY KEY (period_id, framework, area)
) WITHOUT ROWID;

CREATE TRIGGER answers_frozen_insert BEFORE INSERT ON question_period_answers
WHEN (SELECT closed_at FROM periods WHERE id = new.period_id) <> ''
BEGIN
	SELECT RAISE(ABORT, 'the reporting period is closed');
END;
CREATE TRIGGER answers_frozen_update BEFORE UPDATE ON question_period_answers
WHEN (SELECT closed_at FROM periods WHERE id = old.period_id) <> ''
BEGIN
	SELECT RAISE(ABORT, 'the reporting period is closed');
END;
CREATE TRIGGER answers_frozen_delete BEFORE DELETE ON question_period_answers
WHEN (SELECT closed_at FROM periods WHERE id = old.period_id) <> ''
BEGIN
	SELECT RAISE(ABORT, 'the reporting period is closed');
END;
CREATE TRIGGER maturity_frozen_insert BEFORE INSERT ON area_maturity
WHEN (SELECT closed_at FROM periods WHERE id = new.period_id) <> ''
BEGIN
	SELECT RAISE(ABORT, 'the reporting period is closed');
END;
CREATE TRIGGER maturity_frozen_update BEFORE UPDATE ON area_maturity
WHEN (SELECT closed_at FROM periods WHERE id = old.period_id) <> ''
BEGIN
	SELECT RAISE(ABORT, 'the reporting period is closed');
END;
