package postgres_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

// The backup docs/shared-log.md describes: pg_dump as the owner, and
// pg_restore into a new database, give back every organisation's log as it
// was, field by field, with its access rules.
func TestDumpAndRestore(t *testing.T) {
	orgA, orgB := newOrganisation(t, tester), newOrganisation(t, "amira")
	a, b := open(t, tester, orgA, false), open(t, "amira", orgB, false)
	fill(t, a, "Alpha")
	fill(t, b, "Beta")
	bin, err := pgtest.Bin()
	if err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "guardian.dump")
	if out, err := exec.Command(filepath.Join(bin, "pg_dump"), "--format=custom", "--file", dump, ownerURL()).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if err := srv.Exec(ctx, "postgres", `CREATE DATABASE restored OWNER `+owner); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(filepath.Join(bin, "pg_restore"), "--dbname", srv.URL(owner, "restored"), "--exit-on-error", dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	for _, c := range []struct {
		user, org string
		orig      assurance.Store
	}{{tester, orgA, a}, {"amira", orgB, b}} {
		r, err := postgres.Open(ctx, srv.URL(c.user, "restored"), options(c.org))
		if err != nil {
			t.Fatal(err)
		}
		diff(t, c.orig, r)
		if rep, err := r.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 1 {
			t.Fatalf("restored log of %s: %+v, %v", c.org, rep, err)
		}
		r.Close()
	}
	// The access rules came back too.
	_, err = postgres.Open(ctx, srv.URL("amira", "restored"), options(orgA))
	wantCode(t, err, assurance.ENOTFOUND)
}
