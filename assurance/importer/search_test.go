package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// An import indexes its questions for search in one go at the end of its
// transaction rather than row by row: what it imports must be found all the
// same, and questions added afterwards too.
func TestImportedQuestionsAreFoundBySearch(t *testing.T) {
	st := newLog(t)
	before := &assurance.Question{Area: "1.1", Text: "Is the zebrafish policy agreed?", RaisedOn: assurance.MustDate("2026-01-05"), Status: assurance.StatusAsked}
	if err := st.CreateQuestion(ctx, before); err != nil {
		t.Fatal(err)
	}
	p, sum := importMessy(t, st)
	k := 0
	for _, o := range p.Rows {
		if o.Result != importer.Imported {
			continue
		}
		q, err := st.QuestionByRef(ctx, sum.Refs[k])
		if err != nil {
			t.Fatal(err)
		}
		k++
		for field, text := range map[string]string{"question": q.Text, "response": q.Response, "comment": q.Comment} {
			if w := longestWord(text); w != "" && !found(t, st, w, q.Ref, field) {
				t.Errorf("%s's %s (%q) is not found by searching %q", q.Ref, field, text, w)
			}
		}
		for _, a := range o.Actions {
			if !found(t, st, longestWord(a), q.Ref, "action") {
				t.Errorf("%s's action %q is not found", q.Ref, a)
			}
		}
	}
	if !found(t, st, "zebrafish", before.Ref, "question") {
		t.Error("the question from before the import is no longer found")
	}
	after := &assurance.Question{Area: "1.1", Text: "Is the okapi scheme funded?", RaisedOn: assurance.MustDate("2026-01-05"), Status: assurance.StatusAsked}
	if err := st.CreateQuestion(ctx, after); err != nil {
		t.Fatal(err)
	}
	if !found(t, st, "okapi", after.Ref, "question") {
		t.Error("a question added after the import is not found: the search triggers were not put back")
	}
}

func found(t *testing.T, st interface {
	Search(context.Context, string, int) ([]assurance.SearchHit, error)
}, word, ref, field string) bool {
	t.Helper()
	hits, err := st.Search(ctx, word, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Ref == ref && h.Field == field {
			return true
		}
	}
	return false
}

// longestWord is a text's longest word of letters, to search for.
func longestWord(s string) string {
	best := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

// An import reads the current reporting period once rather than once a
// row: every imported question with an answer still has it in the period.
func TestImportedAnswersAreKeptInTheCurrentPeriod(t *testing.T) {
	st := newLog(t)
	period := &assurance.Period{Name: "Q3 2026/27", StartsOn: assurance.MustDate("2026-10-01")}
	if err := st.StartPeriod(ctx, period); err != nil {
		t.Fatal(err)
	}
	_, sum := importMessy(t, st)
	answered := 0
	for _, ref := range sum.Refs {
		q, err := st.QuestionByRef(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if q.Response == "" && q.Level == "" {
			continue
		}
		answered++
		as, err := st.PeriodAnswers(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].PeriodID != period.ID || as[0].Response != q.Response || as[0].Level != q.Level {
			t.Errorf("%s (response %q, level %q) has period answers %+v, want its answer in %q", ref, q.Response, q.Level, as, period.Name)
		}
	}
	if answered < 2 {
		t.Fatalf("only %d imported questions have answers; the test needs some", answered)
	}
}

// importMessy imports the messy workbook into st.
func importMessy(t *testing.T, st *sqlite.Store) (*importer.Plan, *importer.Summary) {
	t.Helper()
	f, err := importer.Open(messyWorkbook(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := importer.Build(ctx, f, st, framework(), importer.Options{Levels: rag})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := importer.Apply(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	return p, sum
}
