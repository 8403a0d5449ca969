package workcopy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/internal/safefile"
)

// DefaultWorkDir returns the folder working copies are kept in: a folder of
// the user's own on this computer's disk that is neither synced nor roamed,
// and that the system does not clear out.
//
//   - Windows: %LocalAppData%\Guardian\Working (os.UserCacheDir). Not
//     %AppData% (os.UserConfigDir): that is the roaming profile, which NHS
//     organisations often redirect to a network share or copy at log-off.
//   - macOS: ~/Library/Application Support/Guardian/Working (not Caches,
//     which the system may empty).
//   - Linux and others: $XDG_DATA_HOME/Guardian/working, by default
//     ~/.local/share (not ~/.cache, which cleaners empty).
func DefaultWorkDir() (string, error) {
	var base string
	var err error
	switch runtime.GOOS {
	case "windows":
		base, err = os.UserCacheDir()
		return filepath.Join(base, "Guardian", "Working"), err
	case "darwin", "ios":
		base, err = os.UserConfigDir()
		return filepath.Join(base, "Guardian", "Working"), err
	}
	if base = os.Getenv("XDG_DATA_HOME"); base == "" || !filepath.IsAbs(base) {
		home, herr := os.UserHomeDir()
		if herr != nil {
			return "", herr
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "Guardian", "working"), nil
}

// manifest is kept beside each working copy so that a Guardian started
// after a crash knows where the copy came from and whether it holds changes
// that never reached the original.
type manifest struct {
	Original  string    `json:"original"`
	Owner     Owner     `json:"owner"`     // the Guardian working on it
	Base      fileState `json:"base"`      // the original when copied or last saved back
	Encrypted bool      `json:"encrypted"` // the original is an age-encrypted copy
	Copied    time.Time `json:"copied"`
	LastSaved time.Time `json:"last_saved,omitzero"`
	Dirty     bool      `json:"dirty"` // changes not yet saved back
	Changed   time.Time `json:"changed,omitzero"`
}

// baseInfo records the questions as they were when the log was copied
// (base.json; after a save back the snapshot saved, base.guardian, is read
// instead), so that a conflict can list what each side changed.
type baseInfo struct {
	Questions []*assurance.Question `json:"questions"`
	AuditID   int64                 `json:"audit_id"` // the newest audit entry then
}

const (
	manifestName = "manifest.json"
	baseName     = "base.json"
	baseDB       = "base.guardian" // the snapshot last saved back, when there is one
)

// workDirFor returns the working folder for an original: its name plus a
// hash of its full path, so two logs called "board.guardian" in different
// folders never share one.
func workDirFor(root, original string) string {
	key := original
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		key = strings.ToLower(key) // these systems ignore case in names
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(root, assurance.CleanFileName(filepath.Base(original))+"-"+hex.EncodeToString(sum[:6]))
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := safefile.SyncFile(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	return nil
}
