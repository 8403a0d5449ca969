package sqlite_test

import (
	"context"
	"io"
	"os"
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
