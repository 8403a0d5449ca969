package workcopy

import (
	"context"
	"io"

	"github.com/nhsguardian/guardian/assurance"
)

// tracked is the Store a session hands out: every change that commits is
// reported to the session, which schedules the save back; a log held by
// someone else refuses changes saying who has it; Close closes the session.
type tracked struct {
	assurance.Store
	s *Session
}

// write runs one change.
func (t *tracked) write(fn func() error) error {
	if t.s.held != nil {
		return assurance.Errorf(assurance.EREADONLY, "%s: this log is open read-only, so changes cannot be saved", t.s.held)
	}
	if err := fn(); err != nil {
		return err
	}
	t.s.changed()
	return nil
}

func (t *tracked) Close() error { return t.s.Close() }

func (t *tracked) Batch(ctx context.Context, fn func(w assurance.Writer) error) error {
	return t.write(func() error { return t.Store.Batch(ctx, fn) })
}

func (t *tracked) UpdateSettings(ctx context.Context, st assurance.Settings) error {
	return t.write(func() error { return t.Store.UpdateSettings(ctx, st) })
}

func (t *tracked) CreateMeeting(ctx context.Context, m *assurance.Meeting) error {
	return t.write(func() error { return t.Store.CreateMeeting(ctx, m) })
}

func (t *tracked) UpdateMeeting(ctx context.Context, m *assurance.Meeting) error {
	return t.write(func() error { return t.Store.UpdateMeeting(ctx, m) })
}

func (t *tracked) DeleteMeeting(ctx context.Context, id int64) error {
	return t.write(func() error { return t.Store.DeleteMeeting(ctx, id) })
}

func (t *tracked) CreateQuestion(ctx context.Context, q *assurance.Question) error {
	return t.write(func() error { return t.Store.CreateQuestion(ctx, q) })
}

func (t *tracked) UpdateQuestion(ctx context.Context, q *assurance.Question) error {
	return t.write(func() error { return t.Store.UpdateQuestion(ctx, q) })
}

func (t *tracked) DeleteQuestion(ctx context.Context, id int64) error {
	return t.write(func() error { return t.Store.DeleteQuestion(ctx, id) })
}

func (t *tracked) CreateAction(ctx context.Context, a *assurance.Action) error {
	return t.write(func() error { return t.Store.CreateAction(ctx, a) })
}

func (t *tracked) UpdateAction(ctx context.Context, a *assurance.Action) error {
	return t.write(func() error { return t.Store.UpdateAction(ctx, a) })
}

func (t *tracked) DeleteAction(ctx context.Context, id int64) error {
	return t.write(func() error { return t.Store.DeleteAction(ctx, id) })
}

func (t *tracked) AttachEvidence(ctx context.Context, e *assurance.Evidence, r io.Reader) error {
	return t.write(func() error { return t.Store.AttachEvidence(ctx, e, r) })
}

func (t *tracked) UpdateEvidence(ctx context.Context, e *assurance.Evidence) error {
	return t.write(func() error { return t.Store.UpdateEvidence(ctx, e) })
}

func (t *tracked) RemoveEvidence(ctx context.Context, id int64) error {
	return t.write(func() error { return t.Store.RemoveEvidence(ctx, id) })
}

// Info describes the log at its real place, not the working copy.
func (t *tracked) Info() assurance.LogInfo {
	i := t.Store.Info()
	i.Path, i.ReadOnly = t.s.original, t.s.readOnly
	return i
}
