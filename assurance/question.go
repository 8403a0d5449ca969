package assurance

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Status is where a question stands.
type Status string

const (
	StatusDraft    Status = "draft"    // written but not yet put to anyone
	StatusAsked    Status = "asked"    // put to the board or an executive; awaiting a response
	StatusAnswered Status = "answered" // a response has been given
	StatusClosed   Status = "closed"   // the Guardian is content; no further follow-up
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusDraft, StatusAsked, StatusAnswered, StatusClosed}

// Label returns the status as the user sees it.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Draft"
	case StatusAsked:
		return "Asked"
	case StatusAnswered:
		return "Answered"
	case StatusClosed:
		return "Closed"
	}
	return string(s)
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// AwaitingResponse reports whether the question still waits for an answer.
func (s Status) AwaitingResponse() bool { return s == StatusDraft || s == StatusAsked }

// AssuranceLevel is the level of assurance the Guardian takes from a response,
// on the scale NHS boards use.
type AssuranceLevel string

const (
	NotAssessed AssuranceLevel = "not_assessed"
	Substantial AssuranceLevel = "substantial"
	Reasonable  AssuranceLevel = "reasonable"
	Limited     AssuranceLevel = "limited"
	NoAssurance AssuranceLevel = "none"
)

// AssuranceLevels lists the levels from strongest to weakest, then Not yet assessed.
var AssuranceLevels = []AssuranceLevel{Substantial, Reasonable, Limited, NoAssurance, NotAssessed}

// Label returns the level as the user sees it.
func (l AssuranceLevel) Label() string {
	switch l {
	case Substantial:
		return "Substantial"
	case Reasonable:
		return "Reasonable"
	case Limited:
		return "Limited"
	case NoAssurance:
		return "No assurance"
	case NotAssessed, "":
		return "Not yet assessed"
	}
	return string(l)
}

// Valid reports whether l is one of the levels.
func (l AssuranceLevel) Valid() bool {
	for _, v := range AssuranceLevels {
		if l == v {
			return true
		}
	}
	return false
}

// Assessed reports whether a level has been given.
func (l AssuranceLevel) Assessed() bool { return l != NotAssessed && l != "" }

// Rank orders assessed levels: No assurance 1, Limited 2, Reasonable 3,
// Substantial 4. Not yet assessed is 0.
func (l AssuranceLevel) Rank() int {
	switch l {
	case NoAssurance:
		return 1
	case Limited:
		return 2
	case Reasonable:
		return 3
	case Substantial:
		return 4
	}
	return 0
}

// Weak reports whether the level is Limited or No assurance: one a board must act on.
func (l AssuranceLevel) Weak() bool { return l == Limited || l == NoAssurance }

// ParseAssuranceLevel reads a level from its code or its label, ignoring case.
func ParseAssuranceLevel(s string) (AssuranceLevel, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return NotAssessed, nil
	}
	for _, l := range AssuranceLevels {
		if t == string(l) || t == strings.ToLower(l.Label()) {
			return l, nil
		}
	}
	if t == "no" || t == "no_assurance" {
		return NoAssurance, nil
	}
	return "", Errorf(EINVALID, "%q is not an assurance level: use Substantial, Reasonable, Limited, No assurance or Not yet assessed", s)
}

// ParseStatus reads a status from its code or its label, ignoring case.
func ParseStatus(s string) (Status, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, v := range Statuses {
		if t == string(v) {
			return v, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a status: use draft, asked, answered or closed", s)
}

// Field names used in validation errors, so a form can place each message.
const (
	FieldArea        = "area"
	FieldText        = "text"
	FieldAskedOf     = "asked_of"
	FieldRaisedOn    = "raised_on"
	FieldMeeting     = "meeting"
	FieldDueOn       = "due_on"
	FieldStatus      = "status"
	FieldResponse    = "response"
	FieldRespondedOn = "responded_on"
	FieldLevel       = "level"
	FieldComment     = "comment"
	FieldTitle       = "title"
	FieldDate        = "date"
	FieldKind        = "kind"
	FieldOwner       = "owner"
	FieldDoneOn      = "done_on"
	FieldName        = "name"
	FieldDescription = "description"
	FieldRecurring   = "recurring"
)

// Question is a board-level assurance question logged against an action area.
type Question struct {
	ID  int64
	Ref string // stable human reference such as Q-0042, given by the store

	Framework string // framework id; empty means the catalogue's default
	Area      string // action area id, such as "4.1"

	Text        string
	AskedOf     string // role and/or name, such as "Chief People Officer (J. Smith)"
	RaisedOn    Date
	MeetingID   int64 // meeting at which it was raised; 0 for none
	DueOn       Date
	Status      Status
	Response    string
	RespondedOn Date
	Level       AssuranceLevel
	Comment     string // the Guardian's comment on the assurance given
	// Recurring questions are asked again in every reporting period, even
	// once closed (see Periods.StartPeriod).
	Recurring bool

	// Version counts saves; an update with a stale Version fails with
	// ECONFLICT rather than overwrite someone else's change.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time

	// Filled by reads, ignored by writes.
	EvidenceCount int
	OpenActions   int
}

// Overdue reports whether the question still awaits a response after its due date.
func (q *Question) Overdue(today Date) bool {
	return q.Status.AwaitingResponse() && !q.DueOn.IsZero() && q.DueOn.Before(today)
}

// Open reports whether the question is not yet closed.
func (q *Question) Open() bool { return q.Status != StatusClosed }

var refPattern = regexp.MustCompile(`^Q-[0-9]{4,}$`)

// ValidRef reports whether s has the form of a question reference.
func ValidRef(s string) bool { return refPattern.MatchString(s) }

// FormatRef returns the reference for the n-th question: Q-0042.
func FormatRef(n int64) string { return fmt.Sprintf("Q-%04d", n) }

// Normalise fills defaults (status Draft, level Not yet assessed) and trims
// surrounding space from single-line fields.
func (q *Question) Normalise() {
	if q.Status == "" {
		q.Status = StatusDraft
	}
	if q.Level == "" {
		q.Level = NotAssessed
	}
	q.Area = strings.TrimSpace(q.Area)
	q.AskedOf = strings.TrimSpace(q.AskedOf)
	q.Text = strings.TrimSpace(q.Text)
	q.Response = strings.TrimSpace(q.Response)
	q.Comment = strings.TrimSpace(q.Comment)
}

// Validate checks the question against the rules a board paper needs. cat, if
// not nil, is used to check the area exists. Every problem is reported, each
// against its field.
func (q *Question) Validate(cat *Catalogue) error {
	v := validator{}
	v.longText(FieldText, "The question", q.Text, true)
	v.line(FieldAskedOf, "Asked of", q.AskedOf, false)
	v.longText(FieldResponse, "The response", q.Response, false)
	v.longText(FieldComment, "Your comment", q.Comment, false)
	if q.Area == "" {
		v.add(FieldArea, "Choose the action area this question is about.")
	} else if cat != nil {
		fw := q.Framework
		if fw == "" {
			fw = cat.Default().ID
		}
		if cat.Framework(fw) == nil {
			v.add(FieldArea, fmt.Sprintf("The framework %q is not known to this version of Guardian.", fw))
		} else if cat.Area(fw, q.Area) == nil {
			v.add(FieldArea, fmt.Sprintf("There is no action area %q in the framework.", q.Area))
		}
	}
	if !q.Status.Valid() {
		v.add(FieldStatus, fmt.Sprintf("%q is not a status.", q.Status))
	}
	if !q.Level.Valid() {
		v.add(FieldLevel, fmt.Sprintf("%q is not an assurance level.", q.Level))
	}
	v.date(FieldRaisedOn, "The date raised", q.RaisedOn)
	v.date(FieldDueOn, "The due date", q.DueOn)
	v.date(FieldRespondedOn, "The response date", q.RespondedOn)
	if q.DueOn.Before(q.RaisedOn) {
		v.add(FieldDueOn, "The due date is before the date the question was raised.")
	}
	if q.RespondedOn.Before(q.RaisedOn) {
		v.add(FieldRespondedOn, "The response date is before the date the question was raised.")
	}
	if q.Level.Assessed() && q.Response == "" {
		v.add(FieldLevel, "Record the response before giving an assurance level.")
	}
	if q.Status == StatusAnswered && q.Response == "" {
		v.add(FieldResponse, "A question marked Answered needs the response.")
	}
	if !q.RespondedOn.IsZero() && q.Response == "" {
		v.add(FieldRespondedOn, "A response date needs the response.")
	}
	return v.err("The question")
}
