package workcopy

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// Unsaved is a working copy whose changes never reached the original:
// Guardian stopped before saving back (a crash, a power cut), or the save
// back was refused because the original had changed.
type Unsaved struct {
	Original    string    // the log's real place
	WorkingCopy string    // the local copy holding the changes
	User        string    // who made them
	Opened      time.Time // when the log was opened
	Changed     time.Time // when the first unsaved change was made
	LastSaved   time.Time // when it was last saved back; zero if never
	Encrypted   bool
	dir         string
	owner       Owner // the owner file the Guardian that stopped wrote
}

// FindUnsaved lists the unsaved working copies in workDir ("" for
// DefaultWorkDir) left by Guardians that are no longer running, oldest
// first. On the way it clears leftovers that hold nothing unsaved.
func FindUnsaved(workDir string) ([]*Unsaved, error) {
	if workDir == "" {
		d, err := DefaultWorkDir()
		if err != nil {
			return nil, workAreaError(err)
		}
		workDir = d
	}
	clearDeadViews(filepath.Join(workDir, "views"))
	entries, err := os.ReadDir(workDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, workAreaError(err)
	}
	var out []*Unsaved
	for _, e := range entries {
		dir := filepath.Join(workDir, e.Name())
		var m manifest
		if !e.IsDir() || readJSON(filepath.Join(dir, manifestName), &m) != nil {
			continue
		}
		if m.Owner.Machine == machineName() && processAlive(m.Owner.PID) {
			continue // a Guardian is still working on it
		}
		work := filepath.Join(dir, filepath.Base(m.Original))
		if !m.Dirty {
			os.RemoveAll(dir)
			continue
		}
		out = append(out, &Unsaved{Original: m.Original, WorkingCopy: work, User: m.Owner.User, Opened: m.Owner.Opened,
			Changed: m.Changed, LastSaved: m.LastSaved, Encrypted: m.Encrypted, dir: dir, owner: m.Owner})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Changed.Before(out[j].Changed) })
	return out, nil
}

// clearDeadViews removes read-only copies left by Guardians that stopped.
func clearDeadViews(views string) {
	entries, _ := os.ReadDir(views)
	for _, e := range entries {
		pid, err := strconv.Atoi(strings.SplitN(e.Name(), "-", 2)[0])
		if err == nil && !processAlive(pid) {
			os.RemoveAll(filepath.Join(views, e.Name()))
		}
	}
}

// SaveBack opens the original, carrying on with this working copy, and
// saves it back. If the original has changed since it was copied the save
// back is refused with ECONFLICT and the working copy is kept; if someone
// else has the original open it is refused with EREADONLY saying who.
func (u *Unsaved) SaveBack(ctx context.Context, opts Options) error {
	s, err := Open(u.Original, opts)
	if err != nil {
		return err
	}
	if s.HeldBy() != nil {
		s.Close()
		return assurance.Errorf(assurance.EREADONLY, "%s: Guardian cannot save your changes back until they close it", s.HeldBy())
	}
	if s.mode != working || s.work != u.WorkingCopy {
		s.Close()
		return assurance.Errorf(assurance.EINTERNAL, "The unsaved copy of %q could not be reopened", filepath.Base(u.Original))
	}
	if err := s.Save(ctx); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// SaveAs writes the working copy to a new file dest and then discards it.
// passphrase, if not empty, encrypts the new file.
func (u *Unsaved) SaveAs(ctx context.Context, dest, passphrase string) error {
	if err := u.export(ctx, dest, passphrase); err != nil {
		return err
	}
	return u.Discard()
}

func (u *Unsaved) export(ctx context.Context, dest, passphrase string) error {
	// Opening for changes replays any committed changes still in its -wal file.
	st, err := sqlite.Open(u.WorkingCopy, sqlite.Options{})
	if err != nil {
		return err
	}
	err = exportTo(ctx, st, u.dir, dest, passphrase)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// KeepAside is "Open theirs" for a working copy whose save back
// conflicted: the changes are kept as a file in the working area's Kept
// folder (its path is returned) and the working copy is discarded, so the
// original can be opened as it now is. An encrypted log's copy is not kept
// in plain text: use SaveAs with a passphrase instead.
func (u *Unsaved) KeepAside(ctx context.Context) (string, error) {
	if u.Encrypted {
		return "", assurance.Errorf(assurance.EINVALID, "Your changes to the encrypted copy %q can only be kept by saving them as a new file", filepath.Base(u.Original))
	}
	kept, err := keptPath(filepath.Dir(u.dir), u.Original)
	if err != nil {
		return "", err
	}
	if err := u.export(ctx, kept, ""); err != nil {
		return "", err
	}
	return kept, u.Discard()
}

// Discard deletes the working copy and its changes, and the owner file
// beside the original that the Guardian which stopped left (only if it is
// still that one), so that colleagues are not locked out.
func (u *Unsaved) Discard() error {
	if err := release(u.Original, &u.owner); err != nil {
		return assurance.WrapError(assurance.ELOCKED, err, "Cannot remove the owner file beside %q", filepath.Base(u.Original))
	}
	if err := os.RemoveAll(u.dir); err != nil {
		return workAreaError(err)
	}
	return nil
}
