package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// Logs are opened the way the desktop app opens them (assurance/workcopy):
// in place on this computer's own disk, through a local working copy saved
// back anywhere else, and never changed while someone else has them open.

// classify says where a log lives; nil is place.Classify. Tests send logs
// on this disk down the network-drive path.
var classify func(path string) (place.Place, error)

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
	if err != nil {
		return nil, err
	}
	// Something found on the way in (such as a file beside the log that was
	// moved aside) is told whatever the command does next.
	for _, n := range s.Store().Info().Notices {
		fmt.Fprintln(e.errOut, n)
	}
	if write && !e.resolving {
		if c := s.Conflict(); c != nil {
			// Changes made now could not be saved back either: refuse
			// before making them, and say how to settle it.
			s.Close() // keeps the working copy: it holds unsaved changes
			return nil, conflictError(path, c)
		}
	}
	if !write || !s.ReadOnly() {
		return s, nil
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

// conflictError says what happened to the log at path and how to go on.
func conflictError(path string, c *workcopy.Conflict) error {
	return assurance.Errorf(assurance.ECONFLICT, "%s\n\nYour changes are kept on this computer. guardianctl makes no more changes to %s until you choose:\n"+
		"  %s conflict save-mine %s NEWFILE    save your version as a new log\n"+
		"  %s conflict open-theirs %s          go on with their version (yours is kept as a file)",
		c.Message(), path, programName, quoteArg(path), programName, quoteArg(path))
}

// quoteArg quotes a path with spaces for a command line to copy.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return strconv.Quote(s)
	}
	return s
}

// resolveOpen opens the log at path to settle its conflict, refusing when
// there is none.
func (e *env) resolveOpen(path string) (*workcopy.Session, error) {
	e.resolving = true
	s, err := e.openSession(path, true)
	if err != nil {
		return nil, err
	}
	if s.Conflict() == nil {
		err := s.Close()
		if err != nil {
			return nil, err
		}
		return nil, assurance.Errorf(assurance.EINVALID, "%s has no conflict to settle: your changes, if any, have been saved to it", path)
	}
	return s, nil
}

func conflictSaveMineCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		s, err := e.resolveOpen(args[0])
		if err != nil {
			return err
		}
		mine, err := s.SaveMineAs(e.ctx, args[1])
		if err != nil {
			s.Close()
			return err
		}
		if err := mine.Close(); err != nil {
			return err
		}
		fmt.Fprintf(e.out, "Saved your version as %s. %s is left as the others saved it.\n", args[1], args[0])
		return nil
	}
}

func conflictOpenTheirsCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		s, err := e.resolveOpen(args[0])
		if err != nil {
			return err
		}
		theirs, kept, err := s.OpenTheirs(e.ctx)
		if err != nil {
			s.Close()
			return err
		}
		if err := theirs.Close(); err != nil {
			return err
		}
		fmt.Fprintf(e.out, "%s is as the others saved it; your changes are no longer waiting to be saved to it.\nYour version is kept, with all your changes, at %s\n", args[0], kept)
		return nil
	}
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
		Classify:   classify,
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
	return func(e *env, args []string) error {
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
