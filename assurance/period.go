package assurance

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Cadence is how often a log starts a new reporting period. Guidance sets
// none (the same questions asked over time is what matters), so each log
// chooses its own; quarters of the NHS financial year are the default.
type Cadence string

const (
	CadenceQuarter Cadence = "quarter" // NHS financial year: Q1 April to June ... Q4 January to March
	CadenceMonth   Cadence = "month"
	CadenceMeeting Cadence = "meeting" // one period per Board meeting
	CadenceYear    Cadence = "year"    // NHS financial year, April to March
)

// Cadences lists every cadence, the default first.
var Cadences = []Cadence{CadenceQuarter, CadenceMonth, CadenceMeeting, CadenceYear}

// Label returns the cadence as the user sees it.
func (c Cadence) Label() string {
	switch c {
	case CadenceQuarter:
		return "Quarterly"
	case CadenceMonth:
		return "Monthly"
	case CadenceMeeting:
		return "Per Board meeting"
	case CadenceYear:
		return "Financial year"
	}
	return string(c)
}

// ParseCadence reads a cadence from its code or label, ignoring case.
func ParseCadence(s string) (Cadence, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return CadenceQuarter, nil
	}
	for _, c := range Cadences {
		if t == string(c) || t == strings.ToLower(c.Label()) {
			return c, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a reporting cadence: use quarter, month, meeting or year", s)
}

// Audit entries for periods: a period is created when started, then closed
// and reopened; an area's maturity is created, then updated.
const (
	ObjectPeriod   = "period"
	ObjectMaturity = "maturity"
	ObjectAnswer   = "answer" // a question's answer in a period other than the current one
	AuditClose     = "close"
	AuditReopen    = "reopen"
)

// Period is one reporting period of a log. The latest period started is the
// current one: questions' response, level and comment are its answers.
type Period struct {
	ID       int64
	Name     string // such as "2026/27 Q3"; unique in the log
	Cadence  Cadence
	StartsOn Date
	EndsOn   Date // the last day; may be empty for a period per meeting

	// ClosedAt is set while the period is closed: its answers are frozen.
	ClosedAt time.Time
	ClosedBy string

	CreatedAt time.Time
}

// Closed reports whether the period's answers are frozen.
func (p *Period) Closed() bool { return !p.ClosedAt.IsZero() }

// Label returns "2026/27 Q3 (1 Oct 2026 to 31 Dec 2026)".
func (p *Period) Label() string {
	s := p.Name
	switch {
	case !p.EndsOn.IsZero():
		s += fmt.Sprintf(" (%s to %s)", p.StartsOn.UK(), p.EndsOn.UK())
	case !p.StartsOn.IsZero():
		s += " (from " + p.StartsOn.UK() + ")"
	}
	if p.Closed() {
		s += ", closed"
	}
	return s
}

// Field names of a period, for validation errors.
const (
	FieldStartsOn = "starts_on"
	FieldEndsOn   = "ends_on"
	FieldCadence  = "cadence"
)

// Fill gives a period started on StartsOn its cadence's default name and
// end where they are missing: "2026/27 Q3" ending 31 Dec 2026.
func (p *Period) Fill() {
	p.Name = strings.TrimSpace(p.Name)
	if p.Cadence == "" {
		p.Cadence = CadenceQuarter
	}
	d := p.StartsOn
	if d.IsZero() {
		return
	}
	t := d.Time()
	fy := t.Year() // the financial year starting in April of fy
	if t.Month() < time.April {
		fy--
	}
	fyName := fmt.Sprintf("%d/%02d", fy, (fy+1)%100)
	var name string
	var end time.Time
	switch p.Cadence {
	case CadenceQuarter:
		q := (int(t.Month())-int(time.April)+12)%12/3 + 1
		first := time.Date(fy, time.April+time.Month(3*(q-1)), 1, 0, 0, 0, 0, time.UTC)
		name, end = fmt.Sprintf("%s Q%d", fyName, q), first.AddDate(0, 3, -1)
	case CadenceMonth:
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		name, end = t.Format("January 2006"), first.AddDate(0, 1, -1)
	case CadenceYear:
		name, end = fyName, time.Date(fy+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	case CadenceMeeting:
		name = "Board " + d.UK()
	}
	if p.Name == "" {
		p.Name = name
	}
	if p.EndsOn.IsZero() && !end.IsZero() {
		p.EndsOn = DateOf(end)
	}
}

// Validate checks a period before it is started.
func (p *Period) Validate() error {
	v := validator{}
	v.line(FieldName, "The period's name", p.Name, true)
	if p.Cadence != "" {
		if _, err := ParseCadence(string(p.Cadence)); err != nil {
			v.add(FieldCadence, fmt.Sprintf("%q is not a reporting cadence.", p.Cadence))
		}
	}
	v.date(FieldStartsOn, "The start date", p.StartsOn)
	v.date(FieldEndsOn, "The end date", p.EndsOn)
	if p.StartsOn.IsZero() {
		v.add(FieldStartsOn, "Give the date the period starts.")
	}
	if p.EndsOn.Before(p.StartsOn) {
		v.add(FieldEndsOn, "The period ends before it starts.")
	}
	return v.err("The period")
}

// CarriedForward reports whether q rolls into a new period: it is open, or
// recurs every period even once closed.
func (q *Question) CarriedForward() bool { return q.Open() || q.Recurring }

// AskAgain empties q's answer for a new period; an answered or closed
// question waits for this period's response again.
func (q *Question) AskAgain() {
	q.Response, q.RespondedOn, q.Level, q.Comment = "", Date{}, NotAssessed, ""
	if q.Status == StatusAnswered || q.Status == StatusClosed {
		q.Status = StatusAsked
	}
}

// PeriodAnswer is a question's answer in one period: what the response was
// then and the assurance the Guardian took from it. A closed period's
// answers never change.
type PeriodAnswer struct {
	QuestionID  int64
	PeriodID    int64
	Response    string
	RespondedOn Date
	Level       AssuranceLevel
	Comment     string
	UpdatedAt   time.Time

	// Filled by reads, ignored by writes.
	Ref       string
	Framework string
	Area      string
}

// AnswerOf returns the answer fields q holds now, for the period given.
func AnswerOf(q *Question, periodID int64) *PeriodAnswer {
	return &PeriodAnswer{QuestionID: q.ID, PeriodID: periodID, Response: q.Response, RespondedOn: q.RespondedOn,
		Level: q.Level, Comment: q.Comment, Ref: q.Ref, Framework: q.Framework, Area: q.Area}
}

// Validate checks an answer as Question.Validate checks a question's.
func (a *PeriodAnswer) Validate() error {
	a.Response, a.Comment = strings.TrimSpace(a.Response), strings.TrimSpace(a.Comment)
	if a.Level == "" {
		a.Level = NotAssessed
	}
	v := validator{}
	v.longText(FieldResponse, "The response", a.Response, false)
	v.longText(FieldComment, "Your comment", a.Comment, false)
	v.date(FieldRespondedOn, "The response date", a.RespondedOn)
	if !a.Level.Valid() {
		v.add(FieldLevel, fmt.Sprintf("%q is not an assurance level.", a.Level))
	} else if a.Level.Assessed() && a.Response == "" {
		v.add(FieldLevel, "Record the response before giving an assurance level.")
	}
	if !a.RespondedOn.IsZero() && a.Response == "" {
		v.add(FieldRespondedOn, "A response date needs the response.")
	}
	return v.err("The answer")
}

func (a *PeriodAnswer) auditFields() []fieldValue {
	return []fieldValue{
		{"period", "Reporting period", idValue("period", a.PeriodID)},
		{fieldFramework, "Framework", a.Framework},
		{FieldArea, "Action area", a.Area},
		{FieldResponse, "Response", a.Response},
		{FieldRespondedOn, "Responded on", a.RespondedOn.UK()},
		{FieldLevel, "Assurance level", a.Level.Label()},
		{FieldComment, "Guardian's comment", a.Comment},
	}
}

// SameAnswer reports whether a and b hold the same answer.
func SameAnswer(a, b *PeriodAnswer) bool {
	return a.Response == b.Response && a.RespondedOn == b.RespondedOn && a.Level == b.Level && a.Comment == b.Comment
}

// PeriodReader is every read of reporting periods and maturity. A board
// paper reads a log through Reader and looks for this with a type assertion,
// so that a Reader without periods still makes a paper.
type PeriodReader interface {
	// Periods returns every period, oldest first.
	Periods(ctx context.Context) ([]*Period, error)
	// CurrentPeriod returns the latest period started, or nil if the log
	// has none yet.
	CurrentPeriod(ctx context.Context) (*Period, error)
	// PeriodAnswers returns one question's answers, oldest period first.
	PeriodAnswers(ctx context.Context, questionID int64) ([]*PeriodAnswer, error)
	// AnswersIn returns every question's answer in a period.
	AnswersIn(ctx context.Context, periodID int64) ([]*PeriodAnswer, error)
	// LevelsIn returns every question's level in a period with its
	// framework and area, and nothing else: what AreaTrends and a paper's
	// level columns need, read far faster than AnswersIn on a large log.
	LevelsIn(ctx context.Context, periodID int64) ([]*PeriodAnswer, error)
	// AreaLevelsIn returns one answer for each distinct framework, area
	// and level given in a period, with no question: all AreaTrends needs,
	// a few hundred rows however large the log.
	AreaLevelsIn(ctx context.Context, periodID int64) ([]*PeriodAnswer, error)
	// Maturity returns the self-assessed maturity of each area in a period.
	Maturity(ctx context.Context, periodID int64) ([]*AreaMaturity, error)
}

// Periods is what a Store offers for reporting periods and maturity.
type Periods interface {
	PeriodReader

	// StartPeriod starts p as the current period (see Fill for defaults).
	// The answers the questions hold are kept as the previous period's;
	// open and recurring questions roll into p with their answer fields
	// emptied for the new round, keeping their history. The first period
	// of a log takes every question's answer as it stands.
	StartPeriod(ctx context.Context, p *Period) error
	// ClosePeriod freezes a period: its answers can no longer change.
	ClosePeriod(ctx context.Context, id int64) error
	// ReopenPeriod lets a closed period's answers change again.
	ReopenPeriod(ctx context.Context, id int64) error
	// SetPeriodAnswer corrects a question's answer in an open period, such
	// as an earlier one reopened for the purpose; in the current period it
	// changes the question itself, as UpdateQuestion does.
	SetPeriodAnswer(ctx context.Context, a *PeriodAnswer) error
	// SetMaturity records an area's maturity in a period (not a closed one).
	SetMaturity(ctx context.Context, m *AreaMaturity) error
}

// Trend is how an area's assurance moved since the period before.
type Trend string

const (
	TrendNone   Trend = ""       // not assessed in the period
	TrendNew    Trend = "new"    // assessed now, not in the earlier periods shown
	TrendBetter Trend = "better" // stronger than the last earlier assessment
	TrendSame   Trend = "same"
	TrendWorse  Trend = "worse"
)

// Label returns the trend as the user sees it.
func (t Trend) Label() string {
	switch t {
	case TrendNew:
		return "New"
	case TrendBetter:
		return "Better"
	case TrendSame:
		return "Same"
	case TrendWorse:
		return "Worse"
	}
	return "Not assessed"
}

// Arrow is a one-character picture of the trend, shown beside its word.
func (t Trend) Arrow() string {
	switch t {
	case TrendNew:
		return "★"
	case TrendBetter:
		return "▲"
	case TrendSame:
		return "="
	case TrendWorse:
		return "▼"
	}
	return "–"
}

// TrendOf compares a level with the one before it. Only assessed levels
// count; an earlier level that was not assessed makes the current one new.
func TrendOf(previous, current AssuranceLevel) Trend {
	switch {
	case !current.Assessed():
		return TrendNone
	case !previous.Assessed():
		return TrendNew
	case current.Rank() > previous.Rank():
		return TrendBetter
	case current.Rank() < previous.Rank():
		return TrendWorse
	}
	return TrendSame
}

// TrendWindow is how many periods a trend looks back over, the current one included.
const TrendWindow = 4

// AreaTrend is one area's assurance over the last periods.
type AreaTrend struct {
	Framework string
	Area      string
	// Levels holds the area's level in each period of the window, oldest
	// first, the current period last: the weakest level given on any of
	// its questions then (the level a board must act on), or NotAssessed.
	Levels []AssuranceLevel
	// Previous is the latest level before the current period's within the
	// window; NotAssessed if there is none.
	Previous AssuranceLevel
	Current  AssuranceLevel
	Trend    Trend
}

// AreaTrends computes each area's trend over the last TrendWindow of periods
// (oldest first) from the answers given in each (by period id). Areas appear
// in first-seen order of framework and area as answers name them; the
// result is keyed by framework and area joined with "/".
func AreaTrends(periods []*Period, answers map[int64][]*PeriodAnswer) map[string]*AreaTrend {
	if len(periods) > TrendWindow {
		periods = periods[len(periods)-TrendWindow:]
	}
	out := map[string]*AreaTrend{}
	for i, p := range periods {
		for _, a := range answers[p.ID] {
			k := AreaKey(a.Framework, a.Area)
			t := out[k]
			if t == nil {
				t = &AreaTrend{Framework: a.Framework, Area: a.Area, Levels: make([]AssuranceLevel, len(periods))}
				for j := range t.Levels {
					t.Levels[j] = NotAssessed
				}
				out[k] = t
			}
			if a.Level.Assessed() && (!t.Levels[i].Assessed() || a.Level.Rank() < t.Levels[i].Rank()) {
				t.Levels[i] = a.Level
			}
		}
	}
	for _, t := range out {
		t.Current, t.Previous = t.Levels[len(t.Levels)-1], NotAssessed
		for j := len(t.Levels) - 2; j >= 0; j-- {
			if t.Levels[j].Assessed() {
				t.Previous = t.Levels[j]
				break
			}
		}
		t.Trend = TrendOf(t.Previous, t.Current)
	}
	return out
}

// AreaKey joins a framework and area id into one map key.
func AreaKey(framework, area string) string { return framework + "/" + area }

func (p *Period) auditFields() []fieldValue {
	return []fieldValue{
		{FieldName, "Period", p.Name},
		{FieldCadence, "Reporting cadence", p.Cadence.Label()},
		{FieldStartsOn, "Starts on", p.StartsOn.UK()},
		{FieldEndsOn, "Ends on", p.EndsOn.UK()},
		{"closed_at", "Closed on", timeValue(p.ClosedAt)},
		{"closed_by", "Closed by", p.ClosedBy},
	}
}

// yesNo is a flag as the audit view shows it.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
