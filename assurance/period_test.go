package assurance_test

import (
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// Each cadence names a period and ends it as an NHS finance team would:
// quarters and years of the financial year starting in April.
func TestPeriodFillNamesAndEnds(t *testing.T) {
	for _, tc := range []struct {
		cadence  assurance.Cadence
		start    string
		name     string
		ends     string
		validErr bool
	}{
		{assurance.CadenceQuarter, "2026-04-01", "2026/27 Q1", "2026-06-30", false},
		{assurance.CadenceQuarter, "2026-08-15", "2026/27 Q2", "2026-09-30", false},
		{assurance.CadenceQuarter, "2027-01-01", "2026/27 Q4", "2027-03-31", false},
		{assurance.CadenceQuarter, "2099-12-31", "2099/00 Q3", "2099-12-31", false},
		{assurance.CadenceMonth, "2027-02-01", "February 2027", "2027-02-28", false},
		{assurance.CadenceYear, "2027-03-31", "2026/27", "2027-03-31", false},
		{assurance.CadenceYear, "2027-04-01", "2027/28", "2028-03-31", false},
		{assurance.CadenceMeeting, "2026-11-12", "Board 12 Nov 2026", "", false},
	} {
		p := &assurance.Period{Cadence: tc.cadence, StartsOn: assurance.MustDate(tc.start)}
		p.Fill()
		if p.Name != tc.name || p.EndsOn.String() != tc.ends {
			t.Errorf("%s from %s: %q ending %q, want %q ending %q", tc.cadence, tc.start, p.Name, p.EndsOn, tc.name, tc.ends)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("%s from %s: %v", tc.cadence, tc.start, err)
		}
	}
	p := &assurance.Period{Name: "My own", StartsOn: assurance.MustDate("2026-05-01"), EndsOn: assurance.MustDate("2026-04-01")}
	p.Fill()
	if p.Name != "My own" || assurance.FieldErrors(p.Validate())[assurance.FieldEndsOn] == "" {
		t.Errorf("a given name is kept and an end before the start refused: %q, %v", p.Name, p.Validate())
	}
	if _, err := assurance.ParseCadence("fortnightly"); assurance.ErrorCode(err) != assurance.EINVALID {
		t.Errorf("ParseCadence(fortnightly) = %v", err)
	}
}

// A trend compares the current level with the latest earlier assessed one
// in the window, the area's level being the weakest given on its questions.
func TestAreaTrends(t *testing.T) {
	var ps []*assurance.Period
	for i := range 5 {
		ps = append(ps, &assurance.Period{ID: int64(i + 1)})
	}
	a := func(area string, l assurance.AssuranceLevel) *assurance.PeriodAnswer {
		return &assurance.PeriodAnswer{Framework: "f", Area: area, Level: l}
	}
	answers := map[int64][]*assurance.PeriodAnswer{
		// Period 1 falls outside the window of four: its Substantial does not count.
		1: {a("x", assurance.Substantial), a("y", assurance.Substantial)},
		2: {a("x", assurance.Limited)},
		3: {a("x", assurance.NotAssessed), a("z", assurance.Reasonable)},
		4: {a("x", assurance.Reasonable), a("x", assurance.Substantial), a("z", assurance.Reasonable)},
		5: {a("x", assurance.Reasonable), a("y", assurance.Limited), a("z", assurance.Limited), a("z", assurance.NotAssessed), a("w", assurance.NotAssessed)},
	}
	got := assurance.AreaTrends(ps, answers)
	for area, want := range map[string]assurance.Trend{"x": assurance.TrendSame, "y": assurance.TrendNew, "z": assurance.TrendWorse, "w": assurance.TrendNone} {
		tr := got[assurance.AreaKey("f", area)]
		if tr == nil || tr.Trend != want || len(tr.Levels) != 4 {
			t.Errorf("area %s: %+v, want %s over 4 periods", area, tr, want)
		}
	}
	if x := got[assurance.AreaKey("f", "x")]; x.Levels[2] != assurance.Reasonable || x.Previous != assurance.Reasonable {
		t.Errorf("area x: levels %v previous %s; the weakest of Reasonable and Substantial is Reasonable", x.Levels, x.Previous)
	}
	if assurance.TrendOf(assurance.Limited, assurance.Substantial) != assurance.TrendBetter || assurance.TrendOf(assurance.Substantial, assurance.NoAssurance) != assurance.TrendWorse {
		t.Error("TrendOf does not order the levels")
	}
}

// Maturity uses the strategy's own words and nothing else.
func TestMaturityLevels(t *testing.T) {
	for in, want := range map[string]assurance.MaturityLevel{"core delivery": assurance.MaturityCoreDelivery, "Core-Delivery": assurance.MaturityCoreDelivery,
		"TRANSFORMATIVE": assurance.MaturityTransformative, "exemplary": assurance.MaturityExemplary, "": assurance.MaturityNotAssessed} {
		if got, err := assurance.ParseMaturityLevel(in); err != nil || got != want {
			t.Errorf("ParseMaturityLevel(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := assurance.ParseMaturityLevel("excellent"); assurance.ErrorCode(err) != assurance.EINVALID {
		t.Errorf("excellent: %v", err)
	}
	var labels []string
	for _, m := range assurance.MaturityLevels {
		labels = append(labels, m.Label())
	}
	if len(labels) != 3 || labels[0] != "Core delivery" || labels[1] != "Transformative" || labels[2] != "Exemplary" {
		t.Errorf("levels %q", labels)
	}
}
