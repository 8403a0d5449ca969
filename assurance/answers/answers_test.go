package answers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/answers"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/xuri/excelize/v2"
)

var ctx = context.Background()

func newLog(t *testing.T, name string) *sqlite.Store {
	t.Helper()
	return newLogB(t, filepath.Join(t.TempDir(), name))
}

func newLogB(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Create(path, sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// seeded is a log of three questions, one with an action.
func seeded(t *testing.T) *sqlite.Store {
	t.Helper()
	st := newLog(t, "trust.guardian")
	for _, q := range []*assurance.Question{
		{Area: "2.3", Text: "Is the framework agreed?", AskedOf: "CPO", RaisedOn: assurance.MustDate("2026-10-01"), Status: assurance.StatusAsked},
		{Area: "4.1", Text: "What does the data show?", AskedOf: "DoW", RaisedOn: assurance.MustDate("2026-10-01"), Status: assurance.StatusAnswered, Response: "A dashboard.", Level: assurance.Reasonable},
		{Area: "1.1", Text: "Is OHWB integrated?", AskedOf: "CEO", RaisedOn: assurance.MustDate("2026-10-01"), Status: assurance.StatusAsked},
	} {
		if err := st.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreateAction(ctx, &assurance.Action{QuestionID: 2, Text: "Add outcome measures", Owner: "Head of OH"}); err != nil {
		t.Fatal(err)
	}
	return st
}

func export(t *testing.T, st *sqlite.Store) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "answers.xlsx")
	if n, err := answers.Write(ctx, st, st.Info(), path, assurance.QuestionFilter{}); err != nil || n != 3 {
		t.Fatalf("Write: %d, %v", n, err)
	}
	return path
}

// edit changes cells as a committee secretary would, with excelize.
func edit(t *testing.T, path string, cells map[string]any) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, v := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func compare(t *testing.T, st *sqlite.Store, path string) (*answers.Plan, *importer.File) {
	t.Helper()
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	p, err := answers.Compare(ctx, f, st, st.Info())
	if err != nil {
		t.Fatal(err)
	}
	return p, f
}

func keys(cs []answers.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Key()+" = "+c.Workbook)
	}
	return out
}

// committeeEdits are the cells a committee fills in: Q-0001's response,
// date and level; Q-0003's comment; the action's done date.
var committeeEdits = map[string]any{
	"Answers!E2": "Yes: agreed at the People Committee in November.",
	"Answers!F2": assurance.MustDate("2026-11-20").Time(),
	"Answers!G2": "Substantial",
	"Answers!H4": "Chased twice.",
	"Actions!E2": "01/12/2026",
}

var wantApplied = []string{
	"Q-0001 Response = Yes: agreed at the People Committee in November.",
	"Q-0001 Date of response = 2026-11-20",
	"Q-0001 Assurance level = Substantial",
	"Q-0003 Comment = Chased twice.",
	"Q-0002 action 1 Done on = 2026-12-01",
}

func checkApplied(t *testing.T, st *sqlite.Store, p *answers.Plan, f *importer.File) {
	t.Helper()
	if got := keys(p.Apply); !reflect.DeepEqual(got, wantApplied) {
		t.Fatalf("changes to apply:\n%q\nwant\n%q", got, wantApplied)
	}
	if len(p.Conflicts) != 0 || len(p.Problems) != 0 {
		t.Fatalf("conflicts %q problems %q", keys(p.Conflicts), p.Problems)
	}
	if n, err := answers.Apply(ctx, st, p, nil); err != nil || n != 5 {
		t.Fatalf("Apply: %d, %v", n, err)
	}
	q1, _ := st.QuestionByRef(ctx, "Q-0001")
	q2, _ := st.QuestionByRef(ctx, "Q-0002")
	q3, _ := st.QuestionByRef(ctx, "Q-0003")
	if q1.Response != "Yes: agreed at the People Committee in November." || q1.RespondedOn != assurance.MustDate("2026-11-20") || q1.Level != assurance.Substantial {
		t.Errorf("Q-0001 = %q %v %s", q1.Response, q1.RespondedOn, q1.Level)
	}
	if q2.Version != 1 || q2.Response != "A dashboard." || q2.Level != assurance.Reasonable {
		t.Errorf("Q-0002, not edited, changed: version %d", q2.Version)
	}
	if q3.Comment != "Chased twice." || q3.Text != "Is OHWB integrated?" || q3.Response != "" {
		t.Errorf("Q-0003 = %+v", q3)
	}
	// The answers are indexed for search at the end of the batch, not
	// by the update trigger: they are found all the same, once each, and
	// the trigger is back for the next change.
	checkFound(t, st, map[string]string{"November": "Q-0001 response", "framework": "Q-0001 question", "Chased": "Q-0003 comment"})
	q3.Comment = "Chased three times by the okapi."
	if err := st.UpdateQuestion(ctx, q3); err != nil {
		t.Fatal(err)
	}
	checkFound(t, st, map[string]string{"okapi": "Q-0003 comment", "twice": ""})
	acts, _ := st.Actions(ctx, q2.ID)
	if acts[0].DoneOn != assurance.MustDate("2026-12-01") {
		t.Errorf("action done on %v", acts[0].DoneOn)
	}
	for _, af := range []assurance.AuditFilter{{QuestionID: q1.ID, Limit: 1}, {Object: assurance.ObjectAction, Limit: 1}} {
		entries, _ := st.Audit(ctx, af)
		var rec struct{ ImportedFrom *assurance.ImportSource }
		json.Unmarshal([]byte(entries[0].After), &rec)
		if rec.ImportedFrom == nil || rec.ImportedFrom.File != f.Name || rec.ImportedFrom.SHA256 != f.SHA256 {
			t.Errorf("the %s audit entry names %+v, want %s and its SHA-256", entries[0].Object, rec.ImportedFrom, f.Name)
		}
	}
}

// checkFound searches for each word and wants exactly the hit given
// ("REF field"), or none for "".
func checkFound(t *testing.T, st *sqlite.Store, want map[string]string) {
	t.Helper()
	for word, hit := range want {
		hits, err := st.Search(ctx, word, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Ref+" "+h.Field)
		}
		if strings.Join(got, ", ") != hit {
			t.Errorf("searching %q finds %q, want %q", word, got, hit)
		}
	}
}

func TestExcelizeEditsComeBackExactly(t *testing.T) {
	st := seeded(t)
	path := export(t, st)
	edit(t, path, committeeEdits)
	p, f := compare(t, st, path)
	checkApplied(t, st, p, f)
}

func TestLibreOfficeResavedPaperComesBack(t *testing.T) {
	st := seeded(t)
	path := export(t, st)
	edit(t, path, committeeEdits)
	p, f := compare(t, st, resave(t, "soffice", path))
	checkApplied(t, st, p, f)
}

func TestAFieldEditedInBothPlacesIsAConflictNotApplied(t *testing.T) {
	st := seeded(t)
	editedInBothPlaces(t, st, export(t, st), "Answers!E3", "Answers!H3")
}

// editedInBothPlaces edits Q-0002's response (responseCell) and comment in
// the workbook at path and its response in the log: the response is a
// conflict, reported and left as the log has it until the Guardian
// chooses the workbook's; the comment is applied.
func editedInBothPlaces(t *testing.T, st *sqlite.Store, path, responseCell, commentCell string) {
	t.Helper()
	edit(t, path, map[string]any{responseCell: "A dashboard, with outcomes from January.", commentCell: "Better."})
	// Meanwhile the Guardian changed Q-0002's response in the log.
	q2, _ := st.QuestionByRef(ctx, "Q-0002")
	q2.Response = "A dashboard; outcomes to follow."
	if err := st.UpdateQuestion(ctx, q2); err != nil {
		t.Fatal(err)
	}
	p, _ := compare(t, st, path)
	if got := keys(p.Conflicts); !reflect.DeepEqual(got, []string{"Q-0002 Response = A dashboard, with outcomes from January."}) {
		t.Fatalf("conflicts %q", got)
	}
	c := p.Conflicts[0]
	if c.Exported != "A dashboard." || c.Log != "A dashboard; outcomes to follow." {
		t.Errorf("conflict three ways: exported %q, log %q", c.Exported, c.Log)
	}
	if got := keys(p.Apply); !reflect.DeepEqual(got, []string{"Q-0002 Comment = Better."}) {
		t.Errorf("applied %q", got)
	}
	if _, err := answers.Apply(ctx, st, p, nil); err != nil {
		t.Fatal(err)
	}
	q2, _ = st.QuestionByRef(ctx, "Q-0002")
	if q2.Response != "A dashboard; outcomes to follow." || q2.Comment != "Better." {
		t.Errorf("after applying without choosing: response %q, comment %q", q2.Response, q2.Comment)
	}
	// The Guardian chooses the workbook's response.
	p, _ = compare(t, st, path)
	if _, err := answers.Apply(ctx, st, p, map[string]bool{"Q-0002 Response": true}); err != nil {
		t.Fatal(err)
	}
	q2, _ = st.QuestionByRef(ctx, "Q-0002")
	if q2.Response != "A dashboard, with outcomes from January." {
		t.Errorf("after choosing the workbook: %q", q2.Response)
	}
}

func TestAWorkbookFromAnotherLogIsRefusedByName(t *testing.T) {
	st := seeded(t)
	path := export(t, st)
	other := newLog(t, "other trust.guardian")
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = answers.Compare(ctx, f, other, other.Info())
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, `was written from another log, "trust.guardian", not this one`) {
		t.Errorf("answers from another log: %v", err)
	}
}

// stripGuardianParts rewrites a workbook without its custom properties, as a
// program that does not keep them would save it.
func stripCustomProps(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Pkg.Delete("docProps/custom.xml")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

func TestWithoutHiddenNumbersAndPropertiesRowsMatchOnTheReference(t *testing.T) {
	st := seeded(t)
	path := export(t, st)
	edits := map[string]any{}
	for k, v := range committeeEdits {
		edits[k] = v
	}
	// The hidden numbers are cleared, as by someone tidying the sheet.
	for _, c := range []string{"Answers!I2", "Answers!I3", "Answers!I4", "Actions!F2"} {
		edits[c] = ""
	}
	edit(t, path, edits)
	stripCustomProps(t, path)
	f, err := importer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.CustomProps()["GuardianLog"] != "" {
		t.Fatal("the custom properties are still there")
	}
	p, err := answers.Compare(ctx, f, st, st.Info())
	if err != nil {
		t.Fatal(err)
	}
	checkApplied(t, st, p, f)
}

func TestOnlyTheCellsToFillInAreUnlocked(t *testing.T) {
	st := seeded(t)
	f, err := excelize.OpenFile(export(t, st))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkLocked(t, f, 2, map[string]map[string]bool{
		"Answers": {"A": true, "B": true, "C": true, "D": true, "E": false, "F": false, "G": false, "H": false, "I": true, "N": true},
		"Actions": {"A": true, "B": true, "C": true, "D": true, "E": false, "F": true},
	})
	if vis, _ := f.GetColVisible("Answers", "I"); vis {
		t.Error("the bookkeeping columns are visible")
	}
	if vis, _ := f.GetSheetVisible("Guardian"); vis {
		t.Error("the stamp sheet is visible")
	}
}

// checkLocked checks that each sheet is protected with no password and
// that the cells of row in each column are locked or not as cols says.
func checkLocked(t *testing.T, f *excelize.File, row int, sheets map[string]map[string]bool) {
	t.Helper()
	for sheet, cols := range sheets {
		// An unprotected sheet reads back as no options at all.
		if p, err := f.GetSheetProtection(sheet); err != nil || !p.SelectUnlockedCells || p.Password != "" {
			t.Errorf("%s is not protected without a password: %+v, %v", sheet, p, err)
		}
		for c, locked := range cols {
			cell := fmt.Sprintf("%s%d", c, row)
			id, _ := f.GetCellStyle(sheet, cell)
			s, _ := f.GetStyle(id)
			if isLocked := s.Protection == nil || s.Protection.Locked; isLocked != locked {
				t.Errorf("%s!%s locked %v, want %v", sheet, cell, isLocked, locked)
			}
		}
	}
}
