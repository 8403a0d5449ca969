package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dbError turns a database error into an *assurance.Error whose message a
// user can act on; the SQLite error stays wrapped for logs. Errors that are
// already *assurance.Error pass through unchanged.
func dbError(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ae *assurance.Error
	if errors.As(err, &ae) {
		return err
	}
	msg := fmt.Sprintf(format, args...)
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return assurance.WrapError(assurance.ELOCKED, err,
				"%s: the log is in use by another person or program. Try again in a moment", msg)
		case sqlite3.SQLITE_READONLY:
			return assurance.WrapError(assurance.EREADONLY, err,
				"%s: the log cannot be written (the file or its folder is read-only)", msg)
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return assurance.WrapError(assurance.ECORRUPT, err, "%s: the log is damaged. Use a backup copy", msg)
		case sqlite3.SQLITE_FULL:
			return assurance.WrapError(assurance.EINTERNAL, err, "%s: the disk is full", msg)
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM:
			return assurance.WrapError(assurance.EINTERNAL, err, "%s: the file could not be read or written", msg)
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return assurance.WrapError(assurance.EINTERNAL, err, "%s: cancelled", msg)
	}
	return assurance.WrapError(assurance.EINTERNAL, err, "%s", msg)
}

// readOnlyError is returned for every change to a log opened read-only.
func (s *Store) readOnlyError() error {
	return assurance.Errorf(assurance.EREADONLY, "%q is open read-only: changes cannot be saved", s.name())
}

func (s *Store) name() string { return filepath.Base(s.path) }

// timeLayout stores timestamps as fixed-width RFC 3339 in UTC, so that they
// sort and compare correctly as text.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

// now is the timestamp of a change, to the microsecond so that it
// round-trips exactly through text.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// timeCol scans a stored timestamp.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	s, err := textOf(v)
	if err != nil || s == "" {
		*c.t = time.Time{}
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("stored time %q: %w", s, err)
	}
	*c.t = t
	return nil
}

// dateCol scans a stored date; empty text means no date.
type dateCol struct{ d *assurance.Date }

func (c dateCol) Scan(v any) error {
	s, err := textOf(v)
	if err != nil || s == "" {
		*c.d = assurance.Date{}
		return err
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("stored date %q: %w", s, err)
	}
	*c.d = assurance.DateOf(t)
	return nil
}

func textOf(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	}
	return "", fmt.Errorf("stored value %v is not text", v)
}

// dateText is how dates are stored: ISO, empty for no date.
func dateText(d assurance.Date) string { return d.String() }

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// fieldParser parses packed text fields, keeping the first error.
type fieldParser struct{ err error }

func (p *fieldParser) int(dst *int64, s string) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("stored number %q: %w", s, err)
	}
	*dst = v
}

func (p *fieldParser) date(dst *assurance.Date, s string) {
	if err := (dateCol{dst}).Scan(s); err != nil && p.err == nil {
		p.err = err
	}
}

func (p *fieldParser) time(dst *time.Time, s string) {
	if err := (timeCol{dst}).Scan(s); err != nil && p.err == nil {
		p.err = err
	}
}

// busy reports whether err is SQLite saying another connection has the log.
func busy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}
