package sqlite

import (
	"context"
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
)

const actionSelect = `SELECT id, question_id, text, owner, due_on, done_on, version, created_at, updated_at FROM actions`

func scanAction(r scanner) (*assurance.Action, error) {
	a := &assurance.Action{}
	err := r.Scan(&a.ID, &a.QuestionID, &a.Text, &a.Owner, dateCol{&a.DueOn}, dateCol{&a.DoneOn},
		&a.Version, timeCol{&a.CreatedAt}, timeCol{&a.UpdatedAt})
	return a, err
}

func getAction(ctx context.Context, db querier, id int64) (*assurance.Action, error) {
	a, err := scanAction(db.QueryRowContext(ctx, actionSelect+` WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("action %d", id))
	}
	return a, nil
}

// listActions returns the actions on a question, or on every question for 0.
func listActions(ctx context.Context, db querier, questionID int64) ([]*assurance.Action, error) {
	query, args := actionSelect+` ORDER BY question_id, id`, []any(nil)
	if questionID != 0 {
		query, args = actionSelect+` WHERE question_id = ? ORDER BY id`, []any{questionID}
	}
	return queryAll(ctx, db, scanAction, "the actions", query, args...)
}

// Actions returns the actions on a question, or on every question for 0.
func (s *Store) Actions(ctx context.Context, questionID int64) ([]*assurance.Action, error) {
	return listActions(ctx, s.rdb, questionID)
}

// questionRef returns the reference of a question the change belongs to.
func (w *writer) questionRef(ctx context.Context, questionID int64) (string, error) {
	var ref string
	err := w.tx.QueryRowContext(ctx, `SELECT ref FROM questions WHERE id = ?`, questionID).Scan(&ref)
	if err != nil {
		return "", notFound(err, fmt.Sprintf("question %d", questionID))
	}
	return ref, nil
}

func (w *writer) prepareAction(a *assurance.Action) error {
	if err := w.check(); err != nil {
		return err
	}
	a.Text, a.Owner = trimSpace(a.Text), trimSpace(a.Owner)
	if err := a.Validate(); err != nil {
		return err
	}
	return assurance.CheckDates("The action", map[string]assurance.Date{assurance.FieldDueOn: a.DueOn, assurance.FieldDoneOn: a.DoneOn})
}

// CreateAction saves a new action on a question.
func (w *writer) CreateAction(ctx context.Context, a *assurance.Action) error {
	if err := w.prepareAction(a); err != nil {
		return err
	}
	ref, err := w.createdRef(ctx, a.QuestionID)
	if err != nil {
		return err
	}
	t := now()
	a.Version, a.CreatedAt, a.UpdatedAt = 1, t, t
	res, err := w.tx.ExecContext(ctx, `INSERT INTO actions (question_id, text, owner, due_on, done_on, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.QuestionID, a.Text, a.Owner, dateText(a.DueOn), dateText(a.DoneOn), a.Version, timeText(t), timeText(t))
	if err != nil {
		return dbError(err, "Cannot save the action on %s", ref)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return dbError(err, "Cannot save the action on %s", ref)
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectAction, a.ID, a.QuestionID, ref, nil, a)
}

// UpdateAction saves changes to an action. An action stays on its question.
func (w *writer) UpdateAction(ctx context.Context, a *assurance.Action) error {
	return w.updateAction(ctx, a, nil)
}

// updateAction saves changes to a; src, if not nil, is the file the change
// came from, kept in the audit entry.
func (w *writer) updateAction(ctx context.Context, a *assurance.Action, src *assurance.ImportSource) error {
	if err := w.prepareAction(a); err != nil {
		return err
	}
	old, err := getAction(ctx, w.tx, a.ID)
	if err != nil {
		return err
	}
	ref, err := w.questionRef(ctx, old.QuestionID)
	if err != nil {
		return err
	}
	if old.Version != a.Version {
		return conflict("The action on "+ref, old.UpdatedAt)
	}
	if a.QuestionID != old.QuestionID {
		return assurance.Errorf(assurance.EINVALID, "An action cannot be moved to another question; add a new action there instead")
	}
	if old.Text == a.Text && old.Owner == a.Owner && old.DueOn == a.DueOn && old.DoneOn == a.DoneOn {
		*a = *old // unchanged: no new version, no audit entry
		return nil
	}
	t := now()
	if _, err := w.tx.ExecContext(ctx, `UPDATE actions SET text = ?, owner = ?, due_on = ?, done_on = ?,
		version = version + 1, updated_at = ? WHERE id = ?`,
		a.Text, a.Owner, dateText(a.DueOn), dateText(a.DoneOn), timeText(t), a.ID); err != nil {
		return dbError(err, "Cannot save the action on %s", ref)
	}
	a.Version, a.CreatedAt, a.UpdatedAt = old.Version+1, old.CreatedAt, t
	var after any = a
	if src != nil {
		after = actionRecord{Action: a, ImportedFrom: src}
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectAction, a.ID, a.QuestionID, ref, old, after)
}

// DeleteAction deletes an action.
func (w *writer) DeleteAction(ctx context.Context, id int64) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := getAction(ctx, w.tx, id)
	if err != nil {
		return err
	}
	ref, err := w.questionRef(ctx, old.QuestionID)
	if err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(ctx, `DELETE FROM actions WHERE id = ?`, id); err != nil {
		return dbError(err, "Cannot delete the action on %s", ref)
	}
	return w.audit(ctx, assurance.AuditDelete, assurance.ObjectAction, id, old.QuestionID, ref, old, nil)
}

// CreateAction saves a new action on a question.
func (s *Store) CreateAction(ctx context.Context, a *assurance.Action) error {
	return change(s, ctx, a, func(w *writer) error { return w.CreateAction(ctx, a) })
}

// UpdateAction saves changes to an action.
func (s *Store) UpdateAction(ctx context.Context, a *assurance.Action) error {
	return change(s, ctx, a, func(w *writer) error { return w.UpdateAction(ctx, a) })
}

// DeleteAction deletes an action.
func (s *Store) DeleteAction(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error { return w.DeleteAction(ctx, id) })
}
