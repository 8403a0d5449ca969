package reliability

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func init() { helpers["writer"] = runWriter }

// runWriter is the process the crash and two-writer tests start: it opens
// the log at args[0] and makes random changes, seeded by args[1], reporting
// each one on stdout only after it has committed. args[2] is how many
// changes to make; 0 means until killed.
func runWriter(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: writer LOG SEED COUNT")
	}
	seed, _ := strconv.ParseUint(args[1], 10, 64)
	count, _ := strconv.Atoi(args[2])
	s, err := sqlite.Open(args[0], sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Writer " + args[1]})
	if err != nil {
		return err
	}
	w := &workload{s: s, path: args[0], rnd: rand.New(rand.NewPCG(seed, uint64(os.Getpid()))), seed: seed}
	defer func() { w.s.Close() }()
	ctx := context.Background()
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return err
	}
	w.questions = qs
	report(result{Op: "ready"})
	for i := 0; count == 0 || i < count; i++ {
		if err := w.step(ctx); err != nil {
			return err
		}
	}
	report(result{Op: "done", N: count})
	return nil
}

type workload struct {
	s         assurance.Store
	path      string // set when the writer may close and reopen the log
	rnd       *rand.Rand
	seed      uint64
	questions []*assurance.Question
	n         int
}

// Texts that exercise what people paste: right-to-left, emoji, accents, lines.
var flavours = []string{"", " — Staff Survey 2025 🙂", " (שאלה בעברית)", " مراجعة", "\nSecond line of the question.", " naïve café façade"}

func (w *workload) step(ctx context.Context) error {
	w.n++
	areas := assets.MustCatalogue().Default().Areas()
	if w.path != "" && w.rnd.IntN(25) == 0 {
		// Close (which checkpoints the WAL into the log file) and reopen,
		// so that kills also land mid-checkpoint and mid-open.
		if err := w.s.Close(); err != nil {
			return fmt.Errorf("close: %w", err)
		}
		s, err := sqlite.Open(w.path, sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: fmt.Sprint("Writer ", w.seed)})
		if err != nil {
			return fmt.Errorf("reopen: %w", err)
		}
		w.s = s
	}
	switch op := w.rnd.IntN(10); {
	case op < 3 || len(w.questions) == 0:
		q := &assurance.Question{
			Area:     areas[w.rnd.IntN(len(areas))].ID,
			Text:     fmt.Sprintf("Writer %d question %d: how does the board know its staff are well?%s", w.seed, w.n, flavours[w.rnd.IntN(len(flavours))]),
			AskedOf:  "Chief People Officer",
			RaisedOn: assurance.NewDate(2026, 1, 1).AddDays(w.rnd.IntN(300)),
			Status:   assurance.StatusAsked,
		}
		if err := w.s.CreateQuestion(ctx, q); err != nil {
			return fmt.Errorf("create question: %w", err)
		}
		w.questions = append(w.questions, q)
		report(result{Op: "question", ID: q.ID, Ref: q.Ref, Version: q.Version, Sum: sum(q.Text)})
	case op < 5:
		q := w.questions[w.rnd.IntN(len(w.questions))]
		fresh, err := w.s.Question(ctx, q.ID)
		if err != nil {
			return err
		}
		fresh.Response = expectedResponse(fresh.Ref, fresh.Version+1)
		fresh.RespondedOn = fresh.RaisedOn
		fresh.Status = assurance.StatusAnswered
		fresh.Level = assurance.AssuranceLevels[w.rnd.IntN(4)]
		if err := w.s.UpdateQuestion(ctx, fresh); err != nil {
			if assurance.ErrorCode(err) == assurance.ECONFLICT {
				return nil // another writer got there first: a correct refusal
			}
			return fmt.Errorf("update question: %w", err)
		}
		report(result{Op: "update", ID: fresh.ID, Ref: fresh.Ref, Version: fresh.Version, Sum: sum(fresh.Response)})
	case op < 7:
		q := w.questions[w.rnd.IntN(len(w.questions))]
		a := &assurance.Action{QuestionID: q.ID, Text: fmt.Sprintf("Action %d for %s", w.n, q.Ref), Owner: "Director of Workforce"}
		if err := w.s.CreateAction(ctx, a); err != nil {
			return fmt.Errorf("create action: %w", err)
		}
		report(result{Op: "action", ID: a.ID, Question: q.ID, Sum: sum(a.Text)})
	case op < 9:
		q := w.questions[w.rnd.IntN(len(w.questions))]
		size := w.rnd.Int64N(256 << 10)
		if w.rnd.IntN(8) == 0 {
			size = 2<<20 + w.rnd.Int64N(2<<20) // a few MB: many chunks to be killed among
		}
		e := &assurance.Evidence{QuestionID: q.ID, Name: fmt.Sprintf("evidence %d.bin", w.n), Description: "Crash test evidence"}
		h := sha256.New()
		r := io.TeeReader(io.LimitReader(rand.NewChaCha8(seedBytes(w.rnd.Uint64())), size), h)
		if err := w.s.AttachEvidence(ctx, e, r); err != nil {
			return fmt.Errorf("attach evidence: %w", err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != e.SHA256 {
			return fmt.Errorf("store hashed %s, writer sent %s", e.SHA256, got)
		}
		report(result{Op: "evidence", ID: e.ID, Question: q.ID, Sum: e.SHA256, Size: e.Size})
	default:
		// A question and its actions in one batch: all of it or none.
		q := &assurance.Question{Area: areas[0].ID, Text: fmt.Sprintf("Batch %d question with two actions", w.n), Status: assurance.StatusDraft}
		var acts []*assurance.Action
		err := w.s.Batch(ctx, func(tx assurance.Writer) error {
			if err := tx.CreateQuestion(ctx, q); err != nil {
				return err
			}
			for i := range 2 {
				a := &assurance.Action{QuestionID: q.ID, Text: fmt.Sprintf("Batch action %d of %s", i+1, q.Ref)}
				if err := tx.CreateAction(ctx, a); err != nil {
					return err
				}
				acts = append(acts, a)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("batch: %w", err)
		}
		w.questions = append(w.questions, q)
		report(result{Op: "question", ID: q.ID, Ref: q.Ref, Version: q.Version, Sum: sum(q.Text)})
		for _, a := range acts {
			report(result{Op: "action", ID: a.ID, Question: q.ID, Sum: sum(a.Text)})
		}
	}
	return nil
}

// expectedResponse is the response a writer gives at each version, so that a
// check can tell a newer, unreported save from a wrong one.
func expectedResponse(ref string, version int64) string {
	return fmt.Sprintf("Response to %s, revision %d: assurance given with evidence.", ref, version)
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func seedBytes(v uint64) (b [32]byte) {
	for i := range 4 {
		v = v*6364136223846793005 + 1442695040888963407
		for j := range 8 {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// verify checks a reopened log against everything the writers reported as
// committed: it returns how many rows it checked.
func verify(t testing.TB, s assurance.Store, reported []result) int {
	t.Helper()
	ctx := context.Background()
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if !rep.OK() {
		t.Fatalf("check found problems: integrity %v, evidence %v", rep.Integrity, rep.BadEvidence)
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.Actions(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := s.EvidenceList(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := s.Audit(ctx, assurance.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	qByID := map[int64]*assurance.Question{}
	for _, q := range qs {
		qByID[q.ID] = q
	}
	aByID := map[int64]*assurance.Action{}
	actionsOf := map[int64]int{}
	for _, a := range acts {
		aByID[a.ID] = a
		if strings.HasPrefix(a.Text, "Batch action ") {
			actionsOf[a.QuestionID]++
		}
	}
	eByID := map[int64]*assurance.Evidence{}
	for _, e := range evs {
		eByID[e.ID] = e
	}
	checked := 0
	for _, r := range reported {
		switch r.Op {
		case "question":
			q := qByID[r.ID]
			if q == nil || q.Ref != r.Ref || sum(q.Text) != r.Sum || q.Version < r.Version {
				t.Fatalf("committed question %d (%s) lost or changed: %+v", r.ID, r.Ref, q)
			}
		case "update":
			q := qByID[r.ID]
			if q == nil || q.Version < r.Version {
				t.Fatalf("committed update of %s to version %d lost: %+v", r.Ref, r.Version, q)
			}
		case "action":
			a := aByID[r.ID]
			if a == nil || a.QuestionID != r.Question || sum(a.Text) != r.Sum {
				t.Fatalf("committed action %d lost or changed: %+v", r.ID, a)
			}
		case "evidence":
			e := eByID[r.ID]
			if e == nil || e.QuestionID != r.Question || e.SHA256 != r.Sum || e.Size != r.Size {
				t.Fatalf("committed evidence %d lost or changed: %+v", r.ID, e)
			}
		default:
			continue
		}
		checked++
	}
	// Whatever is in the log, reported or not, is whole and consistent.
	for _, q := range qs {
		if q.Version > 1 && q.Response != expectedResponse(q.Ref, q.Version) {
			t.Fatalf("%s at version %d has response %q", q.Ref, q.Version, q.Response)
		}
		if strings.HasPrefix(q.Text, "Batch ") && actionsOf[q.ID] != 2 {
			t.Fatalf("%s was saved in one batch with 2 actions but has %d of them: a half-saved batch", q.Ref, actionsOf[q.ID])
		}
	}
	checked += len(qs) + len(acts) + len(evs)
	checked += checkAudit(t, audit, qByID, aByID, eByID)
	return checked
}

// checkAudit checks the audit log matches the data exactly: one create entry
// for every question, action and evidence item (and none for anything that
// is not there), and one update entry for each save of a question.
func checkAudit(t testing.TB, audit []*assurance.AuditEntry, qs map[int64]*assurance.Question, as map[int64]*assurance.Action, es map[int64]*assurance.Evidence) int {
	t.Helper()
	type key struct {
		action, object string
		id             int64
	}
	count := map[key]int{}
	for _, e := range audit {
		count[key{e.Action, e.Object, e.ObjectID}]++
		var exists bool
		switch e.Object {
		case assurance.ObjectQuestion:
			exists = qs[e.ObjectID] != nil
		case assurance.ObjectAction:
			exists = as[e.ObjectID] != nil
		case assurance.ObjectEvidence:
			exists = es[e.ObjectID] != nil
		default:
			exists = true
		}
		if !exists {
			t.Fatalf("audit entry %d records %s of %s %d, which is not in the log", e.ID, e.Action, e.Object, e.ObjectID)
		}
	}
	for id, q := range qs {
		if count[key{assurance.AuditCreate, assurance.ObjectQuestion, id}] != 1 {
			t.Fatalf("%s has %d create entries in the audit log", q.Ref, count[key{assurance.AuditCreate, assurance.ObjectQuestion, id}])
		}
		if n := count[key{assurance.AuditUpdate, assurance.ObjectQuestion, id}]; int64(n) != q.Version-1 {
			t.Fatalf("%s is at version %d but the audit log has %d updates", q.Ref, q.Version, n)
		}
	}
	for id := range as {
		if count[key{assurance.AuditCreate, assurance.ObjectAction, id}] != 1 {
			t.Fatalf("action %d has no single create entry in the audit log", id)
		}
	}
	for id := range es {
		if count[key{assurance.AuditCreate, assurance.ObjectEvidence, id}] != 1 {
			t.Fatalf("evidence %d has no single create entry in the audit log", id)
		}
	}
	return len(audit)
}
