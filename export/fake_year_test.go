package export_test

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// fakeYear is an in-memory assurance.YearStore for the paper's year sheets.
// Its writes are not needed by the export and refuse.
type fakeYear struct {
	ls        assurance.LogSettings
	requests  []*assurance.EvidenceRequest
	decisions []*assurance.Decision
	tags      map[int64][]string
	kinds     map[int64]string
	covers    map[int64]assurance.CoverSheet
}

var _ assurance.YearStore = (*fakeYear)(nil)

var errFakeWrite = assurance.Errorf(assurance.EREADONLY, "the fake log is read-only")

func (y *fakeYear) EvidenceRequests(_ context.Context, f assurance.RequestFilter) ([]*assurance.EvidenceRequest, error) {
	var out []*assurance.EvidenceRequest
	for _, r := range y.requests {
		if f.Match(r) {
			out = append(out, r)
		}
	}
	return out, nil
}
func (y *fakeYear) CreateEvidenceRequest(context.Context, *assurance.EvidenceRequest) error {
	return errFakeWrite
}
func (y *fakeYear) UpdateEvidenceRequest(context.Context, *assurance.EvidenceRequest) error {
	return errFakeWrite
}
func (y *fakeYear) DeleteEvidenceRequest(context.Context, int64) error { return errFakeWrite }
func (y *fakeYear) ReceiveEvidence(context.Context, int64, int64, assurance.Date) error {
	return errFakeWrite
}
func (y *fakeYear) EvidenceKindsOf(context.Context) (map[int64]string, error) { return y.kinds, nil }
func (y *fakeYear) SetEvidenceKind(context.Context, int64, string) error      { return errFakeWrite }
func (y *fakeYear) Decisions(context.Context) ([]*assurance.Decision, error) {
	return y.decisions, nil
}
func (y *fakeYear) CreateDecision(context.Context, *assurance.Decision) error { return errFakeWrite }
func (y *fakeYear) UpdateDecision(context.Context, *assurance.Decision) error { return errFakeWrite }
func (y *fakeYear) DeleteDecision(context.Context, int64) error               { return errFakeWrite }
func (y *fakeYear) LogSettings(context.Context) (assurance.LogSettings, error) {
	ls := y.ls
	ls.Normalise()
	return ls, nil
}
func (y *fakeYear) UpdateLogSettings(context.Context, assurance.LogSettings) error {
	return errFakeWrite
}
func (y *fakeYear) QuestionTags(context.Context) (map[int64][]string, error) { return y.tags, nil }
func (y *fakeYear) SetQuestionTags(context.Context, int64, []string) error   { return errFakeWrite }
func (y *fakeYear) CoverSheet(_ context.Context, id int64) (assurance.CoverSheet, error) {
	return y.covers[id], nil
}
func (y *fakeYear) SaveCoverSheet(context.Context, int64, assurance.CoverSheet) error {
	return errFakeWrite
}
func (y *fakeYear) Catalogue() *assurance.Catalogue { return nil }
func (y *fakeYear) AddFramework(context.Context, []byte) ([]*assurance.Framework, error) {
	return nil, errFakeWrite
}
