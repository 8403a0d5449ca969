package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
)

// copyMarker starts the one evidence file TestEvidenceCopyFromARealLog
// damages by hand.
var copyMarker = []byte("GUARDIAN-EXPORT-COPY-MARKER")

// TestEvidenceCopyFromARealLog exports a real SQLite log with --evidence:
// every file comes out byte-identical under its register name, progress
// climbs to the total, an earlier export's folder keeps the user's own
// files, and a file damaged in the log stops the export, naming it, with
// nothing left behind.
func TestEvidenceCopyFromARealLog(t *testing.T) {
	ctx := context.Background()
	cat := catalogue(t)
	logPath := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := sqlite.Create(logPath, sqlite.Options{Catalogue: cat, Actor: "Test Guardian"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	q := &assurance.Question{Area: "2.5", Text: "Is the OH service reaching night staff?", AskedOf: "Chief People Officer", RaisedOn: assurance.Today(), Status: assurance.StatusAsked}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	// Over two progress steps of small files, plus the shapes that matter:
	// several parts, empty, bytes shared by two items, names Windows
	// reserves or that clean to the same text, non-ASCII and long names.
	names := []string{"CON.pdf", "a:b.pdf", "a?b.pdf", "Präsentation – Übersicht.pptx", "报告.docx",
		strings.Repeat("very long evidence name ", 12) + ".pdf", "..\\..\\evil.exe", "empty.txt", "big.bin", "shared.pdf", "shared copy.pdf", "damaged.txt"}
	for i := range 1100 {
		names = append(names, fmt.Sprintf("survey %04d.csv", i))
	}
	content := func(name string) []byte {
		switch name {
		case "empty.txt":
			return nil
		case "big.bin":
			return bytes.Repeat([]byte("0123456789abcdef"), 40000) // three parts
		case "shared.pdf", "shared copy.pdf":
			return []byte("%PDF-1.4 the same bytes twice")
		case "damaged.txt":
			return append(append([]byte(nil), copyMarker...), strings.Repeat("minutes\n", 30)...)
		}
		return []byte("bytes of " + name)
	}
	err = s.Batch(ctx, func(w assurance.Writer) error {
		for _, n := range names {
			if err := w.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: n}, bytes.NewReader(content(n))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.EvidenceList(ctx, 0)
	if err != nil || len(list) != len(names) {
		t.Fatalf("%d evidence items, %v", len(list), err)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "Board paper.xlsx")
	var steps []export.Progress
	opt := export.Options{IncludeEvidence: true, Progress: func(p export.Progress) {
		if p.Stage == "Evidence files" {
			steps = append(steps, p)
		}
	}}
	res, err := export.WriteFile(ctx, s, cat, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if res.EvidenceFiles != len(list) {
		t.Errorf("%d files copied, want %d", res.EvidenceFiles, len(list))
	}
	checkCopies(t, res.EvidenceDir, list)
	checkProgress(t, steps, len(list))
	if top, _ := os.ReadDir(dir); len(top) != 2 {
		t.Errorf("beside the paper: %v, want the paper and its folder", top)
	}

	// Again, into the folder of the first export with a file of the user's,
	// a copy changed, one removed and one replaced by a link to another
	// file of the same size: those three are copied again, and the copies
	// still the stored files are kept as they are, not written again.
	notes := filepath.Join(res.EvidenceDir, "my notes.txt")
	if err := os.WriteFile(notes, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	copyOf := func(i int) string { return filepath.Join(res.EvidenceDir, assurance.EvidenceFileName(list[i])) }
	changed, removed, linked, untouched := copyOf(20), copyOf(21), copyOf(22), copyOf(23)
	if err := os.WriteFile(changed, bytes.Repeat([]byte("x"), int(list[20].Size)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(removed); err != nil {
		t.Fatal(err)
	}
	decoy := filepath.Join(dir, "decoy")
	if err := os.WriteFile(decoy, bytes.Repeat([]byte("y"), int(list[22].Size)), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(linked)
	if err := os.Symlink(decoy, linked); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(untouched)
	if err != nil {
		t.Fatal(err)
	}
	steps = nil
	if res, err = export.WriteFile(ctx, s, cat, path, opt); err != nil {
		t.Fatal(err)
	}
	if res.EvidenceFiles != len(list) {
		t.Errorf("second export: %d files in the folder, want %d", res.EvidenceFiles, len(list))
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine" {
		t.Errorf("the user's file after a second export: %q, %v", b, err)
	}
	if after, err := os.Stat(untouched); err != nil || !os.SameFile(before, after) {
		t.Errorf("a copy that was still the stored file was written again (%v)", err)
	}
	if fi, err := os.Lstat(linked); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link put in a copy's place is still there: %v, %v", fi, err)
	}
	os.Remove(notes)
	os.Remove(decoy)
	checkCopies(t, res.EvidenceDir, list)
	checkProgress(t, steps, len(list))
	if top, _ := os.ReadDir(dir); len(top) != 2 {
		t.Errorf("beside the paper after a second export: %v", top)
	}

	// One stored byte changed behind the log's back.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	flipAfter(t, logPath, copyMarker)
	if s, err = sqlite.Open(logPath, sqlite.Options{Catalogue: cat, ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	_, err = export.WriteFile(ctx, s, cat, filepath.Join(bad, "paper.xlsx"), opt)
	if assurance.ErrorCode(err) != assurance.ECORRUPT || !strings.Contains(assurance.ErrorMessage(err), "damaged.txt") {
		t.Errorf("a damaged file: err = %v, want ECORRUPT naming damaged.txt", err)
	}
	if left, _ := os.ReadDir(bad); len(left) != 0 {
		t.Errorf("a failed export left %v", left)
	}
}

// checkCopies compares every file in the evidence folder with the register:
// one file per item under its name, owner-only, with the recorded SHA-256.
func checkCopies(t *testing.T, dir string, list []*assurance.Evidence) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(list) {
		t.Errorf("%d files in %s, want %d", len(entries), filepath.Base(dir), len(list))
	}
	for _, e := range list {
		name := filepath.Join(dir, assurance.EvidenceFileName(e))
		b, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(b)) != e.Size {
			t.Errorf("%s: the copy is not the stored file", e.Name)
		}
		if fi, err := os.Stat(name); runtime.GOOS != "windows" && (err != nil || fi.Mode().Perm() != 0o600) {
			t.Errorf("%s: mode %v, want 0600", e.Name, fi.Mode().Perm())
		}
	}
}

// checkProgress: the files done only ever go up, against one total, and
// reach it.
func checkProgress(t *testing.T, steps []export.Progress, total int) {
	t.Helper()
	if len(steps) < 3 {
		t.Fatalf("%d progress reports for %d files: %v", len(steps), total, steps)
	}
	for i, p := range steps {
		if p.Total != total || i > 0 && p.Done < steps[i-1].Done {
			t.Errorf("progress went %v then %v (total %d)", steps[max(i-1, 0)], p, total)
		}
	}
	if last := steps[len(steps)-1]; last.Done != total {
		t.Errorf("progress ended at %v, want all %d", last, total)
	}
}

// flipAfter flips the byte 10 after marker in the closed log at path,
// wherever the marker is (a page SQLite freed may hold an old copy).
func flipAfter(t *testing.T, path string, marker []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, marker) {
		t.Fatal("marker not found in the log")
	}
	for i, at := 0, 0; ; at += i + 1 {
		if i = bytes.Index(b[at:], marker); i < 0 {
			break
		}
		b[at+i+len(marker)+10] ^= 1
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
