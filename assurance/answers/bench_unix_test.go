//go:build unix

package answers_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/answers"
	"github.com/nhsguardian/guardian/assurance/importer"
	"github.com/xuri/excelize/v2"
)

// rounds counts edits across runs, so each changes the level again.
var rounds int

// BenchmarkRoundTrip10k writes the answer workbook of a 10,000-question log,
// then (untimed) a committee answers 1,000 of them, then reads the workbook
// back, compares every field three ways and applies the 1,000 answers.
func BenchmarkRoundTrip10k(b *testing.B) {
	dir := b.TempDir()
	st := newLogB(b, filepath.Join(dir, "big.guardian"))
	areas := []string{"1.1", "2.3", "3.1", "4.1"}
	err := st.Batch(ctx, func(w assurance.Writer) error {
		for i := 0; i < 10000; i++ {
			q := &assurance.Question{Area: areas[i%4], Text: fmt.Sprintf("Question %d: how does the trust know it works?", i+1),
				AskedOf: "Chief People Officer", RaisedOn: assurance.MustDate("2026-01-05"), Status: assurance.StatusAsked}
			if err := w.CreateQuestion(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var peak uint64
	var ms runtime.MemStats
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		c0 := cpuTime()
		path := filepath.Join(dir, fmt.Sprintf("answers%d.xlsx", i))
		if _, err := answers.Write(ctx, st, st.Info(), path, assurance.QuestionFilter{}); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		cpu += cpuTime() - c0
		b.StopTimer()
		x, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		for r := 0; r < 1000; r++ {
			row := 2 + r*10
			x.SetCellValue("Answers", fmt.Sprintf("E%d", row), fmt.Sprintf("Answer %d, round %d: the committee saw the figures.", r, rounds))
			x.SetCellValue("Answers", fmt.Sprintf("G%d", row), []string{"Reasonable", "Limited"}[rounds%2])
		}
		rounds++
		if err := x.Save(); err != nil {
			b.Fatal(err)
		}
		x.Close()
		b.StartTimer()
		c0 = cpuTime()
		f, err := importer.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		p, err := answers.Compare(ctx, f, st, st.Info())
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Apply) != 2000 || len(p.Conflicts) != 0 {
			b.Fatalf("%d changes, %d conflicts; want 2,000 and none", len(p.Apply), len(p.Conflicts))
		}
		if _, err := answers.Apply(ctx, st, p, nil); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		f.Close()
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is this process's CPU time so far: a fairer measure than wall
// time on a machine others are using too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
