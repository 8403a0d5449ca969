-- Guardian assurance log, schema 2: imports from spreadsheets.

-- Each row an import brought in, by the key the file gives it (its
-- reference, or a digest of its content), so that importing the same file
-- again adds nothing twice. question_id is not a foreign key: a question
-- deleted after its import stays deleted when the file is imported again.
CREATE TABLE import_rows (
	key         TEXT    PRIMARY KEY,
	question_id INTEGER NOT NULL,
	ref         TEXT    NOT NULL,
	file        TEXT    NOT NULL,
	sha256      TEXT    NOT NULL,
	row         INTEGER NOT NULL,
	imported_at TEXT    NOT NULL
);

-- The column mapping last used for a shape of file (its header row), offered
-- again for the next file of the same shape.
CREATE TABLE import_mappings (
	shape      TEXT PRIMARY KEY,
	mapping    TEXT NOT NULL, -- JSON: field name to column heading
	updated_at TEXT NOT NULL
);
