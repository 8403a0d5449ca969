package sqlite_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/internal/cputime"
)

// Large logs are built once per `go test` run and shared by the benchmarks
// that read them; TestMain removes them. Set GUARDIAN_BENCH_DIR to keep them
// in that folder and reuse them in later runs.
var (
	benchDir     string
	benchDirOnce sync.Once
	benchLogs    sync.Map // questions -> *benchLog
)

type benchLog struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

var (
	benchSubjects = []string{"sickness absence", "musculoskeletal referrals", "stress risk assessments", "occupational health waiting times",
		"flu vaccination uptake", "menopause support", "violence against staff", "rest facilities", "night shift fatigue",
		"staff survey results", "psychological support", "return to work interviews", "line manager training", "financial wellbeing"}
	benchGroups = []string{"nursing staff", "junior doctors", "estates and facilities", "community teams", "bank staff",
		"international recruits", "allied health professionals", "the emergency department", "maternity services"}
	benchAsks = []string{"How does the board know", "What assurance is there on", "What is the trend in", "Who is accountable for",
		"When will we see data on", "What has changed since the last report on"}
	benchReplies = []string{"Monthly dashboard now reported to the People Committee", "Audit completed; actions tracked by the Chief People Officer",
		"Data not yet available; due next quarter", "Improvement since the pilot, but variation between sites remains",
		"A business case for additional capacity is in preparation"}
)

// benchQuestion returns a plausible question, different for each i.
func benchQuestion(r *rand.Rand, areas []*assurance.ActionArea) *assurance.Question {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	q := &assurance.Question{
		Area:     areas[r.IntN(len(areas))].ID,
		Text:     fmt.Sprintf("%s %s among %s? Ref %d.", pick(benchAsks), pick(benchSubjects), pick(benchGroups), r.IntN(100000)),
		AskedOf:  "Chief People Officer",
		RaisedOn: assurance.NewDate(2025, 1, 1).AddDays(r.IntN(500)),
		Status:   assurance.StatusAsked,
	}
	if r.IntN(2) == 0 {
		q.Status, q.Response, q.Level = assurance.StatusAnswered, pick(benchReplies)+" for "+pick(benchGroups)+".", assurance.AssuranceLevels[r.IntN(4)]
		q.Comment = "Follow up on " + pick(benchSubjects) + "."
	}
	return q
}

// sharedLog returns the path of a log holding n questions, built once.
func sharedLog(b *testing.B, n int) string {
	b.Helper()
	keep := os.Getenv("GUARDIAN_BENCH_DIR")
	benchDirOnce.Do(func() {
		if keep != "" {
			return
		}
		var err error
		if benchDir, err = os.MkdirTemp("", "guardian-bench-"); err != nil {
			b.Fatal(err)
		}
	})
	dir := benchDir
	if keep != "" {
		dir = keep
	}
	v, _ := benchLogs.LoadOrStore(n, &benchLog{})
	bl := v.(*benchLog)
	bl.once.Do(func() {
		bl.path = filepath.Join(dir, fmt.Sprintf("log-%d.guardian", n))
		if _, err := os.Stat(bl.path); err == nil && keep != "" {
			return
		}
		bl.err = fillLog(bl.path, n)
	})
	if bl.err != nil {
		b.Fatal(bl.err)
	}
	return bl.path
}

func fillLog(path string, n int) error {
	s, err := sqlite.Create(path, options())
	if err != nil {
		return err
	}
	defer s.Close()
	areas := options().Catalogue.Default().Areas()
	r := rand.New(rand.NewPCG(1, uint64(n)))
	const perBatch = 5000
	for done := 0; done < n; done += perBatch {
		err := s.Batch(ctx, func(w assurance.Writer) error {
			for i := done; i < min(done+perBatch, n); i++ {
				q := benchQuestion(r, areas)
				if err := w.CreateQuestion(ctx, q); err != nil {
					return err
				}
				if i%5 == 0 {
					if err := w.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: "Report back on " + benchSubjects[i%len(benchSubjects)]}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.Close()
}

// BenchmarkCreateQuestion saves one question per operation, each its own
// durable transaction with its audit entry and search rows.
func BenchmarkCreateQuestion(b *testing.B) {
	s, _ := newLog(b)
	areas := options().Catalogue.Default().Areas()
	r := rand.New(rand.NewPCG(2, 2))
	b.ResetTimer()
	cpu := cputime.Process()
	for b.Loop() {
		if err := s.CreateQuestion(ctx, benchQuestion(r, areas)); err != nil {
			b.Fatal(err)
		}
	}
	cputime.ReportPerOp(b, cpu)
}

// BenchmarkAttachEvidence attaches distinct 8 MiB files, reporting MB/s.
func BenchmarkAttachEvidence(b *testing.B) {
	const size = 8 << 20
	benchAttach(b, size, func(seed uint64) (io.Reader, error) { return newPattern(size, seed), nil })
}

// benchAttach attaches file(seed) once per operation, a different seed
// each time, to a new log, and reports MB/s for files of size bytes and the
// CPU time per attach. A reader that is an io.Closer is closed after use.
func benchAttach(b *testing.B, size int64, file func(seed uint64) (io.Reader, error)) {
	s, _ := newLog(b)
	q := mustQuestion(b, s, "4.1", "Evidence benchmark")
	b.SetBytes(size)
	seed := uint64(0)
	cpu := cputime.Process()
	for b.Loop() {
		seed++
		r, err := file(seed)
		if err != nil {
			b.Fatal(err)
		}
		err = s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "report.bin"}, r)
		if c, ok := r.(io.Closer); ok {
			c.Close()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	cputime.ReportPerOp(b, cpu)
}

// BenchmarkAttachLevers attaches a file of GUARDIAN_ATTACH_MB MiB from disk
// once per operation, under each of the choices that make an
// attach fast, from how it was done before them ("before") to how it is done
// now ("now"), so that docs/performance.md can say what each one gives.
// It writes several times the file's size, so it runs only when
// GUARDIAN_ATTACH_MB is set: `LEVERS=1 bench/evidence.sh` sets it and runs
// it beside dd on the same disk.
func BenchmarkAttachLevers(b *testing.B) {
	mib, err := strconv.Atoi(os.Getenv("GUARDIAN_ATTACH_MB"))
	if err != nil || mib <= 0 {
		b.Skip("set GUARDIAN_ATTACH_MB to the size of the file to attach, in MiB")
	}
	size := int64(mib) << 20
	src := filepath.Join(b.TempDir(), "scan.bin")
	f, err := os.Create(src)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, newPattern(size, 7)); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	const k, m = 1 << 10, 1 << 20
	plans := []struct {
		name            string
		chunk           int
		ahead, rollback bool
		pageSize        int
	}{
		{"before", 256 * k, false, false, 16 * k},
		{"readahead", 256 * k, true, false, 16 * k},
		{"rollback", 256 * k, false, true, 16 * k},
		{"now", 256 * k, true, true, 16 * k},
		{"now,chunk=64K", 64 * k, true, true, 16 * k},
		{"now,chunk=1M", 1 * m, true, true, 16 * k},
		{"now,chunk=4M", 4 * m, true, true, 16 * k},
		{"now,page=64K", 256 * k, true, true, 64 * k},
	}
	for _, p := range plans {
		b.Run(p.name, func(b *testing.B) {
			defer sqlite.SetAttachPlan(p.chunk, p.ahead, p.rollback, p.pageSize)()
			benchAttach(b, size, func(seed uint64) (io.Reader, error) {
				f, err := os.Open(src)
				if err != nil {
					return nil, err
				}
				// A distinct first block, so no attach is found to be a copy of an earlier one.
				var first [8]byte
				binary.LittleEndian.PutUint64(first[:], seed)
				return struct {
					io.Reader
					io.Closer
				}{io.MultiReader(bytes.NewReader(first[:]), f), f}, nil
			})
		})
	}
}

// BenchmarkSearch100k searches a log of 100,000 questions for two words,
// the last typed as a prefix.
func BenchmarkSearch100k(b *testing.B) {
	path := sharedLog(b, 100_000)
	s, err := sqlite.Open(path, options())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	terms := []string{"menopause supp", "night shift fat", "junior doctors", "waiting tim", "dashboard"}
	i := 0
	cpu := cputime.Process()
	for b.Loop() {
		hits, err := s.Search(ctx, terms[i%len(terms)], 50)
		if err != nil || len(hits) == 0 {
			b.Fatalf("%q: %d hits, %v", terms[i%len(terms)], len(hits), err)
		}
		i++
	}
	cputime.ReportPerOp(b, cpu)
}

// BenchmarkOpen10k opens and closes a log of 10,000 questions.
func BenchmarkOpen10k(b *testing.B) {
	path := sharedLog(b, 10_000)
	cpu := cputime.Process()
	for b.Loop() {
		s, err := sqlite.Open(path, options())
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	cputime.ReportPerOp(b, cpu)
}

// BenchmarkQuestions10k lists every question of a 10,000-question log with
// its counts, as the app does when a log is opened.
func BenchmarkQuestions10k(b *testing.B) {
	path := sharedLog(b, 10_000)
	s, err := sqlite.Open(path, options())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cpu := cputime.Process()
	for b.Loop() {
		qs, err := s.Questions(ctx, assurance.QuestionFilter{})
		if err != nil || len(qs) != 10_000 {
			b.Fatalf("%d questions, %v", len(qs), err)
		}
	}
	cputime.ReportPerOp(b, cpu)
}
