package app

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance/demo"
	"github.com/nhsguardian/guardian/internal/cputime"
)

var (
	bigLogOnce sync.Once
	bigLogPath string
	bigLogErr  error
)

// words are searched for in the search benchmarks.
var words = []string{"sickness", "absence", "night", "staff", "violence", "menopause", "managers", "survey",
	"rest", "facilities", "occupational", "health", "psychological", "safety", "flexible", "working"}

// bigLog returns the 10,000-question log the benchmarks open: the file
// named by GUARDIAN_BENCH_LOG (such as one from guardianctl demo with
// 20,000 evidence files), or else, once per run, a demo log of 10,000
// questions and 2,000 evidence files.
func bigLog(b *testing.B) string {
	if p := os.Getenv("GUARDIAN_BENCH_LOG"); p != "" {
		return p
	}
	bigLogOnce.Do(func() {
		dir, err := os.MkdirTemp("", "guardian-bench-")
		if err != nil {
			bigLogErr = err
			return
		}
		bigLogPath = filepath.Join(dir, "big.guardian")
		s, err := testOptions(nil).Create(bigLogPath)
		if err != nil {
			bigLogErr = err
			return
		}
		defer s.Close()
		bigLogErr = demo.Fill(context.Background(), s, assets.MustCatalogue(), demo.Options{Questions: 10000, Evidence: 2000, Seed: 1})
	})
	if bigLogErr != nil {
		b.Fatal(bigLogErr)
	}
	return bigLogPath
}

// measureCPU reports CPU milliseconds per operation when the benchmark ends.
func measureCPU(b *testing.B) {
	start := cputime.Process()
	b.Cleanup(func() { cputime.ReportPerOp(b, start) })
}

func benchUI(b *testing.B) *UI {
	a := test.NewApp()
	w := a.NewWindow("Guardian")
	u := Create(a, w, testOptions(&fakeFiles{}))
	queueUI(u)
	w.Resize(fyne.NewSize(1400, 900))
	b.Cleanup(func() { u.closeStore(); a.Quit() })
	return u
}

// BenchmarkOpenLog10k times opening a 10,000-question log until the list
// shows it: open the file, read every question, build every screen, fill
// the tree and table.
func BenchmarkOpenLog10k(b *testing.B) {
	path := bigLog(b)
	u := benchUI(b)
	var cpu time.Duration
	for b.Loop() {
		start := cputime.Process()
		u.OpenLog(path, false)
		if n := len(u.ws.list.rows); n < 10000 {
			b.Fatalf("list shows %d rows", n)
		}
		cpu += cputime.Process() - start
		b.StopTimer() // closing is not part of opening
		u.CloseLog()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
}

// BenchmarkSearchKeystroke10k times what one keystroke in the search box
// costs the UI goroutine: the search itself runs in the background.
func BenchmarkSearchKeystroke10k(b *testing.B) {
	u := benchUI(b)
	u.OpenLog(bigLog(b), false)
	searchDelay = time.Hour // only the keystroke, never the search
	b.Cleanup(func() { searchDelay = 250 * time.Millisecond })
	l := u.ws.list
	b.ResetTimer()
	measureCPU(b)
	for i := 0; b.Loop(); i++ {
		l.search.SetText(words[i%len(words)][:3])
	}
}

// BenchmarkSearchResults10k times one search from the last keystroke to the
// list showing its matches: the store's full-text search plus filtering and
// refreshing the table.
func BenchmarkSearchResults10k(b *testing.B) {
	u := benchUI(b)
	u.OpenLog(bigLog(b), false)
	searchDelay = 0
	b.Cleanup(func() { searchDelay = 250 * time.Millisecond })
	l := u.ws.list
	b.ResetTimer()
	measureCPU(b)
	for i := 0; b.Loop(); i++ {
		l.search.SetText(words[i%len(words)])
		settle(u)
		if len(l.rows) == len(u.ws.questions) {
			b.Fatalf("search %q shows %d rows", words[i%len(words)], len(l.rows))
		}
	}
}
