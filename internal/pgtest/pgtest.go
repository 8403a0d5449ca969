// Package pgtest runs a throwaway PostgreSQL server for tests: initdb into a
// temporary folder, listening on a Unix socket in that folder only (no TCP),
// stopped and removed when the tests end, also when they fail.
//
// PostgreSQL refuses to run as root, and CI and these sessions run as root,
// so the server programs then run as the unprivileged user nobody (through
// runuser), which owns the folder.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Superuser is the bootstrap superuser initdb makes. Tests use it only to
// create roles and databases, never to run Guardian.
const Superuser = "postgres"

// PasswordGroup is the role whose members must give their password.
const PasswordGroup = "pgtest_password"

// Server is a running throwaway server.
type Server struct {
	Dir  string // the temporary folder: data, socket and log
	bin  string
	as   []string // command prefix that runs a program as the server's user
	data string
	// Port is the server's port: 5432 unless it listens on TCP (StartTLS).
	Port int
}

// Missing is the message when the server programs are not installed.
const Missing = "PostgreSQL server programs (initdb, pg_ctl) not found: install Debian's postgresql package " +
	"(apt-get install postgresql; make test does this) or set GUARDIAN_PG_BIN to the folder holding them"

// Main is a TestMain for packages that need a server: it starts one, runs
// each setup on it, stores it in *srv, runs the tests and stops it. When the
// server cannot start the tests fail with the reason; they never skip
// silently.
func Main(m *testing.M, srv **Server, setup ...func(*Server) error) {
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: cannot start PostgreSQL for the tests:", err)
		os.Exit(1)
	}
	for _, f := range setup {
		if err := f(s); err != nil {
			s.Stop()
			fmt.Fprintln(os.Stderr, "FAIL: cannot set up PostgreSQL for the tests:", err)
			os.Exit(1)
		}
	}
	*srv = s
	// An interrupted run still stops the server.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		s.Stop()
		os.Exit(2)
	}()
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest: stopping the server:", err)
	}
	os.Exit(code)
}

// Bin finds the folder holding initdb and pg_ctl: $GUARDIAN_PG_BIN, the
// newest /usr/lib/postgresql/N/bin (Debian keeps them off PATH), or PATH.
func Bin() (string, error) {
	if d := os.Getenv("GUARDIAN_PG_BIN"); d != "" {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err != nil {
			return "", fmt.Errorf("GUARDIAN_PG_BIN=%s has no initdb: %s", d, Missing)
		}
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New(Missing)
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

const dirPrefix = "guardian-pg-"

// Start makes and starts a new server.
func Start() (*Server, error) { return start(nil, nil) }

// StartTLS starts a server that also listens on 127.0.0.1, on a free port
// (Server.Port), where it accepts only TLS connections, with the given
// certificate and key in PEM. PostgreSQL never uses TLS on a Unix socket,
// so testing it takes TCP; the socket stays for the set-up.
func StartTLS(certPEM, keyPEM []byte) (*Server, error) { return start(certPEM, keyPEM) }

func start(certPEM, keyPEM []byte) (*Server, error) {
	bin, err := Bin()
	if err != nil {
		return nil, err
	}
	s := &Server{bin: bin, Port: 5432}
	parent := os.TempDir()
	uid, gid := -1, -1
	if os.Geteuid() == 0 {
		// The folder must be reachable by nobody, which a root-only TMPDIR is not.
		parent = "/tmp"
		u, err := user.Lookup("nobody")
		if err != nil {
			return nil, fmt.Errorf("running as root, PostgreSQL needs an unprivileged user to run as: %w", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
		s.as = []string{"runuser", "-u", "nobody", "--"}
	}
	stopLeftovers(parent)
	if s.Dir, err = os.MkdirTemp(parent, dirPrefix); err != nil {
		return nil, err
	}
	// Leftover servers of a run that died without stopping them are found by this.
	if err := os.WriteFile(filepath.Join(s.Dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	if uid >= 0 {
		if err := os.Chown(s.Dir, uid, gid); err != nil {
			os.RemoveAll(s.Dir)
			return nil, err
		}
	}
	s.data = filepath.Join(s.Dir, "data")
	if out, err := s.run("initdb", "-D", s.data, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(s.Dir)
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	// Every login may connect without a password, except members of
	// PasswordGroup, so that tests can also see a wrong password refused.
	hba := fmt.Sprintf("local all +%s scram-sha-256\nlocal all all trust\n", PasswordGroup)
	files := map[string][]byte{}
	listen := "''"
	tls := ""
	if certPEM != nil {
		// Over TCP only TLS is accepted, so a connection that works used it.
		hba += "hostssl all all 127.0.0.1/32 trust\n"
		files["server.crt"], files["server.key"] = certPEM, keyPEM
		if s.Port, err = freePort(); err != nil {
			os.RemoveAll(s.Dir)
			return nil, err
		}
		listen = "127.0.0.1"
		tls = fmt.Sprintf(" -c port=%d -c ssl=on -c ssl_cert_file=%s -c ssl_key_file=%s", s.Port,
			filepath.Join(s.data, "server.crt"), filepath.Join(s.data, "server.key"))
	}
	files["pg_hba.conf"] = []byte(hba)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(s.data, name), b, 0o600); err != nil {
			os.RemoveAll(s.Dir)
			return nil, err
		}
		if uid >= 0 {
			if err := os.Chown(filepath.Join(s.data, name), uid, gid); err != nil {
				os.RemoveAll(s.Dir)
				return nil, err
			}
		}
	}
	// fsync off: a test server's data is thrown away, so losing it in a
	// power cut is no loss, and the tests run several times faster. A load
	// test measuring what people would see sets GUARDIAN_PG_DURABLE=1.
	durability := "-c fsync=off -c full_page_writes=off"
	if os.Getenv("GUARDIAN_PG_DURABLE") != "" {
		durability = "-c fsync=on -c full_page_writes=on -c synchronous_commit=on"
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses=%s %s -c max_connections=120%s", s.Dir, listen, durability, tls)
	if out, err := s.run("pg_ctl", "-D", s.data, "-o", opts, "-l", filepath.Join(s.Dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		os.RemoveAll(s.Dir)
		return nil, fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	return s, nil
}

func (s *Server) run(prog string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, s.as...), filepath.Join(s.bin, prog)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = s.Dir // nobody may not be able to read the caller's folder
	return cmd.CombinedOutput()
}

// Stop stops the server and removes its folder.
func (s *Server) Stop() error {
	if s == nil || s.Dir == "" {
		return nil
	}
	out, err := s.run("pg_ctl", "-D", s.data, "-m", "fast", "-w", "stop")
	if err != nil {
		err = fmt.Errorf("pg_ctl stop: %w\n%s", err, out)
	}
	return errors.Join(err, os.RemoveAll(s.Dir))
}

// URL is the connection string for user on database db over the socket.
func (s *Server) URL(user, db string) string {
	return fmt.Sprintf("postgres:///%s?host=%s&port=%d&user=%s&sslmode=disable", db, s.Dir, s.Port, user)
}

// freePort is a TCP port on 127.0.0.1 nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Exec runs statements as the superuser on database db.
func (s *Server) Exec(ctx context.Context, db string, sql ...string) error {
	conn, err := pgx.Connect(ctx, s.URL(Superuser, db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for _, q := range sql {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
