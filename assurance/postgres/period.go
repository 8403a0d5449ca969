package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/nhsguardian/guardian/assurance"
)

// Reporting periods behave exactly as in a log file (assurance/sqlite's
// period.go, with the same comments on why); only the SQL differs.

var _ assurance.Periods = (*Store)(nil)

const periodSelect = `SELECT id, name, cadence, starts_on, ends_on, closed_at, closed_by, created_at FROM periods WHERE org_id = $1`

func scanPeriod(r scanner) (*assurance.Period, error) {
	p := &assurance.Period{}
	var starts, ends pgtype.Date
	var closed pgtype.Timestamptz
	err := r.Scan(&p.ID, &p.Name, &p.Cadence, &starts, &ends, &closed, &p.ClosedBy, &p.CreatedAt)
	p.StartsOn, p.EndsOn, p.CreatedAt = dateOf(starts), dateOf(ends), p.CreatedAt.UTC()
	if closed.Valid {
		p.ClosedAt = closed.Time.UTC()
	}
	return p, err
}

// timeArg stores a time; the zero time is NULL.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func (s *Store) getPeriod(ctx context.Context, db querier, id int64) (*assurance.Period, error) {
	p, err := scanPeriod(db.QueryRow(ctx, periodSelect+` AND id = $2`, s.org, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("reporting period %d", id))
	}
	return p, nil
}

// currentPeriod is the latest period started, or nil if there is none.
func (s *Store) currentPeriod(ctx context.Context, db querier) (*assurance.Period, error) {
	p, err := scanPeriod(db.QueryRow(ctx, periodSelect+` ORDER BY id DESC LIMIT 1`, s.org))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return p, dbError(err, "Cannot read the reporting periods")
}

// Periods returns every period, oldest first.
func (s *Store) Periods(ctx context.Context) ([]*assurance.Period, error) {
	return queryAll(ctx, s.pool, scanPeriod, "the reporting periods", periodSelect+` ORDER BY id`, s.org)
}

// CurrentPeriod returns the latest period started, or nil if there is none.
func (s *Store) CurrentPeriod(ctx context.Context) (*assurance.Period, error) {
	return s.currentPeriod(ctx, s.pool)
}

const answerSelect = `SELECT a.question_id, a.period_id, a.response, a.responded_on, a.level, a.comment, a.updated_at,
	q.ref, q.framework, q.area
	FROM question_period_answers a JOIN questions q ON q.org_id = a.org_id AND q.id = a.question_id
	WHERE a.org_id = $1`

func scanAnswer(r scanner) (*assurance.PeriodAnswer, error) {
	a := &assurance.PeriodAnswer{}
	var responded pgtype.Date
	err := r.Scan(&a.QuestionID, &a.PeriodID, &a.Response, &responded, &a.Level, &a.Comment, &a.UpdatedAt,
		&a.Ref, &a.Framework, &a.Area)
	a.RespondedOn, a.UpdatedAt = dateOf(responded), a.UpdatedAt.UTC()
	return a, err
}

// PeriodAnswers returns one question's answers, oldest period first.
func (s *Store) PeriodAnswers(ctx context.Context, questionID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.pool, scanAnswer, "the question's answers by period",
		answerSelect+` AND a.question_id = $2 ORDER BY a.period_id`, s.org, questionID)
}

// AnswersIn returns every question's answer in a period, by question.
func (s *Store) AnswersIn(ctx context.Context, periodID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.pool, scanAnswer, "the period's answers",
		answerSelect+` AND a.period_id = $2 ORDER BY a.question_id`, s.org, periodID)
}

func scanLevel(r scanner) (*assurance.PeriodAnswer, error) {
	a := &assurance.PeriodAnswer{}
	err := r.Scan(&a.QuestionID, &a.PeriodID, &a.Level, &a.Framework, &a.Area)
	return a, err
}

// LevelsIn returns every question's level in a period, with its framework and area only.
func (s *Store) LevelsIn(ctx context.Context, periodID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.pool, scanLevel, "the period's levels",
		`SELECT a.question_id, a.period_id, a.level, q.framework, q.area
		FROM question_period_answers a JOIN questions q ON q.org_id = a.org_id AND q.id = a.question_id
		WHERE a.org_id = $1 AND a.period_id = $2 ORDER BY a.question_id`, s.org, periodID)
}

// AreaLevelsIn returns each distinct framework, area and level given in a period.
func (s *Store) AreaLevelsIn(ctx context.Context, periodID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.pool, scanLevel, "the period's levels",
		`SELECT 0::bigint, a.period_id, a.level, q.framework, q.area
		FROM question_period_answers a JOIN questions q ON q.org_id = a.org_id AND q.id = a.question_id
		WHERE a.org_id = $1 AND a.period_id = $2
		GROUP BY q.framework, q.area, a.level, a.period_id ORDER BY q.framework, q.area, a.level`, s.org, periodID)
}

func (s *Store) getAnswer(ctx context.Context, db querier, questionID, periodID int64) (*assurance.PeriodAnswer, error) {
	a, err := scanAnswer(db.QueryRow(ctx, answerSelect+` AND a.question_id = $2 AND a.period_id = $3`, s.org, questionID, periodID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return a, dbError(err, "Cannot read the question's answer in the period")
}

// StartPeriod starts p as the current period; see assurance.Periods.
func (s *Store) StartPeriod(ctx context.Context, p *assurance.Period) error {
	return change(s, ctx, p, func(w *writer) error { return w.startPeriod(ctx, p) })
}

func (w *writer) startPeriod(ctx context.Context, p *assurance.Period) error {
	if err := w.check(); err != nil {
		return err
	}
	prev, err := w.s.currentPeriod(ctx, w.tx)
	if err != nil {
		return err
	}
	if err := p.PrepareStart(prev); err != nil {
		return err
	}
	var taken bool
	if err := w.tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM periods WHERE org_id = $1 AND lower(name) = lower($2))`,
		w.s.org, p.Name).Scan(&taken); err != nil {
		return dbError(err, "Cannot start the period")
	}
	if taken {
		return p.NameTakenError()
	}
	t := now()
	p.CreatedAt, p.ClosedAt, p.ClosedBy = t, time.Time{}, ""
	// Periods are never deleted and changes to a log take turns (batch), so
	// the next id is one more than the largest.
	if err := w.tx.QueryRow(ctx, `INSERT INTO periods (org_id, id, name, cadence, starts_on, ends_on, created_at)
		SELECT $1, coalesce(max(id), 0) + 1, $2, $3, $4, $5, $6 FROM periods WHERE org_id = $1 RETURNING id`,
		w.s.org, p.Name, p.Cadence, dateArg(p.StartsOn), dateArg(p.EndsOn), t).Scan(&p.ID); err != nil {
		return dbError(err, "Cannot start the period %q", p.Name)
	}
	var carried int64
	if prev == nil {
		// The first period takes the log as it stands.
		tag, err := w.tx.Exec(ctx, `INSERT INTO question_period_answers
			(org_id, question_id, period_id, response, responded_on, level, comment, updated_at)
			SELECT org_id, id, $2, response, responded_on, level, comment, $3 FROM questions WHERE org_id = $1`, w.s.org, p.ID, t)
		if err != nil {
			return dbError(err, "Cannot start the period %q", p.Name)
		}
		carried = tag.RowsAffected()
	} else if carried, err = w.carryForward(ctx, p, t); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectPeriod, p.ID, 0, "", nil, assurance.PeriodRecord{Period: p, Carried: int(carried)})
}

// carryForward asks the open and recurring questions again in p: each gets
// an empty answer there and its own answer fields emptied, recorded in the
// audit log as a change to the question like any other.
func (w *writer) carryForward(ctx context.Context, p *assurance.Period, t time.Time) (int64, error) {
	qs, err := queryAll(ctx, w.tx, scanQuestion, "the questions", questionSelect+` AND (q.status <> 'closed' OR q.recurring) ORDER BY q.id`, w.s.org)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, old := range qs {
		if !old.CarriedForward() {
			continue
		}
		q := *old
		q.AskAgain()
		q.Version, q.UpdatedAt = old.Version+1, t
		if _, err := w.tx.Exec(ctx, `UPDATE questions SET response = $3, responded_on = $4, level = $5, comment = $6, status = $7,
			version = $8, updated_at = $9 WHERE org_id = $1 AND id = $2`,
			w.s.org, q.ID, q.Response, dateArg(q.RespondedOn), q.Level, q.Comment, q.Status, q.Version, t); err != nil {
			return 0, dbError(err, "Cannot carry %s into the period %q", q.Ref, p.Name)
		}
		if _, err := w.tx.Exec(ctx, `INSERT INTO question_period_answers (org_id, question_id, period_id, level, updated_at)
			VALUES ($1, $2, $3, $4, $5)`, w.s.org, q.ID, p.ID, q.Level, t); err != nil {
			return 0, dbError(err, "Cannot carry %s into the period %q", q.Ref, p.Name)
		}
		if err := w.audit(ctx, assurance.AuditUpdate, assurance.ObjectQuestion, q.ID, q.ID, q.Ref, old, &q); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// ClosePeriod freezes a period's answers.
func (s *Store) ClosePeriod(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error { return w.setPeriodClosed(ctx, id, true) })
}

// ReopenPeriod lets a closed period's answers change again.
func (s *Store) ReopenPeriod(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error { return w.setPeriodClosed(ctx, id, false) })
}

func (w *writer) setPeriodClosed(ctx context.Context, id int64, closed bool) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := w.s.getPeriod(ctx, w.tx, id)
	if err != nil {
		return err
	}
	if old.Closed() == closed {
		return old.AlreadyError()
	}
	p := *old
	action := assurance.AuditReopen
	p.ClosedAt, p.ClosedBy = time.Time{}, ""
	if closed {
		p.ClosedAt, p.ClosedBy = now(), w.actor
		action = assurance.AuditClose
	}
	if _, err := w.tx.Exec(ctx, `UPDATE periods SET closed_at = $3, closed_by = $4 WHERE org_id = $1 AND id = $2`,
		w.s.org, id, timeArg(p.ClosedAt), p.ClosedBy); err != nil {
		return dbError(err, "Cannot change the period %q", old.Name)
	}
	return w.audit(ctx, action, assurance.ObjectPeriod, id, 0, "", assurance.PeriodRecord{Period: old}, assurance.PeriodRecord{Period: &p})
}

// syncAnswer keeps the current period's answer for q in step with q's own
// answer fields, after q was created (old nil) or changed from old, as
// assurance.CurrentAnswer decides.
func (w *writer) syncAnswer(ctx context.Context, q, old *assurance.Question) error {
	p, err := w.s.currentPeriod(ctx, w.tx)
	if err != nil || p == nil {
		return err
	}
	have, err := w.s.getAnswer(ctx, w.tx, q.ID, p.ID)
	if err != nil {
		return err
	}
	cur, write, err := assurance.CurrentAnswer(p, have, q, old)
	if !write {
		return err
	}
	var query string
	switch {
	case have == nil:
		query = `INSERT INTO question_period_answers (org_id, question_id, period_id, response, responded_on, level, comment, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	default:
		query = `UPDATE question_period_answers SET response = $4, responded_on = $5, level = $6, comment = $7, updated_at = $8
			WHERE org_id = $1 AND question_id = $2 AND period_id = $3`
	}
	_, err = w.tx.Exec(ctx, query, w.s.org, q.ID, p.ID, cur.Response, dateArg(cur.RespondedOn), cur.Level, cur.Comment, now())
	return dbError(err, "Cannot save the answer to %s in the period %q", q.Ref, p.Name)
}

// dropAnswers removes a question's answers before the question is deleted,
// refusing if a closed period holds one: a closed period never changes.
func (w *writer) dropAnswers(ctx context.Context, q *assurance.Question) error {
	var name string
	err := w.tx.QueryRow(ctx, `SELECT p.name FROM question_period_answers a JOIN periods p ON p.org_id = a.org_id AND p.id = a.period_id
		WHERE a.org_id = $1 AND a.question_id = $2 AND p.closed_at IS NOT NULL ORDER BY p.id LIMIT 1`, w.s.org, q.ID).Scan(&name)
	switch {
	case err == nil:
		return (&assurance.Period{Name: name}).ClosedError("Deleting " + q.Ref)
	case !errors.Is(err, pgx.ErrNoRows):
		return dbError(err, "Cannot delete %s", q.Ref)
	}
	_, err = w.tx.Exec(ctx, `DELETE FROM question_period_answers WHERE org_id = $1 AND question_id = $2`, w.s.org, q.ID)
	return dbError(err, "Cannot delete %s", q.Ref)
}

const maturitySelect = `SELECT period_id, framework, area, level, comment, updated_at, updated_by FROM area_maturity WHERE org_id = $1`

func scanMaturity(r scanner) (*assurance.AreaMaturity, error) {
	m := &assurance.AreaMaturity{}
	err := r.Scan(&m.PeriodID, &m.Framework, &m.Area, &m.Level, &m.Comment, &m.UpdatedAt, &m.UpdatedBy)
	m.UpdatedAt = m.UpdatedAt.UTC()
	return m, err
}

// Maturity returns the self-assessed maturity of each area in a period.
func (s *Store) Maturity(ctx context.Context, periodID int64) ([]*assurance.AreaMaturity, error) {
	return queryAll(ctx, s.pool, scanMaturity, "the maturity of the areas",
		maturitySelect+` AND period_id = $2 ORDER BY framework, area`, s.org, periodID)
}

// SetMaturity records an area's maturity in a period.
func (s *Store) SetMaturity(ctx context.Context, m *assurance.AreaMaturity) error {
	return change(s, ctx, m, func(w *writer) error { return w.setMaturity(ctx, m) })
}

func (w *writer) setMaturity(ctx context.Context, m *assurance.AreaMaturity) error {
	if err := w.check(); err != nil {
		return err
	}
	if m.Framework == "" && w.s.cat != nil {
		m.Framework = w.s.cat.Default().ID
	}
	if err := m.Validate(w.s.cat); err != nil {
		return err
	}
	p, err := w.s.getPeriod(ctx, w.tx, m.PeriodID)
	if err != nil {
		return err
	}
	if p.Closed() {
		return p.ClosedError("The maturity of area " + m.Area)
	}
	old, err := scanMaturity(w.tx.QueryRow(ctx, maturitySelect+` AND period_id = $2 AND framework = $3 AND area = $4`,
		w.s.org, m.PeriodID, m.Framework, m.Area))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		old = nil
	case err != nil:
		return dbError(err, "Cannot read the maturity of area %s", m.Area)
	}
	m.UpdatedAt, m.UpdatedBy = now(), w.actor
	if err := w.putMaturity(ctx, m); err != nil {
		return err
	}
	if old == nil {
		return w.audit(ctx, assurance.AuditCreate, assurance.ObjectMaturity, m.PeriodID, 0, "", nil, m)
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectMaturity, m.PeriodID, 0, "", old, m)
}

// putMaturity stores m as it is, replacing what its period held for its area.
func (w *writer) putMaturity(ctx context.Context, m *assurance.AreaMaturity) error {
	err := w.exec(ctx, `INSERT INTO area_maturity (org_id, period_id, framework, area, level, comment, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (org_id, period_id, framework, area) DO UPDATE SET level = excluded.level, comment = excluded.comment,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		w.s.org, m.PeriodID, m.Framework, m.Area, m.Level, m.Comment, m.UpdatedAt, m.UpdatedBy)
	return dbError(err, "Cannot save the maturity of area %s", m.Area)
}

// SetPeriodAnswer corrects a question's answer in an open period.
func (s *Store) SetPeriodAnswer(ctx context.Context, a *assurance.PeriodAnswer) error {
	return change(s, ctx, a, func(w *writer) error { return w.setPeriodAnswer(ctx, a) })
}

func (w *writer) setPeriodAnswer(ctx context.Context, a *assurance.PeriodAnswer) error {
	if err := w.check(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if err := assurance.CheckDates("The answer", map[string]assurance.Date{assurance.FieldRespondedOn: a.RespondedOn}); err != nil {
		return err
	}
	p, err := w.s.getPeriod(ctx, w.tx, a.PeriodID)
	if err != nil {
		return err
	}
	q, err := w.s.getQuestion(ctx, w.tx, a.QuestionID)
	if err != nil {
		return err
	}
	if p.Closed() {
		return p.ClosedError("The answer to " + q.Ref)
	}
	cur, err := w.s.currentPeriod(ctx, w.tx)
	if err != nil {
		return err
	}
	if cur.ID == p.ID {
		// The current period's answer is the question's own.
		q.Response, q.RespondedOn, q.Level, q.Comment = a.Response, a.RespondedOn, a.Level, a.Comment
		return w.UpdateQuestion(ctx, q)
	}
	old, err := w.s.getAnswer(ctx, w.tx, q.ID, p.ID)
	if err != nil {
		return err
	}
	if old == nil {
		return assurance.Errorf(assurance.ENOTFOUND, "%s was not asked in the period %q, so it has no answer there to correct", q.Ref, p.Name)
	}
	a.Ref, a.Framework, a.Area, a.UpdatedAt = q.Ref, q.Framework, q.Area, now()
	if assurance.SameAnswer(old, a) {
		return nil
	}
	if _, err := w.tx.Exec(ctx, `UPDATE question_period_answers SET response = $4, responded_on = $5, level = $6, comment = $7,
		updated_at = $8 WHERE org_id = $1 AND question_id = $2 AND period_id = $3`,
		w.s.org, q.ID, p.ID, a.Response, dateArg(a.RespondedOn), a.Level, a.Comment, a.UpdatedAt); err != nil {
		return dbError(err, "Cannot save the answer to %s in the period %q", q.Ref, p.Name)
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectAnswer, p.ID, q.ID, q.Ref, old, a)
}
