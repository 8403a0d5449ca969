package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// stateOf reads a question's status and level out of an audit record's JSON
// in SQLite itself, so only those two short strings leave the database: a
// flag (whether the record is JSON at all: an empty or damaged one is
// unknown, as parsing it in Go would say), the status and the level. Keys
// are read in either case, as encoding/json would.
func stateOf(col string) string {
	get := func(key string) string {
		return `CASE WHEN json_valid(` + col + `) THEN coalesce(json_extract(` + col + `, '$.` + key + `'), json_extract(` + col + `, '$.` + strings.ToLower(key) + `'), '') ELSE '' END`
	}
	return `json_valid(` + col + `), ` + get(assurance.AuditStatusKey) + `, ` + get(assurance.AuditLevelKey)
}

var questionStepsQuery = `SELECT at, object_id, action, ` + stateOf("before") + `, ` + stateOf("after") + `
	FROM audit WHERE object = 'question' AND at >= ? ORDER BY at, id`

// QuestionSteps streams the status and level on each side of every change
// to a question since the given moment, oldest first.
func (s *Store) QuestionSteps(ctx context.Context, since time.Time, fn func(assurance.QuestionStep) error) error {
	from := ""
	if !since.IsZero() {
		from = timeText(since)
	}
	rows, err := s.rdb.QueryContext(ctx, questionStepsQuery, from)
	if err != nil {
		return dbError(err, "Cannot read the audit log")
	}
	defer rows.Close()
	for rows.Next() {
		var (
			st             assurance.QuestionStep
			action         string
			bs, bl, as, al string
		)
		if err := rows.Scan(timeCol{&st.At}, &st.QuestionID, &action, &st.BeforeKnown, &bs, &bl, &st.AfterKnown, &as, &al); err != nil {
			return dbError(err, "Cannot read the audit log")
		}
		st.Create = action == assurance.AuditCreate
		st.Before, st.After = stepState(bs, bl), stepState(as, al)
		if err := fn(st); err != nil {
			return err
		}
	}
	return dbError(rows.Err(), "Cannot read the audit log")
}

// stepState makes a state of the status and level read from a record; a
// blank level is one not yet given.
func stepState(status, level string) assurance.StepState {
	st := assurance.StepState{Status: assurance.Status(status), Level: assurance.AssuranceLevel(level)}
	if st.Level == "" {
		st.Level = assurance.NotAssessed
	}
	return st
}
