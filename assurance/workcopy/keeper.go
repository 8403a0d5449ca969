package workcopy

import (
	"context"
	"time"

	"github.com/nhsguardian/guardian/assurance"
)

// The Store a session hands out is also an assurance.Keeper, so a user
// interface that holds only the Store can show where the log is kept and
// offer the choices a conflict needs, without importing this package.
var _ assurance.Keeper = (*tracked)(nil)

// Keeping reports where the log lives and how it is kept.
func (t *tracked) Keeping() assurance.Keeping {
	st := t.s.Status()
	k := assurance.Keeping{Local: st.InPlace, Where: st.Place.Plain(), Encrypted: t.s.Encrypted(),
		LastSaved: st.LastSaved, Unsaved: st.Unsaved}
	if st.HeldBy != nil {
		k.HeldBy = st.HeldBy.String()
		k.HeldStale = st.HeldBy.Gone() || st.HeldBy.OlderThan(t.s.opts.StaleAfter, time.Now())
		k.HeldElsewhere = st.HeldBy.Elsewhere()
	}
	if st.Conflict != nil {
		k.Conflict = st.Conflict.Message()
	}
	return k
}

func (t *tracked) SendCopy(ctx context.Context, dest, passphrase string) error {
	return t.s.SendCopy(ctx, dest, passphrase)
}

func (t *tracked) SaveMineAs(ctx context.Context, dest string) (assurance.Store, error) {
	s, err := t.s.SaveMineAs(ctx, dest)
	if err != nil {
		return nil, err
	}
	return s.Store(), nil
}

func (t *tracked) OpenTheirs(ctx context.Context) (assurance.Store, string, error) {
	s, kept, err := t.s.OpenTheirs(ctx)
	if err != nil {
		return nil, kept, err
	}
	return s.Store(), kept, nil
}
