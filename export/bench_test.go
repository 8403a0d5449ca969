package export_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/export"
	"github.com/nhsguardian/guardian/internal/cputime"
)

// words make plausible board-paper text of any length.
var words = strings.Fields(`the board assurance staff health wellbeing occupational service data report
	committee people plan sickness absence reasonable adjustments support managers training pathway evidence
	quarterly review action owner trust system partners psychological safety fatigue risk`)

func prose(seed, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(seed*7+i*13)%len(words)])
	}
	return b.String()
}

// bigLog is a log the size of a large trust's after years of use: nq
// questions spread over the 23 areas, ne evidence items and an action on
// every other question.
func bigLog(tb testing.TB, nq, ne int) *fakeLog {
	areas := catalogue(tb).Default().Areas()
	l := &fakeLog{settings: assurance.Settings{Organisation: "Northshire Community Health NHS Trust", Guardian: "Dr A. Guardian"}}
	start := assurance.MustDate("2023-01-09")
	for i := 0; i < 12; i++ {
		l.meetings = append(l.meetings, &assurance.Meeting{ID: int64(i + 1), Kind: assurance.Board, Title: fmt.Sprintf("Board %d", i+1), Date: start.AddDays(91 * i)})
	}
	levels := assurance.AssuranceLevels
	base := time.Date(2023, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < nq; i++ {
		raised := start.AddDays(i * 1000 / nq)
		q := &assurance.Question{
			ID: int64(i + 1), Ref: assurance.FormatRef(int64(i + 1)), Area: areas[i%len(areas)].ID,
			Text: prose(i, 180) + "?", AskedOf: "Chief People Officer", RaisedOn: raised, MeetingID: int64(i%12 + 1),
			DueOn: raised.AddDays(42), Status: assurance.Statuses[i%4], Level: assurance.NotAssessed,
		}
		if q.Status == assurance.StatusAnswered || q.Status == assurance.StatusClosed {
			q.Response, q.RespondedOn, q.Level = prose(i+1, 320), raised.AddDays(30), levels[i%4]
			q.Comment = prose(i+2, 90)
		}
		if i%2 == 0 {
			l.actions = append(l.actions, &assurance.Action{ID: int64(len(l.actions) + 1), QuestionID: q.ID, Text: prose(i+3, 80), Owner: "Head of OH", DueOn: raised.AddDays(60)})
			q.OpenActions = 1
		}
		l.questions = append(l.questions, q)
	}
	for i := 0; i < ne; i++ {
		q := l.questions[i%nq]
		l.evidence = append(l.evidence, &assurance.Evidence{
			ID: int64(i + 1), QuestionID: q.ID, QuestionRef: q.Ref, Name: fmt.Sprintf("Evidence %d %s.pdf", i+1, words[i%len(words)]),
			MediaType: "application/pdf", Size: int64(20000 + i*37%500000), SHA256: fmt.Sprintf("%064x", i*2654435761),
			Description: prose(i+4, 60), AddedAt: base.Add(time.Duration(i) * time.Hour), AddedBy: "aguardian",
		})
		q.EvidenceCount++
	}
	return l
}

// peakHeap samples the live heap every few milliseconds (through
// runtime/metrics, which does not stop the world) and keeps the highest.
type peakHeap struct {
	mu   sync.Mutex
	peak uint64
	stop chan struct{}
	done chan struct{}
}

func watchHeap() *peakHeap {
	p := &peakHeap{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(p.done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			p.mu.Lock()
			p.peak = max(p.peak, sample[0].Value.Uint64())
			p.mu.Unlock()
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakHeap) Stop() uint64 {
	close(p.stop)
	<-p.done
	return p.peak
}

// BenchmarkExport10k exports 10,000 questions, 5,000 actions and 20,000
// evidence rows. It reports the peak live heap during the exports.
func BenchmarkExport10k(b *testing.B) {
	l := bigLog(b, 10000, 20000)
	cat := catalogue(b)
	dir := b.TempDir()
	if out := os.Getenv("GUARDIAN_BENCH_ROWS"); out != "" {
		dumpRows(b, l, out)
	}
	runtime.GC()
	watch := watchHeap()
	cpu := cputime.Process()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(dir, fmt.Sprintf("paper%d.xlsx", i%2))
		if _, err := export.WriteFile(context.Background(), l, cat, path, export.Options{Today: assurance.MustDate("2026-11-23")}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(watch.Stop())/(1<<20), "peak-heap-MiB")
	if c := cputime.Process() - cpu; c > 0 {
		b.ReportMetric(c.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// dumpRows writes the benchmark's question and evidence rows as JSON, so
// that bench/openpyxl_compare.py writes exactly the same cells.
func dumpRows(tb testing.TB, l *fakeLog, path string) {
	type rows struct {
		Questions [][]any `json:"questions"`
		Actions   [][]any `json:"actions"`
		Evidence  [][]any `json:"evidence"`
	}
	var r rows
	for _, q := range l.questions {
		r.Questions = append(r.Questions, []any{q.Ref, q.Area, q.Text, q.AskedOf, q.RaisedOn.String(), fmt.Sprintf("Board %d", q.MeetingID),
			q.DueOn.String(), q.Status.Label(), "", q.Response, q.RespondedOn.String(), q.Level.Label(), q.Comment, q.OpenActions, q.EvidenceCount})
	}
	for _, a := range l.actions {
		r.Actions = append(r.Actions, []any{assurance.FormatRef(a.QuestionID), "", a.Text, a.Owner, a.DueOn.String(), "", "Open", ""})
	}
	for _, e := range l.evidence {
		r.Evidence = append(r.Evidence, []any{e.Name, e.QuestionRef, e.Description, e.MediaType, e.Size, e.AddedAt.Format(time.RFC3339), e.AddedBy, e.SHA256})
	}
	b, err := json.Marshal(r)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		tb.Fatal(err)
	}
}
