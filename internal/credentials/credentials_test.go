package credentials

import (
	"testing"

	"github.com/zalando/go-keyring"
)

// TestUnavailable: with no D-Bus session (Linux under Xvfb, CI), the store
// says it cannot be reached, rather than that no password is kept, so the
// app knows to say it cannot remember one.
func TestUnavailable(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
	if _, found, err := (System{}).Password("jsmith@db:5432/guardian"); err == nil || found {
		t.Fatalf("found %v, err %v; want an error", found, err)
	}
}

// TestKeepAndForget, on go-keyring's in-memory store: none kept is not an
// error, a kept one comes back, forgetting twice is fine.
func TestKeepAndForget(t *testing.T) {
	keyring.MockInit()
	s := System{}
	key := "jsmith@db.trust.nhs.uk:5432/guardian"
	if _, found, err := s.Password(key); found || err != nil {
		t.Fatalf("nothing kept: found %v, err %v", found, err)
	}
	if err := s.SetPassword(key, "pässword"); err != nil {
		t.Fatal(err)
	}
	if p, found, err := s.Password(key); p != "pässword" || !found || err != nil {
		t.Fatalf("kept: %q %v %v", p, found, err)
	}
	for range 2 {
		if err := s.Forget(key); err != nil {
			t.Fatal(err)
		}
	}
	if _, found, _ := s.Password(key); found {
		t.Fatal("still kept after Forget")
	}
}
