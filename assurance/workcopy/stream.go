package workcopy

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// An export's evidence copy reads through the store's own one-pass stream.
var _ assurance.EvidenceStreamer = (*tracked)(nil)

func (t *tracked) StreamEvidence(ctx context.Context, list []*assurance.Evidence, fn func(assurance.EvidencePart) error) error {
	return assurance.StreamEvidence(ctx, t.Store, list, fn)
}
