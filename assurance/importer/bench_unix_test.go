//go:build unix

package importer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/xuri/excelize/v2"
)

// bigWorkbook writes a log of n questions the way a Guardian's workbook
// looks: a title, the headings, then one row per question with date cells,
// words for levels and a comment on every other row.
func bigWorkbook(b testing.TB, dir string, n int) string {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Wellbeing Guardian log"})
	sw.SetRow("A3", []any{"Ref", "Area", "Question", "Asked of", "Date raised", "Due date", "Response", "Date of response", "Assurance", "Status", "Comment", "Actions"})
	areas := framework().Areas()
	levels := []string{"Substantial", "Reasonable", "Limited", "No assurance"}
	raised := assurance.MustDate("2024-01-01")
	for i := 0; i < n; i++ {
		a := areas[i%len(areas)]
		r := raised.AddDays(i % 700)
		row := []any{fmt.Sprintf("GL-%05d", i+1), a.ID + " " + a.ShortTitle,
			fmt.Sprintf("Question %d: how does the trust know that %s is working for staff in every directorate?", i+1, strings.ToLower(a.ShortTitle)),
			"Chief People Officer", r.Time(), r.AddDays(42).Time()}
		if i%3 == 0 {
			row = append(row, "", "", "", "Open", "", "")
		} else {
			row = append(row, "The committee received a report setting out the measures, with quarterly figures and a plan for the gaps.",
				r.AddDays(30).Time(), levels[i%len(levels)], "Answered", "Follow up at the next meeting.", "Report back to committee")
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "big log.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path
}

// peakHeap samples the heap in use while fn runs and returns the most seen.
func peakHeap(fn func()) uint64 {
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse+m.StackInuse)
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	fn()
	close(stop)
	<-done
	sample()
	return peak
}

// BenchmarkImport10000Rows opens a 10,000-row workbook, plans the import and
// writes it into an empty log: the whole of what guardianctl import does.
func BenchmarkImport10000Rows(b *testing.B) {
	dir := b.TempDir()
	path := bigWorkbook(b, dir, 10000)
	var peak uint64
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := sqlite.Create(filepath.Join(dir, fmt.Sprintf("log%d.guardian", i)), sqlite.Options{Catalogue: catalogue, Actor: "Bench"})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		p := peakHeap(func() {
			f, err := importer.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			plan, err := importer.Build(ctx, f, st, framework(), importer.Options{})
			if err != nil {
				b.Fatal(err)
			}
			sum, err := importer.Apply(ctx, st, plan)
			if err != nil {
				b.Fatal(err)
			}
			if sum.Imported != 10000 {
				b.Fatalf("imported %d of 10,000 (%d rejected, first: %+v)", sum.Imported, sum.Rejected, firstRejected(plan))
			}
		})
		b.StopTimer()
		peak = max(peak, p)
		st.Close()
		os.Remove(filepath.Join(dir, fmt.Sprintf("log%d.guardian", i)))
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	// CPU time says more than wall time on a machine others are using too
	// (it includes creating each empty log, outside the timer).
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func firstRejected(p *importer.Plan) importer.Outcome {
	for _, o := range p.Rows {
		if o.Result == importer.Rejected {
			return o
		}
	}
	return importer.Outcome{}
}
