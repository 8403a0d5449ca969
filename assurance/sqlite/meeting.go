package sqlite

import (
	"context"
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
)

const meetingSelect = `SELECT id, kind, title, date, version, created_at, updated_at FROM meetings`

func scanMeeting(r scanner) (*assurance.Meeting, error) {
	m := &assurance.Meeting{}
	err := r.Scan(&m.ID, &m.Kind, &m.Title, dateCol{&m.Date}, &m.Version, timeCol{&m.CreatedAt}, timeCol{&m.UpdatedAt})
	return m, err
}

func getMeeting(ctx context.Context, db querier, id int64) (*assurance.Meeting, error) {
	m, err := scanMeeting(db.QueryRowContext(ctx, meetingSelect+` WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("meeting %d", id))
	}
	return m, nil
}

// Meeting returns the meeting with the given id.
func (s *Store) Meeting(ctx context.Context, id int64) (*assurance.Meeting, error) {
	return getMeeting(ctx, s.rdb, id)
}

// Meetings returns every meeting, by date.
func (s *Store) Meetings(ctx context.Context) ([]*assurance.Meeting, error) {
	return queryAll(ctx, s.rdb, scanMeeting, "the meetings", meetingSelect+` ORDER BY date, id`)
}

func (w *writer) prepareMeeting(m *assurance.Meeting) error {
	if err := w.check(); err != nil {
		return err
	}
	m.Title = trimSpace(m.Title)
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
	t := now()
	m.Version, m.CreatedAt, m.UpdatedAt = 1, t, t
	res, err := w.tx.ExecContext(ctx, `INSERT INTO meetings (kind, title, date, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.Kind, m.Title, dateText(m.Date), m.Version, timeText(t), timeText(t))
	if err != nil {
		return dbError(err, "Cannot save the meeting")
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return dbError(err, "Cannot save the meeting")
	}
	return w.audit(ctx, assurance.AuditCreate, assurance.ObjectMeeting, m.ID, 0, "", nil, m)
}

// UpdateMeeting saves changes to a meeting.
func (w *writer) UpdateMeeting(ctx context.Context, m *assurance.Meeting) error {
	if err := w.prepareMeeting(m); err != nil {
		return err
	}
	old, err := getMeeting(ctx, w.tx, m.ID)
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
	if _, err := w.tx.ExecContext(ctx, `UPDATE meetings SET kind = ?, title = ?, date = ?, version = version + 1, updated_at = ?
		WHERE id = ?`, m.Kind, m.Title, dateText(m.Date), timeText(t), m.ID); err != nil {
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
	old, err := getMeeting(ctx, w.tx, id)
	if err != nil {
		return err
	}
	var n int
	if err := w.tx.QueryRowContext(ctx, `SELECT count(*) FROM questions WHERE meeting_id = ?`, id).Scan(&n); err != nil {
		return dbError(err, "Cannot delete the meeting")
	}
	if n > 0 {
		return assurance.Errorf(assurance.EINVALID,
			"The meeting %s cannot be deleted: %d question(s) were raised at it. Move them to another meeting first", old.Label(), n)
	}
	if _, err := w.tx.ExecContext(ctx, `DELETE FROM meetings WHERE id = ?`, id); err != nil {
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
