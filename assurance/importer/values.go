package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// ParseCellDate reads a spreadsheet cell as a date, as an import does;
// problem is "" when it is a date (or blank).
func ParseCellDate(s string) (d assurance.Date, monthOnly bool, problem string) { return parseDate(s) }

// parseDate reads a date cell: an Excel serial number (what a date cell
// holds), ISO, UK day-first 03/12/2026, 3 Dec 2026, or a month alone
// ("June 2025"), which becomes the first of the month with monthOnly set.
func parseDate(s string) (d assurance.Date, monthOnly bool, problem string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return assurance.Date{}, false, ""
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "/-") {
		return serialDate(s, n)
	}
	// Date and time from a database export: keep the date.
	if len(s) > 10 && isoDateTime.MatchString(s) {
		s = s[:10]
	}
	if d, err := assurance.ParseDate(s); err == nil {
		return d, false, ""
	}
	for _, layout := range []string{"2-Jan-2006", "2-January-2006", "2 Jan 06", "2-Jan-06", "Jan 2 2006", "January 2 2006", "Monday 2 January 2006", "Mon 2 Jan 2006"} {
		if t, err := time.Parse(layout, strings.ReplaceAll(s, ",", "")); err == nil {
			return assurance.DateOf(t), false, plausible(s, assurance.DateOf(t))
		}
	}
	for _, layout := range []string{"Jan 2006", "January 2006", "Jan-2006", "January-2006", "Jan-06"} {
		if t, err := time.Parse(layout, s); err == nil {
			return assurance.DateOf(t), true, plausible(s, assurance.DateOf(t))
		}
	}
	if m := dayMonthYear.FindStringSubmatch(s); m != nil {
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		year, _ := strconv.Atoi(m[3])
		switch {
		case month < 1 || month > 12:
			return assurance.Date{}, false, fmt.Sprintf("%q is not a real date: there is no month %d (dates are read day first, as 31/01/2026)", s, month)
		case day < 1 || day > daysIn(year, time.Month(month)):
			return assurance.Date{}, false, fmt.Sprintf("%q is not a real date: %s %d has %d days", s, time.Month(month), year, daysIn(year, time.Month(month)))
		}
	}
	return assurance.Date{}, false, fmt.Sprintf("%q is not a date Guardian can read: write it as 31/01/2026, 2026-01-31 or 31 Jan 2026", s)
}

var (
	isoDateTime  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`)
	dayMonthYear = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
)

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// serialDate reads an Excel date serial: days since 30 Dec 1899 in the
// 1900 date system (Excel's default on Windows and since 2011 on Mac). A
// fraction is the time of day, which a date column ignores.
func serialDate(s string, n float64) (assurance.Date, bool, string) {
	// 1 Jan 1900 to 31 Dec 2999: anything else is not a date typed as one.
	if n < 1 || n > 401768 {
		return assurance.Date{}, false, fmt.Sprintf("%q is a number, not a date", s)
	}
	days := int(n)
	d := assurance.DateOf(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days))
	if days < 61 {
		// Excel counts a 29 Feb 1900 that never was: serials before it
		// are one day later than the calendar.
		d = d.AddDays(1)
	}
	return d, false, plausible(s, d)
}

func plausible(s string, d assurance.Date) string {
	if d.Year < 1900 || d.Year > 2999 {
		return fmt.Sprintf("%q is not a plausible date: the year must be between 1900 and 2999", s)
	}
	return ""
}

// levelWords are the words logs use for each assurance level, beyond the
// level's own name. RAG colours are not here: what Amber means differs from
// board to board, so the person says (Options.Levels).
var levelWords = map[string]assurance.AssuranceLevel{
	"substantial": assurance.Substantial, "significant": assurance.Substantial, "full": assurance.Substantial, "high": assurance.Substantial,
	"reasonable": assurance.Reasonable, "moderate": assurance.Reasonable, "adequate": assurance.Reasonable,
	"limited": assurance.Limited, "partial": assurance.Limited,
	"no": assurance.NoAssurance, "none": assurance.NoAssurance, "no assurance": assurance.NoAssurance, "nil": assurance.NoAssurance,
	"not assessed": assurance.NotAssessed, "not yet assessed": assurance.NotAssessed, "n a": assurance.NotAssessed, "tbc": assurance.NotAssessed,
}

// ragWords are colours that need the person's mapping.
var ragWords = map[string]bool{"green": true, "amber": true, "red": true, "g": true, "a": true, "r": true,
	"amber red": true, "amber green": true, "red amber": true, "green amber": true, "blue": true}

// parseLevel reads an assurance level. extra holds the person's own
// words (RAG colours), by normalised word.
func parseLevel(s string, extra map[string]assurance.AssuranceLevel) (assurance.AssuranceLevel, string) {
	n := normalise(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(s)), " assurance"))
	if n == "" {
		return assurance.NotAssessed, ""
	}
	if l, ok := extra[n]; ok {
		return l, ""
	}
	if l, ok := levelWords[n]; ok {
		return l, ""
	}
	if l, err := assurance.ParseAssuranceLevel(s); err == nil {
		return l, ""
	}
	if ragWords[n] {
		return "", fmt.Sprintf("%q is a RAG colour, not an assurance level: say which level it means (in the wizard, or --rag %s=Limited)", strings.TrimSpace(s), n)
	}
	return "", fmt.Sprintf("%q is not an assurance level: use Substantial, Reasonable, Limited or No assurance, or say which level it means", strings.TrimSpace(s))
}

var statusWords = map[string]assurance.Status{
	"draft": assurance.StatusDraft, "new": assurance.StatusDraft, "not yet asked": assurance.StatusDraft, "to ask": assurance.StatusDraft, "planned": assurance.StatusDraft,
	"asked": assurance.StatusAsked, "open": assurance.StatusAsked, "awaiting response": assurance.StatusAsked, "awaiting": assurance.StatusAsked,
	"outstanding": assurance.StatusAsked, "pending": assurance.StatusAsked, "raised": assurance.StatusAsked, "overdue": assurance.StatusAsked, "sent": assurance.StatusAsked,
	"answered": assurance.StatusAnswered, "responded": assurance.StatusAnswered, "response received": assurance.StatusAnswered, "received": assurance.StatusAnswered,
	"closed": assurance.StatusClosed, "complete": assurance.StatusClosed, "completed": assurance.StatusClosed, "done": assurance.StatusClosed, "resolved": assurance.StatusClosed,
}

// parseStatus reads a status. A blank status is worked out from the row:
// Answered if it has a response, else Asked.
func parseStatus(s string, extra map[string]assurance.Status, hasResponse bool) (assurance.Status, string) {
	n := normalise(s)
	if n == "" {
		if hasResponse {
			return assurance.StatusAnswered, ""
		}
		return assurance.StatusAsked, ""
	}
	if st, ok := extra[n]; ok {
		return st, ""
	}
	if st, ok := statusWords[n]; ok {
		return st, ""
	}
	return "", fmt.Sprintf("%q is not a status Guardian knows: say which of draft, asked, answered or closed it means (--status-word %q=asked)", strings.TrimSpace(s), n)
}

// areaIndex finds action areas by the ways logs write them.
type areaIndex struct {
	fw      *assurance.Framework
	byTitle map[string]*assurance.ActionArea
}

func newAreaIndex(fw *assurance.Framework) *areaIndex {
	ix := &areaIndex{fw: fw, byTitle: map[string]*assurance.ActionArea{}}
	for _, a := range fw.Areas() {
		ix.byTitle[normalise(a.Title)] = a
		ix.byTitle[normalise(a.ShortTitle)] = a
	}
	return ix
}

var areaID = regexp.MustCompile(`^(?i:area\s*)?(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|\s*[-–—:]\s*|$)(.*)$`)

// find returns the area s names: "2.3", "2.3 Common service development
// framework", "Area 2.3 – …" or the title alone. Anything else, or an id
// whose title names another area, is a problem, never a guess.
func (ix *areaIndex) find(s string) (*assurance.ActionArea, string) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, "The action area is blank"
	}
	if m := areaID.FindStringSubmatch(t); m != nil {
		a := ix.fw.Area(m[1])
		if a == nil {
			return nil, fmt.Sprintf("There is no action area %s in %s", m[1], ix.fw.ShortName)
		}
		rest := normalise(m[2])
		if rest == "" || strings.HasPrefix(normalise(a.Title), rest) || strings.HasPrefix(normalise(a.ShortTitle), rest) ||
			strings.HasPrefix(rest, normalise(a.ShortTitle)) {
			return a, ""
		}
		return nil, fmt.Sprintf("%q gives area %s but a title that is not area %s's (%s)", t, a.ID, a.ID, a.Title)
	}
	if a := ix.byTitle[normalise(t)]; a != nil {
		return a, ""
	}
	return nil, fmt.Sprintf("%q is not an action area of %s: give its number, such as 2.3", t, ix.fw.ShortName)
}
