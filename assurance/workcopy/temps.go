package workcopy

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A save back writes "~$NAME.gd-MACHINE-PID-RANDOM.tmp" beside the original
// and renames it over the original. If Guardian is killed in between (kill
// -9, a power cut) the partial file stays there. The name says which
// computer (a short hash of its name) and which process wrote it, so the
// next Guardian on that computer that opens or saves the log can tell its
// own dead leftovers from a colleague's save back in progress, and remove
// only those.

// tempTag marks the temporary files this process writes.
func tempTag() string {
	return "gd-" + machineHash() + "-" + strconv.Itoa(os.Getpid()) + "-"
}

func machineHash() string {
	sum := sha256.Sum256([]byte(machineName()))
	return hex.EncodeToString(sum[:4])
}

// maxTempName leaves room for "~$", the tag and ".tmp" within 255 bytes.
const maxTempName = 200

// tempPrefix is what every temporary file for a file called name starts with.
func tempPrefix(name string) string { return "~$" + shortNameMax(name, maxTempName) + "." }

// tempPattern is the os.CreateTemp pattern for a temporary copy of name.
func tempPattern(name string) string { return tempPrefix(name) + tempTag() + "*.tmp" }

// removeDeadTemps removes the temporary copies of name in dir that a
// Guardian on this computer left when it stopped part way through writing
// them. A file written by another computer, by a process still running, or
// named any other way is left alone. It returns the names removed.
func removeDeadTemps(dir, name string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix := tempPrefix(name) + "gd-" + machineHash() + "-"
	var removed []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasPrefix(n, prefix) || !strings.HasSuffix(n, ".tmp") {
			continue
		}
		pidText, _, ok := strings.Cut(strings.TrimPrefix(n, prefix), "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		if os.Remove(filepath.Join(dir, n)) == nil {
			removed = append(removed, n)
		}
	}
	return removed
}
