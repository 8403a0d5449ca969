package demo_test

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/demo"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

var today = assurance.MustDate("2026-11-23")

func fill(t *testing.T, name string, opt demo.Options) *sqlite.Store {
	t.Helper()
	cat := assets.MustCatalogue()
	st, err := sqlite.Create(filepath.Join(t.TempDir(), name), sqlite.Options{Catalogue: cat, Actor: "Demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.Fill(context.Background(), st, cat, opt); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFillMakesARealisticLog(t *testing.T) {
	ctx := context.Background()
	var calls, last, total int
	st := fill(t, "demo.guardian", demo.Options{Questions: 300, Evidence: 400, Seed: 7, Today: today,
		Progress: func(done, tot int) { calls++; last, total = done, tot }})
	if last != 700 || total != 700 || calls != 700 {
		t.Errorf("progress ended at %d of %d after %d calls, want 700 of 700", last, total, calls)
	}

	qs, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := st.EvidenceList(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 300 || len(ev) != 400 {
		t.Fatalf("got %d questions and %d evidence files, want 300 and 400", len(qs), len(ev))
	}
	sum := assurance.Summarise(assets.MustCatalogue().Default(), qs, ev, today)
	if len(sum.NoQuestions) != 0 {
		t.Errorf("areas with no question: %v", sum.NoQuestions)
	}
	for _, s := range assurance.Statuses {
		if sum.ByStatus[s] == 0 {
			t.Errorf("no question has status %s", s)
		}
	}
	for _, l := range assurance.AssuranceLevels {
		if sum.ByLevel[l] == 0 {
			t.Errorf("no question has level %s", l)
		}
	}
	if sum.Overdue == 0 {
		t.Error("no question is overdue")
	}
	for _, q := range qs {
		if err := q.Validate(assets.MustCatalogue()); err != nil {
			t.Errorf("%s: %v", q.Ref, err)
		}
		if strings.Contains(q.Text+q.Response+q.Comment, "{") {
			t.Errorf("%s has an unfilled placeholder: %q %q %q", q.Ref, q.Text, q.Response, q.Comment)
		}
	}

	actions, err := st.Actions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var done, overdue int
	for _, a := range actions {
		if a.Done() {
			done++
		}
		if a.Overdue(today) {
			overdue++
		}
	}
	if done == 0 || overdue == 0 {
		t.Errorf("%d actions: %d done and %d overdue; want some of each", len(actions), done, overdue)
	}

	ms, err := st.Meetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[assurance.MeetingKind]int{}
	upcoming := 0
	for _, m := range ms {
		kinds[m.Kind]++
		if m.Date.After(today) {
			upcoming++
		}
	}
	if kinds[assurance.Board] < 8 || kinds[assurance.PeopleCommittee] < 8 || kinds[assurance.QualityCommittee] < 5 || upcoming != 1 {
		t.Errorf("meetings by kind %v with %d upcoming; want eighteen months of Board, People and Quality Committee and one upcoming", kinds, upcoming)
	}

	types := map[string]bool{}
	for _, e := range ev {
		types[strings.SplitN(e.MediaType, ";", 2)[0]] = true
		if e.Size < 300 || e.Size > 8<<10 || e.Description == "" {
			t.Errorf("evidence %q: %d bytes, description %q; want a few KB and a description", e.Name, e.Size, e.Description)
		}
	}
	for _, want := range []string{"text/plain", "text/csv", "application/pdf", "image/png"} {
		if !types[want] && !(want == "text/csv" && types["text/plain"]) {
			t.Errorf("no evidence of type %s (have %v)", want, types)
		}
	}
	rep, err := st.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.EvidenceChecked != 400 {
		t.Errorf("check: %+v", rep)
	}
	if s, _ := st.Settings(ctx); s.Organisation == "" || s.Guardian == "" {
		t.Errorf("settings not filled: %+v", s)
	}
}

func TestFillIsDeterministic(t *testing.T) {
	ctx := context.Background()
	opt := demo.Options{Questions: 60, Evidence: 40, Seed: 42, Today: today}
	a, b := fill(t, "a.guardian", opt), fill(t, "b.guardian", opt)
	qa, _ := a.Questions(ctx, assurance.QuestionFilter{})
	qb, _ := b.Questions(ctx, assurance.QuestionFilter{})
	ea, _ := a.EvidenceList(ctx, 0)
	eb, _ := b.EvidenceList(ctx, 0)
	if len(qa) != 60 || len(qb) != 60 || len(ea) != 40 || len(eb) != 40 {
		t.Fatalf("counts %d/%d questions, %d/%d evidence", len(qa), len(qb), len(ea), len(eb))
	}
	for i := range qa {
		x, y := *qa[i], *qb[i]
		if x.Text != y.Text || x.Response != y.Response || x.Level != y.Level || x.DueOn != y.DueOn || x.Status != y.Status {
			t.Fatalf("seed 42 gave different questions:\n%+v\n%+v", x, y)
		}
	}
	for i := range ea {
		if ea[i].SHA256 != eb[i].SHA256 || ea[i].Name != eb[i].Name {
			t.Fatalf("seed 42 gave different evidence: %s %s", ea[i].Name, eb[i].Name)
		}
	}
	other := fill(t, "c.guardian", demo.Options{Questions: 60, Seed: 43, Today: today})
	qc, _ := other.Questions(ctx, assurance.QuestionFilter{})
	same := 0
	for i := range qa {
		if qa[i].Text == qc[i].Text && qa[i].Response == qc[i].Response {
			same++
		}
	}
	if same == len(qa) {
		t.Error("seeds 42 and 43 gave the same log")
	}
}

func TestFillRefusesEvidenceWithoutQuestions(t *testing.T) {
	cat := assets.MustCatalogue()
	st, err := sqlite.Create(filepath.Join(t.TempDir(), "x.guardian"), sqlite.Options{Catalogue: cat})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = demo.Fill(context.Background(), st, cat, demo.Options{Evidence: 3})
	if assurance.ErrorCode(err) != assurance.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
}

// The generated PDF must be a real PDF that a viewer opens: poppler's
// pdftotext reads it back (poppler-utils is installed by make test).
func TestGeneratedFilesOpen(t *testing.T) {
	ctx := context.Background()
	st := fill(t, "files.guardian", demo.Options{Questions: 40, Evidence: 120, Seed: 3, Today: today})
	ev, err := st.EvidenceList(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range ev {
		ext := filepath.Ext(e.Name)
		if seen[ext] {
			continue
		}
		seen[ext] = true
		rc, err := st.OpenEvidence(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := http.DetectContentType(data); ext == ".pdf" && got != "application/pdf" || ext == ".png" && got != "image/png" {
			t.Errorf("%s sniffs as %s", e.Name, got)
		}
		if ext == ".pdf" {
			pdftotext, err := exec.LookPath("pdftotext")
			if err != nil {
				t.Fatal("pdftotext is missing: run make deps-test")
			}
			cmd := exec.Command(pdftotext, "-", "-")
			cmd.Stdin = strings.NewReader(string(data))
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), e.QuestionRef) || strings.Contains(string(out), "Error") {
				t.Errorf("pdftotext on %s: %v\n%s", e.Name, err, out)
			}
		}
	}
	if len(seen) != 4 {
		t.Errorf("file kinds seen: %v, want .csv .txt .pdf .png", seen)
	}
}
