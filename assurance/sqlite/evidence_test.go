package sqlite_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/storetest"
)

// newPattern streams n made-up bytes without holding them in memory.
var newPattern = storetest.NewPattern

var sha256Of = storetest.SHA256Of

// readsBack streams evidence id out of s and requires exactly the bytes
// want gives, block by block, and a stream that ends cleanly (its SHA-256
// checked).
func readsBack(t testing.TB, s *sqlite.Store, id int64, want io.Reader) {
	t.Helper()
	r, err := s.OpenEvidence(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	var total int64
	for {
		n, rerr := io.ReadFull(r, a)
		if n > 0 {
			if m, _ := io.ReadFull(want, b[:n]); m != n || !bytes.Equal(a[:n], b[:n]) {
				t.Fatalf("bytes differ in the block at offset %d", total)
			}
			total += int64(n)
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			t.Fatalf("after %d bytes: %v", total, rerr)
		}
	}
	if n, _ := want.Read(b); n != 0 {
		t.Fatalf("read back only %d bytes: the stored file is short", total)
	}
}

func count(t testing.TB, path, query string) int64 {
	t.Helper()
	var n int64
	if err := rawDB(t, path).QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIdenticalEvidenceIsStoredOnce(t *testing.T) {
	s, path := newLog(t)
	q1 := mustQuestion(t, s, "1.1", "One")
	q2 := mustQuestion(t, s, "1.2", "Two")
	const size = 1<<20 + 123 // more than one chunk, not a whole number of them
	var ev []*assurance.Evidence
	err := s.Batch(ctx, func(w assurance.Writer) error {
		for i, qid := range []int64{q1.ID, q2.ID, q1.ID} {
			e := &assurance.Evidence{QuestionID: qid, Name: fmt.Sprintf("copy%d.bin", i)}
			if err := w.AttachEvidence(ctx, e, newPattern(size, 7)); err != nil {
				return err
			}
			ev = append(ev, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ev[0].SHA256 != ev[1].SHA256 || ev[1].SHA256 != ev[2].SHA256 {
		t.Fatal("identical content got different hashes")
	}
	if n := count(t, path, `SELECT count(*) FROM blobs`); n != 1 {
		t.Fatalf("%d blobs stored for one content, want 1", n)
	}
	if n := count(t, path, `SELECT sum(length(data)) FROM blob_chunks`); n != size {
		t.Fatalf("%d bytes stored, want %d", n, size)
	}
	other := &assurance.Evidence{QuestionID: q2.ID, Name: "other.bin"}
	if err := s.AttachEvidence(ctx, other, newPattern(size, 8)); err != nil {
		t.Fatal(err)
	}
	if n := count(t, path, `SELECT count(*) FROM blobs`); n != 2 {
		t.Fatalf("%d blobs after different content, want 2", n)
	}

	// Bytes go only when the last evidence using them goes.
	for i, e := range ev {
		if err := s.RemoveEvidence(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		want := int64(2)
		if i == len(ev)-1 {
			want = 1
		}
		if n := count(t, path, `SELECT count(*) FROM blobs`); n != want {
			t.Fatalf("after removing %d of %d copies: %d blobs, want %d", i+1, len(ev), n, want)
		}
		if i < len(ev)-1 {
			if err := s.VerifyEvidence(ctx, ev[len(ev)-1].ID); err != nil {
				t.Fatalf("remaining copy damaged: %v", err)
			}
		}
	}
	if n := count(t, path, `SELECT sum(length(data)) FROM blob_chunks`); n != size {
		t.Fatalf("%d bytes left, want %d (only the other file)", n, size)
	}
	_, err = s.Evidence(ctx, ev[0].ID)
	wantCode(t, err, assurance.ENOTFOUND)
}

// flipByteAfter flips one byte just after marker in the closed log at path.
func flipByteAfter(t *testing.T, path string, marker []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, marker)
	if i < 0 || bytes.Contains(b[i+1:], marker) {
		t.Fatalf("marker found %d times in the log, want once", bytes.Count(b, marker))
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pos := int64(i + len(marker) + 10)
	if _, err := f.WriteAt([]byte{b[pos] ^ 0x01}, pos); err != nil {
		t.Fatal(err)
	}
}

func TestFlippedByteIsReported(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "2.3", "Is the stress risk assessment done?")
	marker := []byte("GUARDIAN-FLIP-TEST-MARKER")
	content := string(marker) + strings.Repeat("risk assessment line\n", 2000)
	bad := &assurance.Evidence{QuestionID: q.ID, Name: "risk assessment.txt"}
	good := &assurance.Evidence{QuestionID: q.ID, Name: "good.txt"}
	if err := s.AttachEvidence(ctx, bad, strings.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachEvidence(ctx, good, strings.NewReader("all fine")); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 2 || rep.EvidenceBytes != int64(len(content))+8 {
		t.Fatalf("check before damage: %+v, %v", rep, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	flipByteAfter(t, path, marker)

	s, err := openLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || len(rep.BadEvidence) != 1 || rep.BadEvidence[0].Evidence.ID != bad.ID || rep.EvidenceChecked != 2 {
		t.Fatalf("check after damage: %+v", rep)
	}
	if p := rep.BadEvidence[0].Problem; !strings.Contains(p, "risk assessment.txt") || !strings.Contains(p, "damaged") {
		t.Fatalf("problem %q does not name the file", p)
	}
	err = s.VerifyEvidence(ctx, bad.ID)
	wantCode(t, err, assurance.ECORRUPT)
	if !strings.Contains(assurance.ErrorMessage(err), "risk assessment.txt") {
		t.Fatalf("verify message %q does not name the file", assurance.ErrorMessage(err))
	}
	if err := s.VerifyEvidence(ctx, good.ID); err != nil {
		t.Fatalf("undamaged evidence: %v", err)
	}
	r, err := s.OpenEvidence(ctx, bad.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r)
	wantCode(t, err, assurance.ECORRUPT)
}
