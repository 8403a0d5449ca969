package assurance

import (
	"fmt"
	"strings"
)

// Scale is the words and colours a log uses for the four assurance levels.
// Internal audit has no national scale, so each organisation uses its own;
// Guardian stores the level (Substantial..No assurance) and shows it on the
// log's scale, so changing scale never changes an answer.
type Scale struct {
	ID     string
	Name   string
	labels map[AssuranceLevel]string
	// colours are each level's fill and text colour (RRGGBB): text on every
	// fill meets WCAG AA contrast, and the words are always shown too.
	colours map[AssuranceLevel][2]string
}

// Scale ids.
const (
	ScaleAssurance   = "assurance"   // Substantial / Reasonable / Limited / No assurance
	ScaleSignificant = "significant" // Significant / Moderate / Limited / None
	ScaleRAG         = "rag"         // Green / Amber-green / Amber-red / Red
)

var standardColours = map[AssuranceLevel][2]string{
	Substantial: {"007F3B", "FFFFFF"}, // NHS green
	Reasonable:  {"C5E0A5", "000000"}, // light green, leaning to amber
	Limited:     {"FFB81C", "000000"}, // NHS warm yellow: amber
	NoAssurance: {"DA291C", "FFFFFF"}, // NHS emergency red
	NotAssessed: {"D8DDE0", "000000"}, // NHS pale grey
}

// Scales lists the scales a log can choose, the default first.
var Scales = []*Scale{
	{ID: ScaleAssurance, Name: "Substantial / Reasonable / Limited / No assurance", labels: map[AssuranceLevel]string{
		Substantial: "Substantial", Reasonable: "Reasonable", Limited: "Limited", NoAssurance: "No assurance", NotAssessed: "Not yet assessed",
	}, colours: standardColours},
	{ID: ScaleSignificant, Name: "Significant / Moderate / Limited / None", labels: map[AssuranceLevel]string{
		Substantial: "Significant", Reasonable: "Moderate", Limited: "Limited", NoAssurance: "None", NotAssessed: "Not yet assessed",
	}, colours: standardColours},
	// The four-point RAG many boards use: amber split by the way it leans.
	{ID: ScaleRAG, Name: "RAG: Green / Amber-green / Amber-red / Red", labels: map[AssuranceLevel]string{
		Substantial: "Green", Reasonable: "Amber-green", Limited: "Amber-red", NoAssurance: "Red", NotAssessed: "Not yet rated",
	}, colours: map[AssuranceLevel][2]string{
		Substantial: {"007F3B", "FFFFFF"},
		Reasonable:  {"B7D48A", "000000"},
		Limited:     {"ED8B00", "000000"}, // NHS orange
		NoAssurance: {"DA291C", "FFFFFF"},
		NotAssessed: {"D8DDE0", "000000"},
	}},
}

// ScaleByID returns the scale with the id, or the default for "" or an
// unknown id (a log from a newer Guardian).
func ScaleByID(id string) *Scale {
	for _, s := range Scales {
		if s.ID == id {
			return s
		}
	}
	return Scales[0]
}

// Label returns the level in the scale's words.
func (s *Scale) Label(l AssuranceLevel) string {
	if w, ok := s.labels[l]; ok {
		return w
	}
	if l == "" {
		return s.labels[NotAssessed]
	}
	return string(l)
}

// Fill returns the level's fill colour, RRGGBB.
func (s *Scale) Fill(l AssuranceLevel) string { return s.colour(l)[0] }

// Ink returns the colour of text on the level's fill, RRGGBB.
func (s *Scale) Ink(l AssuranceLevel) string { return s.colour(l)[1] }

func (s *Scale) colour(l AssuranceLevel) [2]string {
	if c, ok := s.colours[l]; ok {
		return c
	}
	return s.colours[NotAssessed]
}

// Parse reads a level written in the scale's words, or in the standard ones.
func (s *Scale) Parse(text string) (AssuranceLevel, error) {
	t := strings.ToLower(strings.TrimSpace(text))
	for _, l := range AssuranceLevels {
		if t == strings.ToLower(s.labels[l]) {
			return l, nil
		}
	}
	if l, err := ParseAssuranceLevel(text); err == nil {
		return l, nil
	}
	words := make([]string, 0, len(AssuranceLevels))
	for _, l := range AssuranceLevels {
		words = append(words, s.labels[l])
	}
	return "", Errorf(EINVALID, "%q is not a level on this log's scale: use %s", text, strings.Join(words, ", "))
}

// OrgKind is the kind of organisation a log belongs to.
type OrgKind string

const (
	OrgTrust   OrgKind = "trust"
	OrgICB     OrgKind = "icb"
	OrgPrimary OrgKind = "primary"
)

// OrgKinds lists the kinds of organisation, the default first.
var OrgKinds = []OrgKind{OrgTrust, OrgICB, OrgPrimary}

// Label returns the kind as the user sees it.
func (k OrgKind) Label() string {
	switch k {
	case OrgICB:
		return "Integrated care board"
	case OrgPrimary:
		return "Primary care organisation"
	}
	return "NHS trust"
}

// BoardWord is what the organisation calls the body the guardian holds to
// account: primary care folds the function into a senior management team.
func (k OrgKind) BoardWord() string {
	if k == OrgPrimary {
		return "senior management team"
	}
	return "board"
}

// ICB tags: an integrated care board has a dual role, for the health and
// wellbeing of its own staff and of the staff in the services it commissions.
const (
	TagOwnStaff     = "own staff"
	TagCommissioned = "commissioned services"
)

// ICBTags lists the ICB tags in the order they are offered.
var ICBTags = []string{TagOwnStaff, TagCommissioned}

// Prefixes of question tags that link a question to a list the log keeps.
const (
	TagBAF = "baf:" // a Board Assurance Framework risk, such as "baf:SR2"
	TagCQC = "cqc:" // a CQC domain, such as "cqc:well-led"
)

// CQCDomains are the five questions CQC asks of every service.
var CQCDomains = []string{"Safe", "Effective", "Caring", "Responsive", "Well-led"}

// LogSettings are a log's own choices for the guardian's year: none is set
// nationally, so each is a setting.
type LogSettings struct {
	Scale     string  // a Scale id; "" is the default
	Org       OrgKind // "" is a trust
	Committee string  // the committee the guardian reports to, such as "People Committee"
	Cadence   string  // such as "Quarterly"
	// EvidenceKinds are the log's own kinds, offered after the built-in ones.
	EvidenceKinds []string
	// BAFRisks are the organisation's Board Assurance Framework risks, one
	// per entry, starting with their code: "SR2 Workforce capacity".
	BAFRisks []string
}

// Normalise trims every entry and drops blank and repeated list entries.
func (s *LogSettings) Normalise() {
	s.Scale, s.Committee, s.Cadence = strings.TrimSpace(s.Scale), strings.TrimSpace(s.Committee), strings.TrimSpace(s.Cadence)
	if s.Org == "" {
		s.Org = OrgTrust
	}
	s.EvidenceKinds, s.BAFRisks = cleanList(s.EvidenceKinds), cleanList(s.BAFRisks)
}

func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = strings.TrimSpace(v)
		if v == "" || seen[strings.ToLower(v)] {
			continue
		}
		seen[strings.ToLower(v)] = true
		out = append(out, v)
	}
	return out
}

// Validate checks the settings.
func (s *LogSettings) Validate() error {
	v := validator{}
	if s.Scale != "" && ScaleByID(s.Scale).ID != s.Scale {
		v.add("scale", fmt.Sprintf("%q is not a scale Guardian knows.", s.Scale))
	}
	switch s.Org {
	case OrgTrust, OrgICB, OrgPrimary, "":
	default:
		v.add("org", fmt.Sprintf("%q is not a kind of organisation: use trust, icb or primary.", s.Org))
	}
	v.line("committee", "The receiving committee", s.Committee, false)
	v.line("cadence", "The reporting cadence", s.Cadence, false)
	for _, k := range s.EvidenceKinds {
		v.line(FieldKind, "A kind of evidence", k, false)
	}
	for _, r := range s.BAFRisks {
		v.line("baf", "A BAF risk", r, false)
	}
	return v.err("The log's settings")
}

// Kinds returns every evidence kind the log offers: built-in, then its own.
func (s LogSettings) Kinds() []string {
	return cleanList(append(append([]string{}, EvidenceKinds...), s.EvidenceKinds...))
}

// RiskCode is the code of a BAF risk entry: its first word ("SR2").
func RiskCode(entry string) string {
	f := strings.Fields(entry)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func (s *LogSettings) auditFields() []fieldValue {
	return []fieldValue{
		{"scale", "Assurance scale", ScaleByID(s.Scale).Name},
		{"org", "Kind of organisation", s.Org.Label()},
		{"committee", "Receiving committee", s.Committee},
		{"cadence", "Reporting cadence", s.Cadence},
		{FieldKind, "The log's own kinds of evidence", strings.Join(s.EvidenceKinds, "; ")},
		{"baf", "BAF risks", strings.Join(s.BAFRisks, "; ")},
	}
}
