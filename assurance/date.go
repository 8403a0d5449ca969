package assurance

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date with no time of day or time zone: a due date means
// the same day in every office. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today returns today's date on this computer.
func Today() Date { return DateOf(time.Now()) }

// NewDate returns the given date, normalised (31 April becomes 1 May).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is earlier than o. Zero dates are never before.
func (d Date) Before(o Date) bool {
	if d.IsZero() || o.IsZero() {
		return false
	}
	return d.Time().Before(o.Time())
}

// After reports whether d is later than o. Zero dates are never after.
func (d Date) After(o Date) bool { return o.Before(d) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// String returns the ISO form 2006-01-02, or "" for no date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// UK returns the date as a UK reader writes it, "2 Jan 2006", or "".
func (d Date) UK() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// Dates outside these years are almost always typing mistakes.
const (
	minYear = 1900
	maxYear = 2999
)

// dateLayouts are the forms ParseDate accepts: ISO first, then the day-first
// forms people in the UK type.
var dateLayouts = []string{"2006-01-02", "2/1/2006", "2-1-2006", "2.1.2006", "2 Jan 2006", "2 January 2006"}

// ParseDate reads a date written as 2006-01-02, 02/01/2006 (day first, as in
// the UK) or 2 Jan 2006. Blank text is no date. Years outside 1900-2999 are
// refused: they are almost always typing mistakes.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < minYear || t.Year() > maxYear {
				return Date{}, Errorf(EINVALID, "%q is not a plausible date: the year must be between %d and %d", s, minYear, maxYear)
			}
			return DateOf(t), nil
		}
	}
	return Date{}, Errorf(EINVALID, "%q is not a date: write it as 31/01/2026 or 2026-01-31", s)
}

// MustDate parses an ISO date and panics on error; for tests and fixed data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// MarshalText writes the ISO form, so dates read well in JSON and audit records.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads any form ParseDate accepts.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
