// Package transfer copies a whole assurance log from one store to another,
// such as a file log into a shared database (guardianctl publish) and back
// (guardianctl pull), and compares two logs field by field.
package transfer

import (
	"context"
	"fmt"

	"github.com/nhsguardian/guardian/assurance"
)

// Counts is what a copy moved.
type Counts struct {
	Meetings, Questions, Actions, Evidence, Audit, Periods int
	EvidenceBytes                                          int64
	// Already is true when the destination held exactly this log already,
	// so nothing was copied.
	Already bool
}

func (c Counts) String() string {
	return fmt.Sprintf("%d questions, %d meetings, %d actions, %d evidence files (%s), %d reporting periods, %d audit entries",
		c.Questions, c.Meetings, c.Actions, c.Evidence, assurance.FormatSize(c.EvidenceBytes), c.Periods, c.Audit)
}

// Copy copies src whole into dst, which must be empty or already hold
// exactly src's history (then nothing is copied: copying twice never
// duplicates). Every evidence file is streamed across with its SHA-256
// checked on the way out and on the way in, and the copy is one
// transaction: it arrives whole or not at all. Afterwards dst's own Check
// verifies every evidence file again.
func Copy(ctx context.Context, src assurance.Reader, dst assurance.Store) (Counts, error) {
	r, ok := dst.(assurance.Restorer)
	if !ok {
		return Counts{}, assurance.Errorf(assurance.EINVALID, "This kind of log cannot take a copy of another")
	}
	srcAudit, err := src.Audit(ctx, assurance.AuditFilter{})
	if err != nil {
		return Counts{}, err
	}
	dstAudit, err := dst.Audit(ctx, assurance.AuditFilter{})
	if err != nil {
		return Counts{}, err
	}
	if len(dstAudit) > 0 {
		if diffs, err := Diff(ctx, src, dst); err != nil || len(diffs) > 0 {
			if err != nil {
				return Counts{}, err
			}
			return Counts{}, assurance.Errorf(assurance.ECONFLICT,
				"The destination already holds a different log (%d differences, first: %s); nothing was copied", len(diffs), diffs[0])
		}
		c, err := count(ctx, src)
		c.Already = true
		return c, err
	}
	var c Counts
	err = r.Restore(ctx, func(w assurance.RecordWriter) error {
		st, err := src.Settings(ctx)
		if err != nil {
			return err
		}
		if err := w.PutSettings(ctx, st); err != nil {
			return err
		}
		ms, err := src.Meetings(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := w.PutMeeting(ctx, m); err != nil {
				return err
			}
		}
		qs, err := src.Questions(ctx, assurance.QuestionFilter{})
		if err != nil {
			return err
		}
		for _, q := range qs {
			if err := w.PutQuestion(ctx, q); err != nil {
				return err
			}
		}
		if c.Periods, err = putPeriods(ctx, src, w); err != nil {
			return err
		}
		as, err := src.Actions(ctx, 0)
		if err != nil {
			return err
		}
		for _, a := range as {
			if err := w.PutAction(ctx, a); err != nil {
				return err
			}
		}
		ev, err := src.EvidenceList(ctx, 0)
		if err != nil {
			return err
		}
		for _, e := range ev {
			if err := putEvidence(ctx, src, w, e); err != nil {
				return err
			}
			c.EvidenceBytes += e.Size
		}
		// Oldest first, so that the copy's entries come in the same order.
		for i := len(srcAudit) - 1; i >= 0; i-- {
			if err := w.PutAudit(ctx, srcAudit[i]); err != nil {
				return err
			}
		}
		c.Meetings, c.Questions, c.Actions, c.Evidence, c.Audit = len(ms), len(qs), len(as), len(ev), len(srcAudit)
		return nil
	})
	if err != nil {
		return Counts{}, err
	}
	rep, err := dst.Check(ctx)
	if err != nil {
		return c, err
	}
	if !rep.OK() || rep.EvidenceChecked != c.Evidence {
		return c, assurance.Errorf(assurance.ECORRUPT, "The copy did not check out: %d problems, %d of %d evidence files damaged",
			len(rep.Integrity), len(rep.BadEvidence), c.Evidence)
	}
	return c, nil
}

// putPeriods copies src's reporting periods with their answers and
// maturity, if src keeps periods, and returns how many it copied.
func putPeriods(ctx context.Context, src assurance.Reader, w assurance.RecordWriter) (int, error) {
	pr, ok := src.(assurance.PeriodReader)
	if !ok {
		return 0, nil
	}
	ps, err := pr.Periods(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range ps {
		answers, err := pr.AnswersIn(ctx, p.ID)
		if err != nil {
			return 0, err
		}
		maturity, err := pr.Maturity(ctx, p.ID)
		if err != nil {
			return 0, err
		}
		if err := w.PutPeriod(ctx, p, answers, maturity); err != nil {
			return 0, err
		}
	}
	return len(ps), nil
}

func putEvidence(ctx context.Context, src assurance.Reader, w assurance.RecordWriter, e *assurance.Evidence) error {
	r, err := src.OpenEvidence(ctx, e.ID)
	if err != nil {
		return err
	}
	defer r.Close()
	return w.PutEvidence(ctx, e, r)
}

func count(ctx context.Context, s assurance.Reader) (Counts, error) {
	var c Counts
	ms, err := s.Meetings(ctx)
	if err != nil {
		return c, err
	}
	qs, err := s.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return c, err
	}
	as, err := s.Actions(ctx, 0)
	if err != nil {
		return c, err
	}
	ev, err := s.EvidenceList(ctx, 0)
	if err != nil {
		return c, err
	}
	au, err := s.Audit(ctx, assurance.AuditFilter{})
	if err != nil {
		return c, err
	}
	for _, e := range ev {
		c.EvidenceBytes += e.Size
	}
	if pr, ok := s.(assurance.PeriodReader); ok {
		ps, err := pr.Periods(ctx)
		if err != nil {
			return c, err
		}
		c.Periods = len(ps)
	}
	c.Meetings, c.Questions, c.Actions, c.Evidence, c.Audit = len(ms), len(qs), len(as), len(ev), len(au)
	return c, nil
}
