package app

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/internal/credentials"
	"github.com/nhsguardian/guardian/internal/pgtest"
)

// The app's shared-log tests run against a real PostgreSQL (internal/pgtest),
// set up as docs/shared-log.md says: an owner role that holds the tables,
// one login per person. tester connects without a password; amira must
// give hers.
const (
	sharedDB       = "guardian"
	sharedOwner    = "guardian_owner"
	amiraPassword  = "correct horse £ battery"
	sharedTestUser = "tester"
)

var (
	pgOnce sync.Once
	pgSrv  *pgtest.Server
	pgErr  error
	pgOrgs atomic.Int64
)

// sharedServer starts the test server the first time a test needs it;
// TestMain stops it. It fails, never skips, when PostgreSQL is missing.
func sharedServer(t *testing.T) *pgtest.Server {
	t.Helper()
	pgOnce.Do(func() {
		ctx := context.Background()
		if pgSrv, pgErr = pgtest.Start(); pgErr != nil {
			return
		}
		pgErr = pgSrv.Exec(ctx, "postgres",
			`CREATE ROLE `+sharedOwner+` LOGIN CREATEROLE`,
			`CREATE DATABASE `+sharedDB+` OWNER `+sharedOwner,
			`CREATE ROLE `+sharedTestUser+` LOGIN`,
			`CREATE ROLE amira LOGIN PASSWORD '`+amiraPassword+`'`,
			`CREATE ROLE `+pgtest.PasswordGroup,
			`GRANT `+pgtest.PasswordGroup+` TO amira`)
		if pgErr == nil {
			pgErr = pgSrv.Exec(ctx, sharedDB, `REVOKE ALL ON DATABASE `+sharedDB+` FROM PUBLIC`)
		}
		if pgErr == nil {
			_, _, pgErr = postgres.Setup(ctx, pgSrv.URL(sharedOwner, sharedDB))
		}
		if pgErr == nil {
			pgErr = pgSrv.Exec(ctx, sharedDB, `GRANT CONNECT ON DATABASE `+sharedDB+` TO guardian_user`)
		}
	})
	if pgErr != nil {
		t.Fatal("PostgreSQL for the shared-log tests: ", pgErr)
	}
	return pgSrv
}

func stopSharedServer() {
	if pgSrv != nil {
		if err := pgSrv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping PostgreSQL:", err)
		}
	}
}

// sharedOrg adds an organisation whose log the members may use.
func sharedOrg(t *testing.T, members ...string) string {
	t.Helper()
	srv := sharedServer(t)
	ctx := context.Background()
	name := fmt.Sprintf("Northshire Trust %d", pgOrgs.Add(1))
	if err := postgres.AddOrganisation(ctx, srv.URL(sharedOwner, sharedDB), name); err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if err := postgres.Grant(ctx, srv.URL(sharedOwner, sharedDB), name, m); err != nil {
			t.Fatal(err)
		}
	}
	return name
}

// openSharedForTest is what cmd/guardian wires in, without its timeout.
func openSharedForTest(p SharedProfile, password string, readOnly bool) (assurance.Store, error) {
	a := postgres.Address{Host: p.Host, Port: p.Port, Database: p.Database, User: p.User, TLS: p.TLS, CAFile: p.CAFile}
	s, err := postgres.Open(context.Background(), a.URL(), postgres.Options{Organisation: p.Organisation, ReadOnly: readOnly,
		Catalogue: assets.MustCatalogue(), Password: password, Actor: p.User, Location: p.Location()})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// memoryCredentials stands in for a working credential store, recording
// what was kept. The real store, unreachable, is tested too
// (TestSharedLogWithoutCredentialStore).
type memoryCredentials struct{ kept map[string]string }

func (m *memoryCredentials) Password(key string) (string, bool, error) {
	p, ok := m.kept[key]
	return p, ok, nil
}
func (m *memoryCredentials) SetPassword(key, p string) error { m.kept[key] = p; return nil }
func (m *memoryCredentials) Forget(key string) error         { delete(m.kept, key); return nil }
func (m *memoryCredentials) Name() string                    { return "the test's password store" }

// newSharedUI is a test window able to open shared logs.
func newSharedUI(t *testing.T, creds Credentials) *UI {
	t.Helper()
	sharedServer(t)
	u, _ := newTestUI(t)
	u.opts.OpenShared = openSharedForTest
	u.shared.creds = creds
	u.showStart()
	return u
}

// visibleEntries are the text boxes of the dialog on top, in order.
func visibleEntries(u *UI) []*widget.Entry {
	var out []*widget.Entry
	for _, o := range objects(u.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && e.Visible() {
			out = append(out, e)
		}
	}
	return out
}

// addProfile fills in the Add form of the open "Open a shared log" dialog.
func addProfile(t *testing.T, u *UI, name, user, org string) {
	t.Helper()
	test.Tap(button(t, u, "Add…"))
	es := visibleEntries(u)
	if len(es) != 7 {
		t.Fatalf("the profile form has %d text boxes, want 7", len(es))
	}
	// Name, server, port, database, user, organisation, CA file.
	for i, v := range []string{name, pgSrv.Dir, "", sharedDB, user, org, ""} {
		if v != "" {
			test.Type(es[i], v)
		}
	}
	test.Tap(button(t, u, "Save"))
}

// TestOpenSharedLogFromProfile: File → Open a shared log…, a profile added
// through the form, the password asked, remembered in the credential
// store and never in the preferences; the workspace opens on the shared
// log with the title naming it and file-only commands disabled; the next
// open asks nothing.
func TestOpenSharedLogFromProfile(t *testing.T) {
	creds := &memoryCredentials{kept: map[string]string{}}
	u := newSharedUI(t, creds)
	org := sharedOrg(t, "amira")
	s, err := openSharedForTest(SharedProfile{Host: pgSrv.Dir, Database: sharedDB, User: "amira", Organisation: org}, amiraPassword, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateQuestion(context.Background(), q("4.1", "Is the OH service funded?")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	test.Tap(button(t, u, "Open a shared log…")) // on the start screen
	if got := dialogText(u); !strings.Contains(got, "No shared logs yet") {
		t.Fatalf("empty profile list says %q", got)
	}
	// A profile missing its organisation is refused, the form staying open.
	test.Tap(button(t, u, "Add…"))
	es := visibleEntries(u)
	test.Type(es[0], "Trust")
	test.Tap(button(t, u, "Save"))
	if got := dialogText(u); !strings.Contains(got, "Say which organisation's log to open.") || !strings.Contains(got, "Say which database.") {
		t.Fatalf("incomplete profile: %q", got)
	}
	test.Tap(button(t, u, "Cancel"))
	addProfile(t, u, "Trust shared log", "amira", org)
	ps := sharedProfiles(u.app.Preferences())
	if len(ps) != 1 || ps[0].Organisation != org || ps[0].TLS != "verify-full" || ps[0].User != "amira" {
		t.Fatalf("saved profiles %+v", ps)
	}
	test.Tap(button(t, u, "Open"))
	if got := dialogText(u); !strings.Contains(got, "The password of amira") || !strings.Contains(got, "never in a file") {
		t.Fatalf("password prompt says %q", got)
	}
	test.Type(passwordEntry(t, u), amiraPassword)
	test.Tap(button(t, u, "Connect"))
	settle(u)
	if u.store == nil || len(u.ws.questions) != 1 {
		t.Fatalf("shared log not open (%s)", dialogText(u))
	}
	title := u.win.Title()
	if title != org+" - Trust shared log (shared: guardian on this computer) - Guardian" {
		t.Errorf("title %q", title)
	}
	for _, it := range u.menu.needFile {
		if !it.Disabled {
			t.Errorf("%s is enabled on a shared log", it.Label)
		}
	}
	if got := creds.kept[ps[0].key()]; got != amiraPassword {
		t.Errorf("credential store holds %q", got)
	}
	if strings.Contains(u.app.Preferences().String(prefSharedProfiles), amiraPassword) || len(recentLogs(u.app.Preferences())) != 0 {
		t.Error("the password or the shared log went into the preferences' file lists")
	}
	// Switching to read-only reconnects with this session's password.
	u.reopen(true)
	settle(u)
	if u.store == nil || !u.ReadOnly() || !strings.HasSuffix(u.win.Title(), "(shared: guardian on this computer) - Guardian (read-only)") {
		t.Fatalf("read-only reopen: title %q", u.win.Title())
	}
	// A new session: the password comes from the credential store, nothing asked.
	u.CloseLog()
	u2 := newSharedUI(t, creds)
	saveSharedProfiles(u2.app.Preferences(), ps)
	u2.shared.openProfile(ps[0], false)
	settle(u2)
	if u2.store == nil {
		t.Fatalf("second open asked or failed: %q", dialogText(u2))
	}
}

// TestSharedLogWrongPassword: a wrong password is said in plain words in
// the prompt, which asks again; a kept password the server no longer
// accepts is forgotten.
func TestSharedLogWrongPassword(t *testing.T) {
	creds := &memoryCredentials{kept: map[string]string{}}
	u := newSharedUI(t, creds)
	org := sharedOrg(t, "amira")
	p := SharedProfile{Name: "Trust", Host: pgSrv.Dir, Database: sharedDB, User: "amira", Organisation: org}
	creds.kept[p.key()] = "an old password"
	u.shared.openProfile(p, false)
	settle(u)
	if got := dialogText(u); !strings.Contains(got, "The password kept in the test's password store was not accepted") {
		t.Fatalf("stale kept password: %q", got)
	}
	if _, ok := creds.kept[p.key()]; ok {
		t.Error("the refused password is still kept")
	}
	test.Type(passwordEntry(t, u), "wrong")
	test.Tap(button(t, u, "Connect"))
	settle(u)
	if got := dialogText(u); !strings.Contains(got, "That password was not accepted. Check it and try again.") {
		t.Fatalf("wrong password: %q", got)
	}
	if u.store != nil {
		t.Fatal("opened with a wrong password")
	}
	test.Type(passwordEntry(t, u), amiraPassword)
	test.Tap(button(t, u, "Connect"))
	settle(u)
	if u.store == nil {
		t.Fatalf("right password refused: %q", dialogText(u))
	}
}

// TestSharedLogErrorsInPlainWords: no access to the organisation, and a
// server that is not there, are said in words.
func TestSharedLogErrorsInPlainWords(t *testing.T) {
	u := newSharedUI(t, &memoryCredentials{kept: map[string]string{}})
	sharedOrg(t, sharedTestUser) // tester may use the database, but not org's log
	org := sharedOrg(t)
	u.shared.connect(SharedProfile{Name: "Trust", Host: pgSrv.Dir, Database: sharedDB, User: sharedTestUser, Organisation: org}, "", false, false, false)
	settle(u)
	if got := dialogText(u); !strings.Contains(got, "You have no access to the organisation \""+org+"\" in the shared log at this computer (database guardian)") || u.store != nil {
		t.Errorf("no access: %q", got)
	}
	u.shared.connect(SharedProfile{Name: "Gone", Host: t.TempDir(), Database: sharedDB, User: sharedTestUser, Organisation: org}, "", false, false, false)
	settle(u)
	if got := dialogText(u); !strings.Contains(got, "The server for the shared log at this computer (database guardian) cannot be reached.") {
		t.Errorf("no server: %q", got)
	}
}

// TestSharedLogWithoutCredentialStore: with the real credential store
// unreachable (no D-Bus session, as under Xvfb or CI), the app asks for the
// password, says it could not remember it, and writes it nowhere: asked
// again after closing.
func TestSharedLogWithoutCredentialStore(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	home := t.TempDir()
	t.Setenv("HOME", home)
	sys := credentials.System{}
	if _, _, err := sys.Password("probe"); err == nil {
		t.Fatal("the credential store answered without a D-Bus session")
	}
	u := newSharedUI(t, sys)
	org := sharedOrg(t, "amira")
	p := SharedProfile{Name: "Trust", Host: pgSrv.Dir, Database: sharedDB, User: "amira", Organisation: org}
	saveSharedProfiles(u.app.Preferences(), []SharedProfile{p})
	u.shared.openProfile(p, false)
	if got := dialogText(u); !strings.Contains(got, "Guardian cannot remember your password here") || !strings.Contains(got, "never writes it to disk") {
		t.Fatalf("prompt without a credential store: %q", got)
	}
	test.Type(passwordEntry(t, u), amiraPassword)
	test.Tap(button(t, u, "Connect"))
	settle(u)
	if u.store == nil {
		t.Fatalf("not opened: %q", dialogText(u))
	}
	// Nothing under the home folder, nor the preferences, holds it.
	filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); strings.Contains(string(b), amiraPassword) {
				t.Errorf("%s holds the password", path)
			}
		}
		return nil
	})
	if strings.Contains(u.app.Preferences().String(prefSharedProfiles), amiraPassword) {
		t.Error("the preferences hold the password")
	}
	u.CloseLog()
	u.shared.passwords = map[string]string{} // a new session
	u.shared.openProfile(p, false)
	if passwordEntry(t, u) == nil {
		t.Fatal("not asked again")
	}
}

// untilSettled runs the window's queued work until cond holds: a change
// made on another connection reaches the window through the server's
// notification, so it is waited for (bounded, so a lost notification
// fails the test).
func untilSettled(t *testing.T, u *UI, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within a minute", what)
		}
		time.Sleep(20 * time.Millisecond)
		settle(u)
	}
}

// TestSharedLogRefreshAndConflict: someone else's changes appear in the
// open window's list without losing the question being edited; saving it
// then shows both versions side by side; Keep mine saves mine over
// theirs, and Take theirs shows theirs.
func TestSharedLogRefreshAndConflict(t *testing.T) {
	u := newSharedUI(t, &memoryCredentials{kept: map[string]string{}})
	org := sharedOrg(t, sharedTestUser, "amira")
	ctx := context.Background()
	p := SharedProfile{Name: "Trust", Host: pgSrv.Dir, Database: sharedDB, User: sharedTestUser, Organisation: org}
	other, err := openSharedForTest(SharedProfile{Host: pgSrv.Dir, Database: sharedDB, User: "amira", Organisation: org}, amiraPassword, false)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	first := q("4.1", "Is the OH service funded?")
	if err := other.CreateQuestion(ctx, first); err != nil {
		t.Fatal(err)
	}
	u.shared.connect(p, "", false, false, false)
	settle(u)
	if u.store == nil {
		t.Fatalf("not open: %q", dialogText(u))
	}
	ws := u.ws

	// Another person adds a question: the list shows it.
	if err := other.CreateQuestion(ctx, q("4.2", "Added by Amira")); err != nil {
		t.Fatal(err)
	}
	untilSettled(t, u, "a question added elsewhere", func() bool { return len(u.ws.questions) == 2 })
	if len(ws.list.rows) != 2 {
		t.Errorf("list shows %d rows", len(ws.list.rows))
	}

	// I edit Q-0001; meanwhile Amira saves it and adds a third question.
	ws.showQuestion(first.ID)
	test.Type(ws.editor.response, "Mine: funded to March")
	theirs, _ := other.Question(ctx, first.ID)
	theirs.Response = "Theirs: funded for two years"
	if err := other.UpdateQuestion(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	if err := other.CreateQuestion(ctx, q("4.3", "Third")); err != nil {
		t.Fatal(err)
	}
	untilSettled(t, u, "the third question", func() bool { return len(u.ws.questions) == 3 })
	if ws.editor.response.Text != "Mine: funded to March" || !ws.editor.dirty {
		t.Fatalf("the refresh lost the edit: %q", ws.editor.response.Text)
	}

	// Saving shows both versions side by side.
	if ws.editor.onSave() {
		t.Fatal("saved over theirs")
	}
	got := dialogText(u)
	for _, want := range []string{"amira saved Q-0001", "Yours (not saved)", "Theirs (saved by amira)", "Response (different)",
		"Mine: funded to March", "Theirs: funded for two years"} {
		if !strings.Contains(got, want) {
			t.Errorf("conflict view lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Question (different)") {
		t.Error("an unchanged field is marked different")
	}
	test.Tap(button(t, u, "Keep mine"))
	settle(u)
	stored, _ := other.Question(ctx, first.ID)
	if stored.Response != "Mine: funded to March" || ws.editor.dirty {
		t.Fatalf("Keep mine: stored %q", stored.Response)
	}

	// Again, and this time take theirs.
	test.Type(ws.editor.response, " (edited)")
	stored.Response = "Theirs again"
	if err := other.UpdateQuestion(ctx, stored); err != nil {
		t.Fatal(err)
	}
	untilSettled(t, u, "their second save", func() bool { return ws.question(first.ID).Version == stored.Version })
	ws.editor.onSave()
	test.Tap(button(t, u, "Take theirs"))
	settle(u)
	if ws.editor.response.Text != "Theirs again" || ws.editor.dirty {
		t.Fatalf("Take theirs: form shows %q", ws.editor.response.Text)
	}
	final, _ := other.Question(ctx, first.ID)
	if final.Response != "Theirs again" {
		t.Fatalf("Take theirs changed the log: %q", final.Response)
	}
}

// TestSharedDialogsShowTheFocusRing: the shared-log dialogs use Guardian's
// ring widgets only, like every other dialog (dialogs_test.go).
func TestSharedDialogsShowTheFocusRing(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Does the board see sickness data?")), false)
	settle(u)
	closeDialogs(u)
	u.opts.OpenShared = openSharedForTest // never called: no dialog here connects
	p := SharedProfile{Name: "Trust", Host: "db.trust.nhs.uk", Database: "guardian", User: "amira", Organisation: "Trust"}
	saveSharedProfiles(u.app.Preferences(), []SharedProfile{p})
	ws := u.ws
	mine := *ws.questions[0]
	theirs := mine
	theirs.Response = "Theirs"
	for _, d := range []struct {
		name string
		show func()
	}{
		{"open a shared log", u.shared.show},
		{"profile form", func() { newProfileForm(u, &p, func(SharedProfile) {}).show() }},
		{"password, remembered", func() { u.shared.askPassword(p, false, "That password was not accepted.", true) }},
		{"password, no credential store", func() { u.shared.askPassword(p, false, "", false) }},
		{"conflict view", func() {
			ws.showQuestion(mine.ID)
			newConflictView(ws.editor, &mine, &assurance.Conflict{By: "amira", At: time.Now(), Theirs: &theirs}).show()
		}},
	} {
		d.show()
		settle(u)
		if bad := unringed(u); len(bad) > 0 {
			t.Errorf("%s dialog: focusable controls without the focus ring: %v", d.name, bad)
		}
		closeDialogs(u)
	}
}

// TestProfileWithoutCertificateCheckWarns: a server on another machine
// with its certificate unchecked is saved only after a warning.
func TestProfileWithoutCertificateCheckWarns(t *testing.T) {
	u, _ := newTestUI(t)
	var saved []SharedProfile
	f := newProfileForm(u, nil, func(p SharedProfile) { saved = append(saved, p) })
	f.show()
	for e, v := range map[*widget.Entry]string{f.name: "Trust", f.host: "db.trust.nhs.uk", f.database: "guardian", f.user: "amira", f.org: "Trust"} {
		test.Type(e, v)
	}
	f.tls.SetSelectedIndex(len(tlsModes) - 1) // not encrypted
	test.Tap(button(t, u, "Save"))
	if got := dialogText(u); !strings.Contains(got, "will not check that db.trust.nhs.uk is the real server") || len(saved) != 0 {
		t.Fatalf("no warning (saved %v): %q", saved, got)
	}
	test.Tap(button(t, u, "Go back"))
	test.Tap(button(t, u, "Save"))
	test.Tap(button(t, u, "Save anyway"))
	if len(saved) != 1 || saved[0].TLS != "disable" {
		t.Fatalf("saved %+v", saved)
	}
	// A certificate authority file that is not there is refused at once,
	// not later as an unusable address.
	f = newProfileForm(u, &saved[0], func(p SharedProfile) { saved = append(saved, p) })
	f.show()
	test.Type(f.caFile, filepath.Join(t.TempDir(), "root.crt"))
	test.Tap(button(t, u, "Save"))
	if got := dialogText(u); !strings.Contains(got, "There is no file at this place.") || len(saved) != 1 {
		t.Fatalf("missing CA file: %q", got)
	}
	closeDialogs(u)
	// The same on this computer's socket needs no warning.
	f = newProfileForm(u, &SharedProfile{Name: "Local", Host: "/run/postgresql", Database: "guardian", User: "amira", Organisation: "Trust", TLS: "disable"},
		func(p SharedProfile) { saved = append(saved, p) })
	f.show()
	test.Tap(button(t, u, "Save"))
	if len(saved) != 2 {
		t.Fatalf("local server: %q", dialogText(u))
	}
}
