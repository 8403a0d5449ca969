package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/nhsguardian/guardian/assurance"
)

// querier is what reads need: the pool, or a transaction when a write must
// see its own changes.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type scanner interface{ Scan(dest ...any) error }

// queryAll runs a query and scans every row with scan; what names the rows
// in an error ("the questions").
func queryAll[T any](ctx context.Context, db querier, scan func(scanner) (T, error), what, query string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, query, args...)
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

// writer makes changes inside one transaction, each with its audit entry.
type writer struct {
	s     *Store
	tx    pgx.Tx
	actor string
	done  bool

	// queue, when set (as Restore does), collects inserts and sends them
	// many at a time: copying a whole log is then not one round trip to
	// the server per record. Errors show when the queue is sent.
	queue       *pgx.Batch
	queuedBytes int
}

// exec runs an insert now, or queues it.
func (w *writer) exec(ctx context.Context, sql string, args ...any) error {
	if w.queue == nil {
		_, err := w.tx.Exec(ctx, sql, args...)
		return err
	}
	w.queue.Queue(sql, args...)
	if w.queue.Len() >= 1000 || w.queuedBytes >= 8<<20 {
		return w.flush(ctx)
	}
	return nil
}

// flush sends what is queued.
func (w *writer) flush(ctx context.Context) error {
	if w.queue == nil || w.queue.Len() == 0 {
		return nil
	}
	err := w.tx.SendBatch(ctx, w.queue).Close()
	w.queue, w.queuedBytes = &pgx.Batch{}, 0
	return err
}

var _ assurance.Writer = (*writer)(nil)

var errBatchDone = assurance.Errorf(assurance.EINVALID, "This change was made after its batch had finished, so it was not saved")

// Batch runs fn in one transaction: everything it changes commits together,
// or nothing does.
func (s *Store) Batch(ctx context.Context, fn func(w assurance.Writer) error) error {
	return s.batch(ctx, func(w *writer) error { return fn(w) })
}

func (s *Store) batch(ctx context.Context, fn func(w *writer) error) (err error) {
	if s.readOnly {
		return s.readOnlyError()
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return dbError(err, "Cannot save changes to the shared log")
	}
	w := &writer{s: s, tx: tx, actor: s.currentActor()}
	defer func() {
		w.done = true
		if err != nil {
			tx.Rollback(context.Background())
		}
	}()
	// Changes to one organisation's log take turns: the counters, the
	// version checks and the audit order then need no retries, and two
	// writers can never deadlock. Other organisations are not held up.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE`, s.org); err != nil {
		return dbError(err, "Cannot save changes to the shared log")
	}
	if err := fn(w); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return dbError(err, "Cannot save changes to the shared log")
	}
	return nil
}

// change runs one change in its own transaction; if it fails, *obj is put
// back as it was so that a form can simply try again.
func change[T any](s *Store, ctx context.Context, obj *T, fn func(w *writer) error) error {
	if obj == nil {
		return assurance.Errorf(assurance.EINVALID, "Nothing to save")
	}
	saved := *obj
	err := s.batch(ctx, fn)
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

// counters a writer may take the next number from.
const (
	nextMeeting  = "next_meeting"
	nextQuestion = "next_question"
	nextRef      = "next_ref"
	nextAction   = "next_action"
	nextEvidence = "next_evidence"
	nextBlob     = "next_blob"
	nextAudit    = "next_audit"
)

// next takes the next number from one of the organisation's counters.
func (w *writer) next(ctx context.Context, counter string) (int64, error) {
	var n int64
	err := w.tx.QueryRow(ctx, `UPDATE organisations SET `+counter+` = `+counter+` + 1 WHERE id = $1 RETURNING `+counter+` - 1`, w.s.org).Scan(&n)
	return n, dbError(err, "Cannot save the change")
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
	id, err := w.next(ctx, nextAudit)
	if err != nil {
		return err
	}
	_, err = w.tx.Exec(ctx, `INSERT INTO audit (org_id, id, at, actor, action, object, object_id, question_id, ref, before, after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		w.s.org, id, now(), w.actor, action, object, objectID, questionID, ref, b, a)
	return dbError(err, "Cannot record the change in the audit log")
}

const auditSelect = `SELECT id, at, actor, action, object, object_id, question_id, ref, before, after FROM audit WHERE org_id = $1`

// Audit returns audit entries, newest first.
func (s *Store) Audit(ctx context.Context, f assurance.AuditFilter) ([]*assurance.AuditEntry, error) {
	query, args := auditSelect, []any{s.org}
	add := func(cond string, v any) {
		args = append(args, v)
		query += fmt.Sprintf(cond, len(args))
	}
	if f.QuestionID != 0 {
		add(` AND question_id = $%d`, f.QuestionID)
	}
	if f.Object != "" {
		add(` AND object = $%d`, f.Object)
	}
	if !f.Since.IsZero() {
		add(` AND at >= $%d`, f.Since)
	}
	query += ` ORDER BY id DESC`
	if f.Limit > 0 {
		add(` LIMIT $%d`, f.Limit)
	}
	return queryAll(ctx, s.pool, scanAudit, "the audit log", query, args...)
}

func scanAudit(r scanner) (*assurance.AuditEntry, error) {
	e := &assurance.AuditEntry{}
	err := r.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Object, &e.ObjectID, &e.QuestionID, &e.Ref, &e.Before, &e.After)
	e.At = e.At.UTC()
	return e, err
}

// conflict is the error for a save based on an out-of-date copy of
// something other than a question.
func conflict(what string, at time.Time) error {
	return assurance.Errorf(assurance.ECONFLICT,
		"%s was changed by someone else (at %s) since you opened it. Reopen it to see their changes, then make yours again",
		what, at.Local().Format("15:04 on 2 Jan 2006"))
}

// notFound turns pgx.ErrNoRows into ENOTFOUND; what is such as "question 12".
func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return assurance.Errorf(assurance.ENOTFOUND, "There is no %s in the log (it may have been deleted)", what)
	}
	return dbError(err, "Cannot read %s", what)
}

// dbError turns a database error into an *assurance.Error whose message a
// user can act on; the driver's error stays wrapped for logs.
func dbError(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ae *assurance.Error
	if errors.As(err, &ae) {
		return err
	}
	msg := fmt.Sprintf(format, args...)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "25006": // read_only_sql_transaction
			return assurance.WrapError(assurance.EREADONLY, err, "%s: the shared log is open read-only", msg)
		case pe.Code == "42501": // insufficient_privilege, including row-level security
			return assurance.WrapError(assurance.EREADONLY, err, "%s: your account may not make this change", msg)
		case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03":
			return assurance.WrapError(assurance.ELOCKED, err, "%s: someone else was changing the log at the same moment. Try again", msg)
		case pe.Code == "57014":
			return assurance.WrapError(assurance.EINTERNAL, err, "%s: cancelled", msg)
		case pe.Code == "53300" || pe.Code == "53400":
			return assurance.WrapError(assurance.ELOCKED, err, "%s: the shared log's server is too busy. Try again in a minute", msg)
		case pe.Code == "53100":
			return assurance.WrapError(assurance.EINTERNAL, err, "%s: the shared log's server has run out of disk space. Tell your IT team", msg)
		case pe.Code[:2] == "08" || pe.Code[:2] == "57":
			return assurance.WrapError(assurance.EINTERNAL, err, "%s: the connection to the shared log's server was lost. Try again", msg)
		case pe.Code == "XX001" || pe.Code == "XX002":
			return assurance.WrapError(assurance.ECORRUPT, err, "%s: the shared log's server reports damaged data. Tell your IT team", msg)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return assurance.WrapError(assurance.EINTERNAL, err, "%s: cancelled", msg)
	}
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return assurance.WrapError(assurance.EINTERNAL, err, "%s: the shared log's server could not be reached. Try again", msg)
	}
	return assurance.WrapError(assurance.EINTERNAL, err, "%s", msg)
}

// readOnlyError is returned for every change to a log opened read-only.
func (s *Store) readOnlyError() error {
	return assurance.Errorf(assurance.EREADONLY, "The shared log of %s is open read-only: changes cannot be saved", s.orgName)
}

// now is the timestamp of a change, to the microsecond as PostgreSQL keeps it.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// dateArg stores a date; the zero date is NULL.
func dateArg(d assurance.Date) any {
	if d.IsZero() {
		return nil
	}
	return pgtype.Date{Time: d.Time(), Valid: true}
}

// dateOf reads a stored date; NULL is the zero date.
func dateOf(d pgtype.Date) assurance.Date {
	if !d.Valid {
		return assurance.Date{}
	}
	return assurance.DateOf(d.Time)
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
