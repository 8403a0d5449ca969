package postgres_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/assurance/storetest"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

var (
	srv *pgtest.Server
	ctx = context.Background()
)

// The database is set up as an NHS IT team would: an owner role that holds
// the tables and is never used by Guardian, and one login role per person.
const (
	db     = "guardian"
	owner  = "guardian_owner"
	tester = "tester"
)

func TestMain(m *testing.M) { pgtest.Main(m, &srv, setupDatabase) }

// setupDatabase makes the roles and the shared log's database on s.
func setupDatabase(s *pgtest.Server) error {
	if err := s.Exec(ctx, "postgres",
		`CREATE ROLE `+owner+` LOGIN CREATEROLE`,
		`CREATE DATABASE `+db+` OWNER `+owner,
		`CREATE ROLE `+tester+` LOGIN`,
		`CREATE ROLE amira LOGIN`,
		`CREATE ROLE ben LOGIN`,
		`CREATE ROLE `+pgtest.PasswordGroup,
	); err != nil {
		return err
	}
	// As docs/shared-log.md sets it up: only people given access may
	// connect, and nobody but the owner creates objects.
	if err := s.Exec(ctx, db, `REVOKE ALL ON DATABASE `+db+` FROM PUBLIC`, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`); err != nil {
		return err
	}
	if _, _, err := postgres.Setup(ctx, s.URL(owner, db)); err != nil {
		return err
	}
	return s.Exec(ctx, db, `GRANT CONNECT ON DATABASE `+db+` TO guardian_user`)
}

func ownerURL() string { return srv.URL(owner, db) }

func options(org string) postgres.Options {
	return postgres.Options{Organisation: org, Catalogue: assets.MustCatalogue(), Actor: storetest.Actor}
}

var orgs atomic.Int64

// newOrganisation adds an organisation with member as its only member.
func newOrganisation(t testing.TB, member string) string {
	t.Helper()
	name := fmt.Sprintf("Trust %d (%s)", orgs.Add(1), strings.ReplaceAll(t.Name(), "/", " "))
	if err := postgres.AddOrganisation(ctx, ownerURL(), name); err != nil {
		t.Fatal(err)
	}
	if err := postgres.Grant(ctx, ownerURL(), name, member); err != nil {
		t.Fatal(err)
	}
	return name
}

func open(t testing.TB, user, org string, readOnly bool) *postgres.Store {
	t.Helper()
	opt := options(org)
	opt.ReadOnly = readOnly
	s, err := postgres.Open(ctx, srv.URL(user, db), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newLog(t testing.TB) *postgres.Store {
	t.Helper()
	return open(t, tester, newOrganisation(t, tester), false)
}

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Harness{
		New: func(t *testing.T) assurance.Store { return newLog(t) },
		Reopen: func(t *testing.T, s assurance.Store, readOnly bool) assurance.Store {
			org := s.(*postgres.Store).Organisation()
			s.Close()
			return open(t, tester, org, readOnly)
		},
		LargeEvidence: largeEvidence(),
		Damage: func(t *testing.T, s assurance.Store, marker []byte) assurance.Store {
			damageAfter(t, s.(*postgres.Store).Organisation(), marker)
			return s
		},
	})
}

// largeEvidence is the size streamed through the database in the
// bounded-memory test: 64 MiB by default, GUARDIAN_PG_LARGE_MIB to try more
// (1024 for the 1 GiB check).
func largeEvidence() int64 {
	var mib int64
	fmt.Sscan(os.Getenv("GUARDIAN_PG_LARGE_MIB"), &mib)
	return mib << 20
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := assurance.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
}

// damageAfter flips one stored byte, 10 after marker, in the organisation's
// evidence, as a superuser past the trigger that stops anyone else.
func damageAfter(t *testing.T, org string, marker []byte) {
	t.Helper()
	m := `'\x` + hex.EncodeToString(marker) + `'::bytea`
	at := fmt.Sprintf(`position(%s in c.data) - 1 + %d`, m, len(marker)+10)
	if err := srv.Exec(ctx, db, `ALTER TABLE guardian.blob_chunks DISABLE TRIGGER blob_chunks_immutable`,
		`UPDATE guardian.blob_chunks c SET data = set_byte(c.data, `+at+`, get_byte(c.data, `+at+`) # 1)
			FROM guardian.organisations o WHERE o.id = c.org_id AND o.name = '`+strings.ReplaceAll(org, "'", "''")+`'
			AND position(`+m+` in c.data) > 0`,
		`ALTER TABLE guardian.blob_chunks ENABLE TRIGGER blob_chunks_immutable`); err != nil {
		t.Fatal(err)
	}
}
