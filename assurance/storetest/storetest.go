// Package storetest is the conformance suite every assurance.Store must
// pass: one behaviour, whatever keeps the log. A store's own tests call Run
// with a Harness that makes new, empty logs; what only one kind of store can
// show (file permissions, a flipped byte on disk, row-level security) stays
// in that store's own tests.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// Harness makes the logs the suite runs against.
type Harness struct {
	// New returns a new, empty, writable log that checks areas against
	// assets.MustCatalogue() and records changes as "Test Guardian". The
	// harness closes it when the test ends.
	New func(t *testing.T) assurance.Store
	// Reopen closes s and opens the same log again, read-only if asked;
	// the harness closes the new one when the test ends.
	Reopen func(t *testing.T, s assurance.Store, readOnly bool) assurance.Store
	// LargeEvidence is the size of the file streamed through the store in
	// the bounded-memory test; 0 means 64 MiB.
	LargeEvidence int64
	// Damage, if set, changes one stored byte of the evidence file whose
	// bytes contain marker, 10 bytes after it, behind the store's back (as
	// a failing disk or a hand with the database's keys would), and returns
	// the store to read it through.
	Damage func(t *testing.T, s assurance.Store, marker []byte) assurance.Store
}

// Actor is the name the harness's logs record changes under.
const Actor = "Test Guardian"

var ctx = context.Background()

// Run runs the whole suite, each part as a subtest.
func Run(t *testing.T, h Harness) {
	tests := []struct {
		name string
		fn   func(*testing.T, Harness)
	}{
		{"QuestionRoundTripsEveryField", testQuestionRoundTrip},
		{"QuestionDefaultsAndCounts", testQuestionDefaultsAndCounts},
		{"QuestionVersionConflict", testQuestionVersionConflict},
		{"QuestionValidationErrorsCarryFields", testQuestionValidation},
		{"RefsAreNeverReused", testRefsNeverReused},
		{"DeleteQuestionTakesItsActionsAndEvidence", testDeleteQuestion},
		{"QuestionFilter", testQuestionFilter},
		{"MeetingsAndActions", testMeetingsAndActions},
		{"Settings", testSettings},
		{"NotFound", testNotFound},
		{"BatchCommitsTogetherOrNotAtAll", testBatch},
		{"EveryWriteIsAudited", testEveryWriteIsAudited},
		{"SearchFindsEveryField", testSearchFindsEveryField},
		{"SearchTreatsTypedSyntaxAsText", testSearchSyntax},
		{"SearchLimitAndRanking", testSearchRanking},
		{"EvidenceRoundTripsAndShares", testEvidenceShared},
		{"EmptyEvidenceIsAccepted", testEmptyEvidence},
		{"EvidenceNamesAndDescriptions", testEvidenceNames},
		{"MediaTypeIsSniffedNotTrusted", testMediaType},
		{"LargeEvidenceStreamsInBoundedMemory", testLargeEvidence},
		{"StreamEvidenceInOnePass", testStreamEvidence},
		{"ReadOnlyRefusesEveryWrite", testReadOnly},
		{"CancelledContext", testCancelled},
		{"Restore", testRestore},
		{"PeriodsCarryForward", testPeriodsCarryForward},
		{"ClosedPeriodRefusesEdits", testClosedPeriodRefusesEdits},
		{"PeriodAnswersAndMaturity", testPeriodAnswersAndMaturity},
		{"LevelsAndTrends", testLevelsAndTrends},
		{"PeriodsCopy", testPeriodsCopy},
		{"SearchFindsEveryPeriodsAnswers", testSearchEveryPeriod},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, h) })
	}
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := assurance.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

func mustQuestion(t testing.TB, s assurance.Writer, area, text string) *assurance.Question {
	t.Helper()
	q := &assurance.Question{Area: area, Text: text, AskedOf: "Chief People Officer", RaisedOn: assurance.MustDate("2026-01-10"), Status: assurance.StatusAsked}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	return q
}

// utc puts every timestamp in q in UTC, so that two reads of the same
// instant compare equal whichever time zone a driver hands back.
func utcQuestion(q *assurance.Question) *assurance.Question {
	c := *q
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c
}

func utcMeeting(m *assurance.Meeting) *assurance.Meeting {
	c := *m
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c
}

func utcAction(a *assurance.Action) *assurance.Action {
	c := *a
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c
}

func utcEvidence(e *assurance.Evidence) *assurance.Evidence {
	c := *e
	c.AddedAt = c.AddedAt.UTC()
	return &c
}

// pattern is a deterministic stream of pseudo-random bytes.
type pattern struct {
	n, off int64
	x      uint64
}

// NewPattern returns a deterministic stream of n pseudo-random bytes, the
// same for the same seed, so that a large file can be attached and compared
// without ever being held in memory.
func NewPattern(n int64, seed uint64) io.Reader { return &pattern{n: n, x: seed | 1} }

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

// SHA256Of returns the hex SHA-256 of everything r holds.
func SHA256Of(t testing.TB, r io.Reader) string {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func readEvidence(t testing.TB, s assurance.Reader, id int64) []byte {
	t.Helper()
	r, err := s.OpenEvidence(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
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

// sameBytes compares a stream with a generator block by block.
func sameBytes(t testing.TB, r io.Reader, gen io.Reader) int64 {
	t.Helper()
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	var total int64
	for {
		n, rerr := io.ReadFull(r, a)
		if n > 0 {
			if _, err := io.ReadFull(gen, b[:n]); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a[:n], b[:n]) {
				t.Fatalf("bytes differ in the block at offset %d", total)
			}
			total += int64(n)
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			return total
		}
		if rerr != nil {
			t.Fatal(rerr)
		}
	}
}
