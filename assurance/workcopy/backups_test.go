package workcopy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance/place"
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
