package postgres

import (
	"context"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// QuestionSteps streams the status and level on each side of every change
// to a question since the given moment, oldest first. Each record's JSON is
// read in Go (assurance.StepStateOf), one row at a time.
func (s *Store) QuestionSteps(ctx context.Context, since time.Time, fn func(assurance.QuestionStep) error) error {
	rows, err := s.pool.Query(ctx, `SELECT at, object_id, action, before, after FROM audit
		WHERE org_id = $1 AND object = $2 AND at >= $3 ORDER BY at, id`,
		s.org, assurance.ObjectQuestion, since)
	if err != nil {
		return dbError(err, "Cannot read the audit log")
	}
	defer rows.Close()
	for rows.Next() {
		var (
			st            assurance.QuestionStep
			action        string
			before, after string
		)
		if err := rows.Scan(&st.At, &st.QuestionID, &action, &before, &after); err != nil {
			return dbError(err, "Cannot read the audit log")
		}
		st.At = st.At.UTC()
		st.Create = action == assurance.AuditCreate
		st.Before, st.BeforeKnown = assurance.StepStateOf(before)
		st.After, st.AfterKnown = assurance.StepStateOf(after)
		if err := fn(st); err != nil {
			return err
		}
	}
	return dbError(rows.Err(), "Cannot read the audit log")
}
