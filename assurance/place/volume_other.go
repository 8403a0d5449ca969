//go:build !linux && !windows

package place

import (
	"fmt"
	"os"
)

// systemVolume has no reliable volume facts to offer on this system: the
// classifier then goes by folder names and treats the rest as Unknown, which
// means Guardian works on a local copy.
func systemVolume(path string) (Volume, error) {
	if _, err := os.Stat(path); err != nil {
		return Volume{}, err
	}
	return Volume{Root: path}, fmt.Errorf("no volume information on this system")
}
