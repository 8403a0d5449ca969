package postgres_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

// Two people save the same question: the second is refused with who saved
// first and when, and both versions against the one they started from.
func TestSecondSaveOfAQuestionIsRefusedWithWhoAndWhen(t *testing.T) {
	org := newOrganisation(t, tester)
	alice, bob := open(t, tester, org, false), open(t, tester, org, false)
	alice.SetActor("Alice Adeyemi")
	bob.SetActor("Bob Brown")
	q := &assurance.Question{Area: "1.1", Text: "Is the rota fair?", Comment: "Start"}
	if err := alice.CreateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	hers, _ := alice.Question(ctx, q.ID)
	his, _ := bob.Question(ctx, q.ID)
	hers.Comment = "Alice's view"
	start := time.Now().Add(-time.Second)
	if err := alice.UpdateQuestion(ctx, hers); err != nil {
		t.Fatal(err)
	}
	his.Comment = "Bob's view"
	his.AskedOf = "Medical Director"
	err := bob.UpdateQuestion(ctx, his)
	wantCode(t, err, assurance.ECONFLICT)
	if msg := assurance.ErrorMessage(err); !strings.Contains(msg, "Alice Adeyemi") || !strings.Contains(msg, q.Ref) {
		t.Fatalf("message %q does not say who changed %s", msg, q.Ref)
	}
	c := assurance.ConflictOf(err)
	if c == nil {
		t.Fatalf("no conflict details in %v", err)
	}
	if c.By != "Alice Adeyemi" || c.At.Before(start) || c.At.After(time.Now()) || c.Theirs.Comment != "Alice's view" || c.Theirs.Version != 2 {
		t.Fatalf("conflict %+v", c)
	}
	clashes := c.Comparison.Clashes()
	if len(clashes) != 1 {
		t.Fatalf("comparison %+v, want one clash", c.Comparison)
	}
	d := clashes[0]
	if d.Base == nil || d.Base.Comment != "Start" || d.Mine.Comment != "Bob's view" || d.Theirs.Comment != "Alice's view" ||
		strings.Join(d.MineFields, ",") != "asked_of,comment" || strings.Join(d.TheirFields, ",") != "comment" {
		t.Fatalf("clash %+v (mine %v, theirs %v)", d, d.MineFields, d.TheirFields)
	}
	if his.Comment != "Bob's view" || his.Version != 1 {
		t.Fatalf("the refused save changed Bob's copy: %+v", his)
	}
	if got, _ := alice.Question(ctx, q.ID); got.Comment != "Alice's view" || got.AskedOf != "" {
		t.Fatalf("stored %+v: something was overwritten", got)
	}
}

func TestOpenSaysWhatIsWrong(t *testing.T) {
	org := newOrganisation(t, tester)
	if err := srv.Exec(ctx, "postgres", `CREATE ROLE carol LOGIN PASSWORD 'right' IN ROLE `+pgtest.PasswordGroup, `CREATE ROLE dave LOGIN`); err != nil {
		t.Fatal(err)
	}
	if err := postgres.Grant(ctx, ownerURL(), org, "carol"); err != nil {
		t.Fatal(err)
	}
	if s, err := postgres.Open(ctx, srv.URL("carol", db)+"&password=right", options(org)); err != nil {
		t.Fatalf("the right password: %v", err)
	} else {
		s.Close()
	}
	cases := []struct {
		name, url, org, code, words string
	}{
		{"no server", "postgres:///guardian?host=/nonexistent&user=tester", org, assurance.EINTERNAL, "cannot be reached"},
		{"no database", srv.URL(tester, "nosuchdb"), org, assurance.ENOTLOG, "no such database"},
		{"no log in it", srv.URL(tester, "postgres"), org, assurance.ENOTLOG, "no Guardian shared log"},
		{"no access", srv.URL("amira", db), org, assurance.ENOTFOUND, "no access"},
		{"may not connect", srv.URL("dave", db), org, assurance.ENOTFOUND, "may not connect"},
		{"no organisation", srv.URL(tester, db), "Nowhere Trust", assurance.ENOTFOUND, "no access"},
		{"not a URL", "guardian.example/log", org, assurance.EINVALID, "not a PostgreSQL address"},
		{"wrong password", srv.URL("carol", db) + "&password=wrong", org, assurance.EINVALID, "was not accepted"},
	}
	for _, c := range cases {
		_, err := postgres.Open(ctx, c.url, options(c.org))
		if assurance.ErrorCode(err) != c.code || !strings.Contains(assurance.ErrorMessage(err), c.words) {
			t.Errorf("%s: %q (%v), want %s saying %q", c.name, assurance.ErrorMessage(err), err, c.code, c.words)
		}
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	if err := srv.Exec(ctx, "postgres", `CREATE DATABASE newer OWNER `+owner); err != nil {
		t.Fatal(err)
	}
	newer := srv.URL(owner, "newer")
	if from, to, err := postgres.Setup(ctx, newer); err != nil || from != 0 || to < 1 {
		t.Fatalf("setup: %d to %d, %v", from, to, err)
	}
	if from, to, err := postgres.Setup(ctx, newer); err != nil || from != to {
		t.Fatalf("second setup: %d to %d, %v", from, to, err)
	}
	if err := postgres.AddOrganisation(ctx, newer, "Trust"); err != nil {
		t.Fatal(err)
	}
	if err := postgres.Grant(ctx, newer, "Trust", tester); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(ctx, srv.URL(tester, "newer"), options("Trust")); err != nil {
		t.Fatal(err)
	}
	if err := srv.Exec(ctx, "newer", `INSERT INTO guardian.schema_migrations (version, name) VALUES (999, 'future')`); err != nil {
		t.Fatal(err)
	}
	_, err := postgres.Open(ctx, srv.URL(tester, "newer"), options("Trust"))
	wantCode(t, err, assurance.ENEWER)
	_, _, err = postgres.Setup(ctx, newer)
	wantCode(t, err, assurance.ENEWER)
}
