package main

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func folder(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// Every command that only reads leaves the log byte-identical and nothing
// beside it, and backup restore works after each of them.
func TestReadOnlyCommandsLeaveNothingBesideTheLog(t *testing.T) {
	log := newLog(t)
	dir := filepath.Dir(log)
	must(t, "meeting", "add", log, "--kind", "board", "--date", "2026-03-12")
	must(t, "question", "add", log, "--area", "1.1", "--text", "How are night staff supported?")
	att := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(att, []byte("evidence"), 0o600)
	must(t, "evidence", "add", log, "Q-0001", att)
	must(t, "backup", log, filepath.Join(t.TempDir(), "kept.guardian"))
	// The rolling copy that restore puts back.
	os.Mkdir(filepath.Join(dir, backup.FolderName), 0o700)
	must(t, "backup", log, filepath.Join(dir, backup.FolderName, "board 2026-01-01 000000 manual.guardian"))
	readers := func(out string) [][]string {
		return [][]string{
			{"meeting", "list", log},
			{"question", "list", log},
			{"question", "show", log, "Q-0001"},
			{"evidence", "list", log},
			{"evidence", "extract", log, "1", "--to", out},
			{"evidence", "verify", log},
			{"search", log, "night"},
			{"audit", log},
			{"backup", log, filepath.Join(out, "copy.guardian")},
			{"backup", "list", log},
			{"copy", log, filepath.Join(out, "sent.guardian")},
			{"check", log},
			{"export", log, filepath.Join(out, "paper.xlsx")},
		}
	}
	for _, args := range readers(t.TempDir()) {
		before, was := folder(t, dir), sum(t, log)
		if want := []string{backup.FolderName, "board.guardian"}; !slices.Equal(before, want) {
			t.Fatalf("before guardianctl %s the log's folder holds %q, want %q", strings.Join(args, " "), before, want)
		}
		must(t, args...)
		if got := folder(t, dir); !slices.Equal(got, before) {
			t.Errorf("guardianctl %s: the log's folder holds %q, before %q", strings.Join(args, " "), got, before)
		}
		if sum(t, log) != was {
			t.Errorf("guardianctl %s changed the log", strings.Join(args, " "))
		}
	}
	for _, args := range readers(t.TempDir()) {
		must(t, args...)
		must(t, "backup", "restore", log, "1")
	}
	for _, f := range folder(t, filepath.Join(dir, backup.FolderName)) {
		if strings.HasSuffix(f, "-wal") || strings.HasSuffix(f, "-shm") || strings.HasSuffix(f, "-journal") {
			t.Errorf("restoring left %q in the backups folder", f)
		}
	}
}

// The reproduction: another log's -wal, with committed changes,
// copied beside a closed log. check and the next write leave the log whole,
// and the file is moved aside and reported.
func TestAnotherLogsWALIsMovedAsideAndReported(t *testing.T) {
	b := newLog(t)
	must(t, "question", "add", b, "--area", "1.1", "--text", "B's question")
	c := filepath.Join(t.TempDir(), "C.guardian")
	must(t, "init", c)
	// A store holding C open keeps committed frames in C's -wal.
	s := openForTest(t, c)
	for i := 0; i < 5; i++ {
		addForTest(t, s, "C's question")
	}
	wal, err := os.ReadFile(c + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("C's -wal: %d bytes, %v", len(wal), err)
	}
	s.Close()
	os.WriteFile(b+"-wal", wal, 0o600)
	was := sum(t, b)

	code, out, errOut := ctl(t, "check", b)
	if code != 0 || !strings.Contains(errOut, "does not belong") || !strings.Contains(errOut, "board.guardian-wal") {
		t.Fatalf("check: exit %d\n%s%s", code, out, errOut)
	}
	if sum(t, b) != was {
		t.Fatal("check changed the log")
	}
	must(t, "question", "add", b, "--area", "1.1", "--text", "B's second question")
	if out := must(t, "check", b); strings.Contains(out, "damaged") {
		t.Fatalf("check after a write:\n%s", out)
	}
	list := must(t, "question", "list", b)
	if !strings.Contains(list, "2 question(s)") || strings.Contains(list, "C's question") {
		t.Fatalf("B after the write:\n%s", list)
	}
	var aside []string
	for _, f := range folder(t, filepath.Dir(b)) {
		if strings.Contains(f, "set-aside") {
			aside = append(aside, f)
		}
	}
	if len(aside) != 1 {
		t.Fatalf("set aside: %q", aside)
	}
	if got, _ := os.ReadFile(filepath.Join(filepath.Dir(b), aside[0])); string(got) != string(wal) {
		t.Fatal("the file set aside is not the -wal that was found")
	}
}

func openForTest(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func addForTest(t *testing.T, s *sqlite.Store, text string) {
	t.Helper()
	q := &assurance.Question{Framework: "growing-ohwb-together", Area: "1.1", Text: text, RaisedOn: assurance.MustDate("2026-03-12")}
	if err := s.CreateQuestion(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}
