package importer

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/nhsguardian/guardian/assurance"
)

// Field is a part of a question a column can hold.
type Field string

const (
	Ref       Field = "reference"
	Area      Field = "area"
	Question  Field = "question"
	AskedOf   Field = "asked_of"
	Raised    Field = "raised"
	Due       Field = "due"
	Response  Field = "response"
	Responded Field = "responded"
	Level     Field = "level"
	Status    Field = "status"
	Comment   Field = "comment"
	Actions   Field = "actions"
)

// Fields lists every field in the order the wizard shows them.
var Fields = []Field{Ref, Area, Question, AskedOf, Raised, Due, Response, Responded, Level, Status, Comment, Actions}

// Label is the field as a person sees it.
func (f Field) Label() string {
	switch f {
	case Ref:
		return "Reference"
	case Area:
		return "Action area"
	case Question:
		return "Question"
	case AskedOf:
		return "Asked of"
	case Raised:
		return "Date raised"
	case Due:
		return "Due date"
	case Response:
		return "Response"
	case Responded:
		return "Date of response"
	case Level:
		return "Assurance level"
	case Status:
		return "Status"
	case Comment:
		return "Comment"
	case Actions:
		return "Actions"
	}
	return string(f)
}

// ParseField reads a field from its name or label, ignoring case, spaces
// and underscores: "asked of", "asked_of", "Date raised".
func ParseField(s string) (Field, error) {
	k := squash(s)
	for _, f := range Fields {
		if k == squash(string(f)) || k == squash(f.Label()) {
			return f, nil
		}
	}
	switch k {
	case "ref":
		return Ref, nil
	case "text":
		return Question, nil
	case "assurance", "rag", "rating":
		return Level, nil
	}
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = string(f)
	}
	return "", assurance.Errorf(assurance.EINVALID, "%q is not a field: use one of %s", s, strings.Join(names, ", "))
}

// headings are the column headings each field is known by, normalised.
var headings = map[Field][]string{
	Ref:       {"ref", "reference", "ref no", "reference number", "ref number", "id", "no", "number", "#", "question ref", "question reference", "question no", "question number", "log ref", "item", "item no"},
	Area:      {"area", "action area", "framework area", "area of action", "area of collaborative action", "ohwb area", "theme", "domain", "framework"},
	Question:  {"question", "questions", "question asked", "assurance question", "question text", "query", "question raised"},
	AskedOf:   {"asked of", "asked to", "to", "directed to", "addressed to", "owner", "lead", "executive lead", "exec lead", "responsible", "responsible executive", "who"},
	Raised:    {"raised", "date raised", "raised on", "date asked", "asked on", "date", "date of question", "opened", "date opened", "logged"},
	Due:       {"due", "due date", "due by", "deadline", "response due", "target date", "date due"},
	Response:  {"response", "answer", "reply", "response received", "executive response", "exec response", "management response"},
	Responded: {"responded", "date responded", "responded on", "response date", "date of response", "answered on", "date answered", "date received"},
	Level:     {"assurance", "assurance level", "level of assurance", "rating", "rag", "rag rating", "rag status", "assurance rating", "level"},
	Status:    {"status", "state", "progress", "open closed", "question status"},
	Comment:   {"comment", "comments", "guardian comment", "guardians comment", "notes", "remarks", "guardian notes"},
	Actions:   {"actions", "action", "follow up", "follow up actions", "next steps", "agreed actions", "actions agreed"},
}

// normalise lower-cases a heading and keeps letters, digits and # with
// single spaces: "Date Raised:" and "date_raised" read alike.
func normalise(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.ReplaceAll(s, "'s", "s")) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

func squash(s string) string { return strings.ReplaceAll(normalise(s), " ", "") }

// headingField returns the field a heading names, or "".
func headingField(h string) Field {
	n := normalise(h)
	if n == "" {
		return ""
	}
	for _, f := range Fields {
		for _, k := range headings[f] {
			if n == k {
				return f
			}
		}
	}
	// Longer headings by the words in them, the most specific first.
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("respon", "answer") && has("date", "when"):
		return Responded
	case has("due", "deadline"):
		return Due
	case has("raised", "date asked", "date of question"):
		return Raised
	case has("assurance", "rag"):
		return Level
	case has("ref"):
		return Ref
	case has("area"):
		return Area
	case has("question"):
		return Question
	case has("asked of", "lead", "owner"):
		return AskedOf
	case has("respon", "answer", "reply"):
		return Response
	case has("status"):
		return Status
	case has("comment", "note"):
		return Comment
	case has("action"):
		return Actions
	}
	return ""
}

// Mapping says which column (0 = A) holds each field; a field not in it is
// not imported.
type Mapping map[Field]int

// guessMapping maps each heading to the field it names; the first column
// naming a field wins.
func guessMapping(heads []string) Mapping {
	m := Mapping{}
	for i, h := range heads {
		if f := headingField(h); f != "" {
			if _, taken := m[f]; !taken {
				m[f] = i
			}
		}
	}
	return m
}

// headerSearch is how many rows with something in them are looked at for
// the headings: title rows, notes and blank lines come first in most logs.
const headerSearch = 30

// findHeader returns the index in t.Rows of the row that names the most
// fields (at least two, one of them the question), or -1.
func findHeader(t *Table) int {
	best, bestScore, seen := -1, 1, 0
	for i, r := range t.Rows {
		if r.Blank() {
			continue
		}
		if seen++; seen > headerSearch {
			break
		}
		m := guessMapping(r.Cells)
		if _, ok := m[Question]; ok && len(m) > bestScore {
			best, bestScore = i, len(m)
		}
	}
	return best
}

// columnName returns the spreadsheet letters of column i (0 = A).
func columnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// columnIndex reads a column given as letters ("C") or a heading.
func columnIndex(s string, heads []string) (int, bool) {
	t := strings.TrimSpace(s)
	for i, h := range heads {
		if strings.EqualFold(strings.TrimSpace(h), t) || (normalise(h) != "" && normalise(h) == normalise(t)) {
			return i, true
		}
	}
	if t != "" && len(t) <= 3 && strings.ToUpper(t) == strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return unicode.ToUpper(r)
		}
		return -1
	}, t) {
		n := 0
		for _, r := range strings.ToUpper(t) {
			n = n*26 + int(r-'A'+1)
		}
		return n - 1, true
	}
	return 0, false
}

// shape identifies files laid out alike: the normalised headings in order.
func shape(heads []string) string {
	n := make([]string, 0, len(heads))
	for _, h := range heads {
		n = append(n, normalise(h))
	}
	for len(n) > 0 && n[len(n)-1] == "" {
		n = n[:len(n)-1]
	}
	return strings.Join(n, "|")
}

// byHeading turns a mapping into field name → heading, the form the log
// remembers (a column's heading survives columns being moved).
func (m Mapping) byHeading(heads []string) map[string]string {
	out := map[string]string{}
	for f, c := range m {
		if c >= 0 && c < len(heads) {
			out[string(f)] = heads[c]
		}
	}
	return out
}

// fromHeadings is the inverse of byHeading; headings no longer present are dropped.
func fromHeadings(saved map[string]string, heads []string) Mapping {
	m := Mapping{}
	for name, h := range saved {
		if _, err := ParseField(name); err != nil || strings.Contains(name, " ") {
			continue // a remembered word, not a column
		}
		if i, ok := columnIndex(h, heads); ok && i < len(heads) {
			m[Field(name)] = i
		}
	}
	return m
}

// Remembered words are kept beside the columns as "level word amber" →
// "limited" and "status word in progress" → "asked".
const (
	levelWord  = "level word "
	statusWord = "status word "
)

// withWords adds the log's own words to a remembered mapping.
func withWords(m map[string]string, levels map[string]assurance.AssuranceLevel, statuses map[string]assurance.Status) map[string]string {
	for k, v := range levels {
		m[levelWord+k] = string(v)
	}
	for k, v := range statuses {
		m[statusWord+k] = string(v)
	}
	return m
}

// rememberedWords reads back what withWords added; values no longer valid are dropped.
func rememberedWords(saved map[string]string, levels map[string]assurance.AssuranceLevel, statuses map[string]assurance.Status) {
	for k, v := range saved {
		if w, ok := strings.CutPrefix(k, levelWord); ok && assurance.AssuranceLevel(v).Valid() {
			levels[w] = assurance.AssuranceLevel(v)
		}
		if w, ok := strings.CutPrefix(k, statusWord); ok && assurance.Status(v).Valid() {
			statuses[w] = assurance.Status(v)
		}
	}
}

// Describe lists the mapping as "Question ← C (Question asked)", in field order.
func (m Mapping) Describe(heads []string) []string {
	var out []string
	for _, f := range Fields {
		c, ok := m[f]
		if !ok {
			continue
		}
		h := ""
		if c < len(heads) && strings.TrimSpace(heads[c]) != "" {
			h = fmt.Sprintf(" (%s)", strings.TrimSpace(heads[c]))
		}
		out = append(out, fmt.Sprintf("%s ← column %s%s", f.Label(), columnName(c), h))
	}
	return out
}
