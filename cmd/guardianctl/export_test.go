package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

func TestExportBoardPaper(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "demo.guardian")
	must(t, "demo", log, "--questions", "40", "--evidence", "30", "--seed", "3", "--today", "2026-11-23")
	paper := filepath.Join(dir, "Board paper.xlsx")
	code, out, errOut := ctl(t, "export", log, paper, "--evidence", "--driver", "4", "--today", "2026-11-23")
	if code != 0 || !strings.Contains(out, "Wrote "+paper) || !strings.Contains(out, "evidence files into "+filepath.Join(dir, "Board paper evidence")) {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	for _, stage := range []string{"Reading the log", "Evidence files", "Questions", "Saving"} {
		if !strings.Contains(errOut, stage) {
			t.Errorf("progress on stderr lacks %q:\n%s", stage, errOut)
		}
	}
	f, err := excelize.OpenFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, export.Sheets) {
		t.Errorf("sheets = %q", got)
	}
	rows, _ := f.GetRows(export.SheetQuestions)
	for _, r := range rows[2:] { // under the title and the header row
		if len(r) > 1 && !strings.HasPrefix(r[1], "4.") {
			t.Errorf("--driver 4 exported a question in %q", r[1])
		}
	}

	// --password-file: the workbook opens only with the password.
	pw := filepath.Join(dir, "pw.txt")
	if err := os.WriteFile(pw, []byte("s3cret words\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "locked.xlsx")
	must(t, "export", log, locked, "--password-file", pw, "--open-only")
	if f, err := excelize.OpenFile(locked); err == nil {
		f.Close()
		t.Error("the workbook opened without its password")
	}
	f2, err := excelize.OpenFile(locked, excelize.Options{Password: "s3cret words"})
	if err != nil {
		t.Fatalf("open with the password: %v", err)
	}
	f2.Close()

	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", log, locked, "--password-file", empty}, exitUsage, "is empty"},
		{[]string{"export", log, filepath.Join(dir, "x.xlsx"), "--driver", "9"}, exitFailed, "There is no driver \"9\""},
		{[]string{"export", log, filepath.Join(dir, "x.csv")}, exitFailed, ".xlsx"},
		{[]string{"export", log}, exitUsage, "missing OUT.xlsx"},
	} {
		code, out, errOut := ctl(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("guardianctl %s: exit %d, want %d with %q\n%s%s", strings.Join(tc.args[2:], " "), code, tc.code, tc.want, out, errOut)
		}
	}
}
