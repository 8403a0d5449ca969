package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/nhsguardian/guardian/assurance"
)

const actionSelect = `SELECT id, question_id, text, owner, due_on, done_on, version, created_at, updated_at FROM actions WHERE org_id = $1`

func scanAction(r scanner) (*assurance.Action, error) {
	a := &assurance.Action{}
	var due, done pgtype.Date
	err := r.Scan(&a.ID, &a.QuestionID, &a.Text, &a.Owner, &due, &done, &a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.DueOn, a.DoneOn, a.CreatedAt, a.UpdatedAt = dateOf(due), dateOf(done), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

func (s *Store) getAction(ctx context.Context, db querier, id int64) (*assurance.Action, error) {
	a, err := scanAction(db.QueryRow(ctx, actionSelect+` AND id = $2`, s.org, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("action %d", id))
	}
	return a, nil
}

// listActions returns the actions on a question, or on every question for 0.
func (s *Store) listActions(ctx context.Context, db querier, questionID int64) ([]*assurance.Action, error) {
	if questionID != 0 {
		return queryAll(ctx, db, scanAction, "the actions", actionSelect+` AND question_id = $2 ORDER BY id`, s.org, questionID)
	}
	return queryAll(ctx, db, scanAction, "the actions", actionSelect+` ORDER BY question_id, id`, s.org)
}

// Actions returns the actions on a question, or on every question for 0.
func (s *Store) Actions(ctx context.Context, questionID int64) ([]*assurance.Action, error) {
	return s.listActions(ctx, s.pool, questionID)
}

// questionRef returns the reference of a question the change belongs to.
func (w *writer) questionRef(ctx context.Context, questionID int64) (string, error) {
	var ref string
	err := w.tx.QueryRow(ctx, `SELECT ref FROM questions WHERE org_id = $1 AND id = $2`, w.s.org, questionID).Scan(&ref)
	if err != nil {
		return "", notFound(err, fmt.Sprintf("question %d", questionID))
	}
	return ref, nil
}

func (w *writer) prepareAction(a *assurance.Action) error {
	if err := w.check(); err != nil {
		return err
	}
	a.Text, a.Owner = strings.TrimSpace(a.Text), strings.TrimSpace(a.Owner)
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
	ref, err := w.questionRef(ctx, a.QuestionID)
	if err != nil {
		return err
	}
	id, err := w.next(ctx, nextAction)
	if err != nil {
		return err
	}
	t := now()
	a.ID, a.Version, a.CreatedAt, a.UpdatedAt = id, 1, t, t
	if err := w.insertAction(ctx, a); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectAction, a.ID, a.QuestionID, ref, nil, a)
}

func (w *writer) insertAction(ctx context.Context, a *assurance.Action) error {
	err := w.exec(ctx, `INSERT INTO actions (org_id, id, question_id, text, owner, due_on, done_on, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		w.s.org, a.ID, a.QuestionID, a.Text, a.Owner, dateArg(a.DueOn), dateArg(a.DoneOn), a.Version, a.CreatedAt, a.UpdatedAt)
	return dbError(err, "Cannot save the action")
}

// UpdateAction saves changes to an action. An action stays on its question.
func (w *writer) UpdateAction(ctx context.Context, a *assurance.Action) error {
	if err := w.prepareAction(a); err != nil {
		return err
	}
	old, err := w.s.getAction(ctx, w.tx, a.ID)
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
	if _, err := w.tx.Exec(ctx, `UPDATE actions SET text = $3, owner = $4, due_on = $5, done_on = $6,
		version = version + 1, updated_at = $7 WHERE org_id = $1 AND id = $2`,
		w.s.org, a.ID, a.Text, a.Owner, dateArg(a.DueOn), dateArg(a.DoneOn), t); err != nil {
		return dbError(err, "Cannot save the action on %s", ref)
	}
	a.Version, a.CreatedAt, a.UpdatedAt = old.Version+1, old.CreatedAt, t
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectAction, a.ID, a.QuestionID, ref, old, a)
}

// DeleteAction deletes an action.
func (w *writer) DeleteAction(ctx context.Context, id int64) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := w.s.getAction(ctx, w.tx, id)
	if err != nil {
		return err
	}
	ref, err := w.questionRef(ctx, old.QuestionID)
	if err != nil {
		return err
	}
	if _, err := w.tx.Exec(ctx, `DELETE FROM actions WHERE org_id = $1 AND id = $2`, w.s.org, id); err != nil {
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
