package assurance

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what is stored. MaxText keeps every long field within one
// spreadsheet cell (Excel holds 32,767 characters), so a board paper never
// silently cuts a response short.
const (
	MaxText = 32000
	MaxLine = 500
)

// CheckText reports what is wrong with a piece of user text, or "" if it is
// acceptable: it must be valid UTF-8, within max characters, and free of
// control characters other than tab and line breaks (those cannot be stored
// in a spreadsheet and usually come from pasting binary data).
func CheckText(s string, max int, multiline bool) string {
	if !utf8.ValidString(s) {
		return "contains characters that are not valid text (it may have been pasted from a damaged file)"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("is %d characters long; the most Guardian keeps is %d", n, max)
	}
	for _, r := range s {
		if r == '\t' || (multiline && (r == '\n' || r == '\r')) {
			continue
		}
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
			if !multiline && (r == '\n' || r == '\r') {
				return "must be on one line"
			}
			return fmt.Sprintf("contains a control character (U+%04X) that cannot be stored", r)
		}
	}
	return ""
}

// validator collects field problems.
type validator map[string]string

func (v validator) add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

func (v validator) longText(field, what, s string, required bool) {
	v.text(field, what, s, required, MaxText, true)
}

func (v validator) line(field, what, s string, required bool) {
	v.text(field, what, s, required, MaxLine, false)
}

func (v validator) text(field, what, s string, required bool, max int, multiline bool) {
	if required && strings.TrimSpace(s) == "" {
		v.add(field, what+" is required.")
		return
	}
	if p := CheckText(s, max, multiline); p != "" {
		v.add(field, what+" "+p+".")
	}
}

// date checks a date is a real calendar day in the years ParseDate accepts,
// so that a date set in code (an import, a bad clock) is refused as plainly as
// one typed in, and every stored date has the four-digit ISO form.
func (v validator) date(field, what string, d Date) {
	if d.IsZero() {
		return
	}
	switch {
	case d.Year < minYear || d.Year > maxYear:
		v.add(field, fmt.Sprintf("%s %04d-%02d-%02d is not a plausible date: the year must be between %d and %d.", what, d.Year, int(d.Month), d.Day, minYear, maxYear))
	case NewDate(d.Year, d.Month, d.Day) != d:
		v.add(field, fmt.Sprintf("%s %04d-%02d-%02d is not a day in the calendar.", what, d.Year, int(d.Month), d.Day))
	}
}

// err returns nil or an EINVALID *Error listing every problem.
func (v validator) err(what string) error {
	if len(v) == 0 {
		return nil
	}
	fields := make([]string, 0, len(v))
	for f := range v {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	msgs := make([]string, 0, len(v))
	for _, f := range fields {
		msgs = append(msgs, v[f])
	}
	return &Error{Code: EINVALID, Message: what + " cannot be saved: " + strings.Join(msgs, " "), Fields: map[string]string(v)}
}
