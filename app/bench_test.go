package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
)

var (
	bigLogOnce sync.Once
	bigLogPath string
	bigLogErr  error
)

// words vary the synthetic questions so full-text search has work to do.
var words = []string{"sickness", "absence", "night", "staff", "violence", "menopause", "managers", "survey",
	"rest", "facilities", "occupational", "health", "psychological", "safety", "bullying", "flexible", "working"}

// bigLog writes, once per test binary run, a log of 10,000 questions spread
// over the 23 areas with a mix of statuses and levels, like a long-used log.
func bigLog(b *testing.B) string {
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
		areas := assets.MustCatalogue().Default().Areas()
		ctx := context.Background()
		start := assurance.MustDate("2024-01-01")
		bigLogErr = s.Batch(ctx, func(w assurance.Writer) error {
			for i := range 10000 {
				q := &assurance.Question{
					Area:     areas[i%len(areas)].ID,
					Text:     fmt.Sprintf("Question %d: how does the board know about %s %s for %s?", i, words[i%len(words)], words[(i/3)%len(words)], words[(i/7)%len(words)]),
					AskedOf:  "Chief People Officer",
					RaisedOn: start.AddDays(i % 700),
					DueOn:    start.AddDays(i%700 + 60),
					Status:   assurance.Statuses[i%len(assurance.Statuses)],
				}
				if q.Status == assurance.StatusAnswered || q.Status == assurance.StatusClosed {
					q.Response = "The response given to the board."
					q.Level = assurance.AssuranceLevels[i%4]
				}
				if err := w.CreateQuestion(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if bigLogErr != nil {
		b.Fatal(bigLogErr)
	}
	return bigLogPath
}

func benchUI(b *testing.B) *UI {
	a := test.NewApp()
	w := a.NewWindow("Guardian")
	u := Create(a, w, testOptions(&fakeFiles{}))
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
	b.ResetTimer()
	for b.Loop() {
		u.OpenLog(path, false)
		if n := len(u.ws.list.rows); n != 10000 {
			b.Fatalf("list shows %d rows", n)
		}
		u.win.Canvas().Content().Refresh()
		u.CloseLog()
	}
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
	for i := 0; b.Loop(); i++ {
		l.search.SetText(words[i%len(words)])
		u.bg.Wait()
		if len(l.rows) == 0 || len(l.rows) == 10000 {
			b.Fatalf("search %q shows %d rows", words[i%len(words)], len(l.rows))
		}
	}
}
