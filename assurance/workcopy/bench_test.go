package workcopy

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/demo"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// demoLog writes a made-up log of n questions and m evidence files.
func demoLog(b *testing.B, n, m int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "demo.guardian")
	st, err := sqlite.Create(path, sqlite.Options{Catalogue: catalogue(b)})
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.Fill(ctx, st, catalogue(b), demo.Options{Questions: n, Evidence: m, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkSaveBack is one change saved back to a log "on a network drive"
// (this machine's disk, sent down the working-copy path): snapshot,
// integrity and evidence check, copy beside the original, read back, hash
// of the original, replace.
func BenchmarkSaveBack(b *testing.B) {
	for _, size := range []struct{ questions, evidence int }{{100, 20}, {1000, 200}} {
		b.Run(fmt.Sprintf("%dq-%de", size.questions, size.evidence), func(b *testing.B) {
			path := demoLog(b, size.questions, size.evidence)
			s, err := Open(path, Options{WorkDir: b.TempDir(), Classify: network, SaveDelay: time.Hour, Catalogue: catalogue(b)})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if err := s.Store().CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: fmt.Sprintf("Change %d", i)}); err != nil {
					b.Fatal(err)
				}
				if err := s.Save(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if info, err := os.Stat(path); err == nil {
				b.ReportMetric(float64(info.Size())/1e6, "MB-log")
			}
		})
	}
}

// BenchmarkOpenWorkingCopy is opening a log off the local disk: owner file,
// copy with SHA-256, manifest, base questions.
func BenchmarkOpenWorkingCopy(b *testing.B) {
	path := demoLog(b, 1000, 200)
	opts := Options{WorkDir: b.TempDir(), Classify: network, SaveDelay: time.Hour, Catalogue: catalogue(b)}
	for b.Loop() {
		s, err := Open(path, opts)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
