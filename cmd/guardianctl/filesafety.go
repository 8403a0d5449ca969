package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// Logs are opened the way the desktop app opens them (assurance/workcopy):
// in place on this computer's own disk, through a local working copy saved
// back anywhere else, and never changed while someone else has them open.

// openSession opens the log at path; for a command that changes the log it
// refuses one that can only be read, saying who has it open.
func (e *env) openSession(path string, write bool) (*workcopy.Session, error) {
	if err := notForShared(path); err != nil {
		return nil, err
	}
	opts, err := e.sessionOptions(path, !write)
	if err != nil {
		return nil, err
	}
	s, err := workcopy.Open(path, opts)
	if err != nil || !write || !s.ReadOnly() {
		return s, err
	}
	held := s.HeldBy()
	s.Close()
	if held == nil {
		return nil, assurance.Errorf(assurance.EREADONLY, "%q can only be read here: its folder cannot be written", filepath.Base(path))
	}
	msg := fmt.Sprintf("%s. guardianctl does not change a log someone else has open: try again when they have closed it", held)
	if held.Gone() || held.OlderThan(opts.StaleAfter, time.Now()) {
		msg += ". If Guardian there stopped without closing it, run the command again with --clear-stale"
	}
	return nil, assurance.Errorf(assurance.ELOCKED, "%s", msg)
}

// create makes a new log at path.
func (e *env) create(path string, cat *assurance.Catalogue) (assurance.Store, error) {
	if postgres.IsURL(path) {
		return nil, usagef("an organisation's shared log is added by your IT team (guardianctl shared add); this makes log files only")
	}
	opts, err := e.sessionOptions(path, false)
	if err != nil {
		return nil, err
	}
	opts.Catalogue = cat
	s, err := workcopy.Create(path, opts)
	if err != nil {
		return nil, err
	}
	return s.Store(), nil
}

func (e *env) sessionOptions(path string, readOnly bool) (workcopy.Options, error) {
	cat, err := catalogue()
	if err != nil {
		return workcopy.Options{}, err
	}
	o := workcopy.Options{
		ReadOnly:   readOnly,
		Catalogue:  cat,
		Actor:      e.actor,
		StaleAfter: 12 * time.Hour,
		ClearStale: func(held *workcopy.Owner) bool {
			if e.clearStale {
				fmt.Fprintf(e.errOut, "Clearing the owner file left by a Guardian that stopped: %s\n", held)
			}
			return e.clearStale
		},
		Passphrase: func(name string) (string, error) {
			return e.passphrase(fmt.Sprintf("Passphrase for %s: ", name))
		},
	}
	// A log from an older Guardian is copied aside before it is upgraded,
	// where the app keeps its rolling backups (workcopy.Backups).
	o.BeforeMigrate = workcopy.Backups(path, o).BeforeMigrate
	return o, nil
}

func copyCmd(fs *flag.FlagSet) runFunc {
	encrypt := fs.Bool("encrypt", false, "encrypt the copy with a passphrase")
	passFile := fs.String("passphrase-file", "", "read the passphrase from the first line of `FILE` (default: ask)")
	return func(e *env, args []string) error {
		e.passphraseFile = *passFile
		pass := ""
		if *encrypt {
			var err error
			if pass, err = e.newPassphrase(); err != nil {
				return err
			}
		}
		s, err := e.openSession(args[0], false)
		if err != nil {
			return err
		}
		defer s.Close()
		if err := s.SendCopy(e.ctx, args[1], pass); err != nil {
			return err
		}
		how := ""
		if pass != "" {
			how = ", encrypted with the passphrase (tell the recipient it another way, such as by phone)"
		}
		fmt.Fprintf(e.out, "Wrote a standalone copy of %s to %s%s\n", args[0], args[1], how)
		return nil
	}
}

// passphrase reads a passphrase from --passphrase-file, or asks for it on
// the terminal without showing it.
func (e *env) passphrase(prompt string) (string, error) {
	if e.passphraseFile != "" {
		b, err := os.ReadFile(e.passphraseFile)
		if err != nil {
			return "", assurance.WrapError(assurance.EINVALID, err, "Cannot read the passphrase file %q", e.passphraseFile)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		if line = strings.TrimRight(line, "\r"); line == "" {
			return "", assurance.Errorf(assurance.EINVALID, "The passphrase file %q is empty", e.passphraseFile)
		}
		return line, nil
	}
	p, err := readHidden(prompt)
	if errors.Is(err, errNoTerminal) {
		return "", assurance.Errorf(assurance.EINVALID, "A passphrase is needed: give it with --passphrase-file FILE, or run guardianctl in a terminal to be asked")
	}
	if err != nil {
		return "", assurance.WrapError(assurance.EINVALID, err, "Cannot read the passphrase")
	}
	return p, nil
}

// newPassphrase asks twice for a new passphrase, unless it comes from a file.
func (e *env) newPassphrase() (string, error) {
	p, err := e.passphrase("New passphrase for the copy: ")
	if err != nil || e.passphraseFile != "" {
		return p, err
	}
	again, err := e.passphrase("Type it again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", assurance.Errorf(assurance.EINVALID, "The two passphrases are different: nothing was written")
	}
	return p, nil
}

var errNoTerminal = errors.New("no terminal to ask on")

// readLine reads one line typed on the terminal.
func readLine(tty *os.File) (string, error) {
	line, err := bufio.NewReader(tty).ReadString('\n')
	fmt.Fprintln(tty)
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
