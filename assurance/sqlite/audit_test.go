package sqlite_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

func TestEveryWriteIsAudited(t *testing.T) {
	s, path := newLog(t)
	start := time.Now().Add(-time.Second)
	var want []string // "action object" of each change, oldest first
	did := func(action, object string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, action+" "+object)
	}
	did(assurance.AuditUpdate, assurance.ObjectSettings, s.UpdateSettings(ctx, assurance.Settings{Organisation: "Trust"}))
	m := &assurance.Meeting{Kind: assurance.Board, Date: assurance.MustDate("2026-01-01")}
	did(assurance.AuditCreate, assurance.ObjectMeeting, s.CreateMeeting(ctx, m))
	m.Title = "Public Board"
	did(assurance.AuditUpdate, assurance.ObjectMeeting, s.UpdateMeeting(ctx, m))
	q := &assurance.Question{Area: "1.3", Text: "Audited?", MeetingID: m.ID}
	did(assurance.AuditCreate, assurance.ObjectQuestion, s.CreateQuestion(ctx, q))
	q.Comment = "Changed"
	did(assurance.AuditUpdate, assurance.ObjectQuestion, s.UpdateQuestion(ctx, q))
	a := &assurance.Action{QuestionID: q.ID, Text: "Follow up"}
	did(assurance.AuditCreate, assurance.ObjectAction, s.CreateAction(ctx, a))
	a.Owner = "CPO"
	did(assurance.AuditUpdate, assurance.ObjectAction, s.UpdateAction(ctx, a))
	e := &assurance.Evidence{QuestionID: q.ID, Name: "minutes.txt"}
	did(assurance.AuditCreate, assurance.ObjectEvidence, s.AttachEvidence(ctx, e, strings.NewReader("minutes")))
	e.Description = "The minutes"
	did(assurance.AuditUpdate, assurance.ObjectEvidence, s.UpdateEvidence(ctx, e))
	did(assurance.AuditDelete, assurance.ObjectEvidence, s.RemoveEvidence(ctx, e.ID))
	did(assurance.AuditDelete, assurance.ObjectAction, s.DeleteAction(ctx, a.ID))
	a2 := &assurance.Action{QuestionID: q.ID, Text: "Goes with the question"}
	did(assurance.AuditCreate, assurance.ObjectAction, s.CreateAction(ctx, a2))
	s.SetActor("Second Guardian")
	want = append(want, "delete action") // deleting a question deletes its actions first, each audited
	did(assurance.AuditDelete, assurance.ObjectQuestion, s.DeleteQuestion(ctx, q.ID))
	did(assurance.AuditDelete, assurance.ObjectMeeting, s.DeleteMeeting(ctx, m.ID))

	// Saving without a change is not a change.
	before, _ := s.Audit(ctx, assurance.AuditFilter{})
	st, _ := s.Settings(ctx)
	m2 := &assurance.Meeting{Kind: assurance.Board, Date: assurance.MustDate("2026-02-01")}
	q2 := &assurance.Question{Area: "1.1", Text: "Unchanged"}
	if err := s.CreateMeeting(ctx, m2); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateQuestion(ctx, q2); err != nil {
		t.Fatal(err)
	}
	a3 := &assurance.Action{QuestionID: q2.ID, Text: "Unchanged"}
	if err := s.CreateAction(ctx, a3); err != nil {
		t.Fatal(err)
	}
	e3 := &assurance.Evidence{QuestionID: q2.ID, Name: "same.txt", Description: "Same"}
	if err := s.AttachEvidence(ctx, e3, strings.NewReader("same")); err != nil {
		t.Fatal(err)
	}
	want = append(want, "create meeting", "create question", "create action", "create evidence")
	mid, _ := s.Audit(ctx, assurance.AuditFilter{})
	q2copy, m2copy, a3copy, e3copy := *q2, *m2, *a3, *e3
	for name, err := range map[string]error{
		"settings": s.UpdateSettings(ctx, st),
		"meeting":  s.UpdateMeeting(ctx, &m2copy),
		"question": s.UpdateQuestion(ctx, &q2copy),
		"action":   s.UpdateAction(ctx, &a3copy),
		"evidence": s.UpdateEvidence(ctx, &e3copy),
	} {
		if err != nil {
			t.Fatalf("unchanged %s: %v", name, err)
		}
	}
	if after, _ := s.Audit(ctx, assurance.AuditFilter{}); len(after) != len(mid) || len(mid) != len(before)+4 {
		t.Fatalf("saving unchanged objects wrote %d audit entries", len(after)-len(mid))
	}
	if q2copy.Version != 1 || m2copy.Version != 1 || a3copy.Version != 1 {
		t.Fatalf("unchanged saves bumped versions: %d %d %d", q2copy.Version, m2copy.Version, a3copy.Version)
	}

	s = reopen(t, s, path, options())
	entries, err := s.Audit(ctx, assurance.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- { // newest first, so walk backwards
		got = append(got, entries[i].Action+" "+entries[i].Object)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, e := range entries {
		if e.At.Before(start) || e.At.After(time.Now()) || e.ObjectID == 0 {
			t.Errorf("entry %+v has a bad time or object id", e)
		}
		if (e.Action == assurance.AuditCreate) != (e.Before == "") || (e.Action == assurance.AuditDelete) != (e.After == "") {
			t.Errorf("entry %d %s %s: before %q after %q", e.ID, e.Action, e.Object, e.Before, e.After)
		}
		for _, j := range []string{e.Before, e.After} {
			if j != "" && !json.Valid([]byte(j)) {
				t.Errorf("entry %d holds invalid JSON %q", e.ID, j)
			}
		}
		switch e.Object {
		case assurance.ObjectQuestion, assurance.ObjectAction, assurance.ObjectEvidence:
			if (e.QuestionID != q.ID || e.Ref != q.Ref) && (e.QuestionID != q2.ID || e.Ref != q2.Ref) {
				t.Errorf("entry %d %s: question %d %q, want %d %q", e.ID, e.Object, e.QuestionID, e.Ref, q.ID, q.Ref)
			}
		}
	}
	newest, oldest := entries[0], entries[len(entries)-1]
	if newest.Actor != "Second Guardian" || oldest.Actor != "Test Guardian" {
		t.Fatalf("actors %q (newest) and %q (oldest)", newest.Actor, oldest.Actor)
	}
	// The question update records the change itself.
	qs, err := s.Audit(ctx, assurance.AuditFilter{QuestionID: q.ID, Object: assurance.ObjectQuestion})
	if err != nil || len(qs) != 3 {
		t.Fatalf("question entries: %d, %v", len(qs), err)
	}
	upd := qs[1]
	if upd.Action != assurance.AuditUpdate || !strings.Contains(upd.After, `"Comment":"Changed"`) || strings.Contains(upd.Before, "Changed") ||
		strings.Contains(upd.After, "EvidenceCount") {
		t.Fatalf("update entry before %s after %s", upd.Before, upd.After)
	}
	if few, _ := s.Audit(ctx, assurance.AuditFilter{Limit: 2}); len(few) != 2 || few[0].ID != newest.ID {
		t.Fatalf("limit: %+v", few)
	}
	if none, _ := s.Audit(ctx, assurance.AuditFilter{Since: time.Now().Add(time.Hour)}); len(none) != 0 {
		t.Fatalf("since the future: %d entries", len(none))
	}
	if all, _ := s.Audit(ctx, assurance.AuditFilter{Since: start}); len(all) != len(entries) {
		t.Fatalf("since the start: %d entries, want %d", len(all), len(entries))
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	s, path := newLog(t)
	mustQuestion(t, s, "1.1", "Permanent record")
	db := rawDB(t, path)
	for _, stmt := range []string{
		`UPDATE audit SET actor = 'someone else'`,
		`DELETE FROM audit`,
		`DELETE FROM audit WHERE id = 1`,
	} {
		_, err := db.Exec(stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refusal", stmt, err)
		}
	}
	_, err := db.Exec(`UPDATE blob_chunks SET data = x'00'`)
	if err != nil {
		t.Fatal(err) // no rows yet: nothing to refuse
	}
	entries, err := s.Audit(ctx, assurance.AuditFilter{})
	if err != nil || len(entries) != 1 || entries[0].Actor != "Test Guardian" {
		t.Fatalf("audit after tampering attempts: %+v, %v", entries, err)
	}
}

func TestStoredEvidenceCannotBeRewritten(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "1.1", "Evidence")
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "a.txt"}, strings.NewReader("original")); err != nil {
		t.Fatal(err)
	}
	_, err := rawDB(t, path).Exec(`UPDATE blob_chunks SET data = ?`, []byte("forged!!"))
	if err == nil || !strings.Contains(err.Error(), "cannot be changed") {
		t.Fatalf("rewriting stored evidence: %v, want refusal", err)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Fatal(fmt.Sprint(rep, err))
	}
}
