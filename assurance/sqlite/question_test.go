package sqlite_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func TestQuestionRoundTripsEveryField(t *testing.T) {
	s, path := newLog(t)
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
	s = reopen(t, s, path, options())
	got, err := s.Question(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, q) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, q)
	}
	byRef, err := s.QuestionByRef(ctx, " q-0001 ")
	if err != nil || !reflect.DeepEqual(byRef, q) {
		t.Fatalf("by ref: %+v, %v", byRef, err)
	}
	list, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], q) {
		t.Fatalf("list: %+v, %v", list, err)
	}

	// Clearing optional fields round-trips too.
	got.MeetingID, got.DueOn, got.Status, got.Response, got.RespondedOn, got.Level, got.Comment =
		0, assurance.Date{}, assurance.StatusAsked, "", assurance.Date{}, assurance.NotAssessed, ""
	if err := s.UpdateQuestion(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, err := s.Question(ctx, q.ID)
	if err != nil || !reflect.DeepEqual(again, got) || again.Version != 2 {
		t.Fatalf("after clearing: %+v, %v; want %+v", again, err, got)
	}
}

func TestQuestionDefaultsAndCounts(t *testing.T) {
	s, _ := newLog(t)
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
}

func TestQuestionVersionConflict(t *testing.T) {
	s, _ := newLog(t)
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

func TestQuestionValidationErrorsCarryFields(t *testing.T) {
	s, _ := newLog(t)
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
	q2 := &assurance.Question{Area: "1.1", Text: "At which meeting?", MeetingID: 999}
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
}

func TestRefsAreNeverReused(t *testing.T) {
	s, path := newLog(t)
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
	s = reopen(t, s, path, options())
	q3 := mustQuestion(t, s, "1.1", "Third")
	if q3.Ref != "Q-0003" || q3.ID <= q2.ID {
		t.Fatalf("after deleting Q-0002 (id %d) the next is %s (id %d), want Q-0003 with a new id", q2.ID, q3.Ref, q3.ID)
	}
	// The deleted question's audit history stays its own.
	if h, _ := s.Audit(ctx, assurance.AuditFilter{QuestionID: q3.ID}); len(h) != 1 {
		t.Fatalf("new question has %d audit entries, want 1", len(h))
	}
}

func TestDeleteQuestionTakesItsActionsAndEvidence(t *testing.T) {
	s, _ := newLog(t)
	q := mustQuestion(t, s, "2.2", "Doomed")
	keep := mustQuestion(t, s, "2.2", "Kept")
	if err := s.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: "Do it"}); err != nil {
		t.Fatal(err)
	}
	for _, qid := range []int64{q.ID, keep.ID} {
		if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: qid, Name: "same.txt"}, strings.NewReader("shared bytes")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.Actions(ctx, 0); len(as) != 0 {
		t.Fatalf("actions left: %d", len(as))
	}
	ev, _ := s.EvidenceList(ctx, 0)
	if len(ev) != 1 || ev[0].QuestionID != keep.ID {
		t.Fatalf("evidence left: %+v", ev)
	}
	if err := s.VerifyEvidence(ctx, ev[0].ID); err != nil {
		t.Fatalf("shared bytes lost with the deleted question: %v", err)
	}
}

func TestQuestionFilter(t *testing.T) {
	s, _ := newLog(t)
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

func TestMeetingsAndActions(t *testing.T) {
	s, _ := newLog(t)
	late := &assurance.Meeting{Kind: assurance.Board, Title: "Board", Date: assurance.MustDate("2026-06-01")}
	early := &assurance.Meeting{Kind: assurance.QualityCommittee, Title: "QC", Date: assurance.MustDate("2026-02-01")}
	for _, m := range []*assurance.Meeting{late, early} {
		if err := s.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := s.Meetings(ctx)
	if err != nil || len(ms) != 2 || ms[0].ID != early.ID || !reflect.DeepEqual(ms[1], late) {
		t.Fatalf("meetings by date: %+v, %v", ms, err)
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
	wantCode(t, s.CreateAction(ctx, &assurance.Action{QuestionID: 999, Text: "Orphan"}), assurance.ENOTFOUND)
	a.DoneOn = assurance.MustDate("2026-06-20")
	if err := s.UpdateAction(ctx, a); err != nil || a.Version != 2 {
		t.Fatalf("update action: %v, version %d", err, a.Version)
	}
	as, err := s.Actions(ctx, q.ID)
	if err != nil || len(as) != 1 || !reflect.DeepEqual(as[0], a) {
		t.Fatalf("actions: %+v, %v; want %+v", as, err, a)
	}
	stale2 := *a
	stale2.Version = 1
	wantCode(t, s.UpdateAction(ctx, &stale2), assurance.ECONFLICT)
	if err := s.DeleteAction(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if as, _ := s.Actions(ctx, q.ID); len(as) != 0 {
		t.Fatal("action not deleted")
	}
}

func TestSettings(t *testing.T) {
	s, path := newLog(t)
	st, err := s.Settings(ctx)
	if err != nil || st.SecurityMarking != assurance.DefaultSecurityMarking || st.Organisation != "" {
		t.Fatalf("new log settings %+v, %v", st, err)
	}
	want := assurance.Settings{Organisation: "Northshire Community Health NHS Trust", Guardian: "Dr P. Okafor", SecurityMarking: "OFFICIAL"}
	if err := s.UpdateSettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, path, options())
	if st, err := s.Settings(ctx); err != nil || st != want {
		t.Fatalf("settings %+v, %v; want %+v", st, err, want)
	}
	wantCode(t, s.UpdateSettings(ctx, assurance.Settings{Organisation: "Two\nlines"}), assurance.EINVALID)
}

func TestBatchCommitsTogetherOrNotAtAll(t *testing.T) {
	s, _ := newLog(t)
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
	if qs, _ := s.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 3 || qs[0].Ref != "Q-0001" {
		t.Fatalf("batch saved %d questions (first %v)", len(qs), qs)
	}
	if err := saved.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Too late"}); err == nil {
		t.Fatal("a writer kept after its batch still accepted a change")
	}
}

// A log edited by hand (or by another tool) may hold text Guardian would
// refuse; it must still list.
func TestQuestionsReadTextGuardianWouldRefuse(t *testing.T) {
	s, path := newLog(t)
	q := mustQuestion(t, s, "1.1", "Clean")
	if _, err := rawDB(t, path).Exec(`UPDATE questions SET text = 'unit' || x'1f' || 'separator', comment = char(0) || 'nul' WHERE id = ?`, q.ID); err != nil {
		t.Fatal(err)
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil || len(qs) != 1 || qs[0].Text != "unit separator" || qs[0].Comment != "\x00nul" {
		t.Fatalf("questions: %+v, %v", qs, err)
	}
}
