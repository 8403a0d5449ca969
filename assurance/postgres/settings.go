package postgres

import (
	"context"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

func (s *Store) getSettings(ctx context.Context, db querier) (assurance.Settings, error) {
	var st assurance.Settings
	err := db.QueryRow(ctx, `SELECT organisation, guardian, security_marking FROM organisations WHERE id = $1`, s.org).
		Scan(&st.Organisation, &st.Guardian, &st.SecurityMarking)
	if st.SecurityMarking == "" {
		st.SecurityMarking = assurance.DefaultSecurityMarking
	}
	return st, dbError(err, "Cannot read the log's settings")
}

// Settings returns the log-wide settings.
func (s *Store) Settings(ctx context.Context) (assurance.Settings, error) {
	return s.getSettings(ctx, s.pool)
}

// UpdateSettings saves the log-wide settings. A blank security marking
// means the default, OFFICIAL-SENSITIVE.
func (w *writer) UpdateSettings(ctx context.Context, st assurance.Settings) error {
	if err := w.check(); err != nil {
		return err
	}
	st.Organisation, st.Guardian, st.SecurityMarking = strings.TrimSpace(st.Organisation), strings.TrimSpace(st.Guardian), strings.TrimSpace(st.SecurityMarking)
	if st.SecurityMarking == "" {
		st.SecurityMarking = assurance.DefaultSecurityMarking
	}
	if err := st.Validate(); err != nil {
		return err
	}
	old, err := w.s.getSettings(ctx, w.tx)
	if err != nil || old == st {
		return err // unchanged settings are not a change
	}
	if _, err := w.tx.Exec(ctx, `UPDATE organisations SET organisation = $2, guardian = $3, security_marking = $4 WHERE id = $1`,
		w.s.org, st.Organisation, st.Guardian, st.SecurityMarking); err != nil {
		return dbError(err, "Cannot save the settings")
	}
	return w.audit(ctx, assurance.AuditUpdate, assurance.ObjectSettings, 1, 0, "", old, st)
}

// UpdateSettings saves the log-wide settings.
func (s *Store) UpdateSettings(ctx context.Context, st assurance.Settings) error {
	return s.batch(ctx, func(w *writer) error { return w.UpdateSettings(ctx, st) })
}
