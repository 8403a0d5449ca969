package assurance

import (
	"errors"
	"fmt"
	"time"
)

// Conflict is the detail of an ECONFLICT refusal to save a question that
// someone else saved first: who, when, their version, and how the two
// versions differ from the one both started from, so a user interface can
// show them side by side. A store that knows these details wraps a
// *Conflict in the ECONFLICT error.
type Conflict struct {
	By     string    // who saved their version, as recorded in the audit log
	At     time.Time // when
	Theirs *Question // the question as it is stored now
	// Comparison holds one entry: the version both started from (when the
	// audit log still has it) against mine and theirs.
	Comparison Comparison
}

func (c *Conflict) Error() string {
	return fmt.Sprintf("%s was saved by %s at %s", c.Theirs.Ref, c.By, c.At.Format(time.RFC3339))
}

// ConflictOf returns the details of a save conflict in err's chain, or nil.
func ConflictOf(err error) *Conflict {
	var c *Conflict
	if errors.As(err, &c) {
		return c
	}
	return nil
}

// SideBySide lists every field of a question as its form shows it,
// labelled and formatted, with mine's value as Before and theirs as
// After: the two versions of a conflict, to be shown side by side.
func SideBySide(mine, theirs *Question) []FieldChange {
	a, b := mine.auditFields(), theirs.auditFields()
	out := make([]FieldChange, len(a))
	for i := range a {
		out[i] = FieldChange{Field: a[i].field, Label: a[i].label, Before: a[i].value, After: b[i].value}
	}
	return out
}
