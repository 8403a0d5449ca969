package workcopy

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

// A save back that runs out of room half way, made real with a file size
// limit (ulimit -f): the copy in the working area fits, the encrypted file
// written beside the original does not. The original must stay byte for
// byte as it was, with no temporary file left beside it.
func TestFullDiskDuringSaveBack(t *testing.T) {
	plain := newLog(t, "Is the plan funded?")
	path := filepath.Join(t.TempDir(), "board.guardian")
	if err := Copy(ctx, plain, path, passphrase, testOptions(t, "alice")); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, testOptions(t, "alice").withPassphrase(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addQuestion(t, s.Store(), "Made before the disk filled")
	snap, err := snapshot(ctx, s.st, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(snap)
	before, _ := os.ReadFile(path)

	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limit := old
	limit.Cur = uint64(info.Size() + 64) // the snapshot fits; age's header and tags do not
	if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &limit); err != nil {
		t.Fatal(err)
	}
	err = s.Save(ctx)
	if rerr := unix.Setrlimit(unix.RLIMIT_FSIZE, &old); rerr != nil {
		t.Fatal(rerr)
	}
	if !errors.Is(err, unix.EFBIG) {
		t.Fatalf("save back past the size limit: %v, want EFBIG (file too large)", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
		t.Fatal("the failed save back changed the original")
	}
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian", "~$board.guardian.lock"}) {
		t.Errorf("left beside the original: %q", got)
	}
	if err := s.Save(ctx); err != nil {
		t.Fatalf("save back with room again: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, testOptions(t, "alice").withPassphrase(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(t, s.Store()); !slices.Contains(got, "Made before the disk filled") {
		t.Errorf("after saving with room again: %q", got)
	}
}
