package workcopy

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// Changes to reporting periods and maturity are changes like any other:
// each goes through write, so it is saved back and refused while someone
// else holds the log.

func (t *tracked) StartPeriod(ctx context.Context, p *assurance.Period) error {
	return t.write(func() error { return t.Store.StartPeriod(ctx, p) })
}

func (t *tracked) ClosePeriod(ctx context.Context, id int64) error {
	return t.write(func() error { return t.Store.ClosePeriod(ctx, id) })
}

func (t *tracked) ReopenPeriod(ctx context.Context, id int64) error {
	return t.write(func() error { return t.Store.ReopenPeriod(ctx, id) })
}

func (t *tracked) SetMaturity(ctx context.Context, m *assurance.AreaMaturity) error {
	return t.write(func() error { return t.Store.SetMaturity(ctx, m) })
}

func (t *tracked) SetPeriodAnswer(ctx context.Context, a *assurance.PeriodAnswer) error {
	return t.write(func() error { return t.Store.SetPeriodAnswer(ctx, a) })
}
