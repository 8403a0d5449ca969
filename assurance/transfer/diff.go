package transfer

import (
	"context"
	"fmt"
	"reflect"

	"github.com/nhsguardian/guardian/assurance"
)

// Diff compares two logs record by record, every field, and lists the
// differences in words; none means the logs hold the same. Evidence is
// compared by its recorded SHA-256 and size; Copy and Check verify that the
// bytes match them.
func Diff(ctx context.Context, a, b assurance.Reader) ([]string, error) {
	var out []string
	sa, err := a.Settings(ctx)
	if err != nil {
		return nil, err
	}
	sb, err := b.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if sa != sb {
		out = append(out, fmt.Sprintf("settings: %+v and %+v", sa, sb))
	}
	type lists struct {
		what string
		get  func(assurance.Reader) (any, error)
	}
	for _, l := range []lists{
		{"meetings", func(r assurance.Reader) (any, error) { return normal(r.Meetings(ctx)) }},
		{"questions", func(r assurance.Reader) (any, error) {
			return normal(r.Questions(ctx, assurance.QuestionFilter{}))
		}},
		{"actions", func(r assurance.Reader) (any, error) { return normal(r.Actions(ctx, 0)) }},
		{"evidence", func(r assurance.Reader) (any, error) { return normal(r.EvidenceList(ctx, 0)) }},
		{"audit entries", func(r assurance.Reader) (any, error) { return normal(r.Audit(ctx, assurance.AuditFilter{})) }},
	} {
		va, err := l.get(a)
		if err != nil {
			return nil, err
		}
		vb, err := l.get(b)
		if err != nil {
			return nil, err
		}
		out = append(out, diffLists(l.what, va.([]any), vb.([]any))...)
	}
	pa, okA := a.(assurance.PeriodReader)
	pb, okB := b.(assurance.PeriodReader)
	if okA != okB {
		return append(out, "one log keeps reporting periods and the other does not"), nil
	}
	if okA {
		d, err := diffPeriods(ctx, pa, pb)
		if err != nil {
			return nil, err
		}
		out = append(out, d...)
	}
	return out, nil
}

// diffPeriods compares two logs' reporting periods and, period by period,
// their answers and maturity.
func diffPeriods(ctx context.Context, a, b assurance.PeriodReader) ([]string, error) {
	psa, err := a.Periods(ctx)
	if err != nil {
		return nil, err
	}
	psb, err := b.Periods(ctx)
	if err != nil {
		return nil, err
	}
	na, err := normal(psa, nil)
	if err != nil {
		return nil, err
	}
	nb, err := normal(psb, nil)
	if err != nil {
		return nil, err
	}
	out := diffLists("reporting periods", na.([]any), nb.([]any))
	for _, p := range psa {
		for _, l := range []struct {
			what string
			get  func(assurance.PeriodReader) (any, error)
		}{
			{"answers in " + p.Name, func(r assurance.PeriodReader) (any, error) { return normal(r.AnswersIn(ctx, p.ID)) }},
			{"maturity in " + p.Name, func(r assurance.PeriodReader) (any, error) { return normal(r.Maturity(ctx, p.ID)) }},
		} {
			va, err := l.get(a)
			if err != nil {
				return nil, err
			}
			vb, err := l.get(b)
			if err != nil {
				return nil, err
			}
			out = append(out, diffLists(l.what, va.([]any), vb.([]any))...)
		}
	}
	return out, nil
}

// normal turns a list of records into values with times in UTC, so that
// two stores' reads of the same instant compare equal.
func normal[T any](list []*T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, p := range list {
		v := *p
		switch x := any(&v).(type) {
		case *assurance.Meeting:
			x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
		case *assurance.Question:
			x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
		case *assurance.Action:
			x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
		case *assurance.Evidence:
			x.AddedAt = x.AddedAt.UTC()
		case *assurance.AuditEntry:
			x.At = x.At.UTC()
		case *assurance.Period:
			x.CreatedAt, x.ClosedAt = x.CreatedAt.UTC(), x.ClosedAt.UTC()
		case *assurance.PeriodAnswer:
			x.UpdatedAt = x.UpdatedAt.UTC()
		case *assurance.AreaMaturity:
			x.UpdatedAt = x.UpdatedAt.UTC()
		}
		out[i] = v
	}
	return out, nil
}

func diffLists(what string, a, b []any) []string {
	var out []string
	if len(a) != len(b) {
		out = append(out, fmt.Sprintf("%s: %d and %d", what, len(a), len(b)))
	}
	for i := 0; i < min(len(a), len(b)); i++ {
		if !reflect.DeepEqual(a[i], b[i]) {
			out = append(out, fmt.Sprintf("%s #%d: %+v and %+v", what, i+1, a[i], b[i]))
		}
	}
	return out
}
