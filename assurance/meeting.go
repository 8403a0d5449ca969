package assurance

import (
	"fmt"
	"strings"
	"time"
)

// MeetingKind is the body that meets: the board or one of its committees.
type MeetingKind string

const (
	Board            MeetingKind = "board"
	PeopleCommittee  MeetingKind = "people_committee"
	QualityCommittee MeetingKind = "quality_committee"
	OtherMeetingKind MeetingKind = "other"
)

// MeetingKinds lists every kind of meeting.
var MeetingKinds = []MeetingKind{Board, PeopleCommittee, QualityCommittee, OtherMeetingKind}

// Label returns the kind as the user sees it.
func (k MeetingKind) Label() string {
	switch k {
	case Board:
		return "Board"
	case PeopleCommittee:
		return "People Committee"
	case QualityCommittee:
		return "Quality Committee"
	case OtherMeetingKind:
		return "Other meeting"
	}
	return string(k)
}

// Valid reports whether k is one of the kinds.
func (k MeetingKind) Valid() bool {
	for _, v := range MeetingKinds {
		if k == v {
			return true
		}
	}
	return false
}

// ParseMeetingKind reads a kind from its code or label, ignoring case.
func ParseMeetingKind(s string) (MeetingKind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, k := range MeetingKinds {
		if t == string(k) || t == strings.ToLower(k.Label()) || t == strings.ReplaceAll(string(k), "_", "-") {
			return k, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a kind of meeting: use board, people_committee, quality_committee or other", s)
}

// Meeting is a board or committee meeting at which questions are raised or due.
type Meeting struct {
	ID    int64
	Kind  MeetingKind
	Title string // such as "Public Board, November 2026"
	Date  Date

	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Label returns "People Committee, 12 Nov 2026: title".
func (m *Meeting) Label() string {
	s := m.Kind.Label() + ", " + m.Date.UK()
	if m.Title != "" {
		s += ": " + m.Title
	}
	return s
}

// Validate checks the meeting.
func (m *Meeting) Validate() error {
	v := validator{}
	if !m.Kind.Valid() {
		v.add(FieldKind, fmt.Sprintf("Choose whether this is the Board or a committee (%q is not a kind of meeting).", m.Kind))
	}
	v.line(FieldTitle, "The title", m.Title, false)
	v.date(FieldDate, "The date", m.Date)
	if m.Date.IsZero() {
		v.add(FieldDate, "Give the date of the meeting.")
	}
	return v.err("The meeting")
}

// Action is a follow-up action agreed on a question.
type Action struct {
	ID         int64
	QuestionID int64
	Text       string
	Owner      string
	DueOn      Date
	DoneOn     Date

	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Done reports whether the action is complete.
func (a *Action) Done() bool { return !a.DoneOn.IsZero() }

// Overdue reports whether the action is not done and past its due date.
func (a *Action) Overdue(today Date) bool {
	return !a.Done() && !a.DueOn.IsZero() && a.DueOn.Before(today)
}

// Validate checks the action.
func (a *Action) Validate() error {
	v := validator{}
	if a.QuestionID == 0 {
		v.add("question", "An action belongs to a question.")
	}
	v.longText(FieldText, "The action", a.Text, true)
	v.line(FieldOwner, "The owner", a.Owner, false)
	v.date(FieldDueOn, "The due date", a.DueOn)
	v.date(FieldDoneOn, "The date done", a.DoneOn)
	return v.err("The action")
}
