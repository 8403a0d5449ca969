package backup_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func newLog(t *testing.T) (string, *sqlite.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Northshire board.guardian")
	s, err := sqlite.Create(path, sqlite.Options{Actor: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return path, s
}

func addQuestion(t *testing.T, s assurance.Store, text string) {
	t.Helper()
	if err := s.CreateQuestion(context.Background(), &assurance.Question{Area: "3.4", Text: text}); err != nil {
		t.Fatal(err)
	}
}

func questionTexts(t *testing.T, path string) []string {
	t.Helper()
	s, err := sqlite.Open(path, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	qs, err := s.Questions(context.Background(), assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func TestDailyCopiesKeepTheLastSeven(t *testing.T) {
	path, s := newLog(t)
	day := time.Date(2026, 11, 1, 9, 30, 0, 0, time.Local)
	r := backup.Rolling{Log: path, Now: func() time.Time { return day }}
	for i := range 10 {
		addQuestion(t, s, "Question on day "+string(rune('A'+i)))
		c, made, err := r.Daily(context.Background(), s)
		if err != nil || !made {
			t.Fatalf("day %d: %v %v", i, made, err)
		}
		if _, made, err := r.Daily(context.Background(), s); made || err != nil {
			t.Fatalf("a second copy on day %d: %v", i, err)
		}
		if c.Reason != backup.Daily || !strings.Contains(filepath.Base(c.Path), day.Format("2006-01-02")) {
			t.Errorf("copy %+v", c)
		}
		day = day.AddDate(0, 0, 1)
	}
	copies, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(copies) != backup.DefaultKeep {
		t.Fatalf("%d copies kept, want %d", len(copies), backup.DefaultKeep)
	}
	if got := copies[0].At.Format("2006-01-02"); got != "2026-11-10" {
		t.Errorf("newest copy from %s", got)
	}
	if got := copies[6].At.Format("2006-01-02"); got != "2026-11-04" {
		t.Errorf("oldest copy kept from %s", got)
	}
	// Each copy is a sound log holding what the log held that day.
	if got := questionTexts(t, copies[6].Path); len(got) != 4 {
		t.Errorf("copy of day 4 holds %d questions", len(got))
	}
	if runtime.GOOS != "windows" {
		st, _ := os.Stat(filepath.Dir(copies[0].Path))
		if st.Mode().Perm() != 0o700 {
			t.Errorf("backup folder mode %v, want 0700", st.Mode().Perm())
		}
		for _, c := range copies {
			if st, _ := os.Stat(c.Path); st.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %v, want 0600", filepath.Base(c.Path), st.Mode().Perm())
			}
		}
	}
	// Another log in the same folder keeps its own seven.
	other := backup.Rolling{Log: filepath.Join(filepath.Dir(path), "Northshire board 2027.guardian")}
	if list, _ := other.List(); len(list) != 0 {
		t.Errorf("another log sees these copies: %v", list)
	}
}

func TestRestorePutsACopyBackAndKeepsTheLog(t *testing.T) {
	path, s := newLog(t)
	ctx := context.Background()
	addQuestion(t, s, "Kept in the backup")
	r := backup.Rolling{Log: path}
	c, err := r.Make(ctx, s, backup.Manual)
	if err != nil {
		t.Fatal(err)
	}
	addQuestion(t, s, "Added after the backup")
	if _, err := r.Restore(ctx, c.Path, nil); assurance.ErrorCode(err) != assurance.ELOCKED {
		t.Fatalf("restore over an open log: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checked := ""
	kept, err := r.Restore(ctx, c.Path, func(p string) error {
		checked = p
		rs, err := sqlite.Open(p, sqlite.Options{ReadOnly: true})
		if err != nil {
			return err
		}
		defer rs.Close()
		rep, err := rs.Check(ctx)
		if err == nil && !rep.OK() {
			err = assurance.Errorf(assurance.ECORRUPT, "the copy is damaged")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked != c.Path {
		t.Errorf("check ran on %q", checked)
	}
	if got := questionTexts(t, path); len(got) != 1 || got[0] != "Kept in the backup" {
		t.Errorf("restored log holds %q", got)
	}
	if got := questionTexts(t, kept.Path); len(got) != 2 {
		t.Errorf("the log before the restore was not kept: %q", got)
	}
	// A damaged copy is refused and the log left alone.
	bad := filepath.Join(t.TempDir(), "bad.guardian")
	os.WriteFile(bad, []byte("not a log"), 0o600)
	if _, err := r.Restore(ctx, bad, func(p string) error { _, err := sqlite.Open(p, sqlite.Options{ReadOnly: true}); return err }); err == nil {
		t.Fatal("a damaged copy was restored")
	}
	if got := questionTexts(t, path); len(got) != 1 {
		t.Errorf("log changed by a refused restore: %q", got)
	}
}

// The store's upgrade hook takes Rolling.BeforeMigrate as it is.
var _ = sqlite.Options{BeforeMigrate: backup.Rolling{}.BeforeMigrate}

// A -wal or -journal beside the log belongs to it (a program has it open
// or stopped mid-change): restoring under it would have SQLite replay it
// into the copy, so restore refuses and changes nothing.
func TestRestoreRefusesWhileALogHasAJournalBesideIt(t *testing.T) {
	path, s := newLog(t)
	ctx := context.Background()
	addQuestion(t, s, "Kept in the backup")
	r := backup.Rolling{Log: path}
	c, err := r.Make(ctx, s, backup.Manual)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"-journal", "-wal"} {
		if err := os.WriteFile(path+side, []byte("left by a program that stopped"), 0o600); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(path)
		if _, err := r.Restore(ctx, c.Path, nil); assurance.ErrorCode(err) != assurance.ELOCKED {
			t.Errorf("restore with a %s beside the log: %v", side, err)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("restore with a %s beside the log changed it", side)
		}
		os.Remove(path + side)
	}
}
