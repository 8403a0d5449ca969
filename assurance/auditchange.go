package assurance

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// FieldChange is one field of an audited object as a user reads it: its
// label ("Responded on", never the internal name) and its values before and
// after the change, formatted ("3 Dec 2026", "Limited"); "" means none.
type FieldChange struct {
	Field  string // the Field* key, or the object's own name for fields no form edits
	Label  string
	Before string
	After  string
}

// AuditChange is an audit entry decoded: the fields that changed, and for a
// question its typed states, for callers that reason about them (the board
// paper's Changes sheet).
type AuditChange struct {
	Action string // the entry's AuditCreate, AuditUpdate or AuditDelete
	// Fields lists, in the order a form shows them, the fields that differ:
	// for an addition every field it was given, for a deletion every field
	// it had.
	Fields []FieldChange
	// Summary names the object: a question's or action's text, a file name,
	// a meeting's title or an organisation.
	Summary string
	// QuestionBefore and QuestionAfter are a question's states; nil for
	// other objects, for no state (before an addition, after a deletion),
	// or for a state that could not be read.
	QuestionBefore, QuestionAfter *Question
}

// fieldValue is one field of an object, labelled and formatted.
type fieldValue struct{ field, label, value string }

// DecodeAudit reads an audit entry's before and after records. Each side is
// read on its own: when one cannot be read (an entry damaged, or written by
// a newer Guardian in a form this one does not know), the other is still
// decoded, and the error says which could not.
func DecodeAudit(e *AuditEntry) (*AuditChange, error) {
	c := &AuditChange{Action: e.Action}
	before, errB := auditFields(e.Object, e.Before, &c.QuestionBefore)
	after, errA := auditFields(e.Object, e.After, &c.QuestionAfter)
	for i := range max(len(before), len(after)) {
		var b, a fieldValue
		if i < len(before) {
			b = before[i]
		}
		if i < len(after) {
			a = after[i]
		}
		f := a
		if f.field == "" {
			f = b
		}
		if b.value != a.value {
			c.Fields = append(c.Fields, FieldChange{Field: f.field, Label: f.label, Before: b.value, After: a.value})
		}
	}
	c.Summary = summary(after)
	if c.Summary == "" {
		c.Summary = summary(before)
	}
	if errB != nil {
		return c, fmt.Errorf("audit entry %d: the record before the change: %w", e.ID, errB)
	}
	if errA != nil {
		return c, fmt.Errorf("audit entry %d: the record after the change: %w", e.ID, errA)
	}
	return c, nil
}

// summary is the first of the fields that name an object.
func summary(fields []fieldValue) string {
	for _, f := range fields {
		switch f.field {
		case FieldText, FieldName, FieldTitle, fieldOrganisation:
			if f.value != "" {
				return f.value
			}
		}
	}
	return ""
}

// auditFields decodes one side of an entry about object; a question is
// also kept in *q. An empty record has no fields.
func auditFields(object, record string, q **Question) ([]fieldValue, error) {
	if record == "" {
		return nil, nil
	}
	var rec interface{ auditFields() []fieldValue }
	switch object {
	case ObjectQuestion:
		rec = &Question{}
	case ObjectMeeting:
		rec = &Meeting{}
	case ObjectAction:
		rec = &Action{}
	case ObjectEvidence:
		rec = &Evidence{}
	case ObjectSettings:
		rec = &Settings{}
	case ObjectPeriod:
		rec = &Period{}
	case ObjectMaturity:
		rec = &AreaMaturity{}
	case ObjectAnswer:
		rec = &PeriodAnswer{}
	case ObjectRequest:
		rec = &EvidenceRequest{}
	case ObjectDecision:
		rec = &Decision{}
	case ObjectLogSettings:
		rec = &LogSettings{}
	case ObjectCoverSheet:
		rec = &CoverSheet{}
	case ObjectTags, ObjectKind, ObjectFramework:
		rec = &labelRecord{}
	default:
		return nil, fmt.Errorf("unknown kind of record %q", object)
	}
	if err := json.Unmarshal([]byte(record), rec); err != nil {
		return nil, err
	}
	if v, ok := rec.(*Question); ok {
		*q = v
	}
	return rec.auditFields(), nil
}

// Keys of the fields no form edits, for FieldChange.Field.
const (
	fieldFramework       = "framework"
	fieldOrganisation    = "organisation"
	fieldGuardian        = "guardian"
	fieldSecurityMarking = "security_marking"
	fieldMediaType       = "media_type"
	fieldSize            = "size"
	fieldSHA256          = "sha256"
	fieldAddedAt         = "added_at"
	fieldAddedBy         = "added_by"
)

// The auditFields methods list each object's fields as its form shows them.
// Bookkeeping (ids, versions, the times a record was saved) is left out: it
// changes with every save and means nothing to a reader.

func (q *Question) auditFields() []fieldValue {
	return []fieldValue{
		{fieldFramework, "Framework", q.Framework},
		{FieldArea, "Action area", q.Area},
		{FieldText, "Question", q.Text},
		{FieldAskedOf, "Asked of", q.AskedOf},
		{FieldRaisedOn, "Raised on", q.RaisedOn.UK()},
		{FieldMeeting, "Raised at meeting", idValue("meeting", q.MeetingID)},
		{FieldDueOn, "Due on", q.DueOn.UK()},
		{FieldStatus, "Status", q.Status.Label()},
		{FieldResponse, "Response", q.Response},
		{FieldRespondedOn, "Responded on", q.RespondedOn.UK()},
		{FieldLevel, "Assurance level", q.Level.Label()},
		{FieldComment, "Guardian's comment", q.Comment},
		{FieldRecurring, "Asked every period", yesNo(q.Recurring)},
	}
}

func (m *Meeting) auditFields() []fieldValue {
	return []fieldValue{
		{FieldKind, "Kind of meeting", m.Kind.Label()},
		{FieldTitle, "Title", m.Title},
		{FieldDate, "Date", m.Date.UK()},
	}
}

func (a *Action) auditFields() []fieldValue {
	return []fieldValue{
		{FieldText, "Action", a.Text},
		{FieldOwner, "Owner", a.Owner},
		{FieldDueOn, "Due on", a.DueOn.UK()},
		{FieldDoneOn, "Done on", a.DoneOn.UK()},
	}
}

func (e *Evidence) auditFields() []fieldValue {
	return []fieldValue{
		{FieldName, "File name", e.Name},
		{FieldDescription, "Description", e.Description},
		{fieldMediaType, "Type of file", e.MediaType},
		{fieldSize, "Size", FormatSize(e.Size)},
		{fieldSHA256, "SHA-256 fingerprint", e.SHA256},
		{fieldAddedAt, "Attached on", timeValue(e.AddedAt)},
		{fieldAddedBy, "Attached by", e.AddedBy},
	}
}

func (s *Settings) auditFields() []fieldValue {
	return []fieldValue{
		{fieldOrganisation, "Organisation", s.Organisation},
		{fieldGuardian, "Guardian", s.Guardian},
		{fieldSecurityMarking, "Security marking", s.SecurityMarking},
	}
}

func idValue(what string, id int64) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("%s %d", what, id)
}

func timeValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2 Jan 2006 15:04")
}

// String writes the change on one line: "Responded on: 3 Dec 2026", or
// "Status: Asked → Answered" when there was a value before.
func (f FieldChange) String() string {
	switch {
	case f.Before == "":
		return f.Label + ": " + f.After
	case f.After == "":
		return f.Label + ": " + f.Before + " → (none)"
	}
	return f.Label + ": " + f.Before + " → " + f.After
}

// Line says on one line what the entry did: for a change, each field that
// changed with its values cut to n characters; for an addition or deletion,
// the object's summary cut to 3n.
func (c *AuditChange) Line(n int) string {
	if c.Action != AuditUpdate {
		return clip(c.Summary, 3*n)
	}
	parts := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		f.Before, f.After = clip(f.Before, n), clip(f.After, n)
		parts = append(parts, f.String())
	}
	return strings.Join(parts, "; ")
}

// clip puts s on one line and cuts it to n characters.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
