package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestOverdueEvidenceRequestsInTheCLI(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "4.1", "--text", "Is sickness absence falling?")
	must(t, "question", "add", log, "--area", "1.1", "--text", "Is OHWB heard at board?")
	out := must(t, "request", "add", log, "Q-0001", "--from", "Head of occupational health", "--what", "OH activity report",
		"--requested", "2026-10-01", "--due", "2026-11-01", "--kind", "OH activity report")
	if !strings.Contains(out, "Added evidence request 1 on Q-0001") {
		t.Fatalf("request add: %q", out)
	}
	must(t, "request", "add", log, "Q-0002", "--from", "Chief People Officer", "--what", "Staff survey results",
		"--requested", "2026-11-20", "--due", "2026-12-20")
	out = must(t, "requests", log, "--overdue", "--on", "2026-12-02")
	if !strings.Contains(out, "Head of occupational health") || !strings.Contains(out, "Overdue") || strings.Contains(out, "Chief People Officer") {
		t.Fatalf("requests --overdue:\n%s", out)
	}
	out = must(t, "requests", log, "--on", "2026-12-02")
	if !strings.Contains(out, "Chief People Officer") || !strings.Contains(out, "Requested") {
		t.Fatalf("requests:\n%s", out)
	}
	must(t, "request", "receive", log, "1", "--on", "2026-12-01")
	out = must(t, "requests", log, "--overdue", "--on", "2026-12-02")
	if !strings.Contains(out, "No evidence requests are overdue.") {
		t.Fatalf("after receipt:\n%s", out)
	}
	file := filepath.Join(t.TempDir(), "oh.pdf")
	os.WriteFile(file, []byte("%PDF-1.4 OH"), 0o600)
	must(t, "evidence", "add", log, "Q-0001", file)
	if out := must(t, "evidence", "kind", log, "1", "oh activity report"); !strings.Contains(out, "Evidence 1: OH activity report") {
		t.Fatalf("evidence kind: %q", out)
	}
	if code, _, errOut := ctl(t, "evidence", "kind", log, "1", "Horoscope"); code == 0 || !strings.Contains(errOut, `"Horoscope" is not a kind of evidence`) {
		t.Fatalf("unknown kind: %d %q", code, errOut)
	}
	code, _, errOut := ctl(t, "request", "add", log, "Q-0001", "--what", "x")
	if code != 2 || !strings.Contains(errOut, "--from and --what are required") {
		t.Fatalf("missing --from: %d %q", code, errOut)
	}
}

func TestDecisionsSettingsAndTagsInTheCLI(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "1.2", "--text", "Was night staff parking considered?")
	must(t, "decision", "add", log, "--decision", "Close the staff car park", "--meeting", "Board", "--on", "2026-11-05",
		"--impact", "partly", "--unintended", "--question", "Q-0001")
	out := must(t, "decision", "list", log)
	if !strings.Contains(out, "Close the staff car park") || !strings.Contains(out, "Partly") || !strings.Contains(out, "raised") || !strings.Contains(out, "Q-0001") {
		t.Fatalf("decision list:\n%s", out)
	}
	code, _, errOut := ctl(t, "decision", "add", log, "--decision", "x", "--impact", "maybe")
	if code != 2 || !strings.Contains(errOut, `"maybe" is not an answer`) {
		t.Fatalf("bad impact: %d %q", code, errOut)
	}
	out = must(t, "settings", log, "--scale", "rag", "--org", "icb", "--committee", "People Committee", "--baf", "SR2 Workforce; SR5 Culture")
	for _, want := range []string{"RAG", "Integrated care board", "People Committee", "SR2 Workforce; SR5 Culture"} {
		if !strings.Contains(out, want) {
			t.Fatalf("settings missing %q:\n%s", want, out)
		}
	}
	code, _, errOut = ctl(t, "settings", log, "--scale", "stars")
	if code == 0 || !strings.Contains(errOut, `"stars" is not a scale`) {
		t.Fatalf("bad scale: %d %q", code, errOut)
	}
	out = must(t, "question", "tag", log, "Q-0001", "--tags", "commissioned services; baf:SR2")
	if !strings.Contains(out, "commissioned services; baf:SR2") {
		t.Fatalf("tag: %q", out)
	}
	must(t, "question", "add", log, "--area", "1.1", "--text", "Own staff question")
	paper := filepath.Join(t.TempDir(), "icb.xlsx")
	must(t, "export", log, paper, "--tag", "commissioned services")
	f, err := excelize.OpenFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Questions")
	refs, tags := "", slices.Index(rows[1], "Tags")
	for _, r := range rows[2:] {
		refs += r[0] + " " + r[tags] + ";"
	}
	if refs != "Q-0001 BAF SR2; commissioned services;" {
		t.Fatalf("questions on the ICB paper: %q", refs)
	}
}

func TestFrameworkAddInTheCLI(t *testing.T) {
	log := newLog(t)
	file := filepath.Join(t.TempDir(), "plan.json")
	os.WriteFile(file, []byte(`{"frameworks": [
  {"id": "northshire-people-plan", "name": "Northshire People Plan", "version": "2026",
   "drivers": [{"id": "1", "title": "Looking after our people", "areas": [
     {"id": "1.1", "short_title": "Rest spaces", "title": "Rest spaces on every site", "description": "Every site has a rest space open at night."},
     {"id": "1.1", "short_title": "Again", "title": "Again", "description": "A duplicate."}
   ]}]}
]}`), 0o600)
	code, _, errOut := ctl(t, "framework", "add", log, file)
	if code == 0 || !strings.Contains(errOut, `area "1.1" appears twice`) || !strings.Contains(errOut, "line 5") {
		t.Fatalf("duplicate id: %d %q", code, errOut)
	}
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), `"id": "1.1", "short_title": "Again"`, `"id": "1.2", "short_title": "Again"`, 1)), 0o600)
	if out := must(t, "framework", "add", log, file); !strings.Contains(out, "Added the framework Northshire People Plan (2026): 2 areas") {
		t.Fatalf("add: %q", out)
	}
	must(t, "question", "add", log, "--framework", "northshire-people-plan", "--area", "1.2", "--text", "Is it done?")
	if out := must(t, "framework", "list", log); !strings.Contains(out, "northshire-people-plan") || !strings.Contains(out, "health-and-wellbeing-guardian-function") {
		t.Fatalf("list:\n%s", out)
	}
	paper := filepath.Join(t.TempDir(), "p.xlsx")
	must(t, "export", log, paper)
	f, err := excelize.OpenFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Questions")
	if len(rows) < 3 || rows[2][1] != "1.2 Again" {
		t.Fatalf("question row on the paper: %q", rows[2])
	}
}
