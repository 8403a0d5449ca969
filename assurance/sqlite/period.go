package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.Periods = (*Store)(nil)

const periodSelect = `SELECT id, name, cadence, starts_on, ends_on, closed_at, closed_by, created_at FROM periods`

func scanPeriod(r scanner) (*assurance.Period, error) {
	p := &assurance.Period{}
	err := r.Scan(&p.ID, &p.Name, &p.Cadence, dateCol{&p.StartsOn}, dateCol{&p.EndsOn},
		timeCol{&p.ClosedAt}, &p.ClosedBy, timeCol{&p.CreatedAt})
	return p, err
}

func getPeriod(ctx context.Context, db querier, id int64) (*assurance.Period, error) {
	p, err := scanPeriod(db.QueryRowContext(ctx, periodSelect+` WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("reporting period %d", id))
	}
	return p, nil
}

// currentPeriod is the latest period started, or nil if there is none. Start
// dates only ever increase (StartPeriod checks), so the latest id is it.
func currentPeriod(ctx context.Context, db querier) (*assurance.Period, error) {
	p, err := scanPeriod(db.QueryRowContext(ctx, periodSelect+` ORDER BY id DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return p, dbError(err, "Cannot read the reporting periods")
}

// Periods returns every period, oldest first.
func (s *Store) Periods(ctx context.Context) ([]*assurance.Period, error) {
	return queryAll(ctx, s.rdb, scanPeriod, "the reporting periods", periodSelect+` ORDER BY id`)
}

// CurrentPeriod returns the latest period started, or nil if there is none.
func (s *Store) CurrentPeriod(ctx context.Context) (*assurance.Period, error) {
	return currentPeriod(ctx, s.rdb)
}

const answerSelect = `SELECT a.question_id, a.period_id, a.response, a.responded_on, a.level, a.comment, a.updated_at,
	q.ref, q.framework, q.area
	FROM question_period_answers a JOIN questions q ON q.id = a.question_id`

func scanAnswer(r scanner) (*assurance.PeriodAnswer, error) {
	a := &assurance.PeriodAnswer{}
	err := r.Scan(&a.QuestionID, &a.PeriodID, &a.Response, dateCol{&a.RespondedOn}, &a.Level, &a.Comment,
		timeCol{&a.UpdatedAt}, &a.Ref, &a.Framework, &a.Area)
	return a, err
}

// PeriodAnswers returns one question's answers, oldest period first.
func (s *Store) PeriodAnswers(ctx context.Context, questionID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.rdb, scanAnswer, "the question's answers by period",
		answerSelect+` WHERE a.question_id = ? ORDER BY a.period_id`, questionID)
}

// AnswersIn returns every question's answer in a period, by question.
func (s *Store) AnswersIn(ctx context.Context, periodID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.rdb, scanAnswer, "the period's answers",
		answerSelect+` WHERE a.period_id = ? ORDER BY a.question_id`, periodID)
}

// levelSelect packs each row into one text column, as questionSelect
// does: one column fetched instead of five halves the time on a large log.
const levelSelect = `SELECT concat_ws(x'1f', a.question_id, a.period_id, a.level, replace(q.framework, x'1f', ' '), replace(q.area, x'1f', ' '))
	FROM question_period_answers a JOIN questions q ON q.id = a.question_id`

func scanLevel(r scanner) (*assurance.PeriodAnswer, error) {
	var packed string
	if err := r.Scan(&packed); err != nil {
		return nil, err
	}
	f := strings.Split(packed, "\x1f")
	if len(f) != 5 {
		return nil, fmt.Errorf("stored answer %.20q has %d fields, want 5", packed, len(f))
	}
	a := &assurance.PeriodAnswer{Level: assurance.AssuranceLevel(f[2]), Framework: f[3], Area: f[4]}
	p := fieldParser{}
	p.int(&a.QuestionID, f[0])
	p.int(&a.PeriodID, f[1])
	return a, p.err
}

// LevelsIn returns every question's level in a period, with its framework and area only.
func (s *Store) LevelsIn(ctx context.Context, periodID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.rdb, scanLevel, "the period's levels", levelSelect+` WHERE a.period_id = ? ORDER BY a.question_id`, periodID)
}

// AreaLevelsIn returns each distinct framework, area and level given in a period.
func (s *Store) AreaLevelsIn(ctx context.Context, periodID int64) ([]*assurance.PeriodAnswer, error) {
	return queryAll(ctx, s.rdb, scanLevel, "the period's levels",
		`SELECT concat_ws(x'1f', 0, a.period_id, a.level, replace(q.framework, x'1f', ' '), replace(q.area, x'1f', ' '))
		FROM question_period_answers a JOIN questions q ON q.id = a.question_id
		WHERE a.period_id = ? GROUP BY q.framework, q.area, a.level ORDER BY q.framework, q.area, a.level`, periodID)
}

func getAnswer(ctx context.Context, db querier, questionID, periodID int64) (*assurance.PeriodAnswer, error) {
	a, err := scanAnswer(db.QueryRowContext(ctx, answerSelect+` WHERE a.question_id = ? AND a.period_id = ?`, questionID, periodID))
	if errors.Is(err, sql.ErrNoRows) {
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
	prev, err := currentPeriod(ctx, w.tx)
	if err != nil {
		return err
	}
	if err := p.PrepareStart(prev); err != nil {
		return err
	}
	var taken int
	if err := w.tx.QueryRowContext(ctx, `SELECT count(*) FROM periods WHERE name = ?`, p.Name).Scan(&taken); err != nil {
		return dbError(err, "Cannot start the period")
	}
	if taken > 0 {
		return p.NameTakenError()
	}
	t := now()
	p.CreatedAt, p.ClosedAt, p.ClosedBy = t, time.Time{}, ""
	w.forgetPeriod()
	res, err := w.tx.ExecContext(ctx, `INSERT INTO periods (name, cadence, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?)`,
		p.Name, p.Cadence, dateText(p.StartsOn), dateText(p.EndsOn), timeText(t))
	if err != nil {
		return dbError(err, "Cannot start the period %q", p.Name)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return dbError(err, "Cannot start the period %q", p.Name)
	}
	var carried int64
	if prev == nil {
		// The first period takes the log as it stands: every answer given
		// so far is this period's.
		res, err := w.tx.ExecContext(ctx, `INSERT INTO question_period_answers
			(question_id, period_id, response, responded_on, level, comment, updated_at)
			SELECT id, ?, response, responded_on, level, comment, ? FROM questions`, p.ID, timeText(t))
		if err == nil {
			carried, err = res.RowsAffected()
		}
		if err != nil {
			return dbError(err, "Cannot start the period %q", p.Name)
		}
	} else if carried, err = w.carryForward(ctx, p, t); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectPeriod, p.ID, 0, "", nil, assurance.PeriodRecord{Period: p, Carried: int(carried)})
}

// carryForward asks the open and recurring questions again in p: each gets
// an empty answer there and its own answer fields emptied (the period
// before keeps what they held), recorded in the audit log as a change to
// the question like any other.
func (w *writer) carryForward(ctx context.Context, p *assurance.Period, t time.Time) (int64, error) {
	qs, err := queryAll(ctx, w.tx, scanQuestion, "the questions", questionSelect+` WHERE q.status <> 'closed' OR q.recurring = 1`)
	if err != nil {
		return 0, err
	}
	// Prepared once: a large log carries thousands of questions.
	update, err := w.tx.PrepareContext(ctx, `UPDATE questions SET response = ?, responded_on = ?, level = ?, comment = ?,
		status = ?, version = ?, updated_at = ? WHERE id = ?`)
	if err != nil {
		return 0, dbError(err, "Cannot carry the questions into the period %q", p.Name)
	}
	defer update.Close()
	insert, err := w.tx.PrepareContext(ctx, `INSERT INTO question_period_answers (question_id, period_id, level, updated_at)
		VALUES (?, ?, ?, ?)`)
	if err != nil {
		return 0, dbError(err, "Cannot carry the questions into the period %q", p.Name)
	}
	defer insert.Close()
	var n int64
	for _, old := range qs {
		if !old.CarriedForward() {
			continue
		}
		q := *old
		q.AskAgain()
		q.Version, q.UpdatedAt = old.Version+1, t
		if _, err := update.ExecContext(ctx, q.Response, dateText(q.RespondedOn), q.Level, q.Comment, q.Status, q.Version, timeText(t), q.ID); err != nil {
			return 0, dbError(err, "Cannot carry %s into the period %q", q.Ref, p.Name)
		}
		if _, err := insert.ExecContext(ctx, q.ID, p.ID, q.Level, timeText(t)); err != nil {
			return 0, dbError(err, "Cannot carry %s into the period %q", q.Ref, p.Name)
		}
		if err := w.audit(ctx, assurance.AuditUpdate, assurance.ObjectQuestion, q.ID, q.ID, q.Ref,
			old, &q); err != nil {
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
	old, err := getPeriod(ctx, w.tx, id)
	if err != nil {
		return err
	}
	if old.Closed() == closed {
		return old.AlreadyError()
	}
	p := *old
	action, at := assurance.AuditReopen, ""
	p.ClosedAt, p.ClosedBy = time.Time{}, ""
	if closed {
		p.ClosedAt, p.ClosedBy = now(), w.actor
		action, at = assurance.AuditClose, timeText(p.ClosedAt)
	}
	w.forgetPeriod()
	if _, err := w.tx.ExecContext(ctx, `UPDATE periods SET closed_at = ?, closed_by = ? WHERE id = ?`, at, p.ClosedBy, id); err != nil {
		return dbError(err, "Cannot change the period %q", old.Name)
	}
	return w.audit(ctx, action, assurance.ObjectPeriod, id, 0, "", assurance.PeriodRecord{Period: old}, assurance.PeriodRecord{Period: &p})
}

// syncAnswer keeps the current period's answer for q in step with q's own
// answer fields, after q was created (old nil) or changed from old, as
// assurance.CurrentAnswer decides.
func (w *writer) syncAnswer(ctx context.Context, q, old *assurance.Question) error {
	p, err := w.currentPeriod(ctx)
	if err != nil || p == nil {
		return err
	}
	have, err := getAnswer(ctx, w.tx, q.ID, p.ID)
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
		query = `INSERT INTO question_period_answers (response, responded_on, level, comment, updated_at, question_id, period_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`
	default:
		query = `UPDATE question_period_answers SET response = ?, responded_on = ?, level = ?, comment = ?, updated_at = ?
			WHERE question_id = ? AND period_id = ?`
	}
	_, err = w.tx.ExecContext(ctx, query, cur.Response, dateText(cur.RespondedOn), cur.Level, cur.Comment,
		timeText(now()), q.ID, p.ID)
	return dbError(err, "Cannot save the answer to %s in the period %q", q.Ref, p.Name)
}

// dropAnswers removes a question's answers before the question is deleted,
// refusing if a closed period holds one: a closed period never changes.
func (w *writer) dropAnswers(ctx context.Context, q *assurance.Question) error {
	var name string
	err := w.tx.QueryRowContext(ctx, `SELECT p.name FROM question_period_answers a JOIN periods p ON p.id = a.period_id
		WHERE a.question_id = ? AND p.closed_at <> '' ORDER BY p.id LIMIT 1`, q.ID).Scan(&name)
	switch {
	case err == nil:
		return (&assurance.Period{Name: name}).ClosedError("Deleting " + q.Ref)
	case !errors.Is(err, sql.ErrNoRows):
		return dbError(err, "Cannot delete %s", q.Ref)
	}
	_, err = w.tx.ExecContext(ctx, `DELETE FROM question_period_answers WHERE question_id = ?`, q.ID)
	return dbError(err, "Cannot delete %s", q.Ref)
}

const maturitySelect = `SELECT period_id, framework, area, level, comment, updated_at, updated_by FROM area_maturity`

func scanMaturity(r scanner) (*assurance.AreaMaturity, error) {
	m := &assurance.AreaMaturity{}
	err := r.Scan(&m.PeriodID, &m.Framework, &m.Area, &m.Level, &m.Comment, timeCol{&m.UpdatedAt}, &m.UpdatedBy)
	return m, err
}

// Maturity returns the self-assessed maturity of each area in a period.
func (s *Store) Maturity(ctx context.Context, periodID int64) ([]*assurance.AreaMaturity, error) {
	return queryAll(ctx, s.rdb, scanMaturity, "the maturity of the areas",
		maturitySelect+` WHERE period_id = ? ORDER BY framework, area`, periodID)
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
	p, err := getPeriod(ctx, w.tx, m.PeriodID)
	if err != nil {
		return err
	}
	if p.Closed() {
		return p.ClosedError("The maturity of area " + m.Area)
	}
	old, err := scanMaturity(w.tx.QueryRowContext(ctx, maturitySelect+` WHERE period_id = ? AND framework = ? AND area = ?`,
		m.PeriodID, m.Framework, m.Area))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		old = nil
	case err != nil:
		return dbError(err, "Cannot read the maturity of area %s", m.Area)
	}
	m.UpdatedAt, m.UpdatedBy = now(), w.actor
	_, err = w.tx.ExecContext(ctx, `INSERT INTO area_maturity (period_id, framework, area, level, comment, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (period_id, framework, area) DO UPDATE SET level = excluded.level, comment = excluded.comment,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		m.PeriodID, m.Framework, m.Area, m.Level, m.Comment, timeText(m.UpdatedAt), m.UpdatedBy)
	if err != nil {
		return dbError(err, "Cannot save the maturity of area %s", m.Area)
	}
	if old == nil {
		return w.audit(ctx, assurance.AuditCreate, assurance.ObjectMaturity, m.PeriodID, 0, "", nil, m)
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectMaturity, m.PeriodID, 0, "", old, m)
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
	p, err := getPeriod(ctx, w.tx, a.PeriodID)
	if err != nil {
		return err
	}
	q, err := getQuestion(ctx, w.tx, a.QuestionID)
	if err != nil {
		return err
	}
	if p.Closed() {
		return p.ClosedError("The answer to " + q.Ref)
	}
	cur, err := currentPeriod(ctx, w.tx)
	if err != nil {
		return err
	}
	if cur.ID == p.ID {
		// The current period's answer is the question's own.
		q.Response, q.RespondedOn, q.Level, q.Comment = a.Response, a.RespondedOn, a.Level, a.Comment
		return w.UpdateQuestion(ctx, q)
	}
	old, err := getAnswer(ctx, w.tx, q.ID, p.ID)
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
	if _, err := w.tx.ExecContext(ctx, `UPDATE question_period_answers SET response = ?, responded_on = ?, level = ?, comment = ?,
		updated_at = ? WHERE question_id = ? AND period_id = ?`,
		a.Response, dateText(a.RespondedOn), a.Level, a.Comment, timeText(a.UpdatedAt), q.ID, p.ID); err != nil {
		return dbError(err, "Cannot save the answer to %s in the period %q", q.Ref, p.Name)
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectAnswer, p.ID, q.ID, q.Ref, old, a)
}
