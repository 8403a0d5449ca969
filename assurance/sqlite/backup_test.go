package sqlite_test

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func TestBackupIsAWorkingLogWithTheSameContent(t *testing.T) {
	s, _ := newLog(t)
	if err := s.UpdateSettings(ctx, assurance.Settings{Organisation: "Trust", Guardian: "G"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		q := mustQuestion(t, s, "3.3", "Question about peer support")
		if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "notes.txt"}, newPattern(int64(1000*i), uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "backup.guardian")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if os.PathSeparator == '/' {
		if st, err := os.Stat(dest); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("backup file mode %v, %v; want 0600", st.Mode().Perm(), err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Fatalf("backup left temporary files: %v", entries)
	}
	// Another question after the backup must not be in it.
	mustQuestion(t, s, "1.1", "After the backup")

	b, err := openLog(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	origQs, _ := s.Questions(ctx, assurance.QuestionFilter{})
	backQs, err := b.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || !reflect.DeepEqual(backQs, origQs[:20]) {
		t.Fatalf("backup has %d questions (%v), want the first 20 of %d", len(backQs), err, len(origQs))
	}
	origEv, _ := s.EvidenceList(ctx, 0)
	backEv, _ := b.EvidenceList(ctx, 0)
	if !reflect.DeepEqual(backEv, origEv) {
		t.Fatal("backup evidence list differs")
	}
	for _, e := range backEv {
		r1, _ := s.OpenEvidence(ctx, e.ID)
		r2, err := b.OpenEvidence(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sha256Of(t, r1) != sha256Of(t, io.Reader(r2)) {
			t.Fatalf("evidence %d differs in the backup", e.ID)
		}
	}
	if st, _ := b.Settings(ctx); st.Organisation != "Trust" {
		t.Fatalf("backup settings %+v", st)
	}
	if a1, _ := s.Audit(ctx, assurance.AuditFilter{}); len(a1) == 0 {
		t.Fatal("no audit")
	} else if a2, _ := b.Audit(ctx, assurance.AuditFilter{}); !reflect.DeepEqual(a2, a1[1:]) {
		t.Fatal("backup audit log differs")
	}
	if rep, err := b.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 20 {
		t.Fatalf("check of backup: %+v, %v", rep, err)
	}
	// The backup is a log like any other: it can be changed.
	mustQuestion(t, b, "1.1", "Added to the backup")
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	s, _ := newLog(t)
	dest := filepath.Join(t.TempDir(), "existing.guardian")
	if err := os.WriteFile(dest, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := s.Backup(ctx, dest)
	wantCode(t, err, assurance.EINVALID)
	if !strings.Contains(assurance.ErrorMessage(err), "already exists") {
		t.Fatalf("message %q", assurance.ErrorMessage(err))
	}
	if b, _ := os.ReadFile(dest); string(b) != "precious" {
		t.Fatal("backup overwrote an existing file")
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Fatalf("refused backup left files: %v", entries)
	}
}

func TestBackupFromReadOnlyLog(t *testing.T) {
	s, path := newLog(t)
	mustQuestion(t, s, "1.1", "Read-only copy")
	s.Close()
	opt := options()
	opt.ReadOnly = true
	ro, err := openWith(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	dest := filepath.Join(t.TempDir(), "copy.guardian")
	if err := ro.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	b, err := openLog(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if qs, _ := b.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 1 {
		t.Fatalf("backup of read-only log has %d questions", len(qs))
	}
}
