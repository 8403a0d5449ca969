package postgres_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/demo"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/transfer"
)

// demoFile makes a demo log file with a deleted question, a deleted meeting
// and shared evidence, so that gaps in ids and references travel too.
func demoFile(t testing.TB, questions, evidence int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := sqlite.Create(path, sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "File Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := demo.Fill(ctx, s, assets.MustCatalogue(), demo.Options{Questions: questions, Evidence: evidence, Seed: 3, Today: assurance.MustDate("2026-11-30")}); err != nil {
		t.Fatal(err)
	}
	last := &assurance.Question{Area: "1.1", Text: "Deleted after it was asked"}
	if err := s.CreateQuestion(ctx, last); err != nil {
		t.Fatal(err)
	}
	for _, qid := range []int64{1, 2} {
		if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: qid, Name: "same.txt"}, strings.NewReader("same bytes")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteQuestion(ctx, last.ID); err != nil {
		t.Fatal(err)
	}
	return path
}

func diff(t testing.TB, a, b assurance.Reader) {
	t.Helper()
	diffs, err := transfer.Diff(ctx, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Fatalf("%d differences, first: %s", len(diffs), diffs[0])
	}
}

// roundTrip publishes a file log into an empty organisation, publishes it
// again (nothing happens), pulls it back into a new file, and compares all
// three field by field.
func roundTrip(t testing.TB, questions, evidence int) (publish, pull time.Duration) {
	path := demoFile(t, questions, evidence)
	src, err := sqlite.Open(path, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	shared := newLog(t)
	start := time.Now()
	c, err := transfer.Copy(ctx, src, shared)
	publish = time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if c.Questions != questions || c.Evidence != evidence+2 || c.Already || c.Audit == 0 {
		t.Fatalf("publish counts %+v", c)
	}
	diff(t, src, shared)
	again, err := transfer.Copy(ctx, src, shared)
	if err != nil || !again.Already || again.Questions != c.Questions {
		t.Fatalf("second publish: %+v, %v", again, err)
	}
	diff(t, src, shared)

	out := filepath.Join(t.TempDir(), "pulled.guardian")
	dst, err := sqlite.Create(out, sqlite.Options{Catalogue: assets.MustCatalogue()})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	start = time.Now()
	if _, err := transfer.Copy(ctx, shared, dst); err != nil {
		t.Fatal(err)
	}
	pull = time.Since(start)
	diff(t, src, dst)
	for _, e := range mustEvidence(t, dst) {
		if err := dst.VerifyEvidence(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
	}

	// Both copies carry on numbering after the deleted question.
	for _, s := range []assurance.Store{shared, dst} {
		q := &assurance.Question{Area: "1.1", Text: "After the copy"}
		if err := s.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
		if want := assurance.FormatRef(int64(questions) + 2); q.Ref != want || q.ID != int64(questions)+2 {
			t.Fatalf("next question %s (id %d), want %s", q.Ref, q.ID, want)
		}
	}
	return publish, pull
}

func mustEvidence(t testing.TB, s assurance.Reader) []*assurance.Evidence {
	t.Helper()
	ev, err := s.EvidenceList(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestPublishAndPullKeepEveryField(t *testing.T) {
	publish, pull := roundTrip(t, 60, 40)
	t.Logf("60 questions, 42 evidence files: publish %v, pull %v", publish, pull)
}

// GUARDIAN_PG_DEMO=10000 times the round trip of a large demo log.
func TestPublishAndPullLargeDemoLog(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GUARDIAN_PG_DEMO"))
	if n == 0 {
		t.Skip("set GUARDIAN_PG_DEMO=10000 to time the round trip of the 10,000-question demo log")
	}
	publish, pull := roundTrip(t, n, n)
	t.Logf("%d questions, %d evidence files: publish %v, pull %v", n, n+2, publish, pull)
}

func TestPublishRefusesADifferentLog(t *testing.T) {
	path := demoFile(t, 5, 3)
	src, err := sqlite.Open(path, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	shared := newLog(t)
	q := &assurance.Question{Area: "1.1", Text: "Already here"}
	if err := shared.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	before, _ := shared.Audit(ctx, assurance.AuditFilter{})
	_, err = transfer.Copy(ctx, src, shared)
	wantCode(t, err, assurance.ECONFLICT)
	if after, _ := shared.Audit(ctx, assurance.AuditFilter{}); len(after) != len(before) {
		t.Fatal("a refused publish changed the shared log")
	}
}
