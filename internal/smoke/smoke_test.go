//go:build linux

package smoke

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The smoke test drives the app from the keyboard only, as its users can,
// and so depends on the keys Guardian's file dialog (app/filedialog.go)
// answers:
//
//   - Escape cancels it;
//   - the save dialog focuses the name box with the suggested name
//     selected; Return saves;
//   - the open dialog focuses the file list; typing the start of a name
//     finds it, and Return chooses it.
//
// Each step checks the screen itself too: a modal dialog shades the whole
// window, so a dialog that did not appear (or did not close) is seen.

const (
	screenW, screenH = 1400, 900
	// A modal dialog shades the window (light theme): much of the screen
	// changes.
	shownFraction = 0.2
	// Cancelling leaves the window as it was, give or take a caret or hover.
	sameFraction = 0.02
)

func TestRealWindow(t *testing.T) {
	if os.Getenv("GUARDIAN_SMOKE") == "" {
		t.Skip("set GUARDIAN_SMOKE=1 to build the desktop app and drive it under Xvfb (make test does)")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "xwd", "/usr/bin/convert"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed (make test installs it): %v", tool, err)
		}
	}
	root := t.TempDir()
	gui, ctl := buildApps(t, root)
	display := startXvfb(t)
	shots := os.Getenv("GUARDIAN_SMOKE_SHOTS")
	if shots == "" {
		shots = filepath.Join(root, "shots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)

	t.Run("no log", func(t *testing.T) { noLog(t, root, gui, ctl, display, shots) })
	t.Run("demo log", func(t *testing.T) { demoLog(t, root, gui, ctl, display, shots) })
}

// noLog starts the app with no log: Open a log, then Create a new log.
func noLog(t *testing.T, root, gui, ctl, display, shots string) {
	home := newHome(t, root, "home-nolog")
	docs := filepath.Join(home, "Documents")
	demo := filepath.Join(docs, "Board demo.guardian")
	run(t, ctl, "demo", demo, "--questions", "12", "--evidence", "2", "--seed", "1")

	s := startApp(t, gui, display, home, root, shots)
	s.waitTitle("Guardian")
	start := s.settle("start")

	// Open a log: cancelled, then used (the only file in Documents).
	s.showAndCancel("dialog-open", start, s.escape, "ctrl+o")
	s.key("ctrl+o")
	s.waitChange(start, shownFraction, "open again")
	s.chooseFile("Board")
	s.waitTitle("Board demo.guardian - Guardian")
	s.checkAlive()
	opened := s.settle("opened")

	// Create a new log: cancelled, then a name typed and Enter.
	s.showAndCancel("dialog-create", opened, s.escape, "ctrl+shift+n")
	s.key("ctrl+shift+n")
	s.waitChange(opened, shownFraction, "create again")
	s.key("ctrl+a")
	s.typeText("Smoke log.guardian")
	s.key("Return")
	s.waitTitle("Smoke log.guardian - Guardian")
	s.settle("created")
	s.closeLog()
	s.stop()

	created := filepath.Join(docs, "Smoke log.guardian")
	run(t, ctl, "check", created)
	run(t, ctl, "check", demo)
}

// demoLog starts the app on a demo log given on the command line: Attach
// evidence, Export → Choose…, Send a copy and Restore a backup.
func demoLog(t *testing.T, root, gui, ctl, display, shots string) {
	home := newHome(t, root, "home-demo")
	docs := filepath.Join(home, "Documents")
	if err := os.WriteFile(filepath.Join(docs, "minutes.txt"), []byte("Minutes of the board, 3 March.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := filepath.Join(root, "logs")
	if err := os.Mkdir(logs, 0o700); err != nil {
		t.Fatal(err)
	}
	demo := filepath.Join(logs, "Trust demo.guardian")
	run(t, ctl, "demo", demo, "--questions", "12", "--evidence", "2", "--seed", "2")
	evidenceBefore := run(t, ctl, "evidence", "list", demo)
	if strings.Contains(evidenceBefore, "minutes.txt") {
		t.Fatal("the demo already has minutes.txt: the check below would prove nothing")
	}

	s := startApp(t, gui, display, home, root, shots, demo)
	s.waitTitle("Trust demo.guardian - Guardian")
	base := s.settle("demo")

	// Attach evidence to the first question in the list, chosen from the
	// keyboard: Find (Ctrl+F) puts the focus in the search box; Shift+Tab
	// goes back past its clear button and the areas tree and round to the
	// question table, the last control; the space bar chooses its first
	// row. The editor opening beside it shows it worked.
	s.key("ctrl+f", "shift+Tab", "shift+Tab", "shift+Tab", "space")
	base = s.waitChange(base, shownFraction, "question chosen")
	s.showAndCancel("dialog-attach", base, s.escape, "ctrl+shift+a")
	s.key("ctrl+shift+a")
	s.waitChange(base, shownFraction, "attach again")
	s.chooseFile("minutes")
	s.waitOutput(func() bool {
		return strings.Contains(run(t, s.ctl, "evidence", "list", demo), "minutes.txt")
	}, "minutes.txt attached (guardianctl evidence list)")
	base = s.settle("attached")

	// Export → Choose…: with nothing focused, Choose… is five Shift+Tabs
	// back (Export, Cancel, Password, Evidence, Choose…); a closed file
	// dialog leaves nothing focused.
	s.key("ctrl+e")
	export := s.waitChange(base, shownFraction, "export")
	s.saveShot("export", export)
	choose := []string{"shift+Tab", "shift+Tab", "shift+Tab", "shift+Tab", "shift+Tab", "space"}
	s.showAndCancel("dialog-export-choose", export, s.escape, choose...)
	s.key(choose...)
	s.waitChange(export, shownFraction, "choose again")
	s.key("ctrl+a")
	s.typeText("Smoke paper.xlsx")
	s.key("Return")
	s.settle("export path chosen")
	paper := filepath.Join(docs, "Smoke paper.xlsx")
	s.key("shift+Tab", "space") // Export
	s.waitOutput(func() bool { return isXLSX(paper) }, "the board paper written to "+paper)
	// The dialog finishes its last stage after the rename, then says so
	// (Export hidden, Open shown); on a busy machine that takes seconds.
	// Wait for that change, unless it was already on the screen.
	writing := s.shot("paper written")
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && changed(writing, s.shot("paper written")) < 0.001 {
		time.Sleep(500 * time.Millisecond)
	}
	exported := s.settleFor("exported", 2*time.Second)
	s.saveShot("export-done", exported)
	// Export is hidden now: Shift+Tab reaches Open, then Close.
	s.key("shift+Tab", "shift+Tab", "space")
	s.waitChange(exported, shownFraction, "export closed")
	base = s.settle("export closed")

	// Send a copy (File menu, Ctrl+Shift+S): its form, then the file
	// dialog behind "Choose where…".
	sendCopy := []string{"ctrl+shift+s"}
	s.key(sendCopy...)
	form := s.waitChange(base, shownFraction, "send a copy form")
	s.saveShot("send-copy", form)
	// The form closes when its file dialog opens: Cancel leaves the window.
	s.showAndCancelTo("dialog-send-copy", form, base, s.escape, "shift+Tab", "space")
	s.key(sendCopy...)
	s.waitChange(base, shownFraction, "send a copy form again")
	s.key("shift+Tab", "space")
	s.settle("send a copy dialog")
	s.key("ctrl+a")
	s.typeText("Sent copy.guardian")
	s.key("Return")
	sent := filepath.Join(docs, "Sent copy.guardian")
	s.waitOutput(func() bool { return fileSize(sent) > 0 }, "the copy written to "+sent)
	done := s.settle("copy written")
	s.saveShot("copy-written", done)
	s.key("Tab", "space") // OK
	s.waitChange(done, shownFraction, "copy message closed")
	base = s.settle("copy closed")

	// Restore a backup (File menu, Ctrl+Shift+R). Opening the log made
	// today's backup; the dialog lists it first.
	s.waitOutput(func() bool { return strings.Contains(run(t, s.ctl, "backup", "list", demo), "daily") }, "today's backup made")
	restore := []string{"ctrl+shift+r"}
	s.showAndCancel("dialog-restore", base, s.shiftTabSpace, restore...)
	s.key(restore...)
	backups := s.waitChange(base, shownFraction, "restore again")
	s.key("Tab", "space", "Tab", "Tab", "space") // the first backup, Restore…
	confirm := s.waitChange(backups, sameFraction, "restore confirm")
	s.saveShot("restore-confirm", confirm)
	s.key("shift+Tab", "space") // Restore the backup
	s.waitOutput(func() bool {
		return strings.Contains(run(t, s.ctl, "backup", "list", demo), "before-restore")
	}, "the restore happened (a before-restore copy kept)")
	restored := s.settle("restored")
	s.saveShot("restored", restored)
	s.key("Tab", "space") // OK on "Backup restored"
	s.waitChange(restored, shownFraction, "restored message closed")
	s.waitTitle("Trust demo.guardian - Guardian")
	s.settle("end")
	s.closeLog()
	s.stop()

	// The restored backup was made when the log was opened, before
	// minutes.txt was attached; the copy kept before the restore has it.
	if strings.Contains(run(t, ctl, "evidence", "list", demo), "minutes.txt") {
		t.Error("minutes.txt is still attached: the log was not restored")
	}
	kept, _ := filepath.Glob(filepath.Join(logs, "Guardian backups", "*before-restore.guardian"))
	if len(kept) != 1 {
		t.Fatalf("copies kept before the restore: %q, want one", kept)
	}
	if !strings.Contains(run(t, ctl, "evidence", "list", kept[0]), "minutes.txt") {
		t.Error("the copy kept before the restore lacks minutes.txt")
	}
	for _, log := range []string{demo, kept[0], sent} {
		run(t, ctl, "check", log)
	}
}

// buildApps builds the desktop app as make build does (cgo, OpenGL, the
// accessibility tag) and guardianctl. GUARDIAN_SMOKE_BIN names an app
// already built, to save minutes when working on this test.
func buildApps(t *testing.T, root string) (gui, ctl string) {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	ctl = filepath.Join(root, "guardianctl")
	build := exec.Command(goCmd, "build", "-o", ctl, "github.com/nhsguardian/guardian/cmd/guardianctl")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building guardianctl: %v\n%s", err, out)
	}
	if gui = os.Getenv("GUARDIAN_SMOKE_BIN"); gui != "" {
		return gui, ctl
	}
	gui = filepath.Join(root, "guardian")
	began := time.Now()
	build = exec.Command(goCmd, "build", "-tags", "accessibility", "-o", gui, "github.com/nhsguardian/guardian/cmd/guardian")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the desktop app: %v\n%s", err, out)
	}
	t.Logf("desktop app built in %s", time.Since(began).Round(time.Second))
	return gui, ctl
}

// startXvfb starts a virtual X server on a free display and returns its name.
func startXvfb(t *testing.T) string {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", screenW, screenH), "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	var xout bytes.Buffer
	x.Stderr = &xout
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		x.Process.Signal(syscall.SIGTERM)
		x.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatalf("Xvfb did not start: %s", xout.String())
		}
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatalf("Xvfb gave no display in 30 s: %s", xout.String())
	}
	return ""
}

// newHome makes a home folder with Documents, so preferences, working
// copies and dialogs never touch the real one.
func newHome(t *testing.T, root, name string) string {
	home := filepath.Join(root, name)
	for _, d := range []string{"Documents", "run"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

// run runs guardianctl and returns its output; it fails the test if the
// command fails.
func run(t *testing.T, ctl string, args ...string) string {
	t.Helper()
	out, err := exec.Command(ctl, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("guardianctl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// session is one run of the desktop app.
type session struct {
	t       *testing.T
	ctl     string
	display string
	shots   string
	env     []string
	cmd     *exec.Cmd
	out     *syncBuffer
	exited  chan struct{}
	name    string // prefixes its step screenshots
	step    int
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func startApp(t *testing.T, gui, display, home, root, shots string, args ...string) *session {
	env := []string{
		"DISPLAY=" + display,
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "run"),
		// No session bus: nothing autolaunches one (or the desktop portals)
		// and leaves it running.
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(root, "no-bus"),
		"LANG=en_GB.UTF-8",
		// The light theme, as most guardians' Windows laptops show it, and
		// the same screenshots whatever the machine's setting.
		"FYNE_THEME=light",
		"PATH=" + os.Getenv("PATH"),
		"USER=" + os.Getenv("USER"),
		"LOGNAME=" + os.Getenv("LOGNAME"),
	}
	s := &session{t: t, name: strings.ReplaceAll(t.Name(), "/", "-"), display: display, shots: shots, env: env, out: &syncBuffer{}, exited: make(chan struct{})}
	s.ctl = filepath.Join(root, "guardianctl")
	s.cmd = exec.Command(gui, args...)
	s.cmd.Env = env
	s.cmd.Dir = home
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.kill()
		t.Logf("app output:\n%s", s.out.String())
	})
	return s
}

func (s *session) kill() {
	select {
	case <-s.exited:
	default:
		s.cmd.Process.Kill()
		<-s.exited
	}
}

// closeLog closes the open log (Ctrl+W), so that all of it is in the
// file itself for guardianctl to check.
func (s *session) closeLog() {
	s.t.Helper()
	s.key("ctrl+w")
	s.waitTitle("Guardian")
}

// stop ends the app (SIGTERM, as a session logout would) after checking it
// is alive and has not panicked.
func (s *session) stop() {
	s.checkAlive()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.kill()
	}
}

// checkAlive fails the test if the app has exited or printed a panic.
func (s *session) checkAlive() {
	s.t.Helper()
	out := s.out.String()
	if strings.Contains(out, "panic") || strings.Contains(out, "fatal error") {
		s.t.Fatalf("the app panicked:\n%s", out)
	}
	select {
	case <-s.exited:
		s.t.Fatalf("the app has exited (%v):\n%s", s.cmd.ProcessState, out)
	default:
	}
}

func (s *session) xdotool(args ...string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, "xdotool", args...)
	c.Env = s.env
	out, err := c.CombinedOutput()
	if err != nil {
		s.t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// window is the app's window; it gets the keyboard focus (there is no
// window manager to give it).
func (s *session) window() string {
	s.t.Helper()
	ids := strings.Fields(s.xdotool("search", "--sync", "--onlyvisible", "--name", "Guardian"))
	if len(ids) == 0 {
		s.t.Fatal("no Guardian window")
	}
	return ids[0]
}

func (s *session) key(keys ...string) {
	s.t.Helper()
	s.checkAlive()
	s.xdotool("windowfocus", "--sync", s.window())
	s.xdotool(append([]string{"key", "--delay", "120"}, keys...)...)
	time.Sleep(300 * time.Millisecond)
}

func (s *session) typeText(text string) {
	s.t.Helper()
	s.xdotool("type", "--delay", "60", text)
	time.Sleep(300 * time.Millisecond)
}

// shiftTabSpace presses the last button of a dialog that has nothing
// focused; escape cancels a file dialog.
func (s *session) shiftTabSpace() { s.key("shift+Tab", "space") }
func (s *session) escape()        { s.key("Escape") }

// waitTitle waits for the window title the app sets.
func (s *session) waitTitle(want string) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		s.checkAlive()
		got = s.xdotool("getwindowname", s.window())
		if got == want {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	s.shot("title-wrong")
	s.t.Fatalf("window title is %q, want %q", got, want)
}

// shot takes a screenshot of the whole display.
func (s *session) shot(name string) image.Image {
	s.t.Helper()
	s.step++
	path := filepath.Join(s.shots, fmt.Sprintf("%s-%02d-%s.png", s.name, s.step, name))
	c := exec.Command("bash", "-c", `xwd -root -silent -display "$1" | /usr/bin/convert xwd:- png:"$2"`, "shot", s.display, path)
	if out, err := c.CombinedOutput(); err != nil {
		s.t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", path, err)
	}
	return img
}

// saveShot keeps img under name.png for people to look at.
func (s *session) saveShot(name string, img image.Image) {
	s.t.Helper()
	f, err := os.Create(filepath.Join(s.shots, name+".png"))
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		s.t.Fatal(err)
	}
}

// settle waits until the window is drawn (the screen starts black) and
// two screenshots in a row agree.
func (s *session) settle(name string) image.Image {
	s.t.Helper()
	return s.settleFor(name, 0)
}

// settleFor is settle with the screen unchanged for at least quiet.
func (s *session) settleFor(name string, quiet time.Duration) image.Image {
	s.t.Helper()
	last := s.shot(name)
	since := time.Now()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		time.Sleep(400 * time.Millisecond)
		s.checkAlive()
		cur := s.shot(name)
		if changed(last, cur) >= 0.001 || !drawn(cur) {
			last, since = cur, time.Now()
			continue
		}
		if time.Since(since) >= quiet {
			return cur
		}
	}
	s.t.Fatalf("%s: the window is not drawn or keeps changing; see %s", name, s.shots)
	return nil
}

// drawn reports whether the window covers the screen: more than half of it
// is not black.
func drawn(img image.Image) bool {
	r, n := img.Bounds(), 0
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			if cr, cg, cb, _ := img.At(x, y).RGBA(); cr+cg+cb > 3*0x1000 {
				n++
			}
		}
	}
	return n > (r.Dx()/4)*(r.Dy()/4)/2
}

// waitChange waits until more than frac of the screen differs from before
// and the drawing has settled.
func (s *session) waitChange(before image.Image, frac float64, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s.checkAlive()
		if cur := s.shot(what); changed(before, cur) > frac {
			time.Sleep(500 * time.Millisecond)
			return s.settle(what)
		}
		time.Sleep(300 * time.Millisecond)
	}
	s.t.Fatalf("%s: the window did not change (no dialog shown or closed); see %s", what, s.shots)
	return nil
}

// waitSame waits until the screen is back to before.
func (s *session) waitSame(before image.Image, what string) image.Image {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var diff float64
	for time.Now().Before(deadline) {
		s.checkAlive()
		cur := s.shot(what)
		if diff = changed(before, cur); diff < sameFraction {
			return cur
		}
		time.Sleep(300 * time.Millisecond)
	}
	s.t.Fatalf("%s: the window is not back as it was (%.1f%% of it differs); see %s", what, diff*100, s.shots)
	return nil
}

// waitOutput waits until done reports true.
func (s *session) waitOutput(done func() bool, what string) {
	s.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		s.checkAlive()
		if done() {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	s.shot("timeout")
	s.t.Fatalf("timed out waiting for %s; see %s", what, s.shots)
}

// showAndCancel opens a dialog with keys, checks it is shown, keeps its
// screenshot as name.png, cancels it and checks the window is back as
// before and the app alive.
func (s *session) showAndCancel(name string, before image.Image, cancel func(), keys ...string) {
	s.t.Helper()
	s.showAndCancelTo(name, before, before, cancel, keys...)
}

// showAndCancelTo is showAndCancel for a dialog whose Cancel leaves the
// window as after (not as before).
func (s *session) showAndCancelTo(name string, before, after image.Image, cancel func(), keys ...string) {
	s.t.Helper()
	s.key(keys...)
	shown := s.waitChange(before, shownFraction, name)
	s.saveShot(name, shown)
	cancel()
	s.waitSame(after, name+" cancelled")
	s.checkAlive()
}

// chooseFile chooses the file whose name starts with prefix in a shown
// open dialog from the keyboard: typed, it is found in the list (which has
// the focus), and Return chooses it.
func (s *session) chooseFile(prefix string) {
	s.t.Helper()
	s.typeText(prefix)
	s.settle("file found")
	s.key("Return")
}

// changed is the fraction of pixels that differ between a and b.
func changed(a, b image.Image) float64 {
	r := a.Bounds().Intersect(b.Bounds())
	if r.Empty() {
		return 1
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2)+absDiff(g1, g2)+absDiff(b1, b2) > 3*0x800 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// isXLSX reports whether p is a whole workbook (a zip, written by rename).
func isXLSX(p string) bool {
	b, err := os.ReadFile(p)
	return err == nil && len(b) > 1000 && bytes.HasPrefix(b, []byte("PK")) && bytes.Contains(b[len(b)-200:], []byte("PK\x05\x06"))
}
