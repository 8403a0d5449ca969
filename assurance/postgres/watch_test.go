package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
)

// waitFor waits for a notification, failing the test if none comes within
// a minute (a bound, so a broken notify fails rather than hangs; not a
// speed check).
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Minute):
		t.Fatalf("no notification %s", what)
	}
}

// TestWatchHearsOtherConnections: a change committed on a second
// connection (another person's Guardian) is reported to the first, a
// change made through the watching Store itself is not, and neither is a
// change to another organisation's log.
func TestWatchHearsOtherConnections(t *testing.T) {
	org := newOrganisation(t, tester)
	mine := open(t, tester, org, false)
	theirs := open(t, tester, org, false)
	other := newLog(t)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	heard := make(chan struct{}, 16)
	if err := mine.Watch(wctx, func() { heard <- struct{}{} }); err != nil {
		t.Fatal(err)
	}
	// My own save, and another organisation's, are not reported.
	q := &assurance.Question{Area: "1.1", Text: "Mine", AskedOf: "CPO", RaisedOn: assurance.MustDate("2026-09-01")}
	if err := mine.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if err := other.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Elsewhere", AskedOf: "CPO", RaisedOn: assurance.MustDate("2026-09-01")}); err != nil {
		t.Fatal(err)
	}
	// Theirs is. A notification is delivered in commit order on the
	// server, so once theirs arrives anything earlier would have too.
	t2, err := theirs.Question(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	t2.Response = "Theirs"
	if err := theirs.UpdateQuestion(ctx, t2); err != nil {
		t.Fatal(err)
	}
	waitFor(t, heard, "for a change on another connection")
	if n := len(heard); n != 0 {
		t.Fatalf("%d more notifications, want only the other connection's change", n)
	}
	// A Batch of several changes is one notification.
	err = theirs.Batch(ctx, func(w assurance.Writer) error {
		for _, text := range []string{"One", "Two", "Three"} {
			if err := w.CreateQuestion(ctx, &assurance.Question{Area: "1.2", Text: text, AskedOf: "CPO", RaisedOn: assurance.MustDate("2026-09-01")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, heard, "for a batch")
	// Stopping the watch closes its connection: nothing is left listening.
	stop()
	conn, err := pgx.Connect(ctx, ownerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for range 100 {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND usename = $1`, tester).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the watch's connection is still open after its context was cancelled")
}

// TestAddressURL: a profile's fields make a URL the store opens, with
// Guardian's TLS default for a remote server and the socket folder for a
// local one.
func TestAddressURL(t *testing.T) {
	for _, c := range []struct {
		a    postgres.Address
		want string
	}{
		{postgres.Address{Host: "db.trust.nhs.uk", Database: "guardian", User: "jsmith"}, "postgres://jsmith@db.trust.nhs.uk/guardian"},
		{postgres.Address{Host: "db.trust.nhs.uk", Port: 6432, Database: "guardian", User: "j smith", TLS: "verify-full", CAFile: `C:\Users\é\root.crt`},
			"postgres://j%20smith@db.trust.nhs.uk:6432/guardian?sslmode=verify-full&sslrootcert=C%3A%5CUsers%5C%C3%A9%5Croot.crt"},
		{postgres.Address{Host: "/tmp/pg", Port: 5433, Database: "guardian", User: "tester"}, "postgres://tester@/guardian?host=%2Ftmp%2Fpg&port=5433"},
		{postgres.Address{Host: "::1", Database: "g", User: "u"}, "postgres://u@[::1]/g"},
	} {
		if got := c.a.URL(); got != c.want {
			t.Errorf("%+v: URL %s, want %s", c.a, got, c.want)
		}
	}
	if (postgres.Address{Host: "db.trust.nhs.uk"}).Local() || !(postgres.Address{Host: "/tmp/pg"}).Local() || !(postgres.Address{Host: "127.0.0.1"}).Local() {
		t.Error("Local is wrong")
	}
	// The socket address opens the test server's log.
	org := newOrganisation(t, tester)
	a := postgres.Address{Host: srv.Dir, Database: db, User: tester}
	s, err := postgres.Open(ctx, a.URL(), options(org))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}
