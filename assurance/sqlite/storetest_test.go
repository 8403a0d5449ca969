package sqlite_test

import (
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/assurance/storetest"
)

// TestConformance runs the suite every Store must pass against a log file.
// What only a file can show (its bytes on disk, its permissions, SQLite's
// own checks) is tested beside it in this package.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) assurance.Store { s, _ := newLog(t); return s },
		Reopen: func(t *testing.T, s assurance.Store, readOnly bool) assurance.Store {
			opt := options()
			opt.ReadOnly = readOnly
			return reopen(t, s.(*sqlite.Store), s.Info().Path, opt)
		},
		LargeEvidence: 200 << 20,
		Damage: func(t *testing.T, s assurance.Store, marker []byte) assurance.Store {
			path := s.Info().Path
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			flipByteAfter(t, path, marker)
			s2, err := sqlite.Open(path, options())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s2.Close() })
			return s2
		},
	})
}
