package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/postgres"
	"github.com/nhsguardian/guardian/assurance/transfer"
)

// A LOG may also be an organisation's log in a shared PostgreSQL database,
// written as a URL with the organisation after #:
//
//	postgres://jsmith@db.trust.nhs.uk/guardian#Northshire Community Health NHS Trust
//
// The password never goes on the command line: PostgreSQL's own password
// file (~/.pgpass, or %APPDATA%\postgresql\pgpass.conf on Windows) or
// PGPASSWORD supply it, or it is asked for in the terminal.

// splitOrganisation takes the organisation from the end of a shared log's
// URL (after #), or from org when the URL has none.
func splitOrganisation(raw, org string) (string, string, error) {
	base, frag, _ := strings.Cut(raw, "#")
	if frag != "" {
		name, err := url.PathUnescape(frag)
		if err != nil {
			name = frag
		}
		org = name
	}
	if strings.TrimSpace(org) == "" {
		return "", "", usagef("say which organisation's log to use: end the address with #ORGANISATION or give --organisation NAME")
	}
	return base, org, nil
}

// openShared opens an organisation's log in a shared database.
func (e *env) openShared(raw string, write bool) (assurance.Store, error) {
	base, org, err := splitOrganisation(raw, e.organisation)
	if err != nil {
		return nil, err
	}
	cat, err := catalogue()
	if err != nil {
		return nil, err
	}
	opt := postgres.Options{Organisation: org, ReadOnly: !write, Catalogue: cat, Actor: e.actor}
	st, err := postgres.Open(e.ctx, base, opt)
	if assurance.FieldErrors(err)[postgres.FieldPassword] == "" {
		return st, err
	}
	// No password file entry, or a wrong one: ask on the terminal, once.
	u, perr := url.Parse(base)
	if perr != nil {
		return nil, err
	}
	pw, rerr := readHidden(fmt.Sprintf("Password for %s on %s: ", u.User.Username(), u.Host))
	if rerr != nil || pw == "" {
		return nil, assurance.WrapError(assurance.EINVALID, err,
			"%s. Put the password in PostgreSQL's password file (~/.pgpass, or %%APPDATA%%\\postgresql\\pgpass.conf on Windows), or run guardianctl in a terminal to be asked", assurance.ErrorMessage(err))
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	return postgres.Open(e.ctx, u.String(), opt)
}

// notForShared refuses file-only commands given a shared log.
func notForShared(path string) error {
	if postgres.IsURL(path) {
		return usagef("this command works on a log file; a shared log is backed up by your IT team, and \"guardianctl pull\" makes a file copy of it")
	}
	return nil
}

func publishCmd(fs *flag.FlagSet) runFunc {
	org := fs.String("organisation", "", "the organisation `NAME` whose shared log receives the copy (or end the address with #NAME)")
	return func(e *env, args []string) error {
		e.organisation = *org
		if !postgres.IsURL(args[1]) {
			return usagef("%q is not a shared log's address: it should start postgres://", args[1])
		}
		return e.withLog(args[0], false, func(src assurance.Store) error {
			dst, err := e.openShared(args[1], true)
			if err != nil {
				return err
			}
			defer dst.Close()
			return e.copyLog(src, dst, args[0], dst.Info().Path)
		})
	}
}

func pullCmd(fs *flag.FlagSet) runFunc {
	org := fs.String("organisation", "", "the organisation `NAME` whose shared log to copy (or end the address with #NAME)")
	return func(e *env, args []string) (err error) {
		e.organisation = *org
		if !postgres.IsURL(args[0]) {
			return usagef("%q is not a shared log's address: it should start postgres://", args[0])
		}
		if err := notForShared(args[1]); err != nil {
			return err
		}
		src, err := e.openShared(args[0], false)
		if err != nil {
			return err
		}
		defer src.Close()
		cat, err := catalogue()
		if err != nil {
			return err
		}
		dst, err := e.create(args[1], cat)
		if err != nil {
			return err
		}
		err = e.copyLog(src, dst, src.Info().Path, args[1])
		if cerr := dst.Close(); err == nil && cerr != nil {
			err = assurance.WrapError(assurance.EINTERNAL, cerr, "Could not close %q cleanly", args[1])
		}
		if err != nil {
			// The file is this command's own, new and incomplete.
			os.Remove(args[1])
		}
		return err
	}
}

// copyLog copies src into dst and reports what arrived.
func (e *env) copyLog(src, dst assurance.Store, from, to string) error {
	start := time.Now()
	c, err := transfer.Copy(e.ctx, src, dst)
	if err != nil {
		return err
	}
	if c.Already {
		fmt.Fprintf(e.out, "%s already holds this log (%s): nothing copied.\n", to, c)
		return nil
	}
	fmt.Fprintf(e.out, "Copied %s from %s to %s in %.1fs; every evidence file's SHA-256 checked.\n",
		c, from, to, time.Since(start).Seconds())
	return nil
}

func sharedSetupCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		from, to, err := postgres.Setup(e.ctx, args[0])
		if err != nil {
			return err
		}
		if from == to {
			fmt.Fprintf(e.out, "The shared log's tables are up to date (format %d).\n", to)
		} else {
			fmt.Fprintf(e.out, "Set up the shared log's tables: format %d to %d.\n", from, to)
		}
		return nil
	}
}

func sharedAddCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		if err := postgres.AddOrganisation(e.ctx, args[0], args[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.out, "The shared log has an organisation %q.\n", args[1])
		return nil
	}
}

func sharedGrantCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		if err := postgres.Grant(e.ctx, args[0], args[1], args[2]); err != nil {
			return err
		}
		fmt.Fprintf(e.out, "%s may now use the log of %q.\n", args[2], args[1])
		return nil
	}
}
