package workcopy

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func TestBackupsStayOffSharedDrivesAndBesideLocalLogs(t *testing.T) {
	dir, work := t.TempDir(), t.TempDir()
	log := filepath.Join(dir, "trust.guardian")
	if err := os.WriteFile(log, []byte("SQLite format 3\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	kind := place.LocalDisk
	opts := Options{WorkDir: filepath.Join(work, "Working"), Classify: func(string) (place.Place, error) { return place.Place{Kind: kind}, nil }}

	local := Backups(log, opts)
	if local.Dir != "" || local.Log != log {
		t.Errorf("a log on this disk keeps backups beside it, got Dir %q", local.Dir)
	}
	for _, k := range []place.Kind{place.Network, place.Removable, place.CloudSynced, place.Unknown} {
		kind = k
		r := Backups(log, opts)
		if !strings.HasPrefix(r.Dir, filepath.Join(work, "Backups")+string(filepath.Separator)) {
			t.Errorf("%v: backups kept in %q, want under Guardian's own folder %q", k, r.Dir, filepath.Join(work, "Backups"))
		}
		if again := Backups(log, opts); again.Dir != r.Dir {
			t.Errorf("%v: backup folder not stable between opens: %q then %q", k, r.Dir, again.Dir)
		}
	}

	kind = place.LocalDisk
	if err := os.WriteFile(log, []byte("age-encryption.org/v1\n-> scrypt ..."), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := Backups(log, opts); r.Dir == "" {
		t.Error("an encrypted copy must not get unencrypted backups beside it")
	}
}

// Restoring a backup respects the owner file: refused while alice has the
// log open, naming her, and done (holding the owner file meanwhile) once
// she has closed it.
func TestRestoreRespectsTheOwnerFile(t *testing.T) {
	path := newLog(t, "In the backup")
	opts := testOptions(t, "bob")
	r := Backups(path, opts)
	s, err := sqlite.Open(path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Make(ctx, s, "daily")
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	alice, err := Open(path, testOptions(t, "alice"))
	if err != nil {
		t.Fatal(err)
	}
	addQuestion(t, alice.Store(), "After the backup")
	if err := alice.Save(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = Restore(ctx, path, c.Path, nil, opts)
	wantCode(t, err, assurance.ELOCKED)
	if !strings.Contains(assurance.ErrorMessage(err), "Open by alice on ") {
		t.Errorf("refusal = %q", assurance.ErrorMessage(err))
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatal("restored over a log alice has open")
	}
	if err := alice.Close(); err != nil {
		t.Fatal(err)
	}
	sawOwner := false
	if _, err := Restore(ctx, path, c.Path, func(string) error {
		o, _ := ReadOwner(path)
		sawOwner = o != nil && o.User == "bob"
		return nil
	}, opts); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"In the backup"}) || !sawOwner {
		t.Errorf("after restore: %q (owner file held during it: %v)", got, sawOwner)
	}
	if o, _ := ReadOwner(path); o != nil {
		t.Errorf("owner file left: %+v", o)
	}
}
