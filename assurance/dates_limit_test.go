package assurance_test

import (
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func TestImplausibleDatesAreRefused(t *testing.T) {
	for _, d := range []assurance.Date{{Year: 1, Month: 1, Day: 1}, {Year: 99999, Month: 12, Day: 31}, {Year: 2026, Month: 13, Day: 40}, {Year: 2026, Month: 2, Day: 30}} {
		q := &assurance.Question{Area: "1.1", Text: "When?", RaisedOn: d, Status: assurance.StatusDraft, Level: assurance.NotAssessed}
		if err := q.Validate(nil); assurance.FieldErrors(err)[assurance.FieldRaisedOn] == "" {
			t.Errorf("question raised on %#v: %v", d, err)
		}
		m := &assurance.Meeting{Kind: assurance.Board, Date: d}
		if err := m.Validate(); assurance.FieldErrors(err)[assurance.FieldDate] == "" {
			t.Errorf("meeting on %#v: %v", d, err)
		}
		a := &assurance.Action{QuestionID: 1, Text: "Do it", DueOn: d}
		if err := a.Validate(); assurance.FieldErrors(err)[assurance.FieldDueOn] == "" {
			t.Errorf("action due %#v: %v", d, err)
		}
	}
	// A real year with no such day is not blamed on the year.
	q := &assurance.Question{Area: "1.1", Text: "When?", DueOn: assurance.Date{Year: 2026, Month: 2, Day: 30}, Status: assurance.StatusDraft, Level: assurance.NotAssessed}
	if msg := assurance.FieldErrors(q.Validate(nil))[assurance.FieldDueOn]; msg != "The due date 2026-02-30 is not a day in the calendar." {
		t.Errorf("due on 30 February: %q", msg)
	}
	ok := &assurance.Question{Area: "1.1", Text: "When?", RaisedOn: assurance.NewDate(1900, 1, 1), DueOn: assurance.NewDate(2999, 12, 31), Status: assurance.StatusDraft, Level: assurance.NotAssessed}
	if err := ok.Validate(nil); err != nil {
		t.Errorf("dates at the limits refused: %v", err)
	}
}
