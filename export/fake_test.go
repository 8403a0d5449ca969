package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"sort"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// fakeLog is an in-memory assurance.Reader: enough for the export's own
// edge cases (hostile text, empty scope, audit histories) without a store.
type fakeLog struct {
	settings  assurance.Settings
	meetings  []*assurance.Meeting
	questions []*assurance.Question
	actions   []*assurance.Action
	evidence  []*assurance.Evidence
	blobs     map[int64][]byte
	audit     []*assurance.AuditEntry
	fakeYear
}

func (l *fakeLog) Settings(context.Context) (assurance.Settings, error) { return l.settings, nil }

func (l *fakeLog) Meeting(_ context.Context, id int64) (*assurance.Meeting, error) {
	for _, m := range l.meetings {
		if m.ID == id {
			return m, nil
		}
	}
	return nil, assurance.Errorf(assurance.ENOTFOUND, "no meeting %d", id)
}

func (l *fakeLog) Meetings(context.Context) ([]*assurance.Meeting, error) {
	out := append([]*assurance.Meeting(nil), l.meetings...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, nil
}

func (l *fakeLog) Question(_ context.Context, id int64) (*assurance.Question, error) {
	for _, q := range l.questions {
		if q.ID == id {
			return q, nil
		}
	}
	return nil, assurance.Errorf(assurance.ENOTFOUND, "no question %d", id)
}

func (l *fakeLog) QuestionByRef(_ context.Context, ref string) (*assurance.Question, error) {
	for _, q := range l.questions {
		if q.Ref == ref {
			return q, nil
		}
	}
	return nil, assurance.Errorf(assurance.ENOTFOUND, "no question %s", ref)
}

func (l *fakeLog) Questions(_ context.Context, f assurance.QuestionFilter) ([]*assurance.Question, error) {
	var out []*assurance.Question
	for _, q := range l.questions {
		if f.Driver != "" && q.Area[:len(f.Driver)+1] != f.Driver+"." {
			continue
		}
		if (f.MeetingID != 0 && q.MeetingID != f.MeetingID) || (f.OpenOnly && !q.Open()) {
			continue
		}
		out = append(out, q)
	}
	return out, nil
}

func (l *fakeLog) Actions(_ context.Context, qid int64) ([]*assurance.Action, error) {
	var out []*assurance.Action
	for _, a := range l.actions {
		if qid == 0 || a.QuestionID == qid {
			out = append(out, a)
		}
	}
	return out, nil
}

func (l *fakeLog) Evidence(_ context.Context, id int64) (*assurance.Evidence, error) {
	for _, e := range l.evidence {
		if e.ID == id {
			return e, nil
		}
	}
	return nil, assurance.Errorf(assurance.ENOTFOUND, "no evidence %d", id)
}

func (l *fakeLog) EvidenceList(_ context.Context, qid int64) ([]*assurance.Evidence, error) {
	var out []*assurance.Evidence
	for _, e := range l.evidence {
		if qid == 0 || e.QuestionID == qid {
			out = append(out, e)
		}
	}
	return out, nil
}

func (l *fakeLog) OpenEvidence(_ context.Context, id int64) (io.ReadCloser, error) {
	b, ok := l.blobs[id]
	if !ok {
		return nil, assurance.Errorf(assurance.ENOTFOUND, "no evidence %d", id)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (l *fakeLog) Search(context.Context, string, int) ([]assurance.SearchHit, error) {
	return nil, nil
}

func (l *fakeLog) Audit(_ context.Context, f assurance.AuditFilter) ([]*assurance.AuditEntry, error) {
	var out []*assurance.AuditEntry
	for i := len(l.audit) - 1; i >= 0; i-- {
		a := l.audit[i]
		if (f.Object == "" || a.Object == f.Object) && (f.Since.IsZero() || !a.At.Before(f.Since)) {
			out = append(out, a)
		}
	}
	return out, nil
}

// QuestionSteps reads the question records of the audit log as a store
// does: the status and level on each side, unknown where a side is empty or
// not JSON.
func (l *fakeLog) QuestionSteps(_ context.Context, since time.Time, fn func(assurance.QuestionStep) error) error {
	state := func(s string) (assurance.StepState, bool) {
		var st assurance.StepState
		if s == "" || json.Unmarshal([]byte(s), &st) != nil {
			return assurance.StepState{}, false
		}
		if st.Level == "" {
			st.Level = assurance.NotAssessed
		}
		return st, true
	}
	entries := append([]*assurance.AuditEntry(nil), l.audit...)
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].At.Before(entries[j].At) })
	for _, a := range entries {
		if a.Object != assurance.ObjectQuestion || (!since.IsZero() && a.At.Before(since)) {
			continue
		}
		st := assurance.QuestionStep{At: a.At, QuestionID: a.ObjectID, Create: a.Action == assurance.AuditCreate}
		st.Before, st.BeforeKnown = state(a.Before)
		st.After, st.AfterKnown = state(a.After)
		if err := fn(st); err != nil {
			return err
		}
	}
	return nil
}

// addQuestion adds q with the next reference, recording its creation at.
func (l *fakeLog) addQuestion(q *assurance.Question, at time.Time) *assurance.Question {
	q.ID = int64(len(l.questions) + 1)
	q.Ref = assurance.FormatRef(q.ID)
	q.Normalise()
	l.questions = append(l.questions, q)
	l.record(assurance.AuditCreate, q, nil, q, at)
	return q
}

// update changes q through fn, recording the before and after states at.
func (l *fakeLog) update(q *assurance.Question, at time.Time, fn func(*assurance.Question)) {
	before := *q
	fn(q)
	l.record(assurance.AuditUpdate, q, &before, q, at)
}

func (l *fakeLog) record(action string, q *assurance.Question, before, after *assurance.Question, at time.Time) {
	js := func(v *assurance.Question) string {
		if v == nil {
			return ""
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	l.audit = append(l.audit, &assurance.AuditEntry{
		ID: int64(len(l.audit) + 1), At: at, Actor: "tester", Action: action, Object: assurance.ObjectQuestion,
		ObjectID: q.ID, QuestionID: q.ID, Ref: q.Ref, Before: js(before), After: js(after),
	})
}

func (l *fakeLog) attach(q *assurance.Question, name, desc string, data []byte, at time.Time) *assurance.Evidence {
	sum := sha256.Sum256(data)
	e := &assurance.Evidence{
		ID: int64(len(l.evidence) + 1), QuestionID: q.ID, QuestionRef: q.Ref, Name: name, MediaType: "application/pdf",
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Description: desc, AddedAt: at, AddedBy: "tester",
	}
	if l.blobs == nil {
		l.blobs = map[int64][]byte{}
	}
	l.blobs[e.ID] = data
	l.evidence = append(l.evidence, e)
	q.EvidenceCount++
	return e
}
