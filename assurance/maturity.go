package assurance

import (
	"fmt"
	"strings"
	"time"
)

// MaturityLevel is how mature the organisation judges its occupational
// health and wellbeing (OHWB) service to be in an area, on the scale of the
// Growing OHWB Together strategy (area 2.3: "an established maturity
// framework that describes core delivery, through to transformative and
// exemplary levels of OHWB service").
type MaturityLevel string

const (
	MaturityNotAssessed    MaturityLevel = ""
	MaturityCoreDelivery   MaturityLevel = "core_delivery"
	MaturityTransformative MaturityLevel = "transformative"
	MaturityExemplary      MaturityLevel = "exemplary"
)

// MaturityLevels lists the strategy's levels, least mature first.
var MaturityLevels = []MaturityLevel{MaturityCoreDelivery, MaturityTransformative, MaturityExemplary}

// Label returns the level in the strategy's words.
func (m MaturityLevel) Label() string {
	switch m {
	case MaturityCoreDelivery:
		return "Core delivery"
	case MaturityTransformative:
		return "Transformative"
	case MaturityExemplary:
		return "Exemplary"
	case MaturityNotAssessed:
		return "Not yet assessed"
	}
	return string(m)
}

// Valid reports whether m is one of the levels or not yet assessed.
func (m MaturityLevel) Valid() bool {
	if m == MaturityNotAssessed {
		return true
	}
	for _, v := range MaturityLevels {
		if m == v {
			return true
		}
	}
	return false
}

// ParseMaturityLevel reads a level from its code or label, ignoring case
// and treating spaces and hyphens as underscores.
func ParseMaturityLevel(s string) (MaturityLevel, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.NewReplacer(" ", "_", "-", "_").Replace(t)
	switch t {
	case "", "not_assessed", "not_yet_assessed", "none":
		return MaturityNotAssessed, nil
	case "core":
		return MaturityCoreDelivery, nil
	}
	for _, m := range MaturityLevels {
		if t == string(m) {
			return m, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a maturity level: use core delivery, transformative or exemplary", s)
}

// AreaMaturity is the organisation's self-assessed maturity of its OHWB
// service in one area for one period, with the Guardian's comment on it.
type AreaMaturity struct {
	PeriodID  int64
	Framework string // empty means the catalogue's default
	Area      string
	Level     MaturityLevel
	Comment   string
	UpdatedAt time.Time
	UpdatedBy string
}

// Validate checks the maturity. cat, if not nil, checks the area exists.
func (m *AreaMaturity) Validate(cat *Catalogue) error {
	m.Area = strings.TrimSpace(m.Area)
	m.Comment = strings.TrimSpace(m.Comment)
	v := validator{}
	if m.PeriodID == 0 {
		v.add("period", "Start a reporting period before recording maturity.")
	}
	if m.Area == "" {
		v.add(FieldArea, "Choose the action area.")
	} else if cat != nil {
		fw := m.Framework
		if fw == "" {
			fw = cat.Default().ID
		}
		if cat.Area(fw, m.Area) == nil {
			v.add(FieldArea, fmt.Sprintf("There is no action area %q in the framework.", m.Area))
		}
	}
	if !m.Level.Valid() {
		v.add(FieldLevel, fmt.Sprintf("%q is not a maturity level.", m.Level))
	}
	v.longText(FieldComment, "Your comment", m.Comment, false)
	return v.err("The maturity")
}

func (m *AreaMaturity) auditFields() []fieldValue {
	return []fieldValue{
		{"period", "Reporting period", idValue("period", m.PeriodID)},
		{"framework", "Framework", m.Framework},
		{FieldArea, "Action area", m.Area},
		{FieldLevel, "Maturity", m.Level.Label()},
		{FieldComment, "Guardian's comment", m.Comment},
		{"updated_by", "Recorded by", m.UpdatedBy},
	}
}
