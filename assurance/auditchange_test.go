package assurance_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nhsguardian/guardian/assurance"
)

// bookkeeping are the fields the audit view leaves out: ids, versions and
// save times change with every save and mean nothing to a reader.
var bookkeeping = map[string]bool{"ID": true, "Ref": true, "Version": true, "CreatedAt": true, "UpdatedAt": true,
	"EvidenceCount": true, "OpenActions": true, "QuestionID": true, "QuestionRef": true}

// camelCase reports whether s looks like an internal name: a lower-case
// letter followed by a capital, as in RespondedOn.
func camelCase(s string) bool {
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if unicode.IsLower(r[i-1]) && unicode.IsUpper(r[i]) {
			return true
		}
	}
	return false
}

// sample sets v to a value that differs from its zero value.
func sample(t *testing.T, v reflect.Value) {
	switch v.Interface().(type) {
	case assurance.Date:
		v.Set(reflect.ValueOf(assurance.NewDate(2026, 12, 3)))
		return
	case time.Time:
		v.Set(reflect.ValueOf(time.Date(2026, 12, 3, 14, 5, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("some value")
	case reflect.Int, reflect.Int64:
		v.SetInt(3)
	case reflect.Bool:
		v.SetBool(true)
	default:
		t.Fatalf("no sample value for %s", v.Type())
	}
}

// TestEveryAuditedFieldHasAPlainLabel changes each field of each kind of
// record alone, and requires exactly one change, under a label a person
// would write: so a field added later cannot reach users under its Go name.
func TestEveryAuditedFieldHasAPlainLabel(t *testing.T) {
	for object, record := range map[string]any{
		assurance.ObjectQuestion: assurance.Question{}, assurance.ObjectMeeting: assurance.Meeting{},
		assurance.ObjectAction: assurance.Action{}, assurance.ObjectEvidence: assurance.Evidence{},
		assurance.ObjectSettings: assurance.Settings{},
		assurance.ObjectPeriod:   assurance.Period{}, assurance.ObjectMaturity: assurance.AreaMaturity{},
		assurance.ObjectAnswer: assurance.PeriodAnswer{},
	} {
		typ := reflect.TypeOf(record)
		before, _ := json.Marshal(record)
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() || bookkeeping[f.Name] {
				continue
			}
			after := reflect.New(typ).Elem()
			sample(t, after.Field(i))
			js, _ := json.Marshal(after.Interface())
			c, err := assurance.DecodeAudit(&assurance.AuditEntry{Action: assurance.AuditUpdate, Object: object, Before: string(before), After: string(js)})
			if err != nil {
				t.Fatalf("%s.%s: %v", typ.Name(), f.Name, err)
			}
			if len(c.Fields) != 1 {
				t.Errorf("%s.%s changed alone gives %d changes: %+v", typ.Name(), f.Name, len(c.Fields), c.Fields)
				continue
			}
			got := c.Fields[0]
			if got.Label == "" || camelCase(got.Label) || got.Label == f.Name && strings.ContainsAny(f.Name[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") || got.Field == "" || got.After == "" {
				t.Errorf("%s.%s is shown as %+v; want a plain label and its value", typ.Name(), f.Name, got)
			}
		}
	}
}

func TestDecodeAuditFormatsValues(t *testing.T) {
	before := assurance.Question{Area: "4.1", Text: "Is it funded?", Status: assurance.StatusAsked, Level: assurance.NotAssessed}
	after := before
	after.Status, after.Level, after.RespondedOn, after.Response = assurance.StatusAnswered, assurance.Limited, assurance.NewDate(2026, 12, 3), "Partly."
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	c, err := assurance.DecodeAudit(&assurance.AuditEntry{Action: assurance.AuditUpdate, Object: assurance.ObjectQuestion, Before: string(b), After: string(a)})
	if err != nil {
		t.Fatal(err)
	}
	want := "Status: Asked → Answered; Response: Partly.; Responded on: 3 Dec 2026; Assurance level: Not yet assessed → Limited"
	if got := c.Line(40); got != want {
		t.Errorf("line = %q\nwant   %q", got, want)
	}
	if c.QuestionBefore == nil || c.QuestionAfter == nil || c.QuestionAfter.Level != assurance.Limited || c.Summary != "Is it funded?" {
		t.Errorf("typed states = %+v, %+v, summary %q", c.QuestionBefore, c.QuestionAfter, c.Summary)
	}
	// An addition lists what it was given; a damaged side is reported and
	// the other still read.
	c, err = assurance.DecodeAudit(&assurance.AuditEntry{ID: 9, Action: assurance.AuditCreate, Object: assurance.ObjectQuestion, Before: "{broken", After: string(a)})
	if err == nil || !strings.Contains(err.Error(), "before") || c.QuestionAfter == nil || c.QuestionBefore != nil {
		t.Errorf("damaged before: %v, %+v", err, c)
	}
}
