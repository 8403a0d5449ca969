package assurance

import "time"

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
