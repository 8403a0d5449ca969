package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/nhsguardian/guardian/assurance"
)

// questionSelect reads questions with their evidence and open-action counts
// in one query.
const questionSelect = `SELECT q.id, q.ref, q.framework, q.area, q.text, q.asked_of, q.raised_on, coalesce(q.meeting_id, 0),
	q.due_on, q.status, q.response, q.responded_on, q.level, q.comment, q.recurring, q.version, q.created_at, q.updated_at,
	(SELECT count(*) FROM evidence e WHERE e.org_id = q.org_id AND e.question_id = q.id),
	(SELECT count(*) FROM actions a WHERE a.org_id = q.org_id AND a.question_id = q.id AND a.done_on IS NULL)
FROM questions q WHERE q.org_id = $1`

func scanQuestion(r scanner) (*assurance.Question, error) {
	q := &assurance.Question{}
	var raised, due, responded pgtype.Date
	var ev, open int64
	err := r.Scan(&q.ID, &q.Ref, &q.Framework, &q.Area, &q.Text, &q.AskedOf, &raised, &q.MeetingID,
		&due, &q.Status, &q.Response, &responded, &q.Level, &q.Comment, &q.Recurring, &q.Version, &q.CreatedAt, &q.UpdatedAt, &ev, &open)
	q.RaisedOn, q.DueOn, q.RespondedOn = dateOf(raised), dateOf(due), dateOf(responded)
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	q.EvidenceCount, q.OpenActions = int(ev), int(open)
	return q, err
}

func (s *Store) getQuestion(ctx context.Context, db querier, id int64) (*assurance.Question, error) {
	q, err := scanQuestion(db.QueryRow(ctx, questionSelect+` AND q.id = $2`, s.org, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("question %d", id))
	}
	return q, nil
}

// Question returns the question with the given id.
func (s *Store) Question(ctx context.Context, id int64) (*assurance.Question, error) {
	return s.getQuestion(ctx, s.pool, id)
}

// QuestionByRef returns the question with the given reference, such as Q-0042.
func (s *Store) QuestionByRef(ctx context.Context, ref string) (*assurance.Question, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	q, err := scanQuestion(s.pool.QueryRow(ctx, questionSelect+` AND q.ref = $2`, s.org, ref))
	if err != nil {
		return nil, notFound(err, "question "+ref)
	}
	return q, nil
}

// Questions returns the questions f selects, in reference order.
func (s *Store) Questions(ctx context.Context, f assurance.QuestionFilter) ([]*assurance.Question, error) {
	query, args := questionSelect, []any{s.org}
	add := func(cond string, a ...any) {
		for _, v := range a {
			args = append(args, v)
			cond = strings.Replace(cond, "$?", fmt.Sprintf("$%d", len(args)), 1)
		}
		query += ` AND ` + cond
	}
	if f.Framework != "" {
		add(`q.framework = $?`, f.Framework)
	}
	if f.Driver != "" {
		add(`left(q.area, $?) = $?`, len(f.Driver)+1, f.Driver+".")
	}
	if f.Area != "" {
		add(`q.area = $?`, f.Area)
	}
	if len(f.Statuses) > 0 {
		add(`q.status = ANY($?::text[])`, strs(f.Statuses))
	}
	if len(f.Levels) > 0 {
		add(`q.level = ANY($?::text[])`, strs(f.Levels))
	}
	if f.MeetingID != 0 {
		add(`q.meeting_id = $?`, f.MeetingID)
	}
	if !f.OverdueOn.IsZero() {
		// Matches Question.Overdue.
		add(`q.status IN ('draft', 'asked') AND q.due_on IS NOT NULL AND q.due_on < $?`, dateArg(f.OverdueOn))
	}
	if f.OpenOnly {
		add(`q.status <> 'closed'`)
	}
	if f.IDs != nil {
		add(`q.id = ANY($?::bigint[])`, f.IDs)
	}
	query += ` ORDER BY q.id`
	return queryAll(ctx, s.pool, scanQuestion, "the questions", query, args...)
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

// prepareQuestion normalises and validates q for saving.
func (w *writer) prepareQuestion(ctx context.Context, q *assurance.Question) error {
	if err := w.check(); err != nil {
		return err
	}
	q.Normalise()
	if q.Framework == "" && w.s.cat != nil {
		q.Framework = w.s.cat.Default().ID
	}
	if err := q.Validate(w.s.cat); err != nil {
		return err
	}
	if err := assurance.CheckDates("The question", map[string]assurance.Date{assurance.FieldRaisedOn: q.RaisedOn,
		assurance.FieldDueOn: q.DueOn, assurance.FieldRespondedOn: q.RespondedOn}); err != nil {
		return err
	}
	if q.MeetingID != 0 {
		if _, err := w.s.getMeeting(ctx, w.tx, q.MeetingID); err != nil {
			if assurance.ErrorCode(err) == assurance.ENOTFOUND {
				return &assurance.Error{Code: assurance.EINVALID,
					Message: "The question cannot be saved: the meeting it was raised at is no longer in the log.",
					Fields:  map[string]string{assurance.FieldMeeting: "This meeting is no longer in the log; choose another."}}
			}
			return err
		}
	}
	return nil
}

// CreateQuestion saves a new question, giving it its ID and the next reference.
func (w *writer) CreateQuestion(ctx context.Context, q *assurance.Question) error {
	if err := w.prepareQuestion(ctx, q); err != nil {
		return err
	}
	id, err := w.next(ctx, nextQuestion)
	if err != nil {
		return err
	}
	seq, err := w.next(ctx, nextRef)
	if err != nil {
		return err
	}
	t := now()
	q.ID, q.Ref, q.Version, q.CreatedAt, q.UpdatedAt = id, assurance.FormatRef(seq), 1, t, t
	if err := w.insertQuestion(ctx, q, seq); err != nil {
		return err
	}
	q.EvidenceCount, q.OpenActions = 0, 0
	if err := w.syncAnswer(ctx, q, nil); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectQuestion, q.ID, q.ID, q.Ref, nil, q)
}

func (w *writer) insertQuestion(ctx context.Context, q *assurance.Question, seq int64) error {
	err := w.exec(ctx, `INSERT INTO questions (org_id, id, seq, ref, framework, area, text, asked_of, raised_on,
		meeting_id, due_on, status, response, responded_on, level, comment, recurring, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		w.s.org, q.ID, seq, q.Ref, q.Framework, q.Area, q.Text, q.AskedOf, dateArg(q.RaisedOn),
		nullID(q.MeetingID), dateArg(q.DueOn), q.Status, q.Response, dateArg(q.RespondedOn), q.Level, q.Comment,
		q.Recurring, q.Version, q.CreatedAt, q.UpdatedAt)
	return dbError(err, "Cannot save the question")
}

// UpdateQuestion saves changes to q, refusing with ECONFLICT, saying who
// changed it first and when, if the stored question has moved on from
// q.Version.
func (w *writer) UpdateQuestion(ctx context.Context, q *assurance.Question) error {
	if err := w.prepareQuestion(ctx, q); err != nil {
		return err
	}
	old, err := w.s.getQuestion(ctx, w.tx, q.ID)
	if err != nil {
		return err
	}
	if old.Version != q.Version {
		return w.questionConflict(ctx, q, old)
	}
	if sameQuestion(old, q) {
		*q = *old // saving an unchanged form is not a change: no new version, no audit entry
		return nil
	}
	t := now()
	_, err = w.tx.Exec(ctx, `UPDATE questions SET framework = $3, area = $4, text = $5, asked_of = $6, raised_on = $7,
		meeting_id = $8, due_on = $9, status = $10, response = $11, responded_on = $12, level = $13, comment = $14,
		recurring = $16, version = version + 1, updated_at = $15
		WHERE org_id = $1 AND id = $2`,
		w.s.org, q.ID, q.Framework, q.Area, q.Text, q.AskedOf, dateArg(q.RaisedOn),
		nullID(q.MeetingID), dateArg(q.DueOn), q.Status, q.Response, dateArg(q.RespondedOn), q.Level, q.Comment, t, q.Recurring)
	if err != nil {
		return dbError(err, "Cannot save %s", old.Ref)
	}
	q.Ref, q.Version, q.CreatedAt, q.UpdatedAt = old.Ref, old.Version+1, old.CreatedAt, t
	q.EvidenceCount, q.OpenActions = old.EvidenceCount, old.OpenActions
	if err := w.syncAnswer(ctx, q, old); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectQuestion, q.ID, q.ID, q.Ref, old, q)
}

// questionConflict builds the refusal for a save of mine over theirs: who
// saved last and when, from the audit log, and the comparison of both
// versions with the one mine started from.
func (w *writer) questionConflict(ctx context.Context, mine, theirs *assurance.Question) error {
	c := &assurance.Conflict{Theirs: theirs, At: theirs.UpdatedAt, By: "someone else"}
	var base *assurance.Question
	entries, err := queryAll(ctx, w.tx, scanAudit, "the audit log",
		auditSelect+` AND question_id = $2 AND object = 'question' AND action <> 'delete' ORDER BY id DESC`, w.s.org, theirs.ID)
	if err != nil {
		return err
	}
	for i, e := range entries {
		if i == 0 {
			c.By, c.At = e.Actor, e.At
		}
		var rec assurance.Question
		if json.Unmarshal([]byte(e.After), &rec) == nil && rec.Version == mine.Version {
			base = &rec
			break
		}
	}
	var bases []*assurance.Question
	if base != nil {
		bases = []*assurance.Question{base}
	}
	c.Comparison = assurance.CompareQuestions(bases, []*assurance.Question{mine}, []*assurance.Question{theirs})
	return &assurance.Error{Code: assurance.ECONFLICT, Err: c,
		Message: fmt.Sprintf("%s was changed by %s at %s, after you opened it. Nothing of yours has been saved yet: compare the two versions, then save again",
			theirs.Ref, c.By, c.At.Local().Format("15:04 on 2 Jan 2006"))}
}

// sameQuestion reports whether q holds nothing old does not.
func sameQuestion(old, q *assurance.Question) bool {
	a, b := *old, *q
	b.ID, b.Ref, b.Version, b.CreatedAt, b.UpdatedAt, b.EvidenceCount, b.OpenActions =
		a.ID, a.Ref, a.Version, a.CreatedAt, a.UpdatedAt, a.EvidenceCount, a.OpenActions
	return a == b
}

// DeleteQuestion deletes a question with its actions and evidence, each
// recorded in the audit log. Its reference is never given out again.
func (w *writer) DeleteQuestion(ctx context.Context, id int64) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := w.s.getQuestion(ctx, w.tx, id)
	if err != nil {
		return err
	}
	actions, err := w.s.listActions(ctx, w.tx, id)
	if err != nil {
		return err
	}
	for _, a := range actions {
		if err := w.DeleteAction(ctx, a.ID); err != nil {
			return err
		}
	}
	evidence, err := w.s.listEvidence(ctx, w.tx, id)
	if err != nil {
		return err
	}
	for _, e := range evidence {
		if err := w.RemoveEvidence(ctx, e.ID); err != nil {
			return err
		}
	}
	if err := w.dropAnswers(ctx, old); err != nil {
		return err
	}
	if _, err := w.tx.Exec(ctx, `DELETE FROM questions WHERE org_id = $1 AND id = $2`, w.s.org, id); err != nil {
		return dbError(err, "Cannot delete %s", old.Ref)
	}
	return w.audit(ctx, assurance.AuditDelete, assurance.ObjectQuestion, id, id, old.Ref, old, nil)
}

// CreateQuestion saves a new question, giving it its ID and Ref.
func (s *Store) CreateQuestion(ctx context.Context, q *assurance.Question) error {
	return change(s, ctx, q, func(w *writer) error { return w.CreateQuestion(ctx, q) })
}

// UpdateQuestion saves changes to a question.
func (s *Store) UpdateQuestion(ctx context.Context, q *assurance.Question) error {
	return change(s, ctx, q, func(w *writer) error { return w.UpdateQuestion(ctx, q) })
}

// DeleteQuestion deletes a question with its actions and evidence.
func (s *Store) DeleteQuestion(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error { return w.DeleteQuestion(ctx, id) })
}
