package reliability

import (
	"context"
	"fmt"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// snapshot describes everything a log holds, as text, so that "the log is
// unchanged" can be checked after a failed write: every question with its
// version and texts, every action, every evidence item with its hash, the
// settings and the number of audit entries.
func snapshot(s assurance.Store) (string, error) {
	ctx := context.Background()
	var b strings.Builder
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return "", err
	}
	for _, q := range qs {
		fmt.Fprintf(&b, "Q %d %s v%d %s %s %s %s\n", q.ID, q.Ref, q.Version, q.Status, q.Level, sum(q.Text), sum(q.Response))
	}
	acts, err := s.Actions(ctx, 0)
	if err != nil {
		return "", err
	}
	for _, a := range acts {
		fmt.Fprintf(&b, "A %d q%d v%d %s\n", a.ID, a.QuestionID, a.Version, sum(a.Text))
	}
	evs, err := s.EvidenceList(ctx, 0)
	if err != nil {
		return "", err
	}
	for _, e := range evs {
		fmt.Fprintf(&b, "E %d q%d %d %s %q\n", e.ID, e.QuestionID, e.Size, e.SHA256, e.Name)
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "S %q %q %q\n", st.Organisation, st.Guardian, st.SecurityMarking)
	audit, err := s.Audit(ctx, assurance.AuditFilter{})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "audit %d\n", len(audit))
	return b.String(), nil
}
