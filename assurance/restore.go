package assurance

import (
	"context"
	"io"
	"strconv"
	"strings"
)

// RecordWriter puts records into a log exactly as another log holds them:
// ids, references, versions, times and audit entries kept. It is how a log
// moves between a file and a shared database (assurance/transfer).
type RecordWriter interface {
	PutSettings(ctx context.Context, s Settings) error
	PutMeeting(ctx context.Context, m *Meeting) error
	PutQuestion(ctx context.Context, q *Question) error
	PutAction(ctx context.Context, a *Action) error
	// PutEvidence streams r in and refuses with ECORRUPT if its SHA-256 or
	// size is not what e records.
	PutEvidence(ctx context.Context, e *Evidence, r io.Reader) error
	PutAudit(ctx context.Context, e *AuditEntry) error
	// PutPeriod puts a reporting period with its answers and maturity, and
	// only then closes it if p is closed: a closed period takes no changes.
	PutPeriod(ctx context.Context, p *Period, answers []*PeriodAnswer, maturity []*AreaMaturity) error
}

// Restorer is a log that can be filled record by record.
type Restorer interface {
	// Restore runs fn in one transaction on a log that holds nothing yet
	// (no meetings, questions or audit entries; EINVALID otherwise); the
	// log's counters then continue after every id and reference put in,
	// and after those its audit entries name.
	Restore(ctx context.Context, fn func(w RecordWriter) error) error
}

// ParseRef returns the number in a question reference: 42 for Q-0042.
func ParseRef(ref string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(ref, "Q-"), 10, 64)
	if !ValidRef(ref) || err != nil {
		return 0, Errorf(EINVALID, "%q is not a question reference", ref)
	}
	return n, nil
}

// CheckArrived refuses, with ECORRUPT, a copy of e whose bytes came out with
// another SHA-256 or size than e records.
func (e *Evidence) CheckArrived(sum string, size int64) error {
	if sum == e.SHA256 && size == e.Size {
		return nil
	}
	return Errorf(ECORRUPT, "The evidence %q on %s arrived damaged (SHA-256 %.12s, %d bytes; recorded %s, %d bytes)",
		e.Name, e.QuestionRef, sum, size, e.ShortHash(), e.Size)
}
