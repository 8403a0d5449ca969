package sqlite

import "os"

// sidecars notes which of a log's -wal and -shm files exist before an open,
// so that a refused open can remove the ones SQLite made on the way in:
// opening a damaged file must leave its folder as it found it.
type sidecars struct {
	path     string
	wal, shm bool
}

func noteSidecars(path string) sidecars {
	_, werr := os.Stat(path + "-wal")
	_, serr := os.Stat(path + "-shm")
	return sidecars{path: path, wal: werr == nil, shm: serr == nil}
}

// tidy removes sidecar files that were not there before, if the -wal is
// empty (so it holds nothing anyone wrote).
func (s sidecars) tidy() {
	if st, err := os.Stat(s.path + "-wal"); err == nil && st.Size() > 0 {
		return
	}
	if !s.wal {
		os.Remove(s.path + "-wal")
	}
	if !s.shm {
		os.Remove(s.path + "-shm")
	}
}
