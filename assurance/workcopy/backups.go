package workcopy

import (
	"context"
	"path/filepath"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
)

// Backups returns the rolling backups of the log at original. A plain log on
// this computer's own disk keeps them beside it. Any other log (on a network
// drive, in a synced folder, on a USB stick, or an encrypted copy) keeps them
// in Guardian's folder on this computer instead: a backup is an unencrypted
// copy, which must not land on a shared drive or a stick, and the working
// copy's own folder is removed after each clean save back.
func Backups(original string, opts Options) backup.Rolling {
	r := backup.Rolling{Log: original}
	if err := opts.defaults(); err != nil {
		return r // no data folder: beside the log is the only place left
	}
	abs, err := filepath.Abs(original)
	if err != nil {
		return r
	}
	p, err := opts.Classify(abs)
	encrypted, _ := startsWith(abs, ageMagic)
	if err == nil && p.Local() && !encrypted {
		return r
	}
	r.Dir = filepath.Join(workDirFor(filepath.Join(filepath.Dir(opts.WorkDir), "Backups"), abs), backup.FolderName)
	return r
}

// Restore puts the backup at copyPath in place of the log at original, as
// backup.Rolling.Restore does (check runs on the copy first; the log as it
// is now is kept as a before-restore backup), and respects the owner file
// as every other change does: a log someone else has open is refused,
// saying who, and the owner file is held while the log is replaced so that
// no one opens it half way. A stale owner file is offered to
// Options.ClearStale.
func Restore(ctx context.Context, original, copyPath string, check func(path string) error, opts Options) (backup.Copy, error) {
	if err := opts.defaults(); err != nil {
		return backup.Copy{}, err
	}
	abs, err := filepath.Abs(original)
	if err != nil {
		return backup.Copy{}, assurance.WrapError(assurance.EINVALID, err, "%q is not a usable file name", original)
	}
	s := &Session{opts: opts, original: abs}
	if err := s.checkHolder(); err != nil {
		return backup.Copy{}, err
	}
	if s.held != nil {
		return backup.Copy{}, heldError(s.held, "Guardian does not restore a backup over a log someone else has open: ask them to close it first")
	}
	me := currentOwner(opts.Actor, time.Now())
	if err := claim(abs, me); err != nil {
		if held, _ := ReadOwner(abs); held != nil {
			return backup.Copy{}, heldError(held, "Guardian does not restore a backup over a log someone else has open: ask them to close it first")
		}
		return backup.Copy{}, assurance.WrapError(assurance.EREADONLY, err, "Cannot restore %q: its folder cannot be written", filepath.Base(abs))
	}
	defer release(abs, me)
	return Backups(abs, opts).Restore(ctx, copyPath, check)
}

// heldError says who holds a log and why that stops what was asked.
func heldError(held *Owner, why string) error {
	return assurance.Errorf(assurance.ELOCKED, "%s. %s", held, why)
}
