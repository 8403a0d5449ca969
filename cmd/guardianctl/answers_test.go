package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportAnswersThenImportThem(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "4.1", "--text", "What does the data show?", "--status", "asked")
	must(t, "question", "add", log, "--area", "2.3", "--text", "Is the framework agreed?", "--status", "asked")
	paper := filepath.Join(t.TempDir(), "for committee.xlsx")
	if out := must(t, "export-answers", log, paper); !strings.Contains(out, "2 questions for the committee to answer") {
		t.Errorf("export-answers: %s", out)
	}
	f, err := excelize.OpenFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Answers", "E2", "A quarterly dashboard.")
	f.SetCellValue("Answers", "G2", "Limited")
	f.SetCellValue("Answers", "E3", "Yes.")
	f.Save()
	f.Close()
	// Meanwhile Q-0002 is answered in the log too: a conflict.
	must(t, "question", "update", log, "Q-0002", "--response", "Agreed in October.", "--status", "answered")

	out := must(t, "import-answers", log, paper, "--dry-run")
	for _, want := range []string{"2 questions matched; 2 changes to apply, 1 conflicts.", "Q-0001 Response", "Q-0001 Assurance level",
		"Q-0002 Response", "CONFLICT: kept the log's", "Yes.", "Agreed in October.", "Dry run: nothing was written."} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if show := must(t, "question", "show", log, "Q-0001"); strings.Contains(show, "A quarterly dashboard.") {
		t.Fatal("the dry run wrote the answer")
	}
	out = must(t, "import-answers", log, paper)
	if !strings.Contains(out, "Applied 2 changes from for committee.xlsx (SHA-256 ") || !strings.Contains(out, "1 conflicts were left as the log has them") {
		t.Errorf("import-answers:\n%s", out)
	}
	if show := must(t, "question", "show", log, "Q-0001"); !strings.Contains(show, "A quarterly dashboard.") || !strings.Contains(show, "Limited") {
		t.Errorf("Q-0001 after the import:\n%s", show)
	}
	if show := must(t, "question", "show", log, "Q-0002"); !strings.Contains(show, "Agreed in October.") {
		t.Errorf("the conflict was applied:\n%s", show)
	}
	must(t, "import-answers", log, paper, "--take", "Q-0002 Response")
	if show := must(t, "question", "show", log, "Q-0002"); !strings.Contains(show, "Yes.") {
		t.Errorf("--take did not apply the workbook's value:\n%s", show)
	}

	other := newLog(t)
	code, _, errOut := ctl(t, "import-answers", other, paper)
	if code != exitFailed || !strings.Contains(errOut, "was written from another log") {
		t.Errorf("another log: exit %d, %s", code, errOut)
	}
}

// The board paper itself carries the answers back: the committee edits
// the paper it was sent.
func TestImportAnswersFromTheBoardPaper(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "4.1", "--text", "What does the data show?", "--status", "asked")
	must(t, "question", "add", log, "--area", "2.3", "--text", "Is the framework agreed?", "--status", "asked")
	paper := filepath.Join(t.TempDir(), "Board paper.xlsx")
	must(t, "export", log, paper)
	f, err := excelize.OpenFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	// Row 3 is Q-0001: F Response, G Assurance level, H Guardian's comment.
	f.SetCellValue("Questions", "F3", "A quarterly dashboard.")
	f.SetCellValue("Questions", "G3", "Limited")
	f.SetCellValue("Questions", "H4", "Chased.")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := must(t, "import-answers", log, paper)
	if !strings.Contains(out, "2 questions matched; 3 changes to apply, 0 conflicts.") || !strings.Contains(out, "Applied 3 changes from Board paper.xlsx") {
		t.Errorf("import-answers:\n%s", out)
	}
	if show := must(t, "question", "show", log, "Q-0001"); !strings.Contains(show, "A quarterly dashboard.") || !strings.Contains(show, "Limited") {
		t.Errorf("Q-0001 after the import:\n%s", show)
	}
	if show := must(t, "question", "show", log, "Q-0002"); !strings.Contains(show, "Chased.") || strings.Contains(show, "A quarterly dashboard.") {
		t.Errorf("Q-0002 after the import:\n%s", show)
	}
}
