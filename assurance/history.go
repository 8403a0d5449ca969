package assurance

import (
	"encoding/json"
	"time"
)

// QuestionStep is one recorded change to a question, reduced to what a
// board paper's "changes since the last meeting" reads: when, which
// question, and its status and assurance level before and after. Reading
// these instead of whole audit entries keeps a large log's export small.
type QuestionStep struct {
	At         time.Time
	QuestionID int64
	Create     bool
	// Before and After are the state on each side of the change; Known
	// (BeforeKnown, AfterKnown) is false where the audit entry holds none
	// (a create has no before, a delete no after) or it cannot be read.
	Before, After           StepState
	BeforeKnown, AfterKnown bool
}

// StepState is a question's status and assurance level at one moment.
type StepState struct {
	Status Status
	Level  AssuranceLevel
}

// AuditStatusKey and AuditLevelKey are the keys of a question's status and
// level in its audit records (AuditRecord of a Question): a store that
// reads them inside its database (the SQLite store's QuestionSteps) takes
// them from here, and StepStateOf reads the same ones.
const (
	AuditStatusKey = "Status"
	AuditLevelKey  = "Level"
)

// StepStateOf reads a question's status and level out of an audit record's
// JSON (see AuditRecord); false when the record is empty or cannot be read.
// A store that cannot read them inside its database uses this.
func StepStateOf(record string) (StepState, bool) {
	var r struct {
		Status Status
		Level  AssuranceLevel
	}
	if record == "" || json.Unmarshal([]byte(record), &r) != nil {
		return StepState{}, false
	}
	if r.Level == "" {
		r.Level = NotAssessed
	}
	return StepState{Status: r.Status, Level: r.Level}, true
}
