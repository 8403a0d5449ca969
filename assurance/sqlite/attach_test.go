package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// attachTestSize is the size of the large files these tests attach:
// 64 MiB, or GUARDIAN_ATTACH_TEST_MB MiB (1024 for the 1 GiB case).
func attachTestSize() int64 {
	if v, err := strconv.Atoi(os.Getenv("GUARDIAN_ATTACH_TEST_MB")); err == nil && v > 0 {
		return int64(v) << 20
	}
	return 64 << 20
}

// TestLargeAttachRoundTripsByteExact attaches a large file in each state a
// log can be in when a file is attached, and requires the same bytes and
// SHA-256 back. A log being changed by this store alone is written with the
// rollback journal for an attach, so the file's bytes are written once and
// no -wal holds a second copy of them; a log another program also has open
// stays in WAL mode and the attach goes through the -wal.
func TestLargeAttachRoundTripsByteExact(t *testing.T) {
	size := attachTestSize()
	cases := []struct {
		name  string
		setup func(t *testing.T, s *sqlite.Store, path string) // before the attach
		wal   bool                                             // the attach is expected to go through the -wal
	}{
		{"closed log, first change", func(*testing.T, *sqlite.Store, string) {}, false},
		{"after other changes", func(t *testing.T, s *sqlite.Store, _ string) {
			addQuestions(t, s, "a change first, which puts the log in WAL mode")
		}, false},
		{"another program has it open", func(t *testing.T, s *sqlite.Store, path string) {
			addQuestions(t, s, "a change first")
			other, err := sqlite.Open(path, options())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			if _, err := other.Questions(ctx, assurance.QuestionFilter{}); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, path := newLog(t)
			q := mustQuestion(t, s, "4.1", "Where is the scanned OH contract?")
			c.setup(t, s, path)
			seed := uint64(100 + i)
			e := &assurance.Evidence{QuestionID: q.ID, Name: "contract scan.tif"}
			if err := s.AttachEvidence(ctx, e, newPattern(size, seed)); err != nil {
				t.Fatal(err)
			}
			if want := sha256Of(t, newPattern(size, seed)); e.Size != size || e.SHA256 != want {
				t.Fatalf("attached %d bytes with SHA-256 %s, want %d and %s", e.Size, e.SHA256, size, want)
			}
			var walSize int64
			if fi, err := os.Stat(path + "-wal"); err == nil {
				walSize = fi.Size()
			}
			if wrote := walSize >= size; wrote != c.wal {
				t.Errorf("after attaching %d MiB the -wal holds %d MiB; want the file's bytes in it: %v", size>>20, walSize>>20, c.wal)
			}
			readsBack(t, s, e.ID, newPattern(size, seed))
			if err := s.VerifyEvidence(ctx, e.ID); err != nil {
				t.Fatal(err)
			}
			// Later changes still work, and the log reads back the same once closed.
			addQuestions(t, s, "a change after the attach")
			s = reopen(t, s, path, options())
			defer s.Close()
			readsBack(t, s, e.ID, newPattern(size, seed))
			if rep, err := s.Check(ctx); err != nil || !rep.OK() || rep.EvidenceBytes != size {
				t.Fatalf("check after reopening: %+v, %v", rep, err)
			}
		})
	}
}

// cancelAfter reads from r and cancels its context once n bytes have passed,
// as the app's Cancel button does part way through a large file.
type cancelAfter struct {
	r      io.Reader
	n      int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if c.n -= int64(n); c.n <= 0 {
		c.cancel()
	}
	return n, err
}

// TestCancelledAttachStoresNothing cancels a large attach part way, in both
// journal modes, and requires that nothing of it is left: no evidence, no
// stored bytes, no audit entry, no journal, and a rollback-mode log no
// larger than before.
func TestCancelledAttachStoresNothing(t *testing.T) {
	size := attachTestSize()
	for _, otherOpen := range []bool{false, true} {
		t.Run("another program has it open="+strconv.FormatBool(otherOpen), func(t *testing.T) {
			s, path := newLog(t)
			q := mustQuestion(t, s, "4.1", "Where is the scanned OH contract?")
			if otherOpen {
				other, err := sqlite.Open(path, options())
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				addQuestions(t, other, "the other program's change")
			}
			before, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			e := &assurance.Evidence{QuestionID: q.ID, Name: "contract scan.tif"}
			err = s.AttachEvidence(cctx, e, &cancelAfter{r: newPattern(size, 9), n: size / 4, cancel: cancel})
			if err == nil {
				t.Fatal("a cancelled attach reported success")
			}
			if e.ID != 0 || e.SHA256 != "" {
				t.Errorf("the evidence was given id %d and hash %q by a failed attach", e.ID, e.SHA256)
			}
			if list, err := s.EvidenceList(ctx, 0); err != nil || len(list) != 0 {
				t.Fatalf("evidence after a cancelled attach: %v, %v", list, err)
			}
			if exists(path + "-journal") {
				t.Error("a -journal was left beside the log")
			}
			if !otherOpen {
				after, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if after.Size() > before.Size() {
					t.Errorf("the log grew from %d to %d bytes", before.Size(), after.Size())
				}
			}
			if n := count(t, path, `SELECT count(*) FROM blobs`) + count(t, path, `SELECT count(*) FROM blob_chunks`) +
				count(t, path, `SELECT count(*) FROM audit WHERE object = 'evidence'`); n != 0 {
				t.Fatalf("%d rows of blobs, chunks or evidence audit entries left", n)
			}
			// The log goes on as before.
			ok := &assurance.Evidence{QuestionID: q.ID, Name: "small.txt"}
			if err := s.AttachEvidence(ctx, ok, newPattern(1000, 1)); err != nil {
				t.Fatal(err)
			}
			if rep, err := s.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 1 {
				t.Fatalf("check: %+v, %v", rep, err)
			}
		})
	}
}

// hotSnapshot copies the log at path, with its rollback journal, to dest
// the first time the journal is hot (SQLite has synced it and may be
// writing pages into the log): what a Guardian killed at that moment would
// have left on disk. The attach reads in the goroutine that stores (no read
// ahead), so the files do not change while they are copied.
type hotSnapshot struct {
	r          io.Reader
	path, dest string
	taken      bool
	err        error
}

// journalMagic starts a rollback journal that SQLite would play back.
var journalMagic = []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

func (c *hotSnapshot) Read(b []byte) (int, error) {
	if !c.taken {
		if f, err := os.Open(c.path + "-journal"); err == nil {
			head := make([]byte, len(journalMagic))
			io.ReadFull(f, head)
			f.Close()
			if bytes.Equal(head, journalMagic) {
				c.taken = true
				c.err = errors.Join(copyTo(c.path, c.dest), copyTo(c.path+"-journal", c.dest+"-journal"))
			}
		}
	}
	return c.r.Read(b)
}
func copyTo(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// TestReadOnlyOpenAfterACrashDuringAnAttach reads a log that a crash left
// part way through an attach, with its rollback journal beside it: a
// read-only open first undoes the unfinished attach, as an open to write
// would, rather than refusing the log as if it could not be written.
func TestReadOnlyOpenAfterACrashDuringAnAttach(t *testing.T) {
	defer sqlite.SetAttachPlan(256<<10, false, true, 16384)()
	s, path := newLog(t)
	q := mustQuestion(t, s, "4.1", "Where is the scanned OH contract?")
	crashed := filepath.Join(t.TempDir(), "crashed.guardian")
	snap := &hotSnapshot{r: newPattern(attachTestSize(), 3), path: path, dest: crashed}
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "scan.tif"}, snap); err != nil {
		t.Fatal(err)
	}
	if !snap.taken || snap.err != nil {
		t.Fatalf("no crash image with a hot journal part way through the attach: %v", snap.err)
	}
	r, err := sqlite.Open(crashed, sqlite.Options{ReadOnly: true, Catalogue: options().Catalogue})
	if err != nil {
		t.Fatalf("read-only open after a crash during an attach: %v", err)
	}
	defer r.Close()
	qs, err := r.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) != 1 || qs[0].Text != q.Text {
		t.Fatalf("questions after the crash: %v, %v", qs, err)
	}
	if rep, err := r.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 0 {
		t.Fatalf("check after the crash: %+v, %v", rep, err)
	}
	if exists(crashed + "-journal") {
		t.Error("the journal is still beside the log")
	}
}
