package place

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The real classifier on this machine's own disk, on a tmpfs and on a
// file system no log belongs on.
func TestClassifyThisMachine(t *testing.T) {
	dir := t.TempDir()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		want   Kind
		reason string
	}{
		{filepath.Join(dir, "board.guardian"), LocalDisk, "local"},
		{filepath.Join(dir, "not", "yet", "made", "board.guardian"), LocalDisk, "local"},
		{filepath.Join(wd, "board.guardian"), LocalDisk, "local"},
		{"/dev/shm/board.guardian", LocalDisk, "tmpfs"},
		{"/proc/self/board.guardian", Unknown, "does not recognise"},
	} {
		p, err := Classify(tc.path)
		if err != nil || p.Kind != tc.want || !strings.Contains(p.Reason, tc.reason) {
			t.Errorf("Classify(%s) = %v (%q), %v; want %v with %q", tc.path, p.Kind, p.Reason, err, tc.want, tc.reason)
		}
	}
	// A relative name is judged where it resolves.
	if p, err := Classify("board.guardian"); err != nil || !p.Local() {
		t.Errorf("Classify(relative) = %v, %v", p, err)
	}
}
