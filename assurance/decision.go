package assurance

import (
	"fmt"
	"strings"
	"time"
)

// Impact is how far a decision's paper considered the effect on staff
// health and wellbeing.
type Impact string

const (
	ImpactYes    Impact = "yes"
	ImpactPartly Impact = "partly"
	ImpactNo     Impact = "no"
)

// Impacts lists the answers in the order they are offered.
var Impacts = []Impact{ImpactYes, ImpactPartly, ImpactNo}

// Label returns the answer as the user sees it.
func (i Impact) Label() string {
	switch i {
	case ImpactYes:
		return "Yes"
	case ImpactPartly:
		return "Partly"
	case ImpactNo:
		return "No"
	}
	return string(i)
}

// ParseImpact reads an answer from its code or label, ignoring case.
func ParseImpact(s string) (Impact, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, i := range Impacts {
		if t == string(i) {
			return i, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not an answer: use yes, partly or no", s)
}

// Decision is a board or committee decision the guardian checked for its
// effect on staff health and wellbeing: the guardian questions decisions that
// affect it, holds the board to account for that effect, and prompts it to
// review unintended consequences.
type Decision struct {
	ID        int64
	Decision  string // what was decided
	Meeting   string // where, such as "Board, 5 November 2026"
	DecidedOn Date
	Impact    Impact // was the effect on staff health and wellbeing considered
	// Unintended records that the guardian prompted a review of unintended consequences.
	Unintended bool
	Comment    string
	QuestionID int64 // a follow-up question, or 0

	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time

	// Filled by reads.
	QuestionRef string
}

// Field names of a decision, for validation errors.
const (
	FieldDecision  = "decision"
	FieldDecidedOn = "decided_on"
	FieldImpact    = "impact"
)

// Normalise trims the single-line fields.
func (d *Decision) Normalise() {
	d.Decision, d.Meeting, d.Comment = strings.TrimSpace(d.Decision), strings.TrimSpace(d.Meeting), strings.TrimSpace(d.Comment)
}

// Validate checks the decision.
func (d *Decision) Validate() error {
	v := validator{}
	v.longText(FieldDecision, "The decision", d.Decision, true)
	v.line(FieldMeeting, "The meeting", d.Meeting, false)
	v.longText(FieldComment, "Your comment", d.Comment, false)
	v.date(FieldDecidedOn, "The date of the decision", d.DecidedOn)
	switch d.Impact {
	case ImpactYes, ImpactPartly, ImpactNo:
	default:
		v.add(FieldImpact, fmt.Sprintf("Say whether the effect on staff health and wellbeing was considered (yes, partly or no), not %q.", d.Impact))
	}
	return v.err("The decision")
}

func (d *Decision) auditFields() []fieldValue {
	unintended := "No"
	if d.Unintended {
		unintended = "Yes"
	}
	return []fieldValue{
		{FieldDecision, "Decision", d.Decision},
		{FieldMeeting, "Meeting", d.Meeting},
		{FieldDecidedOn, "Decided on", d.DecidedOn.UK()},
		{FieldImpact, "Effect on staff health and wellbeing considered", d.Impact.Label()},
		{"unintended", "Unintended consequences raised", unintended},
		{FieldComment, "Guardian's comment", d.Comment},
		{"question", "Follow-up question", idValue("question", d.QuestionID)},
	}
}

// Purpose is what a paper asks of the meeting that receives it.
type Purpose string

// Purposes a cover sheet offers.
var Purposes = []Purpose{"Approval", "Assurance", "Discussion", "Information"}

// CoverSheet is the NHS cover sheet of a paper to one meeting, in the
// guardian's words; it is kept per meeting so the next paper starts from it.
type CoverSheet struct {
	AgendaItem       string
	Author           string
	ExecutiveLead    string
	Purpose          Purpose
	Level            AssuranceLevel // the overall level the guardian gives
	LevelReason      string         // one line saying why
	CQCDomains       []string
	BAFRisks         []string // codes, such as "SR2"
	Equality         string   // the equality impact line
	PreviouslyBy     string   // previously considered by
	Recommendation   string
	ExecutiveSummary string
}

// Validate checks the cover sheet.
func (c *CoverSheet) Validate() error {
	v := validator{}
	v.line("agenda_item", "The agenda item", c.AgendaItem, false)
	v.line("author", "The author", c.Author, false)
	v.line("executive_lead", "The executive lead", c.ExecutiveLead, false)
	if c.Purpose != "" {
		ok := false
		for _, p := range Purposes {
			ok = ok || p == c.Purpose
		}
		if !ok {
			v.add("purpose", fmt.Sprintf("%q is not a purpose: use Approval, Assurance, Discussion or Information.", c.Purpose))
		}
	}
	if c.Level != "" && !c.Level.Valid() {
		v.add(FieldLevel, fmt.Sprintf("%q is not an assurance level.", c.Level))
	}
	v.line("level_reason", "The reason for the level", c.LevelReason, false)
	v.line("equality", "The equality impact line", c.Equality, false)
	v.line("previously", "Previously considered by", c.PreviouslyBy, false)
	v.longText("recommendation", "The recommendation", c.Recommendation, false)
	v.longText("summary", "The executive summary", c.ExecutiveSummary, false)
	return v.err("The cover sheet")
}

func (c *CoverSheet) auditFields() []fieldValue {
	return []fieldValue{
		{"agenda_item", "Agenda item", c.AgendaItem},
		{"author", "Author", c.Author},
		{"executive_lead", "Executive lead", c.ExecutiveLead},
		{"purpose", "Purpose", string(c.Purpose)},
		{FieldLevel, "Overall level of assurance", c.Level.Label()},
		{"level_reason", "Reason for the level", c.LevelReason},
		{"cqc", "CQC domains", strings.Join(c.CQCDomains, ", ")},
		{"baf", "BAF risks", strings.Join(c.BAFRisks, ", ")},
		{"equality", "Equality impact", c.Equality},
		{"previously", "Previously considered by", c.PreviouslyBy},
		{"recommendation", "Recommendation", c.Recommendation},
		{"summary", "Executive summary", c.ExecutiveSummary},
	}
}

// labelRecord is how the audit log keeps a question's tags or an evidence
// item's kind: the labels it had.
type labelRecord struct {
	Labels []string
}

// LabelRecord returns the audit record of a list of labels.
func LabelRecord(labels []string) any { return &labelRecord{Labels: labels} }

func (l *labelRecord) auditFields() []fieldValue {
	return []fieldValue{{"labels", "Labels", strings.Join(l.Labels, ", ")}}
}
