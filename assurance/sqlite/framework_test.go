package sqlite_test

import (
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

const trustFramework = `{"frameworks": [
  {"id": "northshire-people-plan", "name": "Northshire People Plan", "version": "2026",
   "drivers": [{"id": "1", "title": "Looking after our people", "areas": [
     {"id": "1.1", "short_title": "Rest spaces", "title": "Rest spaces on every site", "description": "Every site has a rest space open at night."}
   ]}]}
]}`

func TestFrameworkAddedToALogTakesQuestionsAndSurvivesReopening(t *testing.T) {
	s, path := newLog(t)
	fws, err := s.AddFramework(ctx, []byte(trustFramework))
	if err != nil || len(fws) != 1 || fws[0].ID != "northshire-people-plan" {
		t.Fatalf("add: %v, %v", fws, err)
	}
	q := &assurance.Question{Framework: "northshire-people-plan", Area: "1.1", Text: "Are rest spaces open at night?"}
	if err := s.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	// The same id again, and a built-in id, are refused naming the id.
	_, err = s.AddFramework(ctx, []byte(trustFramework))
	wantCode(t, err, assurance.EINVALID)
	if !strings.Contains(err.Error(), `"northshire-people-plan"`) {
		t.Fatalf("duplicate framework: %v", err)
	}
	builtin := strings.ReplaceAll(trustFramework, "northshire-people-plan", "growing-ohwb-together")
	if _, err := s.AddFramework(ctx, []byte(builtin)); err == nil || !strings.Contains(err.Error(), `"growing-ohwb-together"`) {
		t.Fatalf("built-in id: %v", err)
	}
	// A broken file is refused naming the line, and the log is unchanged.
	broken := strings.Replace(trustFramework, `"title": "Looking after our people", `, ``, 1)
	if _, err := s.AddFramework(ctx, []byte(broken)); err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), `driver "1" has no title`) {
		t.Fatalf("broken file: %v", err)
	}
	s = reopen(t, s, path, options())
	if s.Catalogue().Framework("northshire-people-plan") == nil || s.Catalogue().Default().ID != "growing-ohwb-together" {
		t.Fatalf("catalogue after reopening: %+v", s.Catalogue().Frameworks)
	}
	q2 := &assurance.Question{Framework: "northshire-people-plan", Area: "1.1", Text: "Still open?"}
	if err := s.CreateQuestion(ctx, q2); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateQuestion(ctx, &assurance.Question{Framework: "northshire-people-plan", Area: "1.9", Text: "No such area"}); assurance.ErrorCode(err) != assurance.EINVALID {
		t.Fatalf("unknown area: %v", err)
	}
}
