package postgres_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
)

// TestLoad is the load test (not part of make test): 20 people, each with
// their own connections, change one organisation's log at once for
// GUARDIAN_PG_LOAD (such as 60s), half the time all editing the same 20
// questions. It stops by itself, and checks that no update was lost and
// that nobody was shown a raw database error. Run it with
// GUARDIAN_PG_DURABLE=1 so the server syncs to disk as a real one does.
func TestLoad(t *testing.T) {
	d, _ := time.ParseDuration(os.Getenv("GUARDIAN_PG_LOAD"))
	if d <= 0 {
		t.Skip("the load test runs only when asked: GUARDIAN_PG_LOAD=60s GUARDIAN_PG_DURABLE=1")
	}
	const writers, shared = 20, 20
	org := newOrganisation(t, tester)
	setup := open(t, tester, org, false)
	var ids []int64
	for i := range shared {
		q := &assurance.Question{Area: "1.1", Text: fmt.Sprintf("Shared question %d", i)}
		if err := setup.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, q.ID)
	}

	type result struct {
		latencies []time.Duration
		updates   map[int64]int // successful updates per shared question
		creates   int
		conflicts int
		failures  []string
	}
	results := make([]result, writers)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[w]
			r.updates = map[int64]int{}
			s, err := postgres.Open(ctx, srv.URL(tester, db), options(org))
			if err != nil {
				r.failures = append(r.failures, err.Error())
				return
			}
			defer s.Close()
			s.SetActor(fmt.Sprintf("Writer %d", w))
			for n := 0; time.Now().Before(deadline); n++ {
				start := time.Now()
				if n%2 == 0 {
					err = s.CreateQuestion(ctx, &assurance.Question{Area: "2.1", Text: fmt.Sprintf("Writer %d question %d", w, n)})
					if err == nil {
						r.creates++
					}
				} else {
					id := ids[(w+n)%shared]
					for {
						q, gerr := s.Question(ctx, id)
						if gerr != nil {
							err = gerr
							break
						}
						q.Comment = fmt.Sprintf("Writer %d, change %d", w, n)
						if err = s.UpdateQuestion(ctx, q); assurance.ErrorCode(err) != assurance.ECONFLICT {
							break
						}
						r.conflicts++ // someone saved first: read theirs and make the change again
					}
					if err == nil {
						r.updates[id]++
					}
				}
				if err != nil {
					r.failures = append(r.failures, fmt.Sprintf("%s [%s]", assurance.ErrorMessage(err), assurance.ErrorCode(err)))
					continue
				}
				r.latencies = append(r.latencies, time.Since(start))
			}
		}()
	}
	wg.Wait()

	var all []time.Duration
	updates := map[int64]int{}
	creates, conflicts := 0, 0
	for _, r := range results {
		all = append(all, r.latencies...)
		creates += r.creates
		conflicts += r.conflicts
		for id, n := range r.updates {
			updates[id] += n
		}
		for _, f := range r.failures {
			if strings.Contains(f, "SQLSTATE") || strings.Contains(f, "pgx") || strings.Contains(f, "[internal]") {
				t.Errorf("a raw or unexplained error reached the user: %s", f)
			} else {
				t.Logf("refused: %s", f)
			}
		}
	}
	// No update was lost: each shared question's version counts every
	// successful save, and the audit log holds one entry for each.
	for _, id := range ids {
		q, err := setup.Question(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if q.Version != int64(1+updates[id]) {
			t.Errorf("%s: version %d after %d successful saves: an update was lost", q.Ref, q.Version, updates[id])
		}
		if h, _ := setup.Audit(ctx, assurance.AuditFilter{QuestionID: id}); len(h) != 1+updates[id] {
			t.Errorf("%s: %d audit entries for %d saves", q.Ref, len(h), 1+updates[id])
		}
	}
	qs, err := setup.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) != shared+creates {
		t.Errorf("%d questions, want %d (%v)", len(qs), shared+creates, err)
	}
	slices.Sort(all)
	if len(all) == 0 {
		t.Fatal("nothing was saved")
	}
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	total := 0
	for _, n := range updates {
		total += n
	}
	t.Logf("%d writers for %v: %d saves (%d new questions, %d updates of %d shared questions after %d conflicts retried), %.0f saves/s, latency p50 %v p99 %v max %v",
		writers, d, len(all), creates, total, shared, conflicts, float64(len(all))/d.Seconds(),
		pct(0.50).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), all[len(all)-1].Round(100*time.Microsecond))
	if time.Since(deadline) > time.Minute {
		t.Errorf("the load test did not stop by itself: %v past its end", time.Since(deadline))
	}
}
