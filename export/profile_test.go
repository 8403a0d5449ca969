package export_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
)

// TestProfileLog exports the log named by GUARDIAN_PROFILE_LOG, for
// profiling the whole export as guardianctl runs it (docs/performance.md):
//
//	guardianctl demo --questions 10000 --evidence 20000 --seed 1 /tmp/big.guardian
//	GUARDIAN_PROFILE_LOG=/tmp/big.guardian go test ./export/ -run TestProfileLog -count=1 \
//	    -cpuprofile cpu.prof -memprofile mem.prof -memprofilerate 65536
func TestProfileLog(t *testing.T) {
	path := os.Getenv("GUARDIAN_PROFILE_LOG")
	if path == "" {
		t.Skip("set GUARDIAN_PROFILE_LOG to a log to profile an export of it")
	}
	s, err := sqlite.Open(path, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// GUARDIAN_PROFILE_EVIDENCE=1 copies the evidence files out too.
	opt := export.Options{IncludeEvidence: os.Getenv("GUARDIAN_PROFILE_EVIDENCE") != ""}
	res, err := export.WriteFile(context.Background(), s, catalogue(t), filepath.Join(t.TempDir(), "paper.xlsx"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d questions, %d actions, %d evidence items", res.Questions, res.Actions, res.Evidence)
}
