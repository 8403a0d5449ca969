package pgtest_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

var srv *pgtest.Server

func TestMain(m *testing.M) {
	if os.Getenv("PGTEST_HELPER") != "" {
		os.Exit(m.Run()) // the helper starts its own server
	}
	pgtest.Main(m, &srv)
}

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

// A test run that dies (a panic, a timeout, kill -9) cannot stop its
// server; the next run's Start does.
func TestLeftoverServerIsStopped(t *testing.T) {
	if os.Getenv("PGTEST_HELPER") != "" {
		s, err := pgtest.Start()
		if err != nil {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		fmt.Println(s.Dir)
		time.Sleep(time.Minute) // killed long before
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeftoverServerIsStopped$")
	cmd.Env = append(os.Environ(), "PGTEST_HELPER=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "/") {
		cmd.Process.Kill()
		t.Fatalf("helper said %q, %v", line, err)
	}
	dir := strings.TrimSpace(line)
	cmd.Process.Kill() // as a panic or timeout would end it: no Stop
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, "data", "postmaster.pid")); err != nil {
		t.Fatalf("the helper's server was not running: %v", err)
	}
	s, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the dead run's server folder %s is still there: %v", dir, err)
	}
}
