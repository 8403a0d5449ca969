package sqlite

import (
	"context"
	"io"

	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.Restorer = (*Store)(nil)

// Restore fills this empty log record by record in one transaction (see
// assurance.Restorer), as guardianctl pull does.
func (s *Store) Restore(ctx context.Context, fn func(w assurance.RecordWriter) error) error {
	return s.batch(ctx, func(w *writer) error {
		var n int64
		if err := w.tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM questions) + (SELECT count(*) FROM meetings) +
			(SELECT count(*) FROM audit)`).Scan(&n); err != nil {
			return dbError(err, "Cannot read %q", s.name())
		}
		if n > 0 {
			return assurance.Errorf(assurance.EINVALID, "%q already holds questions, meetings or history; a copy goes only into an empty log", s.name())
		}
		if err := fn(restorer{w}); err != nil {
			return err
		}
		// Ids and references continue after every one put in, including
		// those only the audit log still names (AUTOINCREMENT keeps its
		// high-water mark in sqlite_sequence).
		for table, object := range map[string]string{"meetings": "meeting", "questions": "question", "actions": "action", "evidence": "evidence", "periods": "period", "audit": ""} {
			var high int64
			q := `SELECT max((SELECT coalesce(max(id), 0) FROM ` + table + `), (SELECT coalesce(max(object_id), 0) FROM audit WHERE object = ?))`
			if err := w.tx.QueryRowContext(ctx, q, object).Scan(&high); err != nil {
				return dbError(err, "Cannot save the copy")
			}
			if table == "audit" {
				if err := w.tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM audit`).Scan(&high); err != nil {
					return dbError(err, "Cannot save the copy")
				}
			}
			res, err := w.tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?`, high, table)
			if err != nil {
				return dbError(err, "Cannot save the copy")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if _, err := w.tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, table, high); err != nil {
					return dbError(err, "Cannot save the copy")
				}
			}
		}
		_, err := w.tx.ExecContext(ctx, `UPDATE log_info SET next_question = max(next_question,
			(SELECT coalesce(max(seq), 0) + 1 FROM questions),
			(SELECT coalesce(max(CAST(substr(ref, 3) AS INTEGER)), 0) + 1 FROM audit WHERE ref GLOB 'Q-[0-9]*')) WHERE id = 1`)
		return dbError(err, "Cannot save the copy")
	})
}

// restorer puts records in as they are, inside Restore's transaction.
type restorer struct{ *writer }

func (r restorer) PutSettings(ctx context.Context, st assurance.Settings) error {
	_, err := r.tx.ExecContext(ctx, `UPDATE settings SET organisation = ?, guardian = ?, security_marking = ? WHERE id = 1`,
		st.Organisation, st.Guardian, st.SecurityMarking)
	return dbError(err, "Cannot save the settings")
}

func (r restorer) PutMeeting(ctx context.Context, m *assurance.Meeting) error {
	_, err := r.tx.ExecContext(ctx, `INSERT INTO meetings (id, kind, title, date, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, m.ID, m.Kind, m.Title, dateText(m.Date), m.Version, timeText(m.CreatedAt), timeText(m.UpdatedAt))
	return dbError(err, "Cannot copy the meeting %s", m.Label())
}

func (r restorer) PutQuestion(ctx context.Context, q *assurance.Question) error {
	seq, err := assurance.ParseRef(q.Ref)
	if err != nil {
		return err
	}
	_, err = r.tx.ExecContext(ctx, `INSERT INTO questions (id, seq, ref, framework, area, text, asked_of, raised_on,
		meeting_id, due_on, status, response, responded_on, level, comment, recurring, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.ID, seq, q.Ref, q.Framework, q.Area, q.Text, q.AskedOf, dateText(q.RaisedOn),
		nullID(q.MeetingID), dateText(q.DueOn), q.Status, q.Response, dateText(q.RespondedOn), q.Level, q.Comment,
		q.Recurring, q.Version, timeText(q.CreatedAt), timeText(q.UpdatedAt))
	return dbError(err, "Cannot copy %s", q.Ref)
}

func (r restorer) PutAction(ctx context.Context, a *assurance.Action) error {
	_, err := r.tx.ExecContext(ctx, `INSERT INTO actions (id, question_id, text, owner, due_on, done_on, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.QuestionID, a.Text, a.Owner, dateText(a.DueOn), dateText(a.DoneOn), a.Version, timeText(a.CreatedAt), timeText(a.UpdatedAt))
	return dbError(err, "Cannot copy an action")
}

func (r restorer) PutEvidence(ctx context.Context, e *assurance.Evidence, rd io.Reader) error {
	blobID, size, sum, _, err := r.storeBlob(ctx, rd)
	if err != nil {
		return dbError(err, "Cannot copy %q on %s", e.Name, e.QuestionRef)
	}
	if err := e.CheckArrived(sum, size); err != nil {
		return err
	}
	_, err = r.tx.ExecContext(ctx, `INSERT INTO evidence (id, question_id, blob_id, name, media_type, size, sha256, description, added_at, added_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.QuestionID, blobID, e.Name, e.MediaType, e.Size, e.SHA256, e.Description, timeText(e.AddedAt), e.AddedBy)
	return dbError(err, "Cannot copy %q on %s", e.Name, e.QuestionRef)
}

func (r restorer) PutAudit(ctx context.Context, e *assurance.AuditEntry) error {
	_, err := r.tx.ExecContext(ctx, `INSERT INTO audit (id, at, actor, action, object, object_id, question_id, ref, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, timeText(e.At), e.Actor, e.Action, e.Object, e.ObjectID, e.QuestionID, e.Ref, e.Before, e.After)
	return dbError(err, "Cannot copy the audit log")
}

func (r restorer) PutPeriod(ctx context.Context, p *assurance.Period, answers []*assurance.PeriodAnswer, maturity []*assurance.AreaMaturity) error {
	if _, err := r.tx.ExecContext(ctx, `INSERT INTO periods (id, name, cadence, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, p.Name, p.Cadence, dateText(p.StartsOn), dateText(p.EndsOn), timeText(p.CreatedAt)); err != nil {
		return dbError(err, "Cannot copy the period %q", p.Name)
	}
	for _, a := range answers {
		if _, err := r.tx.ExecContext(ctx, `INSERT INTO question_period_answers
			(question_id, period_id, response, responded_on, level, comment, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.QuestionID, p.ID, a.Response, dateText(a.RespondedOn), a.Level, a.Comment, timeText(a.UpdatedAt)); err != nil {
			return dbError(err, "Cannot copy the answers of the period %q", p.Name)
		}
	}
	for _, m := range maturity {
		if _, err := r.tx.ExecContext(ctx, `INSERT INTO area_maturity (period_id, framework, area, level, comment, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.ID, m.Framework, m.Area, m.Level, m.Comment, timeText(m.UpdatedAt), m.UpdatedBy); err != nil {
			return dbError(err, "Cannot copy the maturity of the period %q", p.Name)
		}
	}
	if !p.Closed() {
		return nil
	}
	_, err := r.tx.ExecContext(ctx, `UPDATE periods SET closed_at = ?, closed_by = ? WHERE id = ?`, timeText(p.ClosedAt), p.ClosedBy, p.ID)
	return dbError(err, "Cannot copy the period %q", p.Name)
}
