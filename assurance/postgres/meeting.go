package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/nhsguardian/guardian/assurance"
)

const meetingSelect = `SELECT id, kind, title, date, version, created_at, updated_at FROM meetings WHERE org_id = $1`

func scanMeeting(r scanner) (*assurance.Meeting, error) {
	m := &assurance.Meeting{}
	var d pgtype.Date
	err := r.Scan(&m.ID, &m.Kind, &m.Title, &d, &m.Version, &m.CreatedAt, &m.UpdatedAt)
	m.Date, m.CreatedAt, m.UpdatedAt = dateOf(d), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

func (s *Store) getMeeting(ctx context.Context, db querier, id int64) (*assurance.Meeting, error) {
	m, err := scanMeeting(db.QueryRow(ctx, meetingSelect+` AND id = $2`, s.org, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("meeting %d", id))
	}
	return m, nil
}

// Meeting returns the meeting with the given id.
func (s *Store) Meeting(ctx context.Context, id int64) (*assurance.Meeting, error) {
	return s.getMeeting(ctx, s.pool, id)
}

// Meetings returns every meeting, by date.
func (s *Store) Meetings(ctx context.Context) ([]*assurance.Meeting, error) {
	return queryAll(ctx, s.pool, scanMeeting, "the meetings", meetingSelect+` ORDER BY date, id`, s.org)
}

func (w *writer) prepareMeeting(m *assurance.Meeting) error {
	if err := w.check(); err != nil {
		return err
	}
	m.Title = strings.TrimSpace(m.Title)
	if err := m.Validate(); err != nil {
		return err
	}
	return assurance.CheckDates("The meeting", map[string]assurance.Date{assurance.FieldDate: m.Date})
}

// CreateMeeting saves a new meeting.
func (w *writer) CreateMeeting(ctx context.Context, m *assurance.Meeting) error {
	if err := w.prepareMeeting(m); err != nil {
		return err
	}
	id, err := w.next(ctx, nextMeeting)
	if err != nil {
		return err
	}
	t := now()
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = id, 1, t, t
	if err := w.insertMeeting(ctx, m); err != nil {
		return err
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectMeeting, m.ID, 0, "", nil, m)
}

func (w *writer) insertMeeting(ctx context.Context, m *assurance.Meeting) error {
	err := w.exec(ctx, `INSERT INTO meetings (org_id, id, kind, title, date, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, w.s.org, m.ID, m.Kind, m.Title, dateArg(m.Date), m.Version, m.CreatedAt, m.UpdatedAt)
	return dbError(err, "Cannot save the meeting")
}

// UpdateMeeting saves changes to a meeting.
func (w *writer) UpdateMeeting(ctx context.Context, m *assurance.Meeting) error {
	if err := w.prepareMeeting(m); err != nil {
		return err
	}
	old, err := w.s.getMeeting(ctx, w.tx, m.ID)
	if err != nil {
		return err
	}
	if old.Version != m.Version {
		return conflict("The meeting "+old.Label(), old.UpdatedAt)
	}
	if old.Kind == m.Kind && old.Title == m.Title && old.Date == m.Date {
		*m = *old // unchanged: no new version, no audit entry
		return nil
	}
	t := now()
	if _, err := w.tx.Exec(ctx, `UPDATE meetings SET kind = $3, title = $4, date = $5, version = version + 1, updated_at = $6
		WHERE org_id = $1 AND id = $2`, w.s.org, m.ID, m.Kind, m.Title, dateArg(m.Date), t); err != nil {
		return dbError(err, "Cannot save the meeting")
	}
	m.Version, m.CreatedAt, m.UpdatedAt = old.Version+1, old.CreatedAt, t
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectMeeting, m.ID, 0, "", old, m)
}

// DeleteMeeting deletes a meeting no question was raised at.
func (w *writer) DeleteMeeting(ctx context.Context, id int64) error {
	if err := w.check(); err != nil {
		return err
	}
	old, err := w.s.getMeeting(ctx, w.tx, id)
	if err != nil {
		return err
	}
	var n int
	if err := w.tx.QueryRow(ctx, `SELECT count(*) FROM questions WHERE org_id = $1 AND meeting_id = $2`, w.s.org, id).Scan(&n); err != nil {
		return dbError(err, "Cannot delete the meeting")
	}
	if n > 0 {
		return assurance.Errorf(assurance.EINVALID,
			"The meeting %s cannot be deleted: %d question(s) were raised at it. Move them to another meeting first", old.Label(), n)
	}
	if _, err := w.tx.Exec(ctx, `DELETE FROM meetings WHERE org_id = $1 AND id = $2`, w.s.org, id); err != nil {
		return dbError(err, "Cannot delete the meeting")
	}
	return w.audit(ctx, assurance.AuditDelete, assurance.ObjectMeeting, id, 0, "", old, nil)
}

// CreateMeeting saves a new meeting.
func (s *Store) CreateMeeting(ctx context.Context, m *assurance.Meeting) error {
	return change(s, ctx, m, func(w *writer) error { return w.CreateMeeting(ctx, m) })
}

// UpdateMeeting saves changes to a meeting.
func (s *Store) UpdateMeeting(ctx context.Context, m *assurance.Meeting) error {
	return change(s, ctx, m, func(w *writer) error { return w.UpdateMeeting(ctx, m) })
}

// DeleteMeeting deletes a meeting no question was raised at.
func (s *Store) DeleteMeeting(ctx context.Context, id int64) error {
	return s.batch(ctx, func(w *writer) error { return w.DeleteMeeting(ctx, id) })
}
