// Package backup keeps rolling copies of an assurance log: one before each
// upgrade of its format and one a day while it is used, the last seven kept,
// and puts one back when asked. The copies are made by the Store's own
// Backup (a consistent VACUUM INTO copy, safe while the log is in use) and
// live in a "Guardian backups" folder beside the log, or in the folder
// Rolling.Dir names: workcopy.Backups puts those of a log kept off this
// computer's disk, or encrypted, in Guardian's own folder on this computer.
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/internal/safefile"
)

// Reasons a copy was made; each is the last word of the copy's name.
const (
	Daily         = "daily"
	BeforeUpgrade = "before-upgrade"
	BeforeRestore = "before-restore"
	Manual        = "manual"
)

// DefaultKeep is how many copies of a log are kept.
const DefaultKeep = 7

// FolderName is the folder made beside a log to hold its copies.
const FolderName = "Guardian backups"

const stampLayout = "2006-01-02 150405"

// Rolling is the set of copies of one log.
type Rolling struct {
	Log  string           // the log file
	Dir  string           // where copies go; default FolderName beside Log
	Keep int              // copies kept; default DefaultKeep
	Now  func() time.Time // default time.Now
}

// Copy is one backup of a log.
type Copy struct {
	Path   string
	At     time.Time // local time the copy was made, to the second
	Reason string
	Size   int64
}

// Backupper is what makes a copy: assurance.Store has it.
type Backupper interface {
	Backup(ctx context.Context, dest string) error
}

// Folder is where the copies are kept.
func (r Rolling) Folder() string { return r.dir() }

func (r Rolling) dir() string {
	if r.Dir != "" {
		return r.Dir
	}
	return filepath.Join(filepath.Dir(r.Log), FolderName)
}

func (r Rolling) keep() int {
	if r.Keep > 0 {
		return r.Keep
	}
	return DefaultKeep
}

func (r Rolling) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// stem is the log's name without its extension, made safe as a file name.
func (r Rolling) stem() string {
	name := filepath.Base(r.Log)
	return assurance.CleanFileName(strings.TrimSuffix(name, filepath.Ext(name)))
}

func (r Rolling) pattern() *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(r.stem()) + ` (\d{4}-\d{2}-\d{2} \d{6}) ([a-z-]+)\.guardian$`)
}

// List returns the copies of the log, newest first.
func (r Rolling) List() ([]Copy, error) {
	entries, err := os.ReadDir(r.dir())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, assurance.WrapError(assurance.EINTERNAL, err, "Cannot list the backups in %q", r.dir())
	}
	re := r.pattern()
	var out []Copy
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		at, err := time.ParseInLocation(stampLayout, m[1], time.Local)
		if err != nil {
			continue
		}
		c := Copy{Path: filepath.Join(r.dir(), e.Name()), At: at, Reason: m[2]}
		if info, err := e.Info(); err == nil {
			c.Size = info.Size()
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

// next returns the path for a new copy, after making the folder (0700: the
// copies hold the same sensitive information as the log) and removing the
// oldest copies so that, with the new one, Keep remain.
func (r Rolling) next(reason string) (Copy, error) {
	if err := os.MkdirAll(r.dir(), 0o700); err != nil {
		return Copy{}, assurance.WrapError(assurance.EINVALID, err, "Cannot make the backup folder %q", r.dir())
	}
	if err := r.prune(r.keep() - 1); err != nil {
		return Copy{}, err
	}
	at := r.now().Truncate(time.Second)
	// Names sort by time: a second copy within a second is stamped a second
	// later, so "newest first" stays true.
	if copies, err := r.List(); err == nil && len(copies) > 0 && !at.After(copies[0].At) {
		at = copies[0].At.Add(time.Second)
	}
	return Copy{Path: filepath.Join(r.dir(), fmt.Sprintf("%s %s %s.guardian", r.stem(), at.Format(stampLayout), reason)), At: at, Reason: reason}, nil
}

// prune removes all but the newest keep copies.
func (r Rolling) prune(keep int) error {
	copies, err := r.List()
	if err != nil {
		return err
	}
	for _, c := range copies[min(keep, len(copies)):] {
		if err := os.Remove(c.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return assurance.WrapError(assurance.EINTERNAL, err, "Cannot remove the old backup %q", filepath.Base(c.Path))
		}
	}
	return nil
}

// Make makes a copy now with s, which has the log open.
func (r Rolling) Make(ctx context.Context, s Backupper, reason string) (Copy, error) {
	c, err := r.next(reason)
	if err != nil {
		return Copy{}, err
	}
	if err := s.Backup(ctx, c.Path); err != nil {
		return Copy{}, err
	}
	st, err := os.Stat(c.Path)
	if err != nil {
		return Copy{}, assurance.WrapError(assurance.EINTERNAL, err, "Cannot find the backup just made")
	}
	c.Size = st.Size()
	return c, nil
}

// Daily makes the day's copy if there is no copy from today yet; the app
// calls it when a log is opened (and may call it again on a long day).
func (r Rolling) Daily(ctx context.Context, s Backupper) (Copy, bool, error) {
	copies, err := r.List()
	if err != nil {
		return Copy{}, false, err
	}
	y, m, d := r.now().Date()
	for _, c := range copies {
		if cy, cm, cd := c.At.Date(); cy == y && cm == m && cd == d {
			return c, false, nil
		}
	}
	c, err := r.Make(ctx, s, Daily)
	return c, err == nil, err
}

// BeforeMigrate returns where the store should put its copy of the log
// before upgrading it from format from to format to; it is what
// sqlite.Options.BeforeMigrate wants.
func (r Rolling) BeforeMigrate(from, to int) (string, error) {
	c, err := r.next(BeforeUpgrade)
	return c.Path, err
}

// Restore puts the copy at copyPath in place of the log, which must be
// closed. The log as it is now is kept first as a "before-restore" copy, so
// a restore loses nothing. check, if not nil, is run on the copy before
// anything is changed (the caller opens it read-only and runs its check);
// the swap itself is a rename, so the log is whole at every moment.
func (r Rolling) Restore(ctx context.Context, copyPath string, check func(path string) error) (kept Copy, err error) {
	// A closed log is one file. A -wal or -journal beside it belongs to a
	// program that has it open or stopped mid-change; SQLite would replay
	// it into whatever file is put in the log's place.
	for _, side := range []string{"-wal", "-journal"} {
		if _, err := os.Stat(r.Log + side); err == nil {
			return Copy{}, assurance.Errorf(assurance.ELOCKED,
				"%q is open in Guardian (or was not closed properly): close it, or open and close it once, before restoring a backup", filepath.Base(r.Log))
		}
	}
	if check != nil {
		if err := check(copyPath); err != nil {
			return Copy{}, assurance.WrapError(assurance.ErrorCode(err), err, "The backup %q cannot be restored: %s", filepath.Base(copyPath), assurance.ErrorMessage(err))
		}
	}
	kept, err = r.next(BeforeRestore)
	if err != nil {
		return Copy{}, err
	}
	if err := safefile.CopyNew(r.Log, kept.Path); err != nil {
		return Copy{}, assurance.WrapError(assurance.EINTERNAL, err, "Cannot keep a copy of %q before restoring", filepath.Base(r.Log))
	}
	if st, err := os.Stat(kept.Path); err == nil {
		kept.Size = st.Size()
	}
	tmp := r.Log + ".restoring"
	if err := safefile.CopyNew(copyPath, tmp); err != nil {
		os.Remove(tmp)
		return kept, assurance.WrapError(assurance.EINTERNAL, err, "Cannot restore %q", filepath.Base(copyPath))
	}
	if err := os.Rename(tmp, r.Log); err != nil {
		os.Remove(tmp)
		return kept, assurance.WrapError(assurance.EINTERNAL, err, "Cannot restore %q", filepath.Base(copyPath))
	}
	os.Remove(r.Log + "-shm") // belonged to the old file; SQLite rebuilds it
	return kept, nil
}
