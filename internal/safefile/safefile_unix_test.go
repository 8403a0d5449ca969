//go:build unix

package safefile_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/internal/safefile"
)

func TestWriteTempOwnerOnly(t *testing.T) {
	tmp, err := safefile.WriteTemp(t.TempDir(), "x.*.tmp", true, func(*os.File) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("temporary file mode %v, want 0600", mode)
	}
}

// A folder that cannot be opened is reported; only a refusal to flush is
// tolerated.
func TestSyncDirMissing(t *testing.T) {
	if err := safefile.SyncDir(filepath.Join(t.TempDir(), "gone")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("SyncDir of a missing folder = %v, want ErrNotExist", err)
	}
}
