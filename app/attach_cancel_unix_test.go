//go:build unix

package app

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestClosingDuringAnAttachCancelsItCleanly attaches a file that never ends
// (a named pipe fed until its reader goes away), closes the log half way,
// and requires the one right outcome: the attach stopped, nothing stored,
// no dialog left behind.
func TestClosingDuringAnAttachCancelsItCleanly(t *testing.T) {
	u, files := newTestUI(t)
	path := newTestLog(t, q("2.2", "Is the referral pathway working?"))
	u.OpenLog(path, false)
	u.ws.list.table.Select(widget.TableCellID{Row: 0, Col: 0})
	pipe := filepath.Join(t.TempDir(), "scan.tif")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	// The feeder writes 1 MB, says so, then writes until the attach closes
	// the pipe: the file ends only after 64 MB more, so only cancelling can
	// stop the attach half way.
	fed := make(chan error, 1)
	stopped := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(pipe, os.O_WRONLY, 0)
		if err != nil {
			fed <- err
			return
		}
		defer w.Close()
		chunk := make([]byte, 64<<10)
		for i := 0; i < 16; i++ {
			if _, err := w.Write(chunk); err != nil {
				fed <- err
				return
			}
		}
		fed <- nil
		for i := 0; i < 1024; i++ { // 64 MB more, then an end, so a broken cancel fails rather than hangs
			if _, err := w.Write(chunk); err != nil {
				stopped <- err // EPIPE: the attach closed the file
				return
			}
		}
		stopped <- nil
	}()
	files.open = pipe
	test.Tap(u.ws.editor.evidence.attachB)
	if err := <-fed; err != nil {
		t.Fatalf("feeding the attach: %v", err)
	}
	u.CloseLog() // cancels the attach and waits for it to stop
	settle(u)
	if err := <-stopped; err == nil {
		t.Error("the attach did not close the file")
	}
	if u.ws != nil || u.start == nil {
		t.Fatal("the log did not close")
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog was left after closing: %T %q", top, dialogText(u))
	}
	s, err := testOptions(nil).Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ev, err := s.EvidenceList(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 0 {
		t.Fatalf("evidence stored by an attach cancelled half way: %+v", ev)
	}
}
