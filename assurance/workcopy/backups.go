package workcopy

import (
	"path/filepath"

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
