package workcopy

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// Year returns the log's YearStore, whose changes are saved back like every
// other change; nil if the store keeps none.
func (t *tracked) Year() assurance.YearStore {
	y, ok := t.Store.(assurance.YearStore)
	if !ok {
		return nil
	}
	return &trackedYear{YearStore: y, t: t}
}

// trackedYear passes reads through and runs writes through tracked.write.
type trackedYear struct {
	assurance.YearStore
	t *tracked
}

func (y *trackedYear) CreateEvidenceRequest(ctx context.Context, r *assurance.EvidenceRequest) error {
	return y.t.write(func() error { return y.YearStore.CreateEvidenceRequest(ctx, r) })
}

func (y *trackedYear) UpdateEvidenceRequest(ctx context.Context, r *assurance.EvidenceRequest) error {
	return y.t.write(func() error { return y.YearStore.UpdateEvidenceRequest(ctx, r) })
}

func (y *trackedYear) DeleteEvidenceRequest(ctx context.Context, id int64) error {
	return y.t.write(func() error { return y.YearStore.DeleteEvidenceRequest(ctx, id) })
}

func (y *trackedYear) ReceiveEvidence(ctx context.Context, requestID, evidenceID int64, on assurance.Date) error {
	return y.t.write(func() error { return y.YearStore.ReceiveEvidence(ctx, requestID, evidenceID, on) })
}

func (y *trackedYear) SetEvidenceKind(ctx context.Context, evidenceID int64, kind string) error {
	return y.t.write(func() error { return y.YearStore.SetEvidenceKind(ctx, evidenceID, kind) })
}

func (y *trackedYear) CreateDecision(ctx context.Context, d *assurance.Decision) error {
	return y.t.write(func() error { return y.YearStore.CreateDecision(ctx, d) })
}

func (y *trackedYear) UpdateDecision(ctx context.Context, d *assurance.Decision) error {
	return y.t.write(func() error { return y.YearStore.UpdateDecision(ctx, d) })
}

func (y *trackedYear) DeleteDecision(ctx context.Context, id int64) error {
	return y.t.write(func() error { return y.YearStore.DeleteDecision(ctx, id) })
}

func (y *trackedYear) UpdateLogSettings(ctx context.Context, s assurance.LogSettings) error {
	return y.t.write(func() error { return y.YearStore.UpdateLogSettings(ctx, s) })
}

func (y *trackedYear) SetQuestionTags(ctx context.Context, questionID int64, tags []string) error {
	return y.t.write(func() error { return y.YearStore.SetQuestionTags(ctx, questionID, tags) })
}

func (y *trackedYear) SaveCoverSheet(ctx context.Context, meetingID int64, c assurance.CoverSheet) error {
	return y.t.write(func() error { return y.YearStore.SaveCoverSheet(ctx, meetingID, c) })
}

func (y *trackedYear) AddFramework(ctx context.Context, data []byte) (fws []*assurance.Framework, err error) {
	err = y.t.write(func() error {
		fws, err = y.YearStore.AddFramework(ctx, data)
		return err
	})
	return fws, err
}
