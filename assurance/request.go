package assurance

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// RequestState is where a request for evidence stands. Overdue is not
// stored: it is worked out from the due date, so it can never disagree with
// the calendar.
type RequestState string

const (
	RequestRequested RequestState = "requested" // asked for, not yet received
	RequestReceived  RequestState = "received"  // the evidence came
	RequestWithdrawn RequestState = "withdrawn" // no longer wanted
	// RequestOverdue is only ever shown: a requested item past its due date.
	RequestOverdue RequestState = "overdue"
)

// RequestStates lists the states a request can be saved in.
var RequestStates = []RequestState{RequestRequested, RequestReceived, RequestWithdrawn}

// Label returns the state as the user sees it.
func (s RequestState) Label() string {
	switch s {
	case RequestRequested:
		return "Requested"
	case RequestReceived:
		return "Received"
	case RequestWithdrawn:
		return "Withdrawn"
	case RequestOverdue:
		return "Overdue"
	}
	return string(s)
}

// Valid reports whether a request can be saved in state s.
func (s RequestState) Valid() bool {
	for _, v := range RequestStates {
		if s == v {
			return true
		}
	}
	return false
}

// ParseRequestState reads a state from its code or label, ignoring case.
func ParseRequestState(s string) (RequestState, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, v := range RequestStates {
		if t == string(v) {
			return v, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a state of an evidence request: use requested, received or withdrawn", s)
}

// Roles a guardian commonly asks for evidence: the people the national
// guidance names as supporting the function, offered as suggestions.
var RequestRoles = []string{
	"Chief People Officer",
	"HR director",
	"Head of occupational health",
	"Freedom to Speak Up Guardian",
	"HR/OD",
	"Wellbeing lead",
	"Practice manager",
}

// EvidenceKinds built into Guardian, in the order they are offered. A log
// may add its own (LogSettings.EvidenceKinds).
var EvidenceKinds = []string{
	"Model Health System extract",
	"Staff survey results",
	"Sickness absence report",
	"OH activity report",
	"Committee minutes",
	"Policy",
	"Other",
}

// OtherKind is the kind evidence without one is grouped under.
const OtherKind = "Other"

// EvidenceRequest asks a named person or role for evidence a question needs:
// the guardian seeks assurance, and need not collect or analyse data itself.
type EvidenceRequest struct {
	ID          int64
	QuestionID  int64
	From        string // role and/or name, such as "Head of occupational health"
	What        string // what is asked for
	Kind        string // one of the evidence kinds, or ""
	RequestedOn Date
	DueOn       Date
	State       RequestState
	ReceivedOn  Date
	EvidenceID  int64 // the evidence that satisfied it, or 0

	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time

	// Filled by reads.
	QuestionRef string
}

// Field names of an evidence request, for validation errors.
const (
	FieldFrom        = "from"
	FieldWhat        = "what"
	FieldRequestedOn = "requested_on"
	FieldState       = "state"
	FieldReceivedOn  = "received_on"
)

// Overdue reports whether the request is still awaited after its due date.
func (r *EvidenceRequest) Overdue(today Date) bool {
	return r.State == RequestRequested && !r.DueOn.IsZero() && r.DueOn.Before(today)
}

// Shown is the state as shown on a given day: Overdue for a request still
// awaited past its due date.
func (r *EvidenceRequest) Shown(today Date) RequestState {
	if r.Overdue(today) {
		return RequestOverdue
	}
	return r.State
}

// Normalise fills the default state and trims single-line fields.
func (r *EvidenceRequest) Normalise() {
	if r.State == "" {
		r.State = RequestRequested
	}
	r.From, r.What, r.Kind = strings.TrimSpace(r.From), strings.TrimSpace(r.What), strings.TrimSpace(r.Kind)
}

// Validate checks the request.
func (r *EvidenceRequest) Validate() error {
	v := validator{}
	if r.QuestionID == 0 {
		v.add("question", "An evidence request belongs to a question.")
	}
	v.line(FieldFrom, "Who it is asked of", r.From, true)
	v.longText(FieldWhat, "What is asked for", r.What, true)
	v.line(FieldKind, "The kind of evidence", r.Kind, false)
	if !r.State.Valid() {
		v.add(FieldState, fmt.Sprintf("%q is not a state of an evidence request.", r.State))
	}
	v.date(FieldRequestedOn, "The date requested", r.RequestedOn)
	v.date(FieldDueOn, "The due date", r.DueOn)
	v.date(FieldReceivedOn, "The date received", r.ReceivedOn)
	if r.DueOn.Before(r.RequestedOn) {
		v.add(FieldDueOn, "The due date is before the date the evidence was requested.")
	}
	if !r.ReceivedOn.IsZero() && r.State != RequestReceived {
		v.add(FieldReceivedOn, "Only a request marked Received has a date received.")
	}
	return v.err("The evidence request")
}

// RequestFilter selects evidence requests. Zero fields match everything.
type RequestFilter struct {
	QuestionID int64
	OverdueOn  Date // if set, only requests overdue on this date
	OpenOnly   bool // only requests still awaited
}

// Match reports whether the filter selects r.
func (f RequestFilter) Match(r *EvidenceRequest) bool {
	switch {
	case f.QuestionID != 0 && r.QuestionID != f.QuestionID:
		return false
	case !f.OverdueOn.IsZero() && !r.Overdue(f.OverdueOn):
		return false
	case f.OpenOnly && r.State != RequestRequested:
		return false
	}
	return true
}

func (r *EvidenceRequest) auditFields() []fieldValue {
	return []fieldValue{
		{FieldWhat, "Evidence asked for", r.What},
		{FieldFrom, "Asked of", r.From},
		{FieldKind, "Kind of evidence", r.Kind},
		{FieldRequestedOn, "Requested on", r.RequestedOn.UK()},
		{FieldDueOn, "Due on", r.DueOn.UK()},
		{FieldState, "State", r.State.Label()},
		{FieldReceivedOn, "Received on", r.ReceivedOn.UK()},
		{"evidence", "Satisfied by", idValue("evidence", r.EvidenceID)},
	}
}

// YearStore is what a log keeps for the guardian's year beyond questions:
// evidence requests, the board decisions checked, the log's own scale,
// profile and lists, and each meeting's cover sheet. It is separate from
// Store so that a store without them still works; use YearOf to reach it.
type YearStore interface {
	EvidenceRequests(ctx context.Context, f RequestFilter) ([]*EvidenceRequest, error) // by due date
	CreateEvidenceRequest(ctx context.Context, r *EvidenceRequest) error
	UpdateEvidenceRequest(ctx context.Context, r *EvidenceRequest) error
	DeleteEvidenceRequest(ctx context.Context, id int64) error
	// ReceiveEvidence marks a request received on a date, satisfied by an
	// evidence item on the same question (0 for none).
	ReceiveEvidence(ctx context.Context, requestID, evidenceID int64, on Date) error

	// EvidenceKindsOf maps evidence ids to their kind; evidence without one is absent.
	EvidenceKindsOf(ctx context.Context) (map[int64]string, error)
	SetEvidenceKind(ctx context.Context, evidenceID int64, kind string) error

	Decisions(ctx context.Context) ([]*Decision, error) // by date
	CreateDecision(ctx context.Context, d *Decision) error
	UpdateDecision(ctx context.Context, d *Decision) error
	DeleteDecision(ctx context.Context, id int64) error

	LogSettings(ctx context.Context) (LogSettings, error)
	UpdateLogSettings(ctx context.Context, s LogSettings) error

	// QuestionTags maps question ids to their tags (an ICB's "own staff" or
	// "commissioned services", BAF risk codes, CQC domains).
	QuestionTags(ctx context.Context) (map[int64][]string, error)
	SetQuestionTags(ctx context.Context, questionID int64, tags []string) error

	CoverSheet(ctx context.Context, meetingID int64) (CoverSheet, error)
	SaveCoverSheet(ctx context.Context, meetingID int64, c CoverSheet) error

	// Catalogue is Guardian's frameworks plus those added to the log; nil
	// when the log was opened without a catalogue.
	Catalogue() *Catalogue
	// AddFramework checks a framework file in the embedded format and keeps
	// it in the log; an id already in use is refused, naming it.
	AddFramework(ctx context.Context, data []byte) ([]*Framework, error)
}

// YearOf returns the YearStore behind a log's reader, or nil if it keeps none.
func YearOf(r any) YearStore {
	if y, ok := r.(interface{ Year() YearStore }); ok {
		return y.Year()
	}
	if y, ok := r.(YearStore); ok {
		return y
	}
	return nil
}
