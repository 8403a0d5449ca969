package sqlite_test

import (
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/storetest"
)

// TestConformance runs the suite every Store must pass against a log file.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) assurance.Store { s, _ := newLog(t); return s },
		Reopen: func(t *testing.T, s assurance.Store, readOnly bool) assurance.Store {
			opt := options()
			opt.ReadOnly = readOnly
			return reopen(t, s.(*sqlite.Store), s.Info().Path, opt)
		},
	})
}
