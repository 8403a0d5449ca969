package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// ctl runs guardianctl in-process and returns its exit code, stdout and stderr.
func ctl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// must runs guardianctl and fails the test unless it succeeds.
func must(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := ctl(t, args...)
	if code != 0 {
		t.Fatalf("guardianctl %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func newLog(t *testing.T) string {
	t.Helper()
	log := filepath.Join(t.TempDir(), "board.guardian")
	must(t, "init", log, "--organisation", "Northshire Community Health NHS Trust", "--guardian", "Dr A Morgan")
	return log
}

func TestUsageErrorsExit2AndNameTheProblem(t *testing.T) {
	log := newLog(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage: guardianctl"},
		{[]string{"frob"}, `unknown command "frob"`},
		{[]string{"question"}, "question needs a subcommand: add, list, show, update"},
		{[]string{"question", "frob", log}, `no subcommand "frob"`},
		{[]string{"question", "add"}, "missing LOG"},
		{[]string{"question", "add", log}, "--area and --text are required"},
		{[]string{"question", "add", log, "--area", "4.1", "--text", "x", "--due", "31/02/2026"}, `"31/02/2026" is not a date`},
		{[]string{"question", "add", log, "--bogus", "1"}, "-bogus"},
		{[]string{"question", "list", log, "--status", "asked,pending"}, `"pending" is not a status`},
		{[]string{"question", "list", log, "--level", "meh"}, `"meh" is not an assurance level`},
		{[]string{"question", "show", log}, "missing REF"},
		{[]string{"question", "show", log, "Q-0001", "extra"}, `"extra" was not expected`},
		{[]string{"question", "show", log, "X1"}, `"X1" is not a question reference`},
		{[]string{"question", "update", log, "Q-0001"}, "give at least one field to change"},
		{[]string{"meeting", "add", log, "--kind", "board"}, "--kind and --date are required"},
		{[]string{"meeting", "add", log, "--kind", "picnic", "--date", "2026-12-03"}, `"picnic" is not a kind of meeting`},
		{[]string{"evidence", "add", log, "Q-0001"}, "missing FILE"},
		{[]string{"evidence", "extract", log, "1"}, "--to is required"},
		{[]string{"evidence", "extract", log, "Z9", "--to", t.TempDir()}, `"Z9" is neither an evidence number nor a question reference`},
		{[]string{"action", "done", log, "first"}, `"first" is not an action number`},
		{[]string{"demo", log, "--questions", "-1"}, "cannot be negative"},
		{[]string{"--as"}, "--as needs a name"},
		{[]string{"--colour", "areas"}, "unknown option --colour"},
		{[]string{"help", "frob"}, `unknown command "frob"`},
	} {
		code, out, errOut := ctl(t, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("guardianctl %q: exit %d, stderr %q (stdout %q); want exit 2 naming %q", tc.args, code, errOut, out, tc.want)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		code, out, _ := ctl(t, append([]string{"help"}, strings.Fields(c.name)...)...)
		if code != 0 || !strings.Contains(out, "Usage: guardianctl "+c.name) || !strings.Contains(out, "--as name") {
			t.Errorf("help %s: exit %d\n%s", c.name, code, out)
		}
		code, out2, _ := ctl(t, append(strings.Fields(c.name), "--help")...)
		if code != 0 || out2 != out {
			t.Errorf("%s --help: exit %d, differs from help %s", c.name, code, c.name)
		}
	}
	if code, out, _ := ctl(t, "help"); code != 0 || !strings.Contains(out, "evidence extract") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}

func TestRuntimeErrorsExit1WithPlainMessage(t *testing.T) {
	log := newLog(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"init", log}, "already exists"},
		{[]string{"question", "show", log, "Q-0099"}, "There is no question Q-0099"},
		{[]string{"question", "add", log, "--area", "9.9", "--text", "x"}, `no action area "9.9"`},
		{[]string{"check", filepath.Join(t.TempDir(), "missing.guardian")}, "There is no log"},
		{[]string{"evidence", "add", log, "Q-0001", filepath.Join(t.TempDir(), "nothing.pdf")}, "Cannot read the file"},
	} {
		code, out, errOut := ctl(t, tc.args...)
		if code != exitFailed || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "usage:") {
			t.Errorf("guardianctl %q: exit %d, stderr %q (stdout %q); want exit 1 saying %q", tc.args, code, errOut, out, tc.want)
		}
	}
}

func TestQuestionRoundTrip(t *testing.T) {
	log := newLog(t)
	out := must(t, "meeting", "add", log, "--kind", "people_committee", "--date", "2026-10-20", "--title", "People Committee, October 2026")
	if !strings.Contains(out, "Added meeting 1: People Committee, 20 Oct 2026") {
		t.Fatalf("meeting add said %q", out)
	}
	ref := strings.TrimSpace(must(t, "question", "add", log, "--area", "4.1",
		"--text", "What OH metrics does the People Committee see each quarter?\nAnd against peers?",
		"--asked-of", "Director of People (Sarah Patel)", "--meeting", "1", "--due", "01/12/2026", "--status", "asked"))
	if ref != "Q-0001" {
		t.Fatalf("question add printed %q, want Q-0001", ref)
	}
	must(t, "--as", "Jane Smith", "question", "update", log, ref,
		"--status", "answered", "--response", "A quarterly dashboard with peer benchmarks.",
		"--responded", "2026-11-20", "--level", "Reasonable", "--comment", "Outcomes still missing.")
	must(t, "action", "add", log, "1", "--text", "Add return-to-work outcomes", "--owner", "Head of OH", "--due", "2027-01-31")

	st, err := sqlite.Open(log, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, err := st.QuestionByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	want := assurance.Question{
		Area: "4.1", Text: "What OH metrics does the People Committee see each quarter?\nAnd against peers?",
		AskedOf: "Director of People (Sarah Patel)", MeetingID: 1, RaisedOn: assurance.MustDate("2026-10-20"),
		DueOn: assurance.MustDate("2026-12-01"), Status: assurance.StatusAnswered,
		Response: "A quarterly dashboard with peer benchmarks.", RespondedOn: assurance.MustDate("2026-11-20"),
		Level: assurance.Reasonable, Comment: "Outcomes still missing.",
	}
	if q.Area != want.Area || q.Text != want.Text || q.AskedOf != want.AskedOf || q.MeetingID != want.MeetingID ||
		q.RaisedOn != want.RaisedOn || q.DueOn != want.DueOn || q.Status != want.Status || q.Response != want.Response ||
		q.RespondedOn != want.RespondedOn || q.Level != want.Level || q.Comment != want.Comment {
		t.Errorf("stored question\n%+v\nwant\n%+v", *q, want)
	}

	show := must(t, "question", "show", log, "q-0001")
	for _, s := range []string{"Q-0001", "4.1 Using data to demonstrate impact", "And against peers?",
		"Director of People (Sarah Patel)", "20 Oct 2026", "People Committee, 20 Oct 2026", "1 Dec 2026", "Answered",
		"A quarterly dashboard", "20 Nov 2026", "Reasonable", "Outcomes still missing.", "version 2",
		"Actions (1):", "Add return-to-work outcomes", "Head of OH", "31 Jan 2027", "Evidence (0):"} {
		if !strings.Contains(show, s) {
			t.Errorf("question show lacks %q:\n%s", s, show)
		}
	}

	list := must(t, "question", "list", log, "--area", "4.1", "--status", "answered", "--level", "reasonable")
	if !strings.Contains(list, "Q-0001") || !strings.Contains(list, "1 question(s)") {
		t.Errorf("filtered list:\n%s", list)
	}
	if list := must(t, "question", "list", log, "--area", "1.1"); !strings.Contains(list, "0 question(s)") {
		t.Errorf("list of another area:\n%s", list)
	}
	if hits := must(t, "search", log, "benchmarks"); !strings.Contains(hits, "Q-0001") {
		t.Errorf("search:\n%s", hits)
	}
	audit := must(t, "audit", log, "--question", ref)
	if !strings.Contains(audit, "Jane Smith") || !strings.Contains(audit, "update") {
		t.Errorf("audit does not show Jane Smith's update:\n%s", audit)
	}
	must(t, "action", "done", log, "1", "--on", "2026-11-22")
	if show := must(t, "question", "show", log, ref); !strings.Contains(show, "[done 22 Nov 2026]") {
		t.Errorf("action not done:\n%s", show)
	}
}

func TestEvidenceAddExtractVerify(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "2.1", "--text", "What are OH waiting times?")
	dir := t.TempDir()
	// On Unix this is one file whose name tries to climb out of the
	// extraction folder the Windows way; on Windows it would be a real path.
	name := `..\..\minutes.csv`
	if runtime.GOOS == "windows" {
		name = "minutes.csv"
	}
	src := filepath.Join(dir, name)
	data := []byte("Month,Referrals\nJan 2026,92\n")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out := must(t, "evidence", "add", log, "Q-0001", src, "--description", "Referral figures")
	if !strings.Contains(out, "Attached E1 minutes.csv to Q-0001") {
		t.Errorf("evidence add said %q", out)
	}
	if out := must(t, "evidence", "list", log); !strings.Contains(out, "minutes.csv") || !strings.Contains(out, "Referral figures") {
		t.Errorf("evidence list:\n%s", out)
	}

	parent := t.TempDir()
	to := filepath.Join(parent, "out")
	out = must(t, "evidence", "extract", log, "Q-0001", "--to", to)
	want := filepath.Join(to, "Q-0001 E1 minutes.csv")
	if strings.TrimSpace(out) != want {
		t.Errorf("extract printed %q, want %q", out, want)
	}
	if got, err := os.ReadFile(want); err != nil || !bytes.Equal(got, data) {
		t.Errorf("extracted %q, %v", got, err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("extract wrote outside its folder: %v", entries)
	}
	// A second extract never overwrites the first.
	out = must(t, "evidence", "extract", log, "1", "--to", to)
	if !strings.HasSuffix(strings.TrimSpace(out), "Q-0001 E1 minutes (2).csv") {
		t.Errorf("second extract printed %q", out)
	}
	if out := must(t, "evidence", "verify", log); !strings.Contains(out, "OK: 1 evidence file(s)") {
		t.Errorf("verify:\n%s", out)
	}
	if out := must(t, "evidence", "verify", log, "1"); !strings.Contains(out, "OK: 1") {
		t.Errorf("verify 1:\n%s", out)
	}
}

func TestCheckReportsACorruptedEvidenceByte(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "3.6", "--text", "How many managers are trained?")
	marker := bytes.Repeat([]byte("GUARDIAN-TEST-EVIDENCE-0123456789 "), 40)
	src := filepath.Join(t.TempDir(), "training.txt")
	if err := os.WriteFile(src, marker, 0o600); err != nil {
		t.Fatal(err)
	}
	must(t, "evidence", "add", log, "Q-0001", src)
	if out := must(t, "check", log); !strings.Contains(out, "OK:") {
		t.Fatalf("check before damage:\n%s", out)
	}

	// Flip one byte of the stored evidence in the file itself, as a failing
	// disk or a careless sync tool would.
	raw, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(raw, marker[:200])
	if i < 0 {
		t.Fatal("evidence bytes not found in the log file; was the log closed cleanly?")
	}
	raw[i+100] ^= 0x01
	if err := os.WriteFile(log, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := ctl(t, "check", log)
	if code != exitFailed || !strings.Contains(out, `PROBLEM: evidence 1 "training.txt" on Q-0001`) || !strings.Contains(out, "1 problem(s)") {
		t.Errorf("check after damage: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = ctl(t, "evidence", "verify", log)
	if code != exitFailed || !strings.Contains(out, "1 of 1 evidence file(s) are damaged") {
		t.Errorf("verify after damage: exit %d\n%s", code, out)
	}
	code, _, errOut = ctl(t, "evidence", "extract", log, "1", "--to", t.TempDir())
	if code != exitFailed || !strings.Contains(errOut, "damaged") {
		t.Errorf("extract of damaged evidence: exit %d\n%s", code, errOut)
	}
}

func TestDemoThenCheck(t *testing.T) {
	log := filepath.Join(t.TempDir(), "demo.guardian")
	code, out, errOut := ctl(t, "demo", log, "--questions", "60", "--evidence", "90", "--seed", "5", "--today", "2026-11-23")
	if code != 0 || !strings.Contains(out, "Added 60 questions and 90 evidence files") || !strings.Contains(errOut, "100%  150 of 150") {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
	out = must(t, "check", log)
	if !strings.Contains(out, "OK:") || !strings.Contains(out, "90 evidence file(s)") {
		t.Errorf("check after demo:\n%s", out)
	}
	if list := must(t, "question", "list", log); !strings.Contains(list, "60 question(s)") {
		t.Errorf("list after demo:\n%s", list)
	}
	if list := must(t, "question", "list", log, "--overdue"); strings.Contains(list, " 0 question(s)") || !strings.Contains(list, "OVERDUE") {
		t.Errorf("no overdue questions in the demo:\n%s", list)
	}
	// A second run adds to the same log.
	must(t, "demo", log, "--questions", "5", "--evidence", "0")
	if list := must(t, "question", "list", log); !strings.Contains(list, "65 question(s)") {
		t.Errorf("list after second demo:\n%s", list)
	}
	backup := filepath.Join(t.TempDir(), "copy.guardian")
	must(t, "backup", log, backup)
	if out := must(t, "check", backup); !strings.Contains(out, "90 evidence file(s)") {
		t.Errorf("check of backup:\n%s", out)
	}
}

func TestAreasListsTheFramework(t *testing.T) {
	out := must(t, "areas")
	for _, s := range []string{"1. Growing the strategic identity of OHWB", "1.1  Integrated OHWB", "4.3  Demonstrating the value of OHWB", "4.5"} {
		if !strings.Contains(out, s) {
			t.Errorf("areas lacks %q:\n%s", s, out)
		}
	}
	// Growing OHWB Together's 23, then the 23 of the guardian function.
	if n := strings.Count(out, "\n  "); n != 46 || !strings.Contains(out, "Health and wellbeing guardian function") {
		t.Errorf("areas lists %d areas, want 23 in each of the two frameworks", n)
	}
	if long := must(t, "areas", "--long"); !strings.Contains(long, "one integrated service") {
		t.Error("areas --long lacks the descriptions")
	}
}
