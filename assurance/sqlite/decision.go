package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/nhsguardian/guardian/assurance"
)

const decisionSelect = `SELECT d.id, d.decision, d.meeting, d.decided_on, d.impact, d.unintended, d.comment,
	coalesce(d.question_id, 0), d.version, d.created_at, d.updated_at, coalesce(q.ref, '')
	FROM decisions d LEFT JOIN questions q ON q.id = d.question_id`

func scanDecision(s scanner) (*assurance.Decision, error) {
	d := &assurance.Decision{}
	err := s.Scan(&d.ID, &d.Decision, &d.Meeting, dateCol{&d.DecidedOn}, &d.Impact, &d.Unintended, &d.Comment,
		&d.QuestionID, &d.Version, timeCol{&d.CreatedAt}, timeCol{&d.UpdatedAt}, &d.QuestionRef)
	return d, err
}

func getDecision(ctx context.Context, db querier, id int64) (*assurance.Decision, error) {
	d, err := scanDecision(db.QueryRowContext(ctx, decisionSelect+` WHERE d.id = ?`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("decision %d", id))
	}
	return d, nil
}

// Decisions returns every decision checked, by date (undated last).
func (s *Store) Decisions(ctx context.Context) ([]*assurance.Decision, error) {
	return queryAll(ctx, s.rdb, scanDecision, "the decisions", decisionSelect+` ORDER BY d.decided_on = '', d.decided_on, d.id`)
}

type decisionRecord struct {
	*assurance.Decision
	QuestionRef *struct{} `json:"QuestionRef,omitempty"`
}

func (w *writer) prepareDecision(ctx context.Context, d *assurance.Decision) (string, error) {
	if err := w.check(); err != nil {
		return "", err
	}
	d.Normalise()
	if err := d.Validate(); err != nil {
		return "", err
	}
	d.QuestionRef = ""
	if d.QuestionID == 0 {
		return "", nil
	}
	ref, err := w.questionRef(ctx, d.QuestionID)
	d.QuestionRef = ref
	return ref, err
}

// CreateDecision records a decision the guardian checked.
func (s *Store) CreateDecision(ctx context.Context, d *assurance.Decision) error {
	return change(s, ctx, d, func(w *writer) error {
		ref, err := w.prepareDecision(ctx, d)
		if err != nil {
			return err
		}
		t := now()
		d.Version, d.CreatedAt, d.UpdatedAt = 1, t, t
		res, err := w.tx.ExecContext(ctx, `INSERT INTO decisions (decision, meeting, decided_on, impact, unintended, comment,
			question_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.Decision, d.Meeting, dateText(d.DecidedOn), d.Impact, d.Unintended, d.Comment, nullID(d.QuestionID), 1, timeText(t), timeText(t))
		if err != nil {
			return dbError(err, "Cannot save the decision")
		}
		if d.ID, err = res.LastInsertId(); err != nil {
			return dbError(err, "Cannot save the decision")
		}
		return w.audit(ctx, assurance.AuditCreate, assurance.ObjectDecision, d.ID, d.QuestionID, ref, nil, decisionRecord{Decision: d})
	})
}

// UpdateDecision saves changes to a decision.
func (s *Store) UpdateDecision(ctx context.Context, d *assurance.Decision) error {
	return change(s, ctx, d, func(w *writer) error {
		ref, err := w.prepareDecision(ctx, d)
		if err != nil {
			return err
		}
		old, err := getDecision(ctx, w.tx, d.ID)
		if err != nil {
			return err
		}
		if old.Version != d.Version {
			return conflict("The decision", old.UpdatedAt)
		}
		t := now()
		if _, err := w.tx.ExecContext(ctx, `UPDATE decisions SET decision = ?, meeting = ?, decided_on = ?, impact = ?, unintended = ?,
			comment = ?, question_id = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			d.Decision, d.Meeting, dateText(d.DecidedOn), d.Impact, d.Unintended, d.Comment, nullID(d.QuestionID), timeText(t), d.ID); err != nil {
			return dbError(err, "Cannot save the decision")
		}
		d.Version, d.CreatedAt, d.UpdatedAt = old.Version+1, old.CreatedAt, t
		return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectDecision, d.ID, d.QuestionID, ref, decisionRecord{Decision: old}, decisionRecord{Decision: d})
	})
}

// DeleteDecision deletes a decision.
func (s *Store) DeleteDecision(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error {
		if err := w.check(); err != nil {
			return err
		}
		old, err := getDecision(ctx, w.tx, id)
		if err != nil {
			return err
		}
		if _, err := w.tx.ExecContext(ctx, `DELETE FROM decisions WHERE id = ?`, id); err != nil {
			return dbError(err, "Cannot delete the decision")
		}
		return w.audit(ctx, assurance.AuditDelete, assurance.ObjectDecision, id, old.QuestionID, old.QuestionRef, decisionRecord{Decision: old}, nil)
	})
}

// readRecord reads a JSON record from a one-row query into v; no row leaves v as it is.
func readRecord(ctx context.Context, db querier, v any, what, query string, args ...any) error {
	var rec string
	err := db.QueryRowContext(ctx, query, args...).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return dbError(err, "Cannot read %s", what)
	}
	if err := json.Unmarshal([]byte(rec), v); err != nil {
		return assurance.WrapError(assurance.ECORRUPT, err, "Cannot read %s: the record is damaged", what)
	}
	return nil
}

// LogSettings returns the log's own choices.
func (s *Store) LogSettings(ctx context.Context) (assurance.LogSettings, error) {
	var ls assurance.LogSettings
	err := readRecord(ctx, s.rdb, &ls, "the log's settings", `SELECT record FROM log_settings WHERE id = 1`)
	ls.Normalise()
	return ls, err
}

// UpdateLogSettings saves the log's own choices.
func (s *Store) UpdateLogSettings(ctx context.Context, ls assurance.LogSettings) error {
	ls.Normalise()
	if err := ls.Validate(); err != nil {
		return err
	}
	return s.batch(ctx, func(w *writer) error {
		var old assurance.LogSettings
		if err := readRecord(ctx, w.tx, &old, "the log's settings", `SELECT record FROM log_settings WHERE id = 1`); err != nil {
			return err
		}
		old.Normalise()
		if reflect.DeepEqual(old, ls) {
			return nil
		}
		b, _ := json.Marshal(ls)
		if _, err := w.tx.ExecContext(ctx, `UPDATE log_settings SET record = ? WHERE id = 1`, string(b)); err != nil {
			return dbError(err, "Cannot save the log's settings")
		}
		return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectLogSettings, 1, 0, "", &old, &ls)
	})
}

// CoverSheet returns a meeting's cover sheet, blank if none was saved.
func (s *Store) CoverSheet(ctx context.Context, meetingID int64) (assurance.CoverSheet, error) {
	var c assurance.CoverSheet
	err := readRecord(ctx, s.rdb, &c, "the cover sheet", `SELECT record FROM cover_sheets WHERE meeting_id = ?`, meetingID)
	return c, err
}

// SaveCoverSheet remembers a meeting's cover sheet.
func (s *Store) SaveCoverSheet(ctx context.Context, meetingID int64, c assurance.CoverSheet) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.batch(ctx, func(w *writer) error {
		if _, err := getMeeting(ctx, w.tx, meetingID); err != nil {
			return err
		}
		var old assurance.CoverSheet
		if err := readRecord(ctx, w.tx, &old, "the cover sheet", `SELECT record FROM cover_sheets WHERE meeting_id = ?`, meetingID); err != nil {
			return err
		}
		if reflect.DeepEqual(old, c) {
			return nil
		}
		b, _ := json.Marshal(c)
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO cover_sheets (meeting_id, record) VALUES (?, ?)
			ON CONFLICT (meeting_id) DO UPDATE SET record = excluded.record`, meetingID, string(b)); err != nil {
			return dbError(err, "Cannot save the cover sheet")
		}
		return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectCoverSheet, meetingID, 0, "", &old, &c)
	})
}
