// Package credentials keeps the passwords of shared logs in the operating
// system's credential store: Windows Credential Manager, the macOS
// Keychain, or the Secret Service on Linux (GNOME Keyring, KWallet),
// through github.com/zalando/go-keyring. Guardian never writes a password
// to a file of its own.
package credentials

import (
	"errors"
	"runtime"

	"github.com/zalando/go-keyring"
)

// Service is the name Guardian's passwords are filed under in the store.
const Service = "Guardian shared log"

// System is the operating system's credential store.
type System struct{}

// Password returns the password kept for key. found is false when none is
// kept; err is set when the store cannot be reached at all (no Secret
// Service running, as on a server or under a bare X display).
func (System) Password(key string) (password string, found bool, err error) {
	p, err := keyring.Get(Service, key)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return p, true, nil
}

// SetPassword keeps password for key, replacing any kept before.
func (System) SetPassword(key, password string) error { return keyring.Set(Service, key, password) }

// Forget removes the password kept for key; none kept is not an error.
func (System) Forget(key string) error {
	if err := keyring.Delete(Service, key); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	return nil
}

// Name is the store's name as users know it on this computer.
func (System) Name() string {
	switch runtime.GOOS {
	case "windows":
		return "Windows Credential Manager"
	case "darwin":
		return "your Keychain"
	}
	return "your computer's password store"
}
