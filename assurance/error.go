package assurance

import (
	"errors"
	"fmt"
)

// Error codes. The UI turns each into plain words for the user; callers branch
// on the code, never on the message text.
const (
	EINVALID  = "invalid"   // the user's input breaks a rule
	ENOTFOUND = "not_found" // no such question, meeting, action or evidence
	ECONFLICT = "conflict"  // someone else changed it first
	EREADONLY = "read_only" // the log is open read-only
	ELOCKED   = "locked"    // the log is in use by another person or program
	ENOTLOG   = "not_log"   // the file is not a Guardian log
	ENEWER    = "newer"     // the log was written by a newer Guardian
	ECORRUPT  = "corrupt"   // the log or an evidence file is damaged
	EINTERNAL = "internal"  // anything else
)

// Error is the domain's error. Message is written for the user; Err keeps the
// underlying cause for logs and errors.Is.
type Error struct {
	Code    string
	Message string
	// Fields maps a field name (see the Field* constants) to what is wrong
	// with it, so a form can show each message beside its field.
	Fields map[string]string
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted user message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an *Error with the given code and message that wraps err.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic sentence for an internal error.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "Something went wrong inside Guardian. Nothing you entered has been lost; please try again."
}

// FieldErrors returns the per-field messages of a validation error.
func FieldErrors(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
