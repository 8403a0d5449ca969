package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// querier is what reads need: the read pool, or a transaction when a write
// must see its own changes.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryAll runs a query and scans every row with scan; what names the rows
// in an error ("the questions").
func queryAll[T any](ctx context.Context, db querier, scan func(scanner) (T, error), what, query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, dbError(err, "Cannot read %s", what)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, dbError(err, "Cannot read %s", what)
		}
		out = append(out, v)
	}
	return out, dbError(rows.Err(), "Cannot read %s", what)
}

// writer makes changes inside one transaction. Every change it makes also
// writes its audit entry in that transaction, so the audit log cannot miss a
// change that was saved.
type writer struct {
	s     *Store
	tx    *stmtTx
	actor string
	done  bool
	bulk  *bulkSearch // search indexing deferred to the commit (bulksearch.go)
}

var _ assurance.Writer = (*writer)(nil)

var errBatchDone = assurance.Errorf(assurance.EINVALID, "This change was made after its batch had finished, so it was not saved")

// Batch runs fn in one transaction: everything it changes commits together,
// or nothing does. Objects fn saved keep the IDs they were given even if the
// batch then fails, so discard them on error. fn must change the log only
// through w: the Store's own write methods queue behind the batch, so
// calling one inside fn would wait for ever.
func (s *Store) Batch(ctx context.Context, fn func(w assurance.Writer) error) error {
	return s.batch(ctx, func(w *writer) error { return fn(w) })
}

func (s *Store) batch(ctx context.Context, fn func(w *writer) error) error {
	return s.inTx(ctx, s.useWAL, fn)
}

// attachBatch is batch for attaching a file: it writes with the rollback
// journal when it can (see useRollback), so the file's bytes reach the disk
// once.
func (s *Store) attachBatch(ctx context.Context, fn func(w *writer) error) error {
	mode := s.useWAL
	if attachPlan.rollback {
		mode = s.useRollback
	}
	return s.inTx(ctx, mode, fn)
}

// inTx runs fn in one transaction after mode has chosen the journal.
func (s *Store) inTx(ctx context.Context, mode func(context.Context), fn func(w *writer) error) (err error) {
	if s.readOnly {
		return s.readOnlyError()
	}
	mode(ctx)
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err, "Cannot save changes to %q", s.name())
	}
	w := &writer{s: s, tx: newStmtTx(tx), actor: s.currentActor()}
	defer func() {
		w.done = true
		if err != nil {
			tx.Rollback()
		}
	}()
	if err := fn(w); err != nil {
		return err
	}
	if err := w.finishSearch(ctx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbError(err, "Cannot save changes to %q", s.name())
	}
	return nil
}

// change runs one change in its own transaction; if it fails, *obj is put
// back as it was so that a form can simply try again.
func change[T any](s *Store, ctx context.Context, obj *T, fn func(w *writer) error) error {
	return changeIn(s.batch, ctx, obj, fn)
}

// changeIn is change with the transaction run by run (batch or attachBatch).
func changeIn[T any](run func(context.Context, func(*writer) error) error, ctx context.Context, obj *T, fn func(w *writer) error) error {
	if obj == nil {
		return assurance.Errorf(assurance.EINVALID, "Nothing to save")
	}
	saved := *obj
	err := run(ctx, fn)
	if err != nil {
		*obj = saved
	}
	return err
}

func (w *writer) check() error {
	if w.done {
		return errBatchDone
	}
	return nil
}

// audit records one change. before is nil for a create, after nil for a delete.
func (w *writer) audit(ctx context.Context, action, object string, objectID, questionID int64, ref string, before, after any) error {
	b, err := assurance.AuditRecord(before)
	if err != nil {
		return err
	}
	a, err := assurance.AuditRecord(after)
	if err != nil {
		return err
	}
	_, err = w.tx.ExecContext(ctx, `INSERT INTO audit (at, actor, action, object, object_id, question_id, ref, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		timeText(now()), w.actor, action, object, objectID, questionID, ref, b, a)
	return dbError(err, "Cannot record the change in the audit log")
}

// Audit returns audit entries, newest first.
func (s *Store) Audit(ctx context.Context, f assurance.AuditFilter) ([]*assurance.AuditEntry, error) {
	query := `SELECT id, at, actor, action, object, object_id, question_id, ref, before, after FROM audit WHERE 1 = 1`
	var args []any
	if f.QuestionID != 0 {
		query += ` AND question_id = ?`
		args = append(args, f.QuestionID)
	}
	if f.Object != "" {
		query += ` AND object = ?`
		args = append(args, f.Object)
	}
	if !f.Since.IsZero() {
		query += ` AND at >= ?`
		args = append(args, timeText(f.Since))
	}
	query += ` ORDER BY id DESC`
	if f.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return queryAll(ctx, s.rdb, scanAudit, "the audit log", query, args...)
}

func scanAudit(r scanner) (*assurance.AuditEntry, error) {
	e := &assurance.AuditEntry{}
	err := r.Scan(&e.ID, timeCol{&e.At}, &e.Actor, &e.Action, &e.Object, &e.ObjectID, &e.QuestionID, &e.Ref, &e.Before, &e.After)
	return e, err
}

// conflict is the error for a save based on an out-of-date copy.
func conflict(what string, at time.Time) error {
	return assurance.Errorf(assurance.ECONFLICT,
		"%s was changed by someone else (at %s) since you opened it. Reopen it to see their changes, then make yours again",
		what, at.Local().Format("15:04 on 2 Jan 2006"))
}

// notFound turns sql.ErrNoRows into ENOTFOUND; what is such as "question 12".
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return assurance.Errorf(assurance.ENOTFOUND, "There is no %s in the log (it may have been deleted)", what)
	}
	return dbError(err, "Cannot read %s", what)
}
