package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importCSV = `Trust wellbeing log,,,,,
,,,,,
Ref,Area,Question,Date raised,Due,RAG,Response
L-1,2.3,Is the service framework agreed?,03/12/2025,15/01/2026,,
L-2,Area 4.1 – Using data to demonstrate the impact of OHWB,What does the data show?,2025-12-04,June 2026,Amber,A dashboard.
L-3,7.7,Parking?,04/12/2025,,,
L-1,1.1,Same reference again,05/12/2025,,,
Total,,,,,,
`

func TestImportDryRunThenImportThenAgain(t *testing.T) {
	log := newLog(t)
	file := filepath.Join(t.TempDir(), "old log.csv")
	if err := os.WriteFile(file, []byte(importCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	out := must(t, "import", log, file, "--dry-run", "--rag", "amber=Limited", "--map", "level=RAG")
	for _, want := range []string{
		`old log.csv, sheet "old log": column headings on row 3`,
		"Assurance level ← column F (RAG)",
		"4    imported",
		"5    imported",
		"Due date \"June 2026\" has no day: taken as 1 Jun 2026",
		"6    rejected  B (Area)  7.7",
		"There is no action area 7.7",
		"7    rejected  A (Ref)   L-1",
		"8    skipped",
		"Totals row",
		"Dry run: 2 to import, 4 skipped, 2 rejected. Nothing was written.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if list := must(t, "question", "list", log); strings.Contains(list, "Q-0001") {
		t.Fatalf("the dry run wrote questions:\n%s", list)
	}
	out = must(t, "import", log, file, "--rag", "amber=Limited")
	if !strings.Contains(out, "Imported 2 questions (Q-0001 to Q-0002) from old log.csv, SHA-256 ") {
		t.Errorf("import output:\n%s", out)
	}
	if show := must(t, "question", "show", log, "Q-0002"); !strings.Contains(show, "What does the data show?") || !strings.Contains(show, "Limited") {
		t.Errorf("Q-0002:\n%s", show)
	}
	out = must(t, "import", log, file)
	if !strings.Contains(out, "the log's own words: amber means Limited") {
		t.Errorf("the second import did not remember what Amber means:\n%s", out)
	}
	if !strings.Contains(out, "Nothing to import: 6 skipped, 2 rejected") || !strings.Contains(out, "Already in the log: reference L-1 was imported before as Q-0001") {
		t.Errorf("second import:\n%s", out)
	}
	if list := must(t, "question", "list", log); strings.Contains(list, "Q-0003") {
		t.Errorf("importing twice made duplicates:\n%s", list)
	}
	// The mapping (RAG as the level) was remembered from the first import.
	if !strings.Contains(out, "remembered from the last import") {
		t.Errorf("second import did not use the remembered mapping:\n%s", out)
	}
}

func TestImportRefusesBadFlagsAndFiles(t *testing.T) {
	log := newLog(t)
	file := filepath.Join(t.TempDir(), "old.csv")
	os.WriteFile(file, []byte(importCSV), 0o600)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", log, file, "--map", "colour=B"}, exitUsage, `"colour" is not a field`},
		{[]string{"import", log, file, "--rag", "amber"}, exitUsage, `"amber" is not word=value`},
		{[]string{"import", log, file, "--rag", "amber=meh"}, exitUsage, `"meh" is not an assurance level`},
		{[]string{"import", log, file, "--map", "question=Z"}, exitFailed, `There is no column "Z" for Question`},
		{[]string{"import", log, file, "--sheet", "Other"}, exitFailed, `has no sheet called "Other"`},
		{[]string{"import", log, filepath.Join(t.TempDir(), "missing.xlsx")}, exitFailed, `Cannot open "missing.xlsx"`},
	} {
		code, _, errOut := ctl(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, %q; want %d and %q", tc.args[3:], code, errOut, tc.code, tc.want)
		}
	}
}
