package workcopy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/nhsguardian/guardian/assurance"
)

// Owner is who has a log open for changes, as written in the owner file
// "~$NAME.lock" beside the log (the way Word and Excel mark an open document).
// Sync clients such as OneDrive do not upload files whose names begin "~$",
// so the owner file guards network drives; on a cloud-synced folder the
// check at save back (the file must not have changed since it was copied) is
// what keeps one person from overwriting another.
type Owner struct {
	User    string    `json:"user"`
	Machine string    `json:"machine"`
	PID     int       `json:"pid"`
	Opened  time.Time `json:"opened"`
	App     string    `json:"app"`
}

// String says who holds the log in plain words: "Open by alice on
// LAPTOP-7 since 14:05 on 23 Nov 2026".
func (o *Owner) String() string {
	return fmt.Sprintf("Open by %s on %s since %s", o.User, o.Machine, o.Opened.Local().Format("15:04 on 2 Jan 2006"))
}

// Gone reports whether the owner was a Guardian on this computer that is no
// longer running: it stopped without closing the log (a crash, a power cut),
// so the owner file is stale.
func (o *Owner) Gone() bool {
	return o.Machine == machineName() && o.PID > 0 && o.PID != os.Getpid() && !processAlive(o.PID)
}

// Elsewhere reports whether the owner is a Guardian on another computer,
// which this one cannot check on.
func (o *Owner) Elsewhere() bool { return o.Machine != machineName() }

// OlderThan reports whether the owner file is older than d. An old owner
// file may be left by a computer that crashed; only the user can confirm.
func (o *Owner) OlderThan(d time.Duration, now time.Time) bool {
	return d > 0 && now.Sub(o.Opened) > d
}

// Mine reports whether the owner is this very program.
func (o *Owner) Mine() bool { return o.Machine == machineName() && o.PID == os.Getpid() }

// OwnerPath returns the owner file of the log at path: "~$NAME.lock" in the
// same folder.
func OwnerPath(path string) string {
	return filepath.Join(filepath.Dir(path), "~$"+shortName(filepath.Base(path))+".lock")
}

// shortName returns name, or for a name so long that "~$NAME.lock" would
// pass the 255-byte limit of most file systems, its start and a hash of the
// whole.
func shortName(name string) string { return shortNameMax(name, maxOwnerName) }

// shortNameMax returns name, or if it is longer than limit bytes its start
// and a hash of the whole, limit bytes in all.
func shortNameMax(name string, limit int) string {
	if len(name) <= limit {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	cut := limit - 13
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + "-" + hex.EncodeToString(sum[:6])
}

// maxOwnerName leaves room for "~$" and ".lock" within 255 bytes, with
// room to spare: older Guardians used it for temporary files too.
const maxOwnerName = 230

func machineName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "an unnamed computer"
}

func currentOwner(actor string, now time.Time) *Owner {
	if actor == "" {
		actor = assurance.DefaultActor()
	}
	return &Owner{User: actor, Machine: machineName(), PID: os.Getpid(), Opened: now.UTC().Truncate(time.Second), App: "Guardian"}
}

// ReadOwner returns who holds the log at path, or nil if no one does. An
// owner file that cannot be read (another program may be writing it) is
// reported as held by someone unknown since the file's time.
func ReadOwner(path string) (*Owner, error) {
	op := OwnerPath(path)
	b, err := os.ReadFile(op)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read owner file %q: %w", op, err)
	}
	var o Owner
	if json.Unmarshal(b, &o) != nil || o.User == "" {
		o = Owner{User: "someone", Machine: "another computer"}
		if st, err := os.Stat(op); err == nil {
			o.Opened = st.ModTime()
		}
	}
	return &o, nil
}

// claim writes the owner file for o. It fails with fs.ErrExist if another
// owner file appeared first: O_EXCL makes the check and the claim one step.
func claim(path string, o *Owner) error {
	op := OwnerPath(path)
	b, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		return err
	}
	f, err := createExclusive(op)
	if err != nil {
		return fmt.Errorf("create owner file %q: %w", op, err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(op)
		return fmt.Errorf("write owner file %q: %w", op, err)
	}
	hideFile(op)
	return nil
}

// createExclusive creates a file that must not exist yet; tests make it
// fail as a read-only share does.
var createExclusive = createExclusiveFile

func createExclusiveFile(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

// release removes the owner file if it is still o's, so that a file another
// Guardian wrote after clearing ours is never removed.
func release(path string, o *Owner) error {
	cur, err := ReadOwner(path)
	if err != nil || cur == nil {
		return err
	}
	if !sameOwner(cur, o) {
		return nil
	}
	if err := os.Remove(OwnerPath(path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove owner file: %w", err)
	}
	return nil
}

func sameOwner(a, b *Owner) bool {
	return a.User == b.User && a.Machine == b.Machine && a.PID == b.PID && a.Opened.Equal(b.Opened)
}

// ClearOwner removes a stale owner file after the user has been shown who
// held it. It removes the file only if it still names the same owner, so
// that someone who opened the log meanwhile keeps it.
func ClearOwner(path string, held *Owner) error {
	cur, err := ReadOwner(path)
	if err != nil {
		return err
	}
	if cur == nil {
		return nil
	}
	if !sameOwner(cur, held) {
		return assurance.Errorf(assurance.ELOCKED, "The log has just been opened by someone else: %s", cur)
	}
	if err := os.Remove(OwnerPath(path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return assurance.WrapError(assurance.ELOCKED, err, "Cannot clear the owner file of %q", filepath.Base(path))
	}
	return nil
}
