package storetest

import (
	"context"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func testQuestionRoundTrip(t *testing.T, h Harness) {
	s := h.New(t)
	m := &assurance.Meeting{Kind: assurance.PeopleCommittee, Title: "People Committee, March", Date: assurance.MustDate("2026-03-12")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	q := &assurance.Question{
		Framework:   "growing-ohwb-together",
		Area:        "3.2",
		Text:        "How many staff waited more than six weeks for an OH appointment?\nPlease give the trend.",
		AskedOf:     "Director of People (A. Khan)",
		RaisedOn:    assurance.MustDate("2026-03-12"),
		MeetingID:   m.ID,
		DueOn:       assurance.MustDate("2026-05-14"),
		Status:      assurance.StatusAnswered,
		Response:    "Median wait 4 weeks; 31 staff waited over 6 weeks (down from 58).",
		RespondedOn: assurance.MustDate("2026-04-30"),
		Level:       assurance.Limited,
		Comment:     "Improving, but the tail is still long: ask for the recovery plan.",
	}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if q.ID == 0 || q.Ref != "Q-0001" || q.Version != 1 || q.CreatedAt.IsZero() || !q.UpdatedAt.Equal(q.CreatedAt) {
		t.Fatalf("created question not filled in: %+v", q)
	}
	s = h.Reopen(t, s, false)
	want := utcQuestion(q)
	got, err := s.Question(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(utcQuestion(got), want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, q)
	}
	byRef, err := s.QuestionByRef(ctx, " q-0001 ")
	if err != nil || !reflect.DeepEqual(utcQuestion(byRef), want) {
		t.Fatalf("by ref: %+v, %v", byRef, err)
	}
	list, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(list) != 1 || !reflect.DeepEqual(utcQuestion(list[0]), want) {
		t.Fatalf("list: %+v, %v", list, err)
	}

	// Clearing optional fields round-trips too.
	got.MeetingID, got.DueOn, got.Status, got.Response, got.RespondedOn, got.Level, got.Comment =
		0, assurance.Date{}, assurance.StatusAsked, "", assurance.Date{}, assurance.NotAssessed, ""
	if err := s.UpdateQuestion(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.Question(ctx, q.ID)
	if err != nil || !reflect.DeepEqual(utcQuestion(again), utcQuestion(got)) || again.Version != 2 {
		t.Fatalf("after clearing: %+v, %v; want %+v", again, err, got)
	}
}

func testQuestionDefaultsAndCounts(t *testing.T, h Harness) {
	s := h.New(t)
	q := &assurance.Question{Area: " 1.2 ", Text: "  Is there a wellbeing plan?  "}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	got, err := s.Question(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Framework != "growing-ohwb-together" || got.Area != "1.2" || got.Text != "Is there a wellbeing plan?" ||
		got.Status != assurance.StatusDraft || got.Level != assurance.NotAssessed {
		t.Fatalf("defaults not applied: %+v", got)
	}
	for i, done := range []string{"", "2026-02-01", ""} {
		a := &assurance.Action{QuestionID: q.ID, Text: "Action " + string(rune('A'+i))}
		if done != "" {
			a.DoneOn = assurance.MustDate(done)
		}
		if err := s.CreateAction(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"a.txt", "b.txt"} {
		if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: name}, strings.NewReader(name)); err != nil {
			t.Fatal(err)
		}
	}
	got, err = s.Question(ctx, q.ID)
	if err != nil || got.OpenActions != 2 || got.EvidenceCount != 2 {
		t.Fatalf("counts: open actions %d evidence %d (%v), want 2 and 2", got.OpenActions, got.EvidenceCount, err)
	}
	if list, err := s.Questions(ctx, assurance.QuestionFilter{}); err != nil || list[0].OpenActions != 2 || list[0].EvidenceCount != 2 {
		t.Fatalf("counts in the list: %+v, %v", list, err)
	}
}

func testQuestionVersionConflict(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "1.1", "What is the sickness absence rate?")
	mine, theirs := *q, *q
	theirs.Comment = "Their change"
	if err := s.UpdateQuestion(ctx, &theirs); err != nil {
		t.Fatal(err)
	}
	if theirs.Version != 2 {
		t.Fatalf("version after update %d, want 2", theirs.Version)
	}
	mine.Comment = "My change"
	err := s.UpdateQuestion(ctx, &mine)
	wantCode(t, err, assurance.ECONFLICT)
	if mine.Version != 1 || mine.Comment != "My change" {
		t.Fatalf("a refused update changed the caller's copy: %+v", mine)
	}
	got, _ := s.Question(ctx, q.ID)
	if got.Comment != "Their change" || got.Version != 2 {
		t.Fatalf("stored %+v, want their change at version 2", got)
	}
	mine.Version = got.Version
	if err := s.UpdateQuestion(ctx, &mine); err != nil || mine.Version != 3 {
		t.Fatalf("update at the current version: %v, version %d", err, mine.Version)
	}
}

func testQuestionValidation(t *testing.T, h Harness) {
	s := h.New(t)
	q := &assurance.Question{
		Area:     "9.9",
		Text:     "",
		RaisedOn: assurance.MustDate("2026-05-01"),
		DueOn:    assurance.MustDate("2026-04-01"),
		Level:    assurance.Substantial,
	}
	err := s.CreateQuestion(ctx, q)
	wantCode(t, err, assurance.EINVALID)
	fields := assurance.FieldErrors(err)
	for _, f := range []string{assurance.FieldArea, assurance.FieldText, assurance.FieldDueOn, assurance.FieldLevel} {
		if fields[f] == "" {
			t.Errorf("no message for field %q in %v", f, fields)
		}
	}
	if q.ID != 0 || q.Ref != "" {
		t.Fatalf("refused question was given an id: %+v", q)
	}
	q2 := &assurance.Question{Area: "1.1", Text: "At which meeting?", MeetingID: 999999}
	err = s.CreateQuestion(ctx, q2)
	wantCode(t, err, assurance.EINVALID)
	if assurance.FieldErrors(err)[assurance.FieldMeeting] == "" {
		t.Fatalf("missing meeting not reported against its field: %v", err)
	}
	q3 := &assurance.Question{Area: "1.1", Text: "Impossible date", DueOn: assurance.Date{Year: 2026, Month: 4, Day: 31}}
	err = s.CreateQuestion(ctx, q3)
	wantCode(t, err, assurance.EINVALID)
	if assurance.FieldErrors(err)[assurance.FieldDueOn] == "" {
		t.Fatalf("31 April not reported against the due date: %v", err)
	}
	a := &assurance.Action{QuestionID: 1, Text: "x", DoneOn: assurance.Date{Year: 12026, Month: 1, Day: 1}}
	wantCode(t, s.CreateAction(ctx, a), assurance.EINVALID)
	if qs, _ := s.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 0 {
		t.Fatalf("refused questions were saved: %d", len(qs))
	}
	if audit, _ := s.Audit(ctx, assurance.AuditFilter{}); len(audit) != 0 {
		t.Fatalf("refused changes were audited: %d entries", len(audit))
	}
}

func testRefsNeverReused(t *testing.T, h Harness) {
	s := h.New(t)
	q1 := mustQuestion(t, s, "1.1", "First")
	q2 := mustQuestion(t, s, "1.1", "Second")
	if q1.Ref != "Q-0001" || q2.Ref != "Q-0002" {
		t.Fatalf("refs %s %s", q1.Ref, q2.Ref)
	}
	if err := s.DeleteQuestion(ctx, q2.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Question(ctx, q2.ID)
	wantCode(t, err, assurance.ENOTFOUND)
	s = h.Reopen(t, s, false)
	q3 := mustQuestion(t, s, "1.1", "Third")
	if q3.Ref != "Q-0003" || q3.ID <= q2.ID {
		t.Fatalf("after deleting Q-0002 (id %d) the next is %s (id %d), want Q-0003 with a new id", q2.ID, q3.Ref, q3.ID)
	}
	if h, _ := s.Audit(ctx, assurance.AuditFilter{QuestionID: q3.ID}); len(h) != 1 {
		t.Fatalf("new question has %d audit entries, want 1", len(h))
	}
}

func testDeleteQuestion(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "2.2", "Doomed")
	keep := mustQuestion(t, s, "2.2", "Kept")
	a := &assurance.Action{QuestionID: q.ID, Text: "Do it"}
	if err := s.CreateAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	var doomed *assurance.Evidence
	for _, qid := range []int64{q.ID, keep.ID} {
		e := &assurance.Evidence{QuestionID: qid, Name: "same.txt"}
		if err := s.AttachEvidence(ctx, e, strings.NewReader("shared bytes")); err != nil {
			t.Fatal(err)
		}
		if doomed == nil {
			doomed = e
		}
	}
	if err := s.DeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.Actions(ctx, 0); len(as) != 0 {
		t.Fatalf("actions left: %d", len(as))
	}
	_, err := s.Evidence(ctx, doomed.ID)
	wantCode(t, err, assurance.ENOTFOUND)
	ev, _ := s.EvidenceList(ctx, 0)
	if len(ev) != 1 || ev[0].QuestionID != keep.ID {
		t.Fatalf("evidence left: %+v", ev)
	}
	if err := s.VerifyEvidence(ctx, ev[0].ID); err != nil {
		t.Fatalf("shared bytes lost with the deleted question: %v", err)
	}
	if b := readEvidence(t, s, ev[0].ID); string(b) != "shared bytes" {
		t.Fatalf("kept evidence reads %q", b)
	}
	wantCode(t, s.DeleteQuestion(ctx, q.ID), assurance.ENOTFOUND)
}

func testQuestionFilter(t *testing.T, h Harness) {
	s := h.New(t)
	m := &assurance.Meeting{Kind: assurance.Board, Date: assurance.MustDate("2026-01-15")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	mk := func(area string, st assurance.Status, level assurance.AssuranceLevel, due string, meeting int64) *assurance.Question {
		q := &assurance.Question{Area: area, Text: "Q " + area, Status: st, Level: level, MeetingID: meeting}
		if st == assurance.StatusAnswered || st == assurance.StatusClosed || level.Assessed() {
			q.Response = "Answer"
		}
		if due != "" {
			q.DueOn = assurance.MustDate(due)
		}
		if err := s.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
		return q
	}
	a := mk("4.1", assurance.StatusAsked, assurance.NotAssessed, "2026-02-01", m.ID)
	b := mk("4.2", assurance.StatusClosed, assurance.Substantial, "2026-02-01", 0)
	c := mk("1.1", assurance.StatusAnswered, assurance.Limited, "", m.ID)
	d := mk("4.1", assurance.StatusDraft, assurance.NotAssessed, "2026-06-01", 0)
	e := mk("1.4", assurance.StatusAsked, assurance.NotAssessed, "2026-01-01", 0)

	cases := []struct {
		name string
		f    assurance.QuestionFilter
		want []*assurance.Question
	}{
		{"all", assurance.QuestionFilter{}, []*assurance.Question{a, b, c, d, e}},
		{"framework", assurance.QuestionFilter{Framework: "growing-ohwb-together"}, []*assurance.Question{a, b, c, d, e}},
		{"other framework", assurance.QuestionFilter{Framework: "other"}, nil},
		{"driver 4", assurance.QuestionFilter{Driver: "4"}, []*assurance.Question{a, b, d}},
		{"driver 1", assurance.QuestionFilter{Driver: "1"}, []*assurance.Question{c, e}},
		{"area 4.1", assurance.QuestionFilter{Area: "4.1"}, []*assurance.Question{a, d}},
		{"statuses", assurance.QuestionFilter{Statuses: []assurance.Status{assurance.StatusDraft, assurance.StatusClosed}}, []*assurance.Question{b, d}},
		{"levels", assurance.QuestionFilter{Levels: []assurance.AssuranceLevel{assurance.Limited, assurance.NoAssurance}}, []*assurance.Question{c}},
		{"meeting", assurance.QuestionFilter{MeetingID: m.ID}, []*assurance.Question{a, c}},
		{"overdue", assurance.QuestionFilter{OverdueOn: assurance.MustDate("2026-03-01")}, []*assurance.Question{a, e}},
		{"open", assurance.QuestionFilter{OpenOnly: true}, []*assurance.Question{a, c, d, e}},
		{"ids", assurance.QuestionFilter{IDs: []int64{e.ID, b.ID}}, []*assurance.Question{b, e}},
		{"no ids", assurance.QuestionFilter{IDs: []int64{}}, nil},
		{"combined", assurance.QuestionFilter{Driver: "4", OpenOnly: true, OverdueOn: assurance.MustDate("2026-03-01")}, []*assurance.Question{a}},
	}
	today := assurance.MustDate("2026-03-01")
	for _, c := range cases {
		got, err := s.Questions(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var gotRefs, wantRefs []string
		for _, q := range got {
			gotRefs = append(gotRefs, q.Ref)
			if c.name == "overdue" && !q.Overdue(today) {
				t.Errorf("overdue filter returned %s, which Question.Overdue says is not overdue", q.Ref)
			}
		}
		for _, q := range c.want {
			wantRefs = append(wantRefs, q.Ref)
		}
		if !reflect.DeepEqual(gotRefs, wantRefs) {
			t.Errorf("%s: got %v, want %v", c.name, gotRefs, wantRefs)
		}
	}
}

func testMeetingsAndActions(t *testing.T, h Harness) {
	s := h.New(t)
	late := &assurance.Meeting{Kind: assurance.Board, Title: "Board", Date: assurance.MustDate("2026-06-01")}
	early := &assurance.Meeting{Kind: assurance.QualityCommittee, Title: "QC", Date: assurance.MustDate("2026-02-01")}
	for _, m := range []*assurance.Meeting{late, early} {
		if err := s.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := s.Meetings(ctx)
	if err != nil || len(ms) != 2 || ms[0].ID != early.ID || !reflect.DeepEqual(utcMeeting(ms[1]), utcMeeting(late)) {
		t.Fatalf("meetings by date: %+v, %v", ms, err)
	}
	if got, err := s.Meeting(ctx, early.ID); err != nil || !reflect.DeepEqual(utcMeeting(got), utcMeeting(early)) {
		t.Fatalf("meeting: %+v, %v", got, err)
	}
	err = s.CreateMeeting(ctx, &assurance.Meeting{Kind: "parish council"})
	wantCode(t, err, assurance.EINVALID)
	if f := assurance.FieldErrors(err); f[assurance.FieldKind] == "" || f[assurance.FieldDate] == "" {
		t.Fatalf("meeting field errors %v", f)
	}
	stale := *early
	early.Title = "Quality Committee"
	if err := s.UpdateMeeting(ctx, early); err != nil || early.Version != 2 {
		t.Fatalf("update meeting: %v, version %d", err, early.Version)
	}
	stale.Title = "Stale"
	wantCode(t, s.UpdateMeeting(ctx, &stale), assurance.ECONFLICT)
	if stale.Title != "Stale" || stale.Version != 1 {
		t.Fatalf("a refused update changed the caller's copy: %+v", stale)
	}

	q := &assurance.Question{Area: "3.1", Text: "Raised at QC", MeetingID: early.ID}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteMeeting(ctx, early.ID), assurance.EINVALID)
	if err := s.DeleteMeeting(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteMeeting(ctx, late.ID), assurance.ENOTFOUND)

	a := &assurance.Action{QuestionID: q.ID, Text: "Bring the audit to July", Owner: "Head of OH", DueOn: assurance.MustDate("2026-07-01")}
	if err := s.CreateAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.CreateAction(ctx, &assurance.Action{QuestionID: 999999, Text: "Orphan"}), assurance.ENOTFOUND)
	a.DoneOn = assurance.MustDate("2026-06-20")
	if err := s.UpdateAction(ctx, a); err != nil || a.Version != 2 {
		t.Fatalf("update action: %v, version %d", err, a.Version)
	}
	as, err := s.Actions(ctx, q.ID)
	if err != nil || len(as) != 1 || !reflect.DeepEqual(utcAction(as[0]), utcAction(a)) {
		t.Fatalf("actions: %+v, %v; want %+v", as, err, a)
	}
	stale2 := *a
	stale2.Version = 1
	wantCode(t, s.UpdateAction(ctx, &stale2), assurance.ECONFLICT)
	moved := *a
	other := mustQuestion(t, s, "3.1", "Another")
	moved.QuestionID = other.ID
	wantCode(t, s.UpdateAction(ctx, &moved), assurance.EINVALID)
	if err := s.DeleteAction(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.Actions(ctx, q.ID); len(as) != 0 {
		t.Fatal("action not deleted")
	}
	wantCode(t, s.DeleteAction(ctx, a.ID), assurance.ENOTFOUND)
}

func testSettings(t *testing.T, h Harness) {
	s := h.New(t)
	st, err := s.Settings(ctx)
	if err != nil || st.SecurityMarking != assurance.DefaultSecurityMarking {
		t.Fatalf("new log settings %+v, %v", st, err)
	}
	want := assurance.Settings{Organisation: "Northshire Community Health NHS Trust", Guardian: "Dr P. Okafor", SecurityMarking: "OFFICIAL"}
	if err := s.UpdateSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	s = h.Reopen(t, s, false)
	if st, err := s.Settings(ctx); err != nil || st != want {
		t.Fatalf("settings %+v, %v; want %+v", st, err, want)
	}
	wantCode(t, s.UpdateSettings(ctx, assurance.Settings{Organisation: "Two\nlines"}), assurance.EINVALID)
	if err := s.UpdateSettings(ctx, assurance.Settings{Organisation: want.Organisation}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Settings(ctx); st.SecurityMarking != assurance.DefaultSecurityMarking {
		t.Fatalf("a blank marking became %q, want the default", st.SecurityMarking)
	}
}

func testNotFound(t *testing.T, h Harness) {
	s := h.New(t)
	const id = 987654
	_, err := s.Question(ctx, id)
	wantCode(t, err, assurance.ENOTFOUND)
	_, err = s.QuestionByRef(ctx, "Q-9999")
	wantCode(t, err, assurance.ENOTFOUND)
	_, err = s.Meeting(ctx, id)
	wantCode(t, err, assurance.ENOTFOUND)
	_, err = s.Evidence(ctx, id)
	wantCode(t, err, assurance.ENOTFOUND)
	_, err = s.OpenEvidence(ctx, id)
	wantCode(t, err, assurance.ENOTFOUND)
	wantCode(t, s.VerifyEvidence(ctx, id), assurance.ENOTFOUND)
	wantCode(t, s.UpdateQuestion(ctx, &assurance.Question{ID: id, Area: "1.1", Text: "x", Version: 1}), assurance.ENOTFOUND)
	wantCode(t, s.UpdateMeeting(ctx, &assurance.Meeting{ID: id, Kind: assurance.Board, Date: assurance.MustDate("2026-01-01"), Version: 1}), assurance.ENOTFOUND)
	wantCode(t, s.UpdateAction(ctx, &assurance.Action{ID: id, QuestionID: 1, Text: "x", Version: 1}), assurance.ENOTFOUND)
	wantCode(t, s.UpdateEvidence(ctx, &assurance.Evidence{ID: id, Description: "x"}), assurance.ENOTFOUND)
	wantCode(t, s.RemoveEvidence(ctx, id), assurance.ENOTFOUND)
	for name, list := range map[string]func() (int, error){
		"meetings": func() (int, error) { l, err := s.Meetings(ctx); return len(l), err },
		"actions":  func() (int, error) { l, err := s.Actions(ctx, 0); return len(l), err },
		"evidence": func() (int, error) { l, err := s.EvidenceList(ctx, 0); return len(l), err },
		"audit":    func() (int, error) { l, err := s.Audit(ctx, assurance.AuditFilter{}); return len(l), err },
	} {
		if n, err := list(); n != 0 || err != nil {
			t.Errorf("%s of a new log: %d, %v", name, n, err)
		}
	}
}

func testBatch(t *testing.T, h Harness) {
	s := h.New(t)
	err := s.Batch(ctx, func(w assurance.Writer) error {
		q := &assurance.Question{Area: "1.1", Text: "Saved with its action"}
		if err := w.CreateQuestion(ctx, q); err != nil {
			return err
		}
		return w.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: ""}) // invalid: no text
	})
	wantCode(t, err, assurance.EINVALID)
	if qs, _ := s.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 0 {
		t.Fatal("a failed batch left its question behind")
	}
	if audit, _ := s.Audit(ctx, assurance.AuditFilter{}); len(audit) != 0 {
		t.Fatal("a failed batch left audit entries behind")
	}
	// Evidence streamed inside a failed batch goes too.
	err = s.Batch(ctx, func(w assurance.Writer) error {
		q := &assurance.Question{Area: "1.1", Text: "With evidence"}
		if err := w.CreateQuestion(ctx, q); err != nil {
			return err
		}
		if err := w.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "x.txt"}, strings.NewReader("x")); err != nil {
			return err
		}
		return assurance.Errorf(assurance.EINVALID, "changed my mind")
	})
	wantCode(t, err, assurance.EINVALID)
	if ev, _ := s.EvidenceList(ctx, 0); len(ev) != 0 {
		t.Fatal("a failed batch left its evidence behind")
	}
	var saved assurance.Writer
	err = s.Batch(ctx, func(w assurance.Writer) error {
		saved = w
		for i := 0; i < 3; i++ {
			q := &assurance.Question{Area: "1.1", Text: "Bulk"}
			if err := w.CreateQuestion(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := s.Questions(ctx, assurance.QuestionFilter{})
	if len(qs) != 3 {
		t.Fatalf("batch saved %d questions", len(qs))
	}
	if err := saved.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Too late"}); err == nil {
		t.Fatal("a writer kept after its batch still accepted a change")
	}
	if qs, _ := s.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 3 {
		t.Fatalf("a change after the batch was saved: %d questions", len(qs))
	}
}

func testCancelled(t *testing.T, h Harness) {
	s := h.New(t)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.CreateQuestion(c, &assurance.Question{Area: "1.1", Text: "Never saved"}); err == nil {
		t.Fatal("a change with a cancelled context was saved")
	}
	if _, err := s.Questions(c, assurance.QuestionFilter{}); err == nil {
		t.Fatal("a read with a cancelled context succeeded")
	}
	if qs, err := s.Questions(ctx, assurance.QuestionFilter{}); err != nil || len(qs) != 0 {
		t.Fatalf("after a cancelled change: %d questions, %v", len(qs), err)
	}
	// Cancelled half way through streaming a file in: nothing of it stays.
	q := mustQuestion(t, s, "1.1", "Attach then cancel")
	c, cancel = context.WithCancel(ctx)
	defer cancel()
	r := &cancelAfter{r: NewPattern(4<<20, 1), n: 1 << 20, cancel: cancel}
	if err := s.AttachEvidence(c, &assurance.Evidence{QuestionID: q.ID, Name: "big.bin"}, r); err == nil {
		t.Fatal("an attach cancelled half way was saved")
	}
	if ev, err := s.EvidenceList(ctx, 0); err != nil || len(ev) != 0 {
		t.Fatalf("after a cancelled attach: %d evidence, %v", len(ev), err)
	}
	if rep, err := s.Check(ctx); err != nil || !rep.OK() {
		t.Fatalf("check after a cancelled attach: %+v, %v", rep, err)
	}
	if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "small.txt"}, strings.NewReader("after")); err != nil {
		t.Fatalf("attach after a cancelled one: %v", err)
	}
}

// cancelAfter cancels a context once n bytes have been read through it.
type cancelAfter struct {
	r      io.Reader
	n      int64
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= int64(n); c.n <= 0 {
		c.cancel()
	}
	return n, err
}
