package sqlite

import (
	"context"
	"encoding/json"

	"github.com/nhsguardian/guardian/assurance"
)

var (
	_ assurance.ImportLog    = (*Store)(nil)
	_ assurance.ImportWriter = (*writer)(nil)
)

// ImportedKeys returns the key of every row imported so far, with the
// reference of the question it became.
func (s *Store) ImportedKeys(ctx context.Context) (map[string]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT key, ref FROM import_rows`)
	if err != nil {
		return nil, dbError(err, "Cannot read which rows were imported before")
	}
	defer rows.Close()
	keys := map[string]string{}
	for rows.Next() {
		var k, ref string
		if err := rows.Scan(&k, &ref); err != nil {
			return nil, dbError(err, "Cannot read which rows were imported before")
		}
		keys[k] = ref
	}
	return keys, dbError(rows.Err(), "Cannot read which rows were imported before")
}

// ImportMapping returns the column mapping saved for files of this shape, or nil.
func (s *Store) ImportMapping(ctx context.Context, shape string) (map[string]string, error) {
	var text string
	rows, err := s.rdb.QueryContext(ctx, `SELECT mapping FROM import_mappings WHERE shape = ?`, shape)
	if err != nil {
		return nil, dbError(err, "Cannot read the remembered column mapping")
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, dbError(rows.Err(), "Cannot read the remembered column mapping")
	}
	if err := rows.Scan(&text); err != nil {
		return nil, dbError(err, "Cannot read the remembered column mapping")
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, nil // a damaged memory is no mapping: the import guesses again
	}
	return m, nil
}

// CreateImportedQuestion saves q as CreateQuestion does, naming src in its
// audit entry and recording src.Key so the row is not imported twice. A key
// already imported is refused, which fails the whole batch.
func (w *writer) CreateImportedQuestion(ctx context.Context, q *assurance.Question, src assurance.ImportSource) error {
	if err := w.deferSearch(ctx); err != nil {
		return err
	}
	if err := w.createQuestion(ctx, q, &src); err != nil {
		return err
	}
	res, err := w.tx.ExecContext(ctx, `INSERT INTO import_rows (key, question_id, ref, file, sha256, row, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`, src.Key, q.ID, q.Ref, src.File, src.SHA256, src.Row, timeText(now()))
	if err != nil {
		return dbError(err, "Cannot record where %s was imported from", q.Ref)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return assurance.Errorf(assurance.ECONFLICT, "Row %d of %s (%s) was already imported into this log", src.Row, src.File, src.Key)
	}
	return nil
}

// SaveImportMapping remembers a column mapping for the shape of file.
func (w *writer) SaveImportMapping(ctx context.Context, shape string, mapping map[string]string) error {
	if err := w.check(); err != nil {
		return err
	}
	b, err := json.Marshal(mapping)
	if err != nil {
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot remember the column mapping")
	}
	_, err = w.tx.ExecContext(ctx, `INSERT INTO import_mappings (shape, mapping, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (shape) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
		shape, string(b), timeText(now()))
	return dbError(err, "Cannot remember the column mapping")
}

// UpdateImportedQuestion saves changes to q as UpdateQuestion does, naming
// src (a workbook of answers) in the audit entry.
func (w *writer) UpdateImportedQuestion(ctx context.Context, q *assurance.Question, src assurance.ImportSource) error {
	if err := w.deferSearchUpdates(ctx); err != nil {
		return err
	}
	return w.updateQuestion(ctx, q, &src)
}

// UpdateImportedAction saves changes to a as UpdateAction does, naming src
// (a workbook of answers) in the audit entry.
func (w *writer) UpdateImportedAction(ctx context.Context, a *assurance.Action, src assurance.ImportSource) error {
	return w.updateAction(ctx, a, &src)
}

// actionRecord is an action as the audit log keeps it when it came from a file.
type actionRecord struct {
	*assurance.Action
	ImportedFrom *assurance.ImportSource `json:",omitempty"`
}
