package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

func testEveryWriteIsAudited(t *testing.T, h Harness) {
	s := h.New(t)
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

	s = h.Reopen(t, s, false)
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
	if newest.Actor != "Second Guardian" || oldest.Actor != Actor {
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

func testSearchFindsEveryField(t *testing.T, h Harness) {
	s := h.New(t)
	q := &assurance.Question{
		Area: "2.4", Text: "How is musculoskeletal absence tracked?", Status: assurance.StatusAnswered,
		Response: "Physiotherapy referrals are reported monthly.", Level: assurance.Reasonable,
		Comment: "Ask for the ergonomics audit.",
	}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	other := mustQuestion(t, s, "1.1", "Unrelated question about rotas")
	if err := s.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: "Commission a workstation assessment"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "Sickness dashboard Q3.xlsx"}, strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ text, field, snippet string }{
		{"musculoskeletal", "question", "[musculoskeletal]"},
		{"physiotherapy", "response", "[Physiotherapy]"},
		{"ergonomics", "comment", "[ergonomics]"},
		{"workstation", "action", "[workstation]"},
		{"dashboard", "evidence", "[dashboard]"},
		{"physio", "response", "[Physiotherapy]"},            // prefix of the last word, as typed
		{"reported month", "response", "[reported]"},         // every word, last as prefix
		{"MUSCULOSKELETAL ABSENCE", "question", "[absence]"}, // any case
	}
	for _, c := range cases {
		hits, err := s.Search(ctx, c.text, 10)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if len(hits) != 1 || hits[0].QuestionID != q.ID || hits[0].Ref != q.Ref || hits[0].Field != c.field || !strings.Contains(hits[0].Snippet, c.snippet) {
			t.Errorf("%q: hits %+v, want one %s hit on %s with %q", c.text, hits, c.field, q.Ref, c.snippet)
		}
	}

	// After an update the old words are gone and the new ones found.
	q.Comment = "Satisfied with the recovery plan."
	if err := s.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Search(ctx, "ergonomics", 10); len(hits) != 0 {
		t.Fatalf("old comment still found: %+v", hits)
	}
	if hits, _ := s.Search(ctx, "recovery", 10); len(hits) != 1 || hits[0].Field != "comment" {
		t.Fatalf("new comment not found: %+v", hits)
	}
	if err := s.DeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"musculoskeletal", "workstation", "dashboard", "recovery"} {
		if hits, _ := s.Search(ctx, w, 10); len(hits) != 0 {
			t.Fatalf("%q still found after the question was deleted: %+v", w, hits)
		}
	}
	if hits, _ := s.Search(ctx, "rotas", 10); len(hits) != 1 || hits[0].QuestionID != other.ID {
		t.Fatalf("other question: %+v", hits)
	}
}

func testSearchSyntax(t *testing.T, h Harness) {
	s := h.New(t)
	mustQuestion(t, s, "1.1", `Is the "near miss" AND incident data shared with staff-side reps? (NEAR term) 50%`)
	for _, text := range []string{
		`"`, `""`, `"near miss`, `AND`, `OR`, `NOT`, `AND OR NOT`, `*`, `-`, `-staff`, `NEAR(`, `NEAR(near miss, 2)`,
		`near*`, `^incident`, `staff:side`, `{incident data}`, `(`, `)`, `+`, `'`, `50%`, `\`, `col:`, `;DROP TABLE questions;--`,
		`!`, `&`, `|`, `<->`, `a:*`, `:*`, `'a' & 'b'`, "   ", "", "\x00", "naïve café",
	} {
		if _, err := s.Search(ctx, text, 10); err != nil {
			t.Errorf("search for %q: %v", text, err)
		}
	}
	for text, want := range map[string]int{
		`"near miss"`:    1,
		`NEAR(`:          1, // the word "NEAR", not an operator
		`AND`:            1, // the word "and"
		`staff-side`:     1,
		`-staff`:         1, // not "exclude staff"
		`!incident`:      1, // not "without incident"
		`incident AND x`: 0, // every word must match, and x* matches nothing here
		"   ":            0,
	} {
		hits, err := s.Search(ctx, text, 10)
		if err != nil || len(hits) != want {
			t.Errorf("search for %q: %d hits (%v), want %d", text, len(hits), err, want)
		}
	}
}

func testSearchRanking(t *testing.T, h Harness) {
	s := h.New(t)
	err := s.Batch(ctx, func(w assurance.Writer) error {
		for i := 0; i < 30; i++ {
			text := "Routine question about rotas"
			if i == 17 {
				text = "Burnout burnout burnout among junior doctors"
			} else if i%2 == 0 {
				text += " and burnout"
			}
			if err := w.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: text}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, "burnout", 5)
	if err != nil || len(hits) != 5 {
		t.Fatalf("limit 5: %d hits, %v", len(hits), err)
	}
	if hits[0].Ref != "Q-0018" {
		t.Fatalf("best hit %s, want Q-0018 (the question about burnout)", hits[0].Ref)
	}
	if all, _ := s.Search(ctx, "burnout", 0); len(all) != 16 {
		t.Fatalf("no limit: %d hits, want 16", len(all))
	}
}
