package export

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// The sheets for the guardian's year.
const (
	SheetRequests  = "Evidence requests"
	SheetDecisions = "Decisions checked"

	TableRequests  = "GuardianRequests"
	TableDecisions = "GuardianDecisions"
)

// yearData is what a paper shows beyond the questions: read through the
// log's YearStore when it has one, and empty (with the default scale) when
// it does not.
type yearData struct {
	ls        assurance.LogSettings
	scale     *assurance.Scale
	requests  []*assurance.EvidenceRequest // on questions in scope
	decisions []*assurance.Decision
	tags      map[int64][]string
	kinds     map[int64]string // evidence id -> kind
	cover     assurance.CoverSheet
	others    []*assurance.Summary // frameworks other than the default with questions in the paper
}

// loadYear reads the year's data; questions in scope are filtered later.
func (e *exporter) loadYear(paper *assurance.Meeting) error {
	y := &yearData{scale: assurance.ScaleByID(""), tags: map[int64][]string{}, kinds: map[int64]string{}}
	e.y = y
	ys := assurance.YearOf(e.r)
	if ys == nil {
		if e.opt.Cover != nil {
			y.cover = *e.opt.Cover
		}
		return nil
	}
	ctx := e.ctx
	var err error
	if y.ls, err = ys.LogSettings(ctx); err != nil {
		return wrapRead("log's settings", err)
	}
	y.scale = assurance.ScaleByID(y.ls.Scale)
	if y.tags, err = ys.QuestionTags(ctx); err != nil {
		return wrapRead("question tags", err)
	}
	if y.kinds, err = ys.EvidenceKindsOf(ctx); err != nil {
		return wrapRead("kinds of evidence", err)
	}
	if y.requests, err = ys.EvidenceRequests(ctx, assurance.RequestFilter{}); err != nil {
		return wrapRead("evidence requests", err)
	}
	if y.decisions, err = ys.Decisions(ctx); err != nil {
		return wrapRead("decisions", err)
	}
	switch {
	case e.opt.Cover != nil:
		y.cover = *e.opt.Cover
	case paper != nil:
		if y.cover, err = ys.CoverSheet(ctx, paper.ID); err != nil {
			return wrapRead("cover sheet", err)
		}
	}
	return nil
}

// inScopeTag reports whether q carries the tag the paper is scoped to.
func (e *exporter) inScopeTag(q *assurance.Question) bool {
	return e.opt.Scope.Tag == "" || slices.Contains(e.y.tags[q.ID], e.opt.Scope.Tag)
}

// keepYearInScope drops the requests on questions outside the paper.
func (e *exporter) keepYearInScope() {
	var rs []*assurance.EvidenceRequest
	for _, r := range e.y.requests {
		if e.d.questionBy[r.QuestionID] != nil {
			rs = append(rs, r)
		}
	}
	e.y.requests = rs
}

// levelWord is a level in the log's own scale.
func (e *exporter) levelWord(l assurance.AssuranceLevel) string { return e.y.scale.Label(l) }

// boardWord is what the organisation calls its board.
func (e *exporter) boardWord() string { return e.y.ls.Org.BoardWord() }

// scaleStyles makes the level styles in the log's scale's colours.
func (e *exporter) scaleStyles(f *excelize.File) error {
	for _, l := range assurance.AssuranceLevels {
		for _, bold := range []bool{false, true} {
			id, err := f.NewStyle(&excelize.Style{
				Font:      &excelize.Font{Family: fontFamily, Size: fontSize, Bold: bold, Color: e.y.scale.Ink(l)},
				Fill:      solid(e.y.scale.Fill(l)),
				Border:    thin,
				Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
			})
			if err != nil {
				return err
			}
			if bold {
				e.st.levelBold[l] = id
			} else {
				e.st.level[l] = id
			}
		}
	}
	return nil
}

var requestColumns = []column{
	// Widths add up to what prints at 100% on A4 landscape (no text under 9 pt).
	{"Question", 9, colText, false},
	{"Asked of", 18, colText, false},
	{"Evidence asked for", 30, colText, false},
	{"Kind", 14, colText, false},
	{"Requested", 10.5, colDate, false},
	{"Due", 10.5, colDate, false},
	{"State", 9.5, colText, false},
	{"Received", 10.5, colDate, false},
	{"Satisfied by", 14, colText, false},
}

// requestStateCol is the State column, highlighted when Overdue.
const requestStateCol = 7

func (e *exporter) writeRequests(f *excelize.File) error {
	rs := e.y.requests
	overdue := 0
	for _, r := range rs {
		if r.Overdue(e.opt.Today) {
			overdue++
		}
	}
	note := fmt.Sprintf("Evidence the guardian has asked for from the people who hold it. %s overdue on %s: still awaited after the due date.",
		capital(plural(overdue, "request is", "requests are")), e.opt.Today.UK())
	preamble := []preRow{{cells: []any{e.text(note, e.st.note)}, merge: true, height: rowHeight(2)}}
	t, err := e.newTitledTable(f, SheetRequests, TableRequests, "Evidence requests", requestColumns, preamble)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, ev := range e.d.evidence {
		names[ev.ID] = ev.Name
	}
	for i, r := range rs {
		if err := e.tick(SheetRequests, i, len(rs)); err != nil {
			return err
		}
		err := t.add([]any{r.QuestionRef, r.From, r.What, r.Kind, serial(r.RequestedOn), serial(r.DueOn),
			r.Shown(e.opt.Today).Label(), serial(r.ReceivedOn), names[r.EvidenceID]}, "")
		if err != nil {
			return err
		}
	}
	e.progress(SheetRequests, len(rs), len(rs))
	rule := fmt.Sprintf(`$%s%d="Overdue"`, colName(requestStateCol), t.headerRow+1)
	if err := e.highlight(f, t, requestStateCol, rule); err != nil {
		return err
	}
	return t.close("No evidence has been requested for the questions in the scope of this paper.")
}

var decisionColumns = []column{
	// Widths add up to what prints at 100% on A4 landscape (no text under 9 pt).
	{"Decision", 32, colText, false},
	{"Meeting", 16, colText, false},
	{"Date", 10.5, colDate, false},
	{"Effect on staff considered", 12, colText, false},
	{"Unintended consequences raised", 13, colText, false},
	{"Guardian's comment", 30, colText, false},
	{"Follow-up question", 10, colText, false},
}

func (e *exporter) writeDecisions(f *excelize.File) error {
	note := fmt.Sprintf("Decisions of the %s and its committees that the health and wellbeing guardian checked for their effect on staff health and wellbeing.", e.boardWord())
	preamble := []preRow{{cells: []any{e.text(note, e.st.note)}, merge: true, height: rowHeight(2)}}
	t, err := e.newTitledTable(f, SheetDecisions, TableDecisions, "Decisions checked for their effect on staff", decisionColumns, preamble)
	if err != nil {
		return err
	}
	for i, d := range e.y.decisions {
		if err := e.tick(SheetDecisions, i, len(e.y.decisions)); err != nil {
			return err
		}
		unintended := "No"
		if d.Unintended {
			unintended = "Yes"
		}
		if err := t.add([]any{d.Decision, d.Meeting, serial(d.DecidedOn), d.Impact.Label(), unintended, d.Comment, d.QuestionRef}, ""); err != nil {
			return err
		}
	}
	e.progress(SheetDecisions, len(e.y.decisions), len(e.y.decisions))
	return t.close("No decisions have been recorded as checked.")
}

// tagsOf is a question's tags as printed: BAF and CQC links by their code.
func (e *exporter) tagsOf(q *assurance.Question) string {
	var out []string
	for _, t := range e.y.tags[q.ID] {
		switch {
		case strings.HasPrefix(t, assurance.TagBAF):
			out = append(out, "BAF "+strings.TrimPrefix(t, assurance.TagBAF))
		case strings.HasPrefix(t, assurance.TagCQC):
			out = append(out, "CQC "+strings.TrimPrefix(t, assurance.TagCQC))
		default:
			out = append(out, t)
		}
	}
	return strings.Join(out, "; ")
}

// kindOf is an evidence item's kind, Other when it has none.
func (e *exporter) kindOf(ev *assurance.Evidence) string {
	if k := e.y.kinds[ev.ID]; k != "" {
		return k
	}
	return assurance.OtherKind
}

// sortEvidenceByKind groups the register by kind, in the order the log
// offers kinds (built-in first), then by question.
func (e *exporter) sortEvidenceByKind() {
	order := map[string]int{}
	for i, k := range e.y.ls.Kinds() {
		order[k] = i + 1
	}
	rank := func(k string) int {
		if r, ok := order[k]; ok {
			return r
		}
		return len(order) + 1 // a kind no longer in the list, after the rest
	}
	sort.SliceStable(e.d.evidence, func(i, j int) bool {
		ki, kj := e.kindOf(e.d.evidence[i]), e.kindOf(e.d.evidence[j])
		if rank(ki) != rank(kj) {
			return rank(ki) < rank(kj)
		}
		return ki < kj
	})
}

// coverField is one labelled line of the cover sheet.
type coverField struct {
	label string
	v     any
	style int
}

// coverFields are the cover sheet's lines, in the order NHS cover sheets
// use: meeting, report, who, purpose, assurance, links, equality, history,
// recommendation and summary.
func (e *exporter) coverFields(meeting string, meetingDate any) []coverField {
	c, st := e.y.cover, e.st
	purpose := e.purpose()
	if c.Purpose != "" {
		purpose = string(c.Purpose)
	}
	level, levelStyle := "Not given", st.value
	if c.Level.Assessed() {
		level, levelStyle = e.levelWord(c.Level), st.levelBold[c.Level]
	}
	cqc := strings.Join(c.CQCDomains, ", ")
	if cqc == "" {
		cqc = "None given"
	}
	fields := []coverField{
		{"Meeting", meeting, st.value},
		{"Date of meeting", meetingDate, st.dateLeft},
		{"Agenda item", orNone(c.AgendaItem), st.value},
		{"Report title", e.title(), st.value},
		{"Author", firstNonBlank(c.Author, e.preparedBy()), st.value},
		{"Executive lead", orNone(c.ExecutiveLead), st.value},
		{"Purpose", purpose, st.value},
		{"Level of assurance", level, levelStyle},
		{"Reason for the level", orNone(c.LevelReason), st.value},
		{"Links to CQC domains", cqc, st.value},
		{"Links to BAF risks", e.bafText(c.BAFRisks), st.value},
		{"Equality impact", orNone(c.Equality), st.value},
		{"Previously considered by", orNone(c.PreviouslyBy), st.value},
		{"Recommendation", firstNonBlank(c.Recommendation, e.recommendation()), st.value},
		{"Executive summary", firstNonBlank(c.ExecutiveSummary, e.executiveSummary()), st.value},
		{"Period covered", e.period(), st.value},
		{"Date prepared", serial(e.opt.Today), st.dateLeft},
		{"Security marking", e.marking(), st.value},
		{"Scope of this paper", e.scopeText(), st.value},
		{"Framework", e.frameworksText(), st.value},
		{"Reporting", e.reporting(), st.value},
	}
	if n := e.overdueRequests(); n > 0 {
		fields = append(fields, coverField{"Evidence requests overdue", fmt.Sprintf("%s: see the sheet \"%s\"", capital(plural(n, "request", "requests")), SheetRequests), st.value})
	}
	return fields
}

// reporting says who the guardian reports to and how often, on one line:
// "NHS trust; reports to the People Committee; Quarterly".
func (e *exporter) reporting() string {
	ls := e.y.ls
	parts := []string{ls.Org.Label()}
	if ls.Committee != "" {
		parts = append(parts, "reports to "+ls.Committee)
	}
	if ls.Cadence != "" {
		parts = append(parts, ls.Cadence)
	}
	return strings.Join(parts, "; ")
}

func (e *exporter) overdueRequests() int {
	n := 0
	for _, r := range e.y.requests {
		if r.Overdue(e.opt.Today) {
			n++
		}
	}
	return n
}

func orNone(s string) string { return firstNonBlank(s, "Not given") }

// bafText lists the linked BAF risks with their titles from the log's list.
func (e *exporter) bafText(codes []string) string {
	if len(codes) == 0 {
		return "None given"
	}
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		entry := code
		for _, r := range e.y.ls.BAFRisks {
			if strings.EqualFold(assurance.RiskCode(r), code) {
				entry = r
			}
		}
		out = append(out, entry)
	}
	return strings.Join(out, "; ")
}

// addOtherFrameworks adds to the area sheet, after the default framework's,
// the areas of every other framework that has a question in the paper,
// grouped by that framework's own groups. A paper scoped to one driver of
// the default framework shows that driver only.
func (e *exporter) addOtherFrameworks() {
	d := e.d
	if d.driver != nil {
		return
	}
	for _, fw := range e.cat.Frameworks {
		if fw == d.fw {
			continue
		}
		// Only questions that name the framework: one with none belongs
		// to the default, which Summarise would otherwise count here too.
		var qs []*assurance.Question
		for _, q := range d.questions {
			if q.Framework == fw.ID {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			continue
		}
		s := assurance.Summarise(fw, qs, d.evidence, e.opt.Today)
		if s.Questions == 0 {
			continue
		}
		e.y.others = append(e.y.others, s)
		d.areas = append(d.areas, s.Areas...)
	}
}

// driverLabel names a group on the area sheet: "Driver 1. …" for the
// default framework, and the framework's short name for the others.
func (e *exporter) driverLabel(d *assurance.Driver) string {
	if d.Framework == nil || d.Framework == e.d.fw {
		return "Driver " + d.Label()
	}
	return firstNonBlank(d.Framework.ShortName, d.Framework.Name) + ": " + d.Label()
}

// areaTotals adds up the default framework's figures and the others', for
// the cover and the area sheet: counts summed, and the lists of areas
// needing attention joined, the default framework's first.
func (e *exporter) areaTotals() *assurance.Summary {
	d := e.d.summary
	t := *d
	t.ByStatus, t.ByLevel = maps.Clone(d.ByStatus), maps.Clone(d.ByLevel)
	t.NoQuestions, t.NoEvidence, t.OnlyWeak = e.areasWith(d.NoQuestions), e.areasWith(d.NoEvidence), e.areasWith(d.OnlyWeak)
	for _, s := range e.y.others {
		t.Questions += s.Questions
		t.Open += s.Open
		t.Overdue += s.Overdue
		t.Unassessed += s.Unassessed
		t.Evidence += s.Evidence
		for k, n := range s.ByStatus {
			t.ByStatus[k] += n
		}
		for k, n := range s.ByLevel {
			t.ByLevel[k] += n
		}
		t.NoQuestions = append(t.NoQuestions, s.NoQuestions...)
		t.NoEvidence = append(t.NoEvidence, s.NoEvidence...)
		t.OnlyWeak = append(t.OnlyWeak, s.OnlyWeak...)
	}
	return &t
}

// chartDrivers are the groups the cover's chart has a bar for: the default
// framework's drivers in scope, then each other framework's groups.
func (e *exporter) chartDrivers() []*assurance.Driver {
	var out []*assurance.Driver
	for _, d := range e.d.fw.Drivers {
		if e.d.driver == nil || d == e.d.driver {
			out = append(out, d)
		}
	}
	for _, s := range e.y.others {
		out = append(out, s.Framework.Drivers...)
	}
	return out
}

// groupLabel names a driver on the cover: as the framework does for the
// default, after the framework's short name for the others.
func (e *exporter) groupLabel(d *assurance.Driver) string {
	if d.Framework == nil || d.Framework == e.d.fw {
		return d.Label()
	}
	return firstNonBlank(d.Framework.ShortName, d.Framework.Name) + ": " + d.Label()
}

// areaName names an area on the cover, another framework's after its short name.
func (e *exporter) areaName(a *assurance.ActionArea) string {
	if a.Driver == nil || a.Driver.Framework == nil || a.Driver.Framework == e.d.fw {
		return a.Label()
	}
	return firstNonBlank(a.Driver.Framework.ShortName, a.Driver.Framework.Name) + ": " + a.Label()
}

// areaFramework is the id of the framework an area belongs to.
func (e *exporter) areaFramework(a *assurance.ActionArea) string {
	if a.Driver != nil && a.Driver.Framework != nil {
		return a.Driver.Framework.ID
	}
	return e.d.fw.ID
}

// logCatalogue is the log's own catalogue (Guardian's frameworks and those
// added to the log) when it keeps one, else cat.
func logCatalogue(r assurance.Reader, cat *assurance.Catalogue) *assurance.Catalogue {
	if y := assurance.YearOf(r); y != nil {
		if c := y.Catalogue(); c != nil {
			return c
		}
	}
	return cat
}

// kindLabel names a kind of meeting in the organisation's words: a primary
// care organisation's "Board" is its senior management team.
func (e *exporter) kindLabel(k assurance.MeetingKind) string {
	if k == assurance.Board {
		return capital(e.boardWord())
	}
	return k.Label()
}

// frameworksText names the paper's frameworks for the cover: the default
// one with its version, then each other one with questions in the paper.
func (e *exporter) frameworksText() string {
	text := e.d.fw.Name + " (version " + e.d.fw.Version + ")"
	for _, s := range e.y.others {
		text += "; " + s.Framework.Name + " (version " + s.Framework.Version + ")"
	}
	return text
}
