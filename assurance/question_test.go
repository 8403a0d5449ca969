package assurance_test

import (
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
)

func validQuestion() *assurance.Question {
	return &assurance.Question{
		Area:     "4.1",
		Text:     "How does the board see occupational health data each quarter?",
		AskedOf:  "Chief People Officer",
		RaisedOn: assurance.MustDate("2026-09-01"),
		DueOn:    assurance.MustDate("2026-10-01"),
		Status:   assurance.StatusAsked,
		Level:    assurance.NotAssessed,
	}
}

func TestQuestionValidateReportsEachProblemAgainstItsField(t *testing.T) {
	cat := assets.MustCatalogue()
	if err := validQuestion().Validate(cat); err != nil {
		t.Fatalf("valid question refused: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(q *assurance.Question)
		field string
	}{
		{"no text", func(q *assurance.Question) { q.Text = "  " }, assurance.FieldText},
		{"unknown area", func(q *assurance.Question) { q.Area = "9.9" }, assurance.FieldArea},
		{"no area", func(q *assurance.Question) { q.Area = "" }, assurance.FieldArea},
		{"due before raised", func(q *assurance.Question) { q.DueOn = assurance.MustDate("2026-08-01") }, assurance.FieldDueOn},
		{"level without response", func(q *assurance.Question) { q.Level = assurance.Limited }, assurance.FieldLevel},
		{"answered without response", func(q *assurance.Question) { q.Status = assurance.StatusAnswered }, assurance.FieldResponse},
		{"bad status", func(q *assurance.Question) { q.Status = "pending" }, assurance.FieldStatus},
		{"invalid utf-8", func(q *assurance.Question) { q.Text = "caf\xe9" }, assurance.FieldText},
		{"control character", func(q *assurance.Question) { q.Comment = "bell\x07" }, assurance.FieldComment},
		{"asked of on two lines", func(q *assurance.Question) { q.AskedOf = "Chief\nPeople Officer" }, assurance.FieldAskedOf},
		{"too long", func(q *assurance.Question) { q.Response = strings.Repeat("a", assurance.MaxText+1) }, assurance.FieldResponse},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := validQuestion()
			c.edit(q)
			err := q.Validate(cat)
			if assurance.ErrorCode(err) != assurance.EINVALID {
				t.Fatalf("error = %v, want EINVALID", err)
			}
			if msg := assurance.FieldErrors(err)[c.field]; msg == "" {
				t.Fatalf("no message for field %q in %v", c.field, assurance.FieldErrors(err))
			}
		})
	}
}

func TestQuestionAcceptsRightToLeftTextAndEmoji(t *testing.T) {
	q := validQuestion()
	q.Text = "هل لدى الموظفين وصول إلى الصحة المهنية؟ 👩‍⚕️\n\tSecond line"
	if err := q.Validate(assets.MustCatalogue()); err != nil {
		t.Fatalf("refused: %v", err)
	}
}

func TestOverdueOnlyWhileAwaitingResponse(t *testing.T) {
	q := validQuestion()
	today := assurance.MustDate("2026-11-23")
	if !q.Overdue(today) {
		t.Error("asked question past its due date should be overdue")
	}
	q.Status = assurance.StatusAnswered
	if q.Overdue(today) {
		t.Error("an answered question is not overdue")
	}
	q.Status, q.DueOn = assurance.StatusAsked, assurance.Date{}
	if q.Overdue(today) {
		t.Error("a question with no due date is never overdue")
	}
}
