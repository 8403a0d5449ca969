package workcopy

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// The import's reads pass through to the working copy's store; its writes
// go through Batch, which already reports the change to the session.
var _ assurance.ImportLog = (*tracked)(nil)

func (t *tracked) importLog() (assurance.ImportLog, error) {
	il, ok := t.Store.(assurance.ImportLog)
	if !ok {
		return nil, assurance.Errorf(assurance.EINTERNAL, "This log cannot take imports")
	}
	return il, nil
}

func (t *tracked) ImportedKeys(ctx context.Context) (map[string]string, error) {
	il, err := t.importLog()
	if err != nil {
		return nil, err
	}
	return il.ImportedKeys(ctx)
}

func (t *tracked) ImportMapping(ctx context.Context, shape string) (map[string]string, error) {
	il, err := t.importLog()
	if err != nil {
		return nil, err
	}
	return il.ImportMapping(ctx, shape)
}
