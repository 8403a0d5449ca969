//go:build unix

package reliability

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// TestBackupWhileAnotherProcessWrites makes three backups of a log while a writer
// process is changing it: each copy must be a sound, self-consistent log
// (whole batches, audit matching data, evidence matching hashes) holding at
// least every change reported committed before the backup began.
func TestBackupWhileAnotherProcessWrites(t *testing.T) {
	path := newLog(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := helperCommand(t, ctx, "writer", path, "77", "0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		reported []result
		ready    = make(chan struct{})
	)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var r result
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				mu.Lock()
				reported = append(reported, r)
				if len(reported) == 20 {
					close(ready)
				}
				mu.Unlock()
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("the writer did not get going")
	}
	s, err := sqlite.Open(path, sqlite.Options{Catalogue: assets.MustCatalogue(), Actor: "Backup"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	type made struct {
		path   string
		before []result
	}
	var copies []made
	for i := range 3 {
		mu.Lock()
		before := append([]result(nil), reported...)
		mu.Unlock()
		dest := filepath.Join(dir, fmt.Sprintf("copy %d.guardian", i))
		if err := s.Backup(context.Background(), dest); err != nil {
			t.Fatalf("backup %d while writing: %v", i, err)
		}
		copies = append(copies, made{dest, before})
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	rows := 0
	for i, c := range copies {
		b, err := sqlite.Open(c.path, sqlite.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("backup %d does not open: %v", i, err)
		}
		rows += verify(t, b, c.before)
		b.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("3 backups made while another process wrote %d changes; each sound and complete (%d rows checked)", len(reported), rows)
}
