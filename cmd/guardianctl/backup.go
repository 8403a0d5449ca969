package main

import (
	"flag"
	"fmt"
	"strconv"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// Rolling backups: the copies Guardian keeps of a log by itself (one a day
// of use, one before each upgrade), listed and restored.

func backupListCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		r, err := e.backups(args[0])
		if err != nil {
			return err
		}
		copies, err := r.List()
		if err != nil {
			return err
		}
		if len(copies) == 0 {
			fmt.Fprintf(e.out, "No backups of %s yet (they are kept in %q).\n", args[0], r.Folder())
			return nil
		}
		rows := make([][]string, len(copies))
		for i, c := range copies {
			rows[i] = []string{strconv.Itoa(i + 1), c.At.Format("2006-01-02 15:04:05"), c.Reason, assurance.FormatSize(c.Size), c.Path}
		}
		table(e.out, []string{"#", "MADE", "WHY", "SIZE", "FILE"}, rows)
		return nil
	}
}

func backupRestoreCmd(fs *flag.FlagSet) runFunc {
	return func(e *env, args []string) error {
		opts, err := e.sessionOptions(args[0], false)
		if err != nil {
			return err
		}
		r := workcopy.Backups(args[0], opts)
		from := args[1]
		if n, err := strconv.Atoi(from); err == nil {
			copies, err := r.List()
			if err != nil {
				return err
			}
			if n < 1 || n > len(copies) {
				return usagef("there is no backup number %d of %s: see guardianctl backup list", n, args[0])
			}
			from = copies[n-1].Path
		}
		// Like every change, a restore is refused while someone else has
		// the log open (its owner file), saying who.
		kept, err := workcopy.Restore(e.ctx, args[0], from, func(p string) error {
			return e.withLog(p, false, func(st assurance.Store) error {
				rep, err := st.Check(e.ctx)
				if err == nil && !rep.OK() {
					err = assurance.Errorf(assurance.ECORRUPT, "the backup is damaged (%d problem(s) found by check)", len(rep.Integrity)+len(rep.BadEvidence))
				}
				return err
			})
		}, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.out, "Restored %s from %s.\nThe log as it was is kept as %s.\n", args[0], from, kept.Path)
		return nil
	}
}

// backups are the rolling copies Guardian keeps of the log at path, where
// the app keeps them (workcopy.Backups).
func (e *env) backups(path string) (backup.Rolling, error) {
	o, err := e.sessionOptions(path, false)
	if err != nil {
		return backup.Rolling{}, err
	}
	return workcopy.Backups(path, o), nil
}
