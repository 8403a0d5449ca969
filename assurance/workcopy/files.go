package workcopy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nhsguardian/guardian/internal/safefile"
)

// fileState is what Guardian remembers of a file to tell later whether
// someone else has changed it.
type fileState struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mod_time"`
	SHA256  string    `json:"sha256"`
}

// sameContent compares by size and hash: a sync client that rewrites the
// same bytes (a new modification time) has not changed the log.
func (a fileState) sameContent(b fileState) bool { return a.Size == b.Size && a.SHA256 == b.SHA256 }

// stateOf reads the whole file to hash it.
func stateOf(path string) (fileState, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileState{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileState{}, err
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fileState{}, fmt.Errorf("read %q: %w", path, err)
	}
	return fileState{Size: n, ModTime: st.ModTime().UTC(), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// copyIn copies src (the original, wherever it lives) to dst in the working
// area and returns src's state. If src changes while it is being copied (a
// sync client is still writing it) the copy is tried again; a file that never
// holds still is refused rather than copied half-written.
func copyIn(src, dst string) (fileState, error) {
	for try := 0; try < 5; try++ {
		if try > 0 {
			time.Sleep(time.Duration(try) * 200 * time.Millisecond)
		}
		st, err := copyOnce(src, dst)
		if err != nil {
			return fileState{}, err
		}
		after, err := os.Stat(src)
		if err != nil {
			return fileState{}, err
		}
		if after.Size() == st.Size && after.ModTime().UTC().Equal(st.ModTime) {
			return st, nil
		}
	}
	return fileState{}, fmt.Errorf("copy %q: the file kept changing while it was copied", src)
}

func copyOnce(src, dst string) (fileState, error) {
	in, err := os.Open(src)
	if err != nil {
		return fileState{}, err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return fileState{}, err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fileState{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return fileState{}, fmt.Errorf("copy %q: %w", src, err)
	}
	return fileState{Size: n, ModTime: info.ModTime().UTC(), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// failWriter lets tests make writes to a destination fail part way, as a
// full disk or a dropped network connection would.
var failWriter func(io.Writer) io.Writer

// writeTemp writes what fill produces to a new temporary file in dir, named
// "~$NAME.gd-….tmp" (sync clients do not upload "~$" and ".tmp" files; the
// rest names this computer and process: see temps.go), flushes
// it to disk, then reads it back to confirm every byte arrived. On any
// failure the temporary file is removed.
func writeTemp(dir, name string, fill func(io.Writer) error) (string, fileState, error) {
	h := sha256.New()
	var cw *countWriter
	tmp, err := safefile.WriteTemp(dir, tempPattern(name), true, func(f *os.File) error {
		cw = &countWriter{w: io.MultiWriter(f, h)}
		var w io.Writer = cw
		if failWriter != nil {
			w = failWriter(w)
		}
		return fill(w)
	})
	if err != nil {
		return "", fileState{}, err
	}
	want := hex.EncodeToString(h.Sum(nil))
	got, err := stateOf(tmp)
	if err == nil && (got.Size != cw.n || got.SHA256 != want) {
		err = fmt.Errorf("the file written is not the file sent (%d bytes of %d)", got.Size, cw.n)
	}
	if err != nil {
		os.Remove(tmp)
		return "", fileState{}, fmt.Errorf("read back: %w", err)
	}
	return tmp, got, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// replaceRetry is how long a replace keeps trying while another program
// (OneDrive, a virus scanner, an indexer) holds the file.
var replaceRetry = 10 * time.Second

// renameFile is replaceFile; tests make it fail as a busy file does.
var renameFile = replaceFile

// replace moves tmp over dst, retrying while the file is busy.
func replace(tmp, dst string) error {
	deadline := time.Now().Add(replaceRetry)
	wait := 50 * time.Millisecond
	for {
		err := renameFile(tmp, dst)
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
		wait = min(2*wait, time.Second)
	}
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// ageMagic starts every age-encrypted file.
var ageMagic = []byte("age-encryption.org/v1\n")

// startsWith reports whether the file at path begins with prefix.
func startsWith(path string, prefix []byte) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	b := make([]byte, len(prefix))
	if _, err := io.ReadFull(f, b); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return false, nil
		}
		return false, err
	}
	return bytes.Equal(b, prefix), nil
}

// sidecars are the files SQLite keeps beside a database while it is open.
func sidecars(path string) []string {
	return []string{path + "-wal", path + "-shm", path + "-journal"}
}

// removeDB removes a database and its sidecar files.
func removeDB(path string) {
	os.Remove(path)
	for _, s := range sidecars(path) {
		os.Remove(s)
	}
}
