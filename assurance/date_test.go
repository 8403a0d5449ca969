package assurance

import (
	"testing"
	"time"
)

func TestParseDateAcceptsUKAndISOForms(t *testing.T) {
	want := Date{2026, time.March, 4}
	for _, s := range []string{"2026-03-04", "04/03/2026", "4/3/2026", "4-3-2026", "4.3.2026", "4 Mar 2026", "4 March 2026", "  2026-03-04 "} {
		got, err := ParseDate(s)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v (day first, as in the UK)", s, got, err, want)
		}
	}
	if d, err := ParseDate(""); err != nil || !d.IsZero() {
		t.Errorf("blank date = %v, %v; want no date", d, err)
	}
	for _, s := range []string{"31/02/2026", "2026-13-01", "tomorrow", "0001-01-01", "9999-12-31", "01/01/0001", "31/12/9999", "03/04"} {
		if _, err := ParseDate(s); ErrorCode(err) != EINVALID {
			t.Errorf("ParseDate(%q) error = %v, want EINVALID", s, err)
		}
	}
}

func TestDateOrderingTreatsNoDateAsUnknown(t *testing.T) {
	a, b := MustDate("2026-01-31"), MustDate("2026-02-01")
	if !a.Before(b) || b.Before(a) || !b.After(a) {
		t.Error("31 Jan should be before 1 Feb")
	}
	if (Date{}).Before(a) || a.Before(Date{}) {
		t.Error("a missing date is neither before nor after another")
	}
	if got := a.AddDays(1); got != b {
		t.Errorf("AddDays(1) = %v", got)
	}
	if a.UK() != "31 Jan 2026" || a.String() != "2026-01-31" {
		t.Errorf("formats = %q, %q", a.UK(), a.String())
	}
	var d Date
	if err := d.UnmarshalText([]byte("31/01/2026")); err != nil || d != a {
		t.Errorf("UnmarshalText = %v, %v", d, err)
	}
}
