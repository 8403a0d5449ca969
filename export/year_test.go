package export_test

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
)

// yearLog is a real log with evidence requests (one overdue on today),
// a decision, tags and kinds, in the settings given.
func yearLog(t *testing.T, ls assurance.LogSettings) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Create(filepath.Join(t.TempDir(), "icb.guardian"), sqlite.Options{Catalogue: catalogue(t), Actor: "T"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.UpdateLogSettings(ctx, ls))
	own := &assurance.Question{Area: "1.1", Text: "How do our own staff reach OH?", Status: assurance.StatusAnswered,
		Response: "Through the lead employer.", Level: assurance.Substantial}
	commissioned := &assurance.Question{Area: "2.1", Text: "Do commissioned providers report sickness absence?", Status: assurance.StatusAnswered,
		Response: "Some do.", Level: assurance.Limited}
	must(s.CreateQuestion(ctx, own))
	must(s.CreateQuestion(ctx, commissioned))
	must(s.SetQuestionTags(ctx, own.ID, []string{assurance.TagOwnStaff}))
	must(s.SetQuestionTags(ctx, commissioned.ID, []string{assurance.TagCommissioned, "baf:SR2"}))
	must(s.CreateEvidenceRequest(ctx, &assurance.EvidenceRequest{QuestionID: commissioned.ID, From: "Head of occupational health",
		What: "Provider sickness absence returns", RequestedOn: today.AddDays(-40), DueOn: today.AddDays(-10)}))
	must(s.CreateEvidenceRequest(ctx, &assurance.EvidenceRequest{QuestionID: own.ID, From: "Chief People Officer",
		What: "Staff survey results", RequestedOn: today.AddDays(-5), DueOn: today.AddDays(20)}))
	policy := &assurance.Evidence{QuestionID: own.ID, Name: "policy.pdf"}
	mhs := &assurance.Evidence{QuestionID: own.ID, Name: "mhs.csv"}
	untyped := &assurance.Evidence{QuestionID: own.ID, Name: "note.txt"}
	must(s.AttachEvidence(ctx, policy, strings.NewReader("%PDF-1.4 policy")))
	must(s.AttachEvidence(ctx, untyped, strings.NewReader("a note")))
	must(s.AttachEvidence(ctx, mhs, strings.NewReader("a,b\n")))
	must(s.SetEvidenceKind(ctx, policy.ID, "Policy"))
	must(s.SetEvidenceKind(ctx, mhs.ID, "Model Health System extract"))
	must(s.CreateDecision(ctx, &assurance.Decision{Decision: "Move the staff canteen", Meeting: "Board", Impact: assurance.ImpactNo,
		Unintended: true, QuestionID: commissioned.ID}))
	return s
}

func TestOverdueEvidenceRequestsOnThePaper(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{})
	path, _ := writePaper(t, s, export.Options{})
	f := open(t, path)
	r := rowOf(t, f, export.SheetRequests, "Q-0002")
	if r[1] != "Head of occupational health" || r[6] != "Overdue" {
		t.Fatalf("overdue request row: %q", r)
	}
	if r := rowOf(t, f, export.SheetRequests, "Q-0001"); r[6] != "Requested" {
		t.Fatalf("request not yet due: %q", r)
	}
	if r := rowOf(t, f, export.SheetCover, "Evidence requests overdue"); !strings.HasPrefix(r[1], "1 request") {
		t.Fatalf("cover: %q", r)
	}
	d := rowOf(t, f, export.SheetDecisions, "Move the staff canteen")
	if d[1] != "Board" || d[3] != "No" || d[4] != "Yes" || d[6] != "Q-0002" {
		t.Fatalf("decision row: %q", d)
	}
	// The register groups by kind: built-in kinds in their order, untyped as Other.
	rows, _ := f.GetRows(export.SheetEvidence)
	var kinds []string
	for _, r := range rows[2:] {
		kinds = append(kinds, r[len(r)-1])
	}
	if strings.Join(kinds, "|") != "Model Health System extract|Policy|Other" {
		t.Fatalf("evidence kinds in order %q", kinds)
	}
}

func TestRAGScaleExportsRAGWordsAndColours(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{Scale: assurance.ScaleRAG})
	path, _ := writePaper(t, s, export.Options{})
	f := open(t, path)
	rag := assurance.ScaleByID(assurance.ScaleRAG)
	for ref, want := range map[string]assurance.AssuranceLevel{"Q-0001": assurance.Substantial, "Q-0002": assurance.Limited} {
		r := rowOf(t, f, export.SheetQuestions, ref)
		const level = 6 // the Assurance level column, G
		if r[level] != rag.Label(want) {
			t.Errorf("%s level %q, want %q", ref, r[level], rag.Label(want))
		}
		cell := "G" + strings.TrimPrefix(cellOf(t, f, export.SheetQuestions, ref), "A")
		id, _ := f.GetCellStyle(export.SheetQuestions, cell)
		st, err := f.GetStyle(id)
		if err != nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], rag.Fill(want)) {
			t.Errorf("%s fill %+v, want %s", ref, st.Fill, rag.Fill(want))
		}
	}
	all, _ := f.GetRows(export.SheetAreas)
	text := ""
	for _, r := range all {
		text += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(text, "Green") || !strings.Contains(text, "Amber-red") || strings.Contains(text, "Substantial") {
		t.Errorf("area sheet does not speak RAG:\n%s", text)
	}
}

func TestICBPaperFiltersByTag(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{Org: assurance.OrgICB, Committee: "Quality and People Committee", Cadence: "Quarterly",
		BAFRisks: []string{"SR2 Provider workforce resilience"}})
	path, res := writePaper(t, s, export.Options{Scope: export.Scope{Tag: assurance.TagCommissioned}})
	if res.Questions != 1 {
		t.Fatalf("%d questions in a paper for commissioned services, want 1", res.Questions)
	}
	f := open(t, path)
	q := rowOf(t, f, export.SheetQuestions, "Q-0002")
	heads := rowOf(t, f, export.SheetQuestions, "Reference")
	if tags := q[slices.Index(heads, "Tags")]; tags != "BAF SR2; commissioned services" {
		t.Errorf("tags column %q", tags)
	}
	if _, err := f.GetCellValue(export.SheetQuestions, cellOf(t, f, export.SheetQuestions, "Q-0002")); err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(export.SheetQuestions)
	for _, r := range rows {
		if len(r) > 0 && r[0] == "Q-0001" {
			t.Fatal("the own-staff question is in a commissioned-services paper")
		}
	}
	// Only the request on the question in scope.
	rows, _ = f.GetRows(export.SheetRequests)
	for _, r := range rows {
		if len(r) > 0 && r[0] == "Q-0001" {
			t.Fatal("a request on a question out of scope is on the paper")
		}
	}
	for label, want := range map[string]string{
		"Scope of this paper": "Questions tagged \"commissioned services\"",
		"Reporting":           "Integrated care board; reports to Quality and People Committee; Quarterly",
	} {
		if r := rowOf(t, f, export.SheetCover, label); r[1] != want {
			t.Errorf("cover %s = %q, want %q", label, r[1], want)
		}
	}
}

func TestPrimaryCarePaperSaysSeniorManagementTeam(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{Org: assurance.OrgPrimary})
	m := &assurance.Meeting{Kind: assurance.Board, Title: "Partners' meeting", Date: today.AddDays(7)}
	if err := s.CreateMeeting(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	path, _ := writePaper(t, s, export.Options{ForMeeting: m.ID})
	f := open(t, path)
	if r := rowOf(t, f, export.SheetCover, "Meeting"); r[1] != "Senior management team: Partners' meeting" {
		t.Errorf("meeting %q", r[1])
	}
	if r := rowOf(t, f, export.SheetCover, "Recommendation"); !strings.HasPrefix(r[1], "The senior management team is asked") {
		t.Errorf("recommendation %q", r[1])
	}
	rows, _ := f.GetRows(export.SheetDecisions)
	if !strings.Contains(rows[1][0], "Decisions of the senior management team") {
		t.Errorf("decisions note %q", rows[1][0])
	}
}

func TestCoverSheetRememberedPerMeeting(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{BAFRisks: []string{"SR2 Workforce capacity"}})
	ctx := context.Background()
	m := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: today.AddDays(7)}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	cover := assurance.CoverSheet{AgendaItem: "7.2", Author: "Dr A. Guardian", ExecutiveLead: "Chief People Officer",
		Purpose: "Assurance", Level: assurance.Reasonable, LevelReason: "Most areas answered with evidence",
		CQCDomains: []string{"Well-led", "Safe"}, BAFRisks: []string{"SR2"}, Equality: "No adverse impact identified",
		PreviouslyBy: "People Committee, 10 Dec 2026", Recommendation: "The board is asked to note the report.", ExecutiveSummary: "In short."}
	if err := s.SaveCoverSheet(ctx, m.ID, cover); err != nil {
		t.Fatal(err)
	}
	path, _ := writePaper(t, s, export.Options{ForMeeting: m.ID})
	f := open(t, path)
	for label, want := range map[string]string{
		"Agenda item":              "7.2",
		"Author":                   "Dr A. Guardian",
		"Executive lead":           "Chief People Officer",
		"Purpose":                  "Assurance",
		"Level of assurance":       "Reasonable",
		"Reason for the level":     "Most areas answered with evidence",
		"Links to CQC domains":     "Well-led, Safe",
		"Links to BAF risks":       "SR2 Workforce capacity",
		"Equality impact":          "No adverse impact identified",
		"Previously considered by": "People Committee, 10 Dec 2026",
		"Recommendation":           "The board is asked to note the report.",
		"Executive summary":        "In short.",
	} {
		if r := rowOf(t, f, export.SheetCover, label); r[1] != want {
			t.Errorf("cover %s = %q, want %q", label, r[1], want)
		}
	}
	cell := "B" + strings.TrimPrefix(cellOf(t, f, export.SheetCover, "Level of assurance"), "A")
	id, _ := f.GetCellStyle(export.SheetCover, cell)
	if st, _ := f.GetStyle(id); st == nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], "C5E0A5") {
		t.Errorf("level cell not in the level's colour: %+v", st)
	}
}

func TestPaperGroupsEachFrameworkByItsOwnGroups(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{})
	q := &assurance.Question{Framework: "health-and-wellbeing-guardian-function", Area: "3.4", Text: "Did the board review the unintended consequences of the car park decision?"}
	if err := s.CreateQuestion(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	path, res := writePaper(t, s, export.Options{})
	if res.Questions != 3 {
		t.Fatalf("%d questions", res.Questions)
	}
	f := open(t, path)
	if r := rowOf(t, f, export.SheetAreas, "Guardian function: 3. What the guardian does at board level"); len(r) == 0 {
		t.Fatal("no group row for the guardian function framework")
	}
	rows, _ := f.GetRows(export.SheetAreas)
	found := false
	for _, r := range rows {
		if len(r) > 2 && r[0] == "3.4" && r[1] == "Prompts the board to review unintended consequences" && r[2] == "1" {
			found = true
		}
	}
	if !found {
		t.Fatal("area 3.4 of the guardian function is not on the area sheet with its question")
	}
	if r := rowOf(t, f, export.SheetAreas, ""); len(r) < 3 {
		t.Fatal("no totals")
	}
	for _, r := range rows {
		if len(r) > 2 && r[1] == "All areas in scope" && r[2] != "3" {
			t.Fatalf("totals row counts %s questions, want 3", r[2])
		}
	}
	q2 := rowOf(t, f, export.SheetQuestions, q.Ref)
	if q2[1] != "3.4 Unintended consequences" {
		t.Fatalf("question's area on the paper: %q", q2[1])
	}
}

// The cover's figures, lists, chart table and chart cover every framework
// with questions in the paper, another framework's groups and areas named
// after it.
func TestCoverCoversEveryFramework(t *testing.T) {
	s := yearLog(t, assurance.LogSettings{})
	q := &assurance.Question{Framework: "health-and-wellbeing-guardian-function", Area: "3.4", Text: "Did the board review the unintended consequences of the car park decision?",
		Status: assurance.StatusAnswered, Response: "Not yet.", Level: assurance.NoAssurance}
	if err := s.CreateQuestion(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	path, _ := writePaper(t, s, export.Options{})
	f := open(t, path)
	if r := rowOf(t, f, export.SheetCover, "Total questions"); r[1] != "3" {
		t.Errorf("the cover counts %s questions, want 3: %q", r[1], r)
	}
	group := rowOf(t, f, export.SheetCover, "Guardian function: 3. What the guardian does at board level")
	head := rowOf(t, f, export.SheetCover, "Driver")
	if len(group) != len(head) || group[slices.Index(head, "No assurance")] != "1" || group[len(group)-1] != "1" {
		t.Errorf("the chart table's row for the guardian function's group 3: %q under %q", group, head)
	}
	if r := rowOf(t, f, export.SheetCover, "Guardian function: 1. The role"); r[len(r)-1] != "0" {
		t.Errorf("the chart table's row for a group with no question: %q", r)
	}
	if r := rowOf(t, f, export.SheetCover, "1. Growing the strategic identity of OHWB"); r[len(r)-1] != "1" {
		t.Errorf("the default framework's driver 1: %q", r)
	}
	weak := rowOf(t, f, export.SheetCover, "Areas with only Limited or No assurance")
	if !strings.Contains(weak[1], "Guardian function: 3.4 Unintended consequences") {
		t.Errorf("the cover's weak areas do not name the guardian function's 3.4: %q", weak[1])
	}
	none := rowOf(t, f, export.SheetCover, "Areas with no question")
	if !strings.Contains(none[1], "Guardian function: 1.1 An assurance function") || !strings.Contains(none[1], "4.5 Demonstrating the impact of this strategy") {
		t.Errorf("the cover's areas with no question: %q", none[1])
	}
	fw := rowOf(t, f, export.SheetCover, "Framework")
	if !strings.Contains(fw[1], "Health and wellbeing guardian function") {
		t.Errorf("the cover's frameworks: %q", fw[1])
	}
	drawing := zipPart(t, path, "xl/drawings/drawing1.xml")
	if !strings.Contains(drawing, "Driver Guardian function: 3. What the guardian does at board level: 0 Substantial, 0 Reasonable, 0 Limited, 1 No assurance") {
		t.Errorf("the chart's alternative text does not give the guardian function's group 3:\n%s", drawing)
	}
	// The chart draws a bar for each of the ten groups.
	chart := zipPart(t, path, "xl/charts/chart1.xml")
	if strings.Count(chart, "<ser>") != 5 {
		t.Fatalf("chart series: %d", strings.Count(chart, "<ser>"))
	}
	m := regexp.MustCompile(`<cat>.*?\$A\$(\d+):\$A\$(\d+)`).FindStringSubmatch(chart)
	if m == nil {
		t.Fatalf("no category range in the chart:\n%.600s", chart)
	}
	from, _ := strconv.Atoi(m[1])
	to, _ := strconv.Atoi(m[2])
	if to-from+1 != 4+6 {
		t.Errorf("the chart has %d bars, want 4 drivers and 6 groups", to-from+1)
	}
}
