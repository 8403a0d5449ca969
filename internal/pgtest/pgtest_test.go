package pgtest_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

var srv *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, &srv) }

// The server answers on its socket only, and not as root.
func TestServerRunsOnASocketOnly(t *testing.T) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.URL(pgtest.Superuser, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var listen, version string
	if err := conn.QueryRow(ctx, `SELECT current_setting('listen_addresses'), current_setting('server_version_num')`).Scan(&listen, &version); err != nil {
		t.Fatal(err)
	}
	if listen != "" || version < "150000" {
		t.Fatalf("listen_addresses %q, version %s", listen, version)
	}
	if _, err := os.Stat(srv.Dir + "/.s.PGSQL.5432"); err != nil {
		t.Fatal(err)
	}
}
