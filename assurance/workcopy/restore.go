package workcopy

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

var _ assurance.Restorer = (*tracked)(nil)

// Restore fills the empty log record by record (guardianctl pull), saved
// back like any other change.
func (t *tracked) Restore(ctx context.Context, fn func(w assurance.RecordWriter) error) error {
	r, ok := t.Store.(assurance.Restorer)
	if !ok {
		return assurance.Errorf(assurance.EINVALID, "This kind of log cannot take a copy of another")
	}
	return t.write(func() error { return r.Restore(ctx, fn) })
}
