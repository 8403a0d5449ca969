package place

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// systemVolume asks statfs for the file system holding path. statfs follows
// symbolic links, so a link into a network mount is judged by its target.
func systemVolume(path string) (Volume, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return Volume{}, fmt.Errorf("statfs: %w", err)
	}
	return Volume{Root: path, FSType: int64(uint32(st.Type))}, nil
}
