package app

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/nhsguardian/guardian/assurance"
)

// SharedProfile is how to reach a shared log (a PostgreSQL database an IT
// team runs): saved in the user's preferences, never with the password,
// which the operating system's credential store keeps or the user types
// each time.
type SharedProfile struct {
	Name string `json:"name"` // the user's own name for it
	// Host is the server's name or address, or the folder holding its
	// Unix socket (a path starting with /).
	Host         string `json:"host"`
	Port         int    `json:"port,omitempty"` // 0: 5432
	Database     string `json:"database"`
	User         string `json:"user"`
	Organisation string `json:"organisation"` // whose log, in a database holding several
	// TLS is the sslmode; the form offers verify-full first.
	TLS    string `json:"tls,omitempty"`
	CAFile string `json:"caFile,omitempty"` // the authority that signed the server's certificate
}

// SharedOpener opens the log a profile names, with the password the user
// gave or the credential store kept. cmd/guardian wires in the PostgreSQL
// store; the app itself knows no database.
type SharedOpener func(p SharedProfile, password string, readOnly bool) (assurance.Store, error)

// Credentials keeps passwords in the operating system's credential store
// (internal/credentials). Password's err means the store cannot be reached
// at all; then the app asks for the password each time.
type Credentials interface {
	Password(key string) (password string, found bool, err error)
	SetPassword(key, password string) error
	Forget(key string) error
	Name() string // as users know it: "Windows Credential Manager"
}

const prefSharedProfiles = "sharedProfiles"

// sharedProfiles reads the saved profiles; unreadable preferences give none.
func sharedProfiles(p fyne.Preferences) []SharedProfile {
	var out []SharedProfile
	if err := json.Unmarshal([]byte(p.String(prefSharedProfiles)), &out); err != nil {
		return nil
	}
	return out
}

func saveSharedProfiles(p fyne.Preferences, ps []SharedProfile) {
	slices.SortFunc(ps, func(a, b SharedProfile) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	b, _ := json.Marshal(ps) // plain strings and ints: cannot fail
	p.SetString(prefSharedProfiles, string(b))
}

// key files the profile's password in the credential store: by who
// connects where, so renaming a profile keeps it and changing the account
// does not offer the old one.
func (p SharedProfile) key() string {
	return fmt.Sprintf("%s@%s:%d/%s", p.User, p.Host, p.port(), p.Database)
}

func (p SharedProfile) port() int {
	if p.Port == 0 {
		return 5432
	}
	return p.Port
}

// where says in words where the log is: "guardian on db.trust.nhs.uk".
func (p SharedProfile) where() string { return p.Database + " on " + p.server() }

// Location names the server and database in messages about them:
// "db.trust.nhs.uk (database guardian)".
func (p SharedProfile) Location() string { return p.server() + " (database " + p.Database + ")" }

// server names the server: its name, with a port other than PostgreSQL's
// own, or "this computer" for a Unix socket.
func (p SharedProfile) server() string {
	if strings.HasPrefix(p.Host, "/") {
		return "this computer"
	}
	if p.Port != 0 && p.Port != 5432 {
		return p.Host + ":" + strconv.Itoa(p.Port)
	}
	return p.Host
}

// local reports whether the server is on this computer, where encryption
// adds nothing.
func (p SharedProfile) local() bool {
	switch h := strings.TrimSpace(p.Host); {
	case strings.HasPrefix(h, "/"), h == "localhost", h == "127.0.0.1", h == "::1":
		return true
	}
	return false
}

// check reports each field the user must correct, against the other
// profiles (by the name this one had, "" for a new one).
func (p *SharedProfile) check(others []SharedProfile, was string) map[string]string {
	problems := map[string]string{}
	for _, f := range []*string{&p.Name, &p.Host, &p.Database, &p.User, &p.Organisation, &p.CAFile} {
		*f = strings.TrimSpace(*f)
	}
	need := func(v, field, msg string) {
		if v == "" {
			problems[field] = msg
		}
	}
	need(p.Name, profName, "Give it a name you will recognise.")
	need(p.Host, profHost, "Say which server: your IT team gives its name.")
	need(p.Database, profDatabase, "Say which database.")
	need(p.User, profUser, "Give your user name on the server.")
	need(p.Organisation, profOrganisation, "Say which organisation's log to open.")
	if p.CAFile != "" {
		if info, err := os.Stat(p.CAFile); err != nil || info.IsDir() {
			problems[profCAFile] = "There is no file at this place. Choose the file your IT team gave you, or leave it empty."
		}
	}
	if p.Port < 0 || p.Port > 65535 {
		problems[profPort] = "A port is a number from 1 to 65535."
	}
	for _, o := range others {
		if o.Name != was && strings.EqualFold(o.Name, p.Name) {
			problems[profName] = "Another shared log already has this name."
		}
	}
	return problems
}

// The profile form's fields, for its error labels.
const (
	profName         = "name"
	profHost         = "host"
	profPort         = "port"
	profDatabase     = "database"
	profUser         = "user"
	profOrganisation = "organisation"
	profCAFile       = "caFile"
)

// tlsModes are the encryption choices the form offers, safest first.
var tlsModes = []struct{ mode, label string }{
	{"verify-full", "Encrypted, server's certificate checked (recommended)"},
	{"verify-ca", "Encrypted, certificate's authority checked only"},
	{"require", "Encrypted, certificate not checked"},
	{"disable", "Not encrypted (a server on this computer only)"},
}
