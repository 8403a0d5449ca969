package sqlite_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// pattern is a deterministic stream of n pseudo-random bytes, so a large
// file can be attached and compared without ever holding it in memory.
type pattern struct {
	n, off int64
	x      uint64
}

func newPattern(n int64, seed uint64) *pattern { return &pattern{n: n, x: seed | 1} }

func (p *pattern) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	if rem := p.n - p.off; int64(len(b)) > rem {
		b = b[:rem]
	}
	for i := range b {
		p.x ^= p.x << 13
		p.x ^= p.x >> 7
		p.x ^= p.x << 17
		b[i] = byte(p.x)
	}
	p.off += int64(len(b))
	return len(b), nil
}

func sha256Of(t testing.TB, r io.Reader) string {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// peakHeap samples HeapInuse until stop is called and returns the peak.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

func TestLargeEvidenceStreamsInBoundedMemory(t *testing.T) {
	const size = 200 << 20
	s, _ := newLog(t)
	q := mustQuestion(t, s, "4.1", "Where is the annual OH report?")
	want := sha256Of(t, newPattern(size, 42))

	runtime.GC()
	stop := peakHeap()
	e := &assurance.Evidence{QuestionID: q.ID, Name: `C:\Users\guardian\Reports\OH annual report.bin`, Description: "Annual report"}
	err := s.AttachEvidence(ctx, e, newPattern(size, 42))
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("attaching %d MiB: peak HeapInuse %.1f MiB", size>>20, float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Fatalf("peak heap while attaching %d MiB was %.1f MiB, want under 32 MiB", size>>20, float64(peak)/(1<<20))
	}
	if e.Size != size || e.SHA256 != want || e.Name != "OH annual report.bin" || e.MediaType != "application/octet-stream" {
		t.Fatalf("attached evidence %+v", e)
	}
	if err := s.VerifyEvidence(ctx, e.ID); err != nil {
		t.Fatal(err)
	}

	// Stream it back and compare with the generator, block by block.
	runtime.GC()
	stop = peakHeap()
	readsBack(t, s, e.ID, newPattern(size, 42))
	peak = stop()
	t.Logf("reading %d MiB back: peak HeapInuse %.1f MiB", size>>20, float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Fatalf("peak heap while reading back was %.1f MiB", float64(peak)/(1<<20))
	}
}

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

func TestEmptyEvidenceIsAccepted(t *testing.T) {
	s, _ := newLog(t)
	q := mustQuestion(t, s, "1.1", "Empty file")
	e := &assurance.Evidence{QuestionID: q.ID, Name: "empty.txt"}
	if err := s.AttachEvidence(ctx, e, strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	const emptySHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if e.Size != 0 || e.SHA256 != emptySHA {
		t.Fatalf("empty evidence %+v", e)
	}
	if err := s.VerifyEvidence(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	r, err := s.OpenEvidence(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(r); err != nil || len(b) != 0 {
		t.Fatalf("read back %q, %v", b, err)
	}
}

func TestEvidenceNamesAndDescriptions(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "1.1", "Names")
	for in, want := range map[string]string{
		`C:\Users\me\Board papers\minutes.docx`: "minutes.docx",
		"/home/me/../etc/passwd":                "passwd",
		"  plain.txt ":                          "plain.txt",
		`\\server\share\audit.pdf`:              "audit.pdf",
		"D:report.pdf":                          "report.pdf",
	} {
		e := &assurance.Evidence{QuestionID: q.ID, Name: in}
		if err := s.AttachEvidence(ctx, e, strings.NewReader(in)); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		got, err := s.Evidence(ctx, e.ID)
		if err != nil || got.Name != want || got.QuestionRef != q.Ref || got.AddedBy != "Test Guardian" {
			t.Fatalf("%q stored as %+v (%v), want name %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "   ", "/", `C:\`} {
		err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: bad}, strings.NewReader("x"))
		wantCode(t, err, assurance.EINVALID)
		if assurance.FieldErrors(err)[assurance.FieldName] == "" {
			t.Fatalf("name %q: error %v not against the name field", bad, err)
		}
	}
	err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: 999, Name: "x.txt"}, strings.NewReader("x"))
	wantCode(t, err, assurance.ENOTFOUND)

	ev, _ := s.EvidenceList(ctx, q.ID)
	e := ev[0]
	name := e.Name
	e.Description = "Minutes of the March board"
	e.Name = "renamed.docx" // ignored: only the description changes
	if err := s.UpdateEvidence(ctx, e); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path, options())
	got, err := s.Evidence(ctx, e.ID)
	if err != nil || got.Description != "Minutes of the March board" || got.Name != name {
		t.Fatalf("after update: %+v, %v", got, err)
	}
}

func TestMediaTypeIsSniffedNotTrusted(t *testing.T) {
	s, _ := newLog(t)
	q := mustQuestion(t, s, "1.1", "Types")
	zipHead := func(first string, content string) string {
		// A zip local file header for an uncompressed first entry.
		var b bytes.Buffer
		b.WriteString("PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
		n := len(content)
		b.Write([]byte{byte(n), byte(n >> 8), 0, 0, byte(n), byte(n >> 8), 0, 0})
		b.Write([]byte{byte(len(first)), 0, 0, 0})
		b.WriteString(first)
		b.WriteString(content)
		return b.String()
	}
	cases := []struct{ name, content, want string }{
		{"report.pdf", "%PDF-1.7\n%âãÏÓ\n1 0 obj", "application/pdf"},
		{"report.pdf", "just some text pretending", "text/plain"},
		{"photo.jpg", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"},
		{"data.csv", "month,count\nJan,12\n", "text/csv"},
		{"data.txt", "month,count\nJan,12\n", "text/plain"},
		{"minutes.docx", zipHead("[Content_Types].xml", "<?xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"sheet.xlsx", zipHead("[Content_Types].xml", "<?xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"archive.zip", zipHead("a.txt", "hello"), "application/zip"},
		{"plan.docx", zipHead("mimetype", "application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text"},
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00", "application/vnd.ms-excel"},
		{"evil.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"},
		{"page.txt", "<!DOCTYPE html><html><script>", "text/html"},
	}
	for _, c := range cases {
		e := &assurance.Evidence{QuestionID: q.ID, Name: c.name}
		if err := s.AttachEvidence(ctx, e, strings.NewReader(c.content)); err != nil {
			t.Fatal(err)
		}
		if e.MediaType != c.want {
			t.Errorf("%s with %q: media type %q, want %q", c.name, c.content[:min(len(c.content), 12)], e.MediaType, c.want)
		}
	}
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
