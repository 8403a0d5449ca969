//go:build unix

package reliability

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/workcopy"
	"github.com/nhsguardian/guardian/export"
)

// TestFilesAreTheOwnersOnly checks that everything Guardian writes is
// readable by its owner only: the log and its -wal/-shm files, backups and
// their folder, extracted evidence, and an exported paper with its evidence
// folder. The umask is cleared first, so the modes come from Guardian and not
// from a careful user's settings.
func TestFilesAreTheOwnersOnly(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	ctx := context.Background()
	path := newLog(t)
	s := openLog(t, path)
	defer s.Close()
	q := &assurance.Question{Area: "1.2", Text: "Who sees this file?"}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	ev := &assurance.Evidence{QuestionID: q.ID, Name: "staff survey.xlsx"}
	if err := s.AttachEvidence(ctx, ev, strings.NewReader("sensitive")); err != nil {
		t.Fatal(err)
	}
	// An attach writes through the rollback journal; the next change puts
	// the open log in WAL mode, so its -wal and -shm are there to check.
	if err := s.CreateQuestion(ctx, &assurance.Question{Area: "1.2", Text: "And this one?"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]fs.FileMode{path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600}

	r := backup.Rolling{Log: path}
	c, err := r.Make(ctx, s, backup.Manual)
	if err != nil {
		t.Fatal(err)
	}
	want[c.Path], want[filepath.Dir(c.Path)] = 0o600, 0o700
	direct := filepath.Join(t.TempDir(), "direct backup.guardian")
	if err := s.Backup(ctx, direct); err != nil {
		t.Fatal(err)
	}
	want[direct] = 0o600

	out := filepath.Join(t.TempDir(), "extracted")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	p, err := assurance.ExtractEvidence(ctx, s, ev, out)
	if err != nil {
		t.Fatal(err)
	}
	want[p] = 0o600

	paper := filepath.Join(t.TempDir(), "Board paper.xlsx")
	res, err := export.WriteFile(ctx, s, assets.MustCatalogue(), paper, export.Options{IncludeEvidence: true})
	if err != nil {
		t.Fatal(err)
	}
	want[paper], want[res.EvidenceDir] = 0o600, 0o700
	files, _ := os.ReadDir(res.EvidenceDir)
	for _, f := range files {
		want[filepath.Join(res.EvidenceDir, f.Name())] = 0o600
	}
	checked := checkModes(t, want)
	s.Close()

	// A log on a network drive: its working copy and the folders and files
	// kept with it, and the original once saved back. (The ~$ owner file
	// beside the original is left readable on purpose: colleagues must read
	// who has the log open; it holds a name, a machine and a time.)
	want = map[string]fs.FileMode{}
	work := filepath.Join(t.TempDir(), "Working")
	ws, err := workcopy.Open(path, workcopy.Options{WorkDir: work, Catalogue: assets.MustCatalogue(),
		Classify: func(string) (place.Place, error) { return place.Place{Kind: place.Network, Reason: "test"}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Store().CreateQuestion(ctx, &assurance.Question{Area: "1.3", Text: "Saved back from a working copy"}); err != nil {
		t.Fatal(err)
	}
	if err := ws.Save(ctx); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(work, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			want[p] = map[bool]fs.FileMode{true: 0o700, false: 0o600}[d.IsDir()]
		}
		return nil
	})
	checked += checkModes(t, want)
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	checked += checkModes(t, map[string]fs.FileMode{path: 0o600})
	t.Logf("%d files and folders checked with umask 0", checked)
}

// checkModes checks each path has its mode and returns how many it checked.
func checkModes(t *testing.T, want map[string]fs.FileMode) int {
	t.Helper()
	for p, mode := range want {
		st, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if got := st.Mode().Perm(); got != mode {
			t.Errorf("%s has mode %04o, want %04o", filepath.Base(p), got, mode)
		}
	}
	return len(want)
}
