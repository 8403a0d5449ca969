package sqlite

import (
	"os"
	"path/filepath"
	"sync"
)

// SQLite's lock bytes (os_unix.c, os_win.c): in the log, the pending byte,
// the reserved byte after it and the range of shared-lock bytes after that,
// all beyond 1 GiB, where no data is; in the -shm, the "dead man switch"
// byte every connection holds a shared lock on while it has the log open
// in WAL mode.
const (
	sqlitePendingByte = 0x40000000
	sqliteSharedFirst = sqlitePendingByte + 2
	sqliteSharedSize  = 510
	sqliteShmDMS      = 128
)

// lockOut takes, without SQLite, the locks that keep every SQLite
// connection off the log at path: a write lock on the log's pending,
// reserved and shared bytes (no one can start reading or writing it), and
// on the -shm's dead man switch (no one has it open in WAL mode). ok is
// false when someone holds either. It never creates a file, and is not
// tried on a log this program has open: closing a file this program has
// locked through another descriptor would drop SQLite's locks on it.
func lockOut(path string) (unlock func(), ok bool, err error) {
	if openHere.has(path) {
		return nil, false, nil
	}
	db, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, false, err
	}
	if ok, err := tryLock(db, sqlitePendingByte, 2+sqliteSharedSize); !ok {
		db.Close()
		return nil, false, err
	}
	shm, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if os.IsNotExist(err) {
		return func() { db.Close() }, true, nil // closing releases the lock
	}
	if err != nil {
		db.Close()
		return nil, false, err
	}
	if ok, err := tryLock(shm, sqliteShmDMS, 1); !ok {
		shm.Close()
		db.Close()
		return nil, false, err
	}
	return func() { shm.Close(); db.Close() }, true, nil
}

// openHere counts the stores this program has open on each log.
var openHere = openLogs{n: map[string]int{}}

type openLogs struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *openLogs) key(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return filepath.Clean(path)
}

func (o *openLogs) add(path string, d int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := o.key(path)
	if o.n[k] += d; o.n[k] <= 0 {
		delete(o.n, k)
	}
}

func (o *openLogs) has(path string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.n[o.key(path)] > 0
}
