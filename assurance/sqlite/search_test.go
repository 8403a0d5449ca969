package sqlite_test

import (
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func TestSearchFindsEveryField(t *testing.T) {
	s, _ := newLog(t)
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
		{"physio", "response", "[Physiotherapy]"},              // prefix of the last word, as typed
		{"reported month", "response", "[reported] [monthly]"}, // every word, last as prefix
		{"MUSCULOSKELETAL ABSENCE", "question", "[musculoskeletal] [absence]"},
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

func TestSearchTreatsTypedSyntaxAsText(t *testing.T) {
	s, _ := newLog(t)
	mustQuestion(t, s, "1.1", `Is the "near miss" AND incident data shared with staff-side reps? (NEAR term) 50%`)
	for _, text := range []string{
		`"`, `""`, `"near miss`, `AND`, `OR`, `NOT`, `AND OR NOT`, `*`, `-`, `-staff`, `NEAR(`, `NEAR(near miss, 2)`,
		`near*`, `^incident`, `staff:side`, `{incident data}`, `(`, `)`, `+`, `'`, `50%`, `\`, `col:`, `;DROP TABLE questions;--`,
		"   ", "", "\x00", "naïve café",
	} {
		if _, err := s.Search(ctx, text, 10); err != nil {
			t.Errorf("search for %q: %v", text, err)
		}
	}
	for text, want := range map[string]int{
		`"near miss"`:    1,
		`NEAR(`:          1, // the word "NEAR", not the operator
		`AND`:            1, // the word "and"
		`staff-side`:     1,
		`-staff`:         1, // not "exclude staff"
		`incident AND x`: 0, // every word must match, and x* matches nothing here
		"   ":            0,
	} {
		hits, err := s.Search(ctx, text, 10)
		if err != nil || len(hits) != want {
			t.Errorf("search for %q: %d hits (%v), want %d", text, len(hits), err, want)
		}
	}
}

func TestSearchLimitAndRanking(t *testing.T) {
	s, _ := newLog(t)
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
}
