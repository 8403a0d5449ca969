package workcopy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(runHelper())
	}
	ScryptWorkFactor = 10 // age's default 2^18 costs a second per copy
	replaceRetry = 2 * time.Second
	os.Exit(m.Run())
}

var ctx = context.Background()

// network pretends every path is on a network drive, so the working-copy
// path runs against real files on this machine's disk.
func network(string) (place.Place, error) {
	return place.Place{Kind: place.Network, Reason: "a network drive (test)"}, nil
}

func testOptions(t *testing.T, actor string) Options {
	t.Helper()
	return Options{Actor: actor, WorkDir: t.TempDir(), Classify: network, SaveDelay: time.Hour, Catalogue: catalogue(t)}
}

func catalogue(t testing.TB) *assurance.Catalogue {
	t.Helper()
	cat, err := assets.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// newLog makes a closed log with the given questions in a folder of its own.
func newLog(t testing.TB, texts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "board.guardian")
	st, err := sqlite.Create(path, sqlite.Options{Catalogue: catalogue(t), Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range texts {
		if err := st.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func addQuestion(t testing.TB, st assurance.Store, text string) *assurance.Question {
	t.Helper()
	q := &assurance.Question{Area: "2.1", Text: text}
	if err := st.CreateQuestion(ctx, q); err != nil {
		t.Fatalf("create question %q: %v", text, err)
	}
	return q
}

// questionTexts reads a closed log the way a fresh Guardian would: from a
// copy, so the file under test is never touched.
func questionTexts(t testing.TB, path string) []string {
	t.Helper()
	dir := t.TempDir()
	cp := filepath.Join(dir, "read.guardian")
	if _, err := copyIn(path, cp); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(cp, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer st.Close()
	return texts(t, st)
}

func texts(t testing.TB, st assurance.Reader) []string {
	t.Helper()
	qs, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	slices.Sort(out)
	return out
}

// folderNames lists a folder, so tests can see nothing was left beside a log.
func folderNames(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if assurance.ErrorCode(err) != code {
		t.Fatalf("error = %v (code %q), want code %q", err, assurance.ErrorCode(err), code)
	}
}

func TestLocalLogOpensInPlace(t *testing.T) {
	path := newLog(t, "Is the wellbeing plan funded?")
	opts := testOptions(t, "alice")
	opts.Classify = nil // the real classifier: t.TempDir is on this machine's disk
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.WorkingCopy() != "" || !s.Place().Local() || !s.Status().InPlace {
		t.Fatalf("a log on the local disk: working copy %q, place %v; want in place", s.WorkingCopy(), s.Place())
	}
	if _, err := os.Stat(OwnerPath(path)); err == nil {
		t.Error("an owner file was written beside a local log")
	}
	addQuestion(t, s.Store(), "Written in place")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); !slices.Contains(got, "Written in place") {
		t.Errorf("log = %q", got)
	}
	if n := folderNames(t, opts.WorkDir); len(n) != 0 {
		t.Errorf("working area used for a local log: %q", n)
	}
}

func TestWorkingCopySavesBack(t *testing.T) {
	path := newLog(t, "Is the wellbeing plan funded?")
	dir := filepath.Dir(path)
	opts := testOptions(t, "alice")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.WorkingCopy(), opts.WorkDir) {
		t.Fatalf("working copy %q is not in the working area %q", s.WorkingCopy(), opts.WorkDir)
	}
	o, err := ReadOwner(path)
	if err != nil || o == nil || o.User != "alice" || o.PID != os.Getpid() || !o.Mine() {
		t.Fatalf("owner file = %+v, %v", o, err)
	}
	if got := s.Store().Info().Path; got != path {
		t.Errorf("Info().Path = %q, want the real place %q", got, path)
	}
	addQuestion(t, s.Store(), "Saved back")
	if st := s.Status(); !st.Unsaved || !st.LastSaved.IsZero() {
		t.Errorf("status before save = %+v", st)
	}
	if got := folderNames(t, dir); !slices.Equal(got, []string{"board.guardian", "~$board.guardian.lock"}) {
		t.Errorf("beside the original while open: %q (no -wal or -shm may appear)", got)
	}
	if err := s.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.Unsaved || st.LastSaved.IsZero() {
		t.Errorf("status after save = %+v", st)
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"Is the wellbeing plan funded?", "Saved back"}) {
		t.Errorf("original after save back = %q", got)
	}
	// A second save back: the original is now the file this session wrote.
	addQuestion(t, s.Store(), "Saved on close")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); len(got) != 3 {
		t.Errorf("original after close = %q", got)
	}
	if got := folderNames(t, dir); !slices.Equal(got, []string{"board.guardian"}) {
		t.Errorf("beside the original after close: %q; want the log alone", got)
	}
	if got := folderNames(t, opts.WorkDir); len(got) != 0 {
		t.Errorf("working area after a clean close: %q", got)
	}
}

// fakeTimers stands in for time.AfterFunc: it records each timer started,
// and the test fires them, so no result depends on the machine's speed.
type fakeTimers struct {
	mu      sync.Mutex
	started []*fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped atomic.Bool
}

func (t *fakeTimer) Stop() bool { return !t.stopped.Swap(true) }

func (ft *fakeTimers) afterFunc(d time.Duration, f func()) stopper {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	t := &fakeTimer{d: d, f: f}
	ft.started = append(ft.started, t)
	return t
}

func (ft *fakeTimers) list() []*fakeTimer {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	return slices.Clone(ft.started)
}

// TestDebouncedSaveBack: two changes start one timer of SaveDelay, nothing
// reaches the original until it fires, one save back then carries both, and
// the next change starts a new timer.
func TestDebouncedSaveBack(t *testing.T) {
	path := newLog(t)
	opts := testOptions(t, "alice")
	opts.SaveDelay = 3 * time.Second
	timers := &fakeTimers{}
	opts.afterFunc = timers.afterFunc
	events := make(chan Event, 10)
	opts.OnEvent = func(e Event) {
		if e.Kind != EventChanged {
			events <- e
		}
	}
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addQuestion(t, s.Store(), "First")
	addQuestion(t, s.Store(), "Second")
	started := timers.list()
	if len(started) != 1 || started[0].d != opts.SaveDelay {
		t.Fatalf("two changes started %d timers (%v); want one of %v", len(started), started, opts.SaveDelay)
	}
	if got := questionTexts(t, path); len(got) != 0 {
		t.Errorf("original before the timer fired = %q; want nothing saved yet", got)
	}
	started[0].f()
	select {
	case e := <-events:
		if e.Kind != EventSaved {
			t.Fatalf("event = %+v, want saved", e)
		}
	default:
		t.Fatal("the timer fired but nothing was saved back")
	}
	if got := questionTexts(t, path); !slices.Equal(got, []string{"First", "Second"}) {
		t.Errorf("original after automatic save = %q", got)
	}
	if n := len(timers.list()); n != 1 {
		t.Errorf("%d timers after a save back with nothing left to save; want still 1", n)
	}
	addQuestion(t, s.Store(), "Third")
	if started := timers.list(); len(started) != 2 || started[1].d != opts.SaveDelay {
		t.Errorf("a change after the save back started %d timers in all; want a second one", len(started))
	}
}

// Someone else saves the original while Guardian works on its copy: the
// save back must refuse, leave their file byte for byte, and keep mine.
func TestChangedOriginalIsNeverOverwritten(t *testing.T) {
	path := newLog(t, "Base question", "Both will edit")
	opts := testOptions(t, "alice")
	var conflicts []*Conflict
	opts.OnEvent = func(e Event) {
		if e.Kind == EventConflict {
			conflicts = append(conflicts, e.Conflict)
		}
	}
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	mine := s.Store()
	addQuestion(t, mine, "Mine only")
	q, err := mine.QuestionByRef(ctx, "Q-0002")
	if err != nil {
		t.Fatal(err)
	}
	q.Comment = "alice's comment"
	if err := mine.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}

	// Bob changes the original behind Guardian's back.
	bob, err := sqlite.Open(path, sqlite.Options{Actor: "bob", Catalogue: catalogue(t)})
	if err != nil {
		t.Fatal(err)
	}
	addQuestion(t, bob, "Bob's question")
	bq, _ := bob.QuestionByRef(ctx, "Q-0002")
	bq.Comment = "bob's comment"
	if err := bob.UpdateQuestion(ctx, bq); err != nil {
		t.Fatal(err)
	}
	if err := bob.Close(); err != nil {
		t.Fatal(err)
	}
	theirs, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	err = s.Save(ctx)
	wantCode(t, err, assurance.ECONFLICT)
	if !strings.Contains(assurance.ErrorMessage(err), "bob") {
		t.Errorf("message %q does not say who changed it", assurance.ErrorMessage(err))
	}
	c := s.Conflict()
	if c == nil || len(conflicts) != 1 || conflicts[0] != c {
		t.Fatalf("conflict = %+v, events %d", c, len(conflicts))
	}
	if !slices.Equal(c.ChangedBy, []string{"bob"}) || c.LastChange.IsZero() {
		t.Errorf("changed by %q at %v, want bob", c.ChangedBy, c.LastChange)
	}
	refs := func(ds []*assurance.QuestionDiff) (out []string) {
		for _, d := range ds {
			out = append(out, d.Ref)
		}
		return out
	}
	if got := refs(c.Questions.MineOnly); !slices.Equal(got, []string{"Q-0003"}) {
		t.Errorf("mine only = %q", got)
	}
	if got := refs(c.Questions.TheirsOnly); !slices.Equal(got, []string{"Q-0003"}) {
		t.Errorf("theirs only = %q (both made a Q-0003: two different questions)", got)
	}
	if got := refs(c.Questions.Both); !slices.Equal(got, []string{"Q-0002"}) || !c.Questions.Both[0].Clash() {
		t.Errorf("both = %q", got)
	}

	// Still refused on close; the original is theirs, byte for byte.
	err = s.Close()
	wantCode(t, err, assurance.ECONFLICT)
	if got, _ := os.ReadFile(path); !bytes.Equal(got, theirs) {
		t.Fatal("the original changed behind Guardian was overwritten")
	}
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian"}) {
		t.Errorf("beside the original: %q", got)
	}
	// Every change of mine is in the working copy, offered at next start.
	un, err := FindUnsaved(opts.WorkDir)
	if err != nil || len(un) != 1 || un[0].Original != path || un[0].User != "alice" {
		t.Fatalf("FindUnsaved = %+v, %v", un, err)
	}
	dest := filepath.Join(t.TempDir(), "board (alice).guardian")
	if err := un[0].SaveAs(ctx, dest, ""); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, dest); !slices.Equal(got, []string{"Base question", "Both will edit", "Mine only"}) {
		t.Errorf("my saved copy = %q", got)
	}
	if un, _ := FindUnsaved(opts.WorkDir); len(un) != 0 {
		t.Errorf("still unsaved after Save as: %+v", un)
	}
}

// conflicted opens a session and has bob change the original behind it.
func conflicted(t *testing.T, opts Options) (*Session, string) {
	t.Helper()
	path := newLog(t, "Base question")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	addQuestion(t, s.Store(), "Mine")
	bob, err := sqlite.Open(path, sqlite.Options{Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	addQuestion(t, bob, "Theirs")
	bob.Close()
	wantCode(t, s.Save(ctx), assurance.ECONFLICT)
	return s, path
}

func TestSaveMineAsNewFile(t *testing.T) {
	opts := testOptions(t, "alice")
	s, path := conflicted(t, opts)
	theirs, _ := os.ReadFile(path)
	dest := filepath.Join(filepath.Dir(path), "board (alice).guardian")
	mine, err := s.SaveMineAs(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(t, mine.Store()); !slices.Equal(got, []string{"Base question", "Mine"}) {
		t.Errorf("new file = %q", got)
	}
	if err := mine.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, theirs) {
		t.Error("Save mine as a new file changed the original")
	}
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board (alice).guardian", "board.guardian"}) {
		t.Errorf("folder = %q", got)
	}
	// A name already taken is refused.
	s2, _ := conflicted(t, opts)
	defer s2.Close()
	if _, err := s2.SaveMineAs(ctx, dest); assurance.ErrorCode(err) != assurance.EINVALID || s2.Conflict() == nil {
		t.Errorf("Save as over an existing file: %v", err)
	}
}

func TestOpenTheirs(t *testing.T) {
	opts := testOptions(t, "alice")
	s, path := conflicted(t, opts)
	theirs, kept, err := s.OpenTheirs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	if got := texts(t, theirs.Store()); !slices.Equal(got, []string{"Base question", "Theirs"}) {
		t.Errorf("theirs = %q", got)
	}
	if got := questionTexts(t, kept); !slices.Equal(got, []string{"Base question", "Mine"}) {
		t.Errorf("my kept copy %s = %q", kept, got)
	}
	if theirs.ReadOnly() || theirs.Conflict() != nil {
		t.Errorf("theirs: read-only %v, conflict %v", theirs.ReadOnly(), theirs.Conflict())
	}
	_ = path
}

func TestSecondOpenerIsReadOnly(t *testing.T) {
	path := newLog(t, "Is the plan funded?")
	a, err := Open(path, testOptions(t, "alice"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, testOptions(t, "bob"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !b.ReadOnly() || b.HeldBy() == nil || b.HeldBy().User != "alice" {
		t.Fatalf("second opener: read-only %v, held by %+v", b.ReadOnly(), b.HeldBy())
	}
	msg := b.HeldBy().String()
	if !strings.HasPrefix(msg, "Open by alice on ") || !strings.Contains(msg, " since ") {
		t.Errorf("held message = %q", msg)
	}
	err = b.Store().CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Bob's"})
	wantCode(t, err, assurance.EREADONLY)
	if !strings.Contains(assurance.ErrorMessage(err), "Open by alice") {
		t.Errorf("refusal %q does not say who has it", assurance.ErrorMessage(err))
	}
	if got := texts(t, b.Store()); !slices.Equal(got, []string{"Is the plan funded?"}) {
		t.Errorf("read-only view = %q", got)
	}
	if o, _ := ReadOwner(path); o == nil || o.User != "alice" {
		t.Errorf("the second opener changed the owner file: %+v", o)
	}
}

// failAfter lets n bytes through, then fails as a full disk does.
type failAfter struct {
	w io.Writer
	n int
}

var errDiskFull = errors.New("no space left on device (test)")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k, _ := f.w.Write(p[:f.n])
		f.n = 0
		return k, errDiskFull
	}
	f.n -= len(p)
	return f.w.Write(p)
}

func TestFailedSaveLeavesOriginal(t *testing.T) {
	path := newLog(t, "Is the plan funded?")
	before, _ := os.ReadFile(path)
	opts := testOptions(t, "alice")
	var failed []error
	opts.OnEvent = func(e Event) {
		if e.Kind == EventSaveFailed {
			failed = append(failed, e.Err)
		}
	}
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addQuestion(t, s.Store(), "Kept through a failed save")

	failWriter = func(w io.Writer) io.Writer { return &failAfter{w: w, n: 20000} }
	err = s.Save(ctx)
	failWriter = nil
	if !errors.Is(err, errDiskFull) || len(failed) != 1 {
		t.Fatalf("save onto a full disk: %v (events %v)", err, failed)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
		t.Fatal("a failed save back changed the original")
	}
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian", "~$board.guardian.lock"}) {
		t.Errorf("left beside the original: %q", got)
	}
	if st := s.Status(); !st.Unsaved {
		t.Error("status does not show unsaved changes after a failed save")
	}
	// With room again the same changes save back.
	if err := s.Save(ctx); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); !slices.Contains(got, "Kept through a failed save") {
		t.Errorf("original = %q", got)
	}
}

func TestReplaceRetriesWhileBusy(t *testing.T) {
	dir := t.TempDir()
	dst, tmp := filepath.Join(dir, "log"), filepath.Join(dir, "tmp")
	os.WriteFile(dst, []byte("old"), 0o600)
	os.WriteFile(tmp, []byte("new"), 0o600)
	// A sync client holds the file for the first two tries.
	tries := 0
	renameFile = func(a, b string) error {
		if tries++; tries <= 2 {
			return &os.LinkError{Op: "rename", Old: a, New: b, Err: errBusy}
		}
		return replaceFile(a, b)
	}
	defer func() { renameFile = replaceFile }()
	if err := replace(tmp, dst); err != nil || tries != 3 {
		t.Fatalf("replace: %v after %d tries", err, tries)
	}
	if b, _ := os.ReadFile(dst); string(b) != "new" {
		t.Errorf("dst = %q", b)
	}
	// A file held for longer than replaceRetry gives up, leaving both files.
	os.WriteFile(tmp, []byte("newer"), 0o600)
	renameFile = func(a, b string) error { return &os.LinkError{Op: "rename", Old: a, New: b, Err: errBusy} }
	if err := replace(tmp, dst); !busy(err) {
		t.Fatalf("replace of a file held for good: %v", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "new" {
		t.Errorf("dst = %q after a refused replace", b)
	}
}

func TestCreate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		classify func(string) (place.Place, error)
		inPlace  bool
	}{{"local disk", nil, true}, {"network drive", network, false}} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions(t, "alice")
			opts.Classify = tc.classify
			path := filepath.Join(t.TempDir(), "new.guardian")
			s, err := Create(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.WorkingCopy() == ""; got != tc.inPlace {
				t.Errorf("in place = %v, want %v", got, tc.inPlace)
			}
			addQuestion(t, s.Store(), "First question")
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if got := questionTexts(t, path); !slices.Equal(got, []string{"First question"}) {
				t.Errorf("new log = %q", got)
			}
			if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"new.guardian"}) {
				t.Errorf("beside the new log: %q", got)
			}
			_, err = Create(path, opts)
			wantCode(t, err, assurance.EINVALID)
		})
	}
}

// When no owner file can be written beside a log (a read-only share, a
// write-protected stick) it opens read-only rather than unguarded.
func TestNoOwnerFileMeansReadOnly(t *testing.T) {
	path := newLog(t, "Cannot be claimed")
	createExclusive = func(name string) (*os.File, error) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	defer func() { createExclusive = createExclusiveFile }()
	s, err := Open(path, testOptions(t, "alice"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.ReadOnly() || s.HeldBy() != nil {
		t.Errorf("read-only %v, held by %v", s.ReadOnly(), s.HeldBy())
	}
	if got := texts(t, s.Store()); !slices.Equal(got, []string{"Cannot be claimed"}) {
		t.Errorf("read = %q", got)
	}
	wantCode(t, s.Store().CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "x"}), assurance.EREADONLY)
	if got := folderNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"board.guardian"}) {
		t.Errorf("beside the log: %q", got)
	}
}

// A log with a very long name still gets an owner file and saves back.
func TestLongNameGetsAnOwnerFile(t *testing.T) {
	src := newLog(t, "Long name")
	path := filepath.Join(t.TempDir(), strings.Repeat("é", 119)+".guardian") // 247 bytes, the longest SQLite can journal
	if err := os.Rename(src, path); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, testOptions(t, "alice"))
	if err != nil {
		t.Fatal(err)
	}
	if o, err := ReadOwner(path); s.ReadOnly() || o == nil || err != nil {
		t.Fatalf("read-only %v, owner %+v, %v", s.ReadOnly(), o, err)
	}
	if n := len(filepath.Base(OwnerPath(path))); n > 255 {
		t.Errorf("owner file name is %d bytes", n)
	}
	addQuestion(t, s.Store(), "Saved back")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, path); len(got) != 2 {
		t.Errorf("after save back = %q", got)
	}
}

// The Store alone tells a user interface how the log is kept.
func TestStoreIsAKeeper(t *testing.T) {
	opts := testOptions(t, "alice")
	s, path := conflicted(t, opts)
	k, ok := s.Store().(assurance.Keeper)
	if !ok {
		t.Fatal("the session's Store is not an assurance.Keeper")
	}
	got := k.Keeping()
	if got.Local || !strings.Contains(got.Where, "network") || !got.Unsaved || !strings.Contains(got.Conflict, "bob") {
		t.Errorf("Keeping = %+v", got)
	}
	theirs, kept, err := k.OpenTheirs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	if got := texts(t, theirs); !slices.Equal(got, []string{"Base question", "Theirs"}) || kept == "" {
		t.Errorf("theirs = %q, kept at %q", got, kept)
	}
	if tk := theirs.(assurance.Keeper).Keeping(); tk.Conflict != "" || tk.Unsaved || tk.HeldBy != "" {
		t.Errorf("theirs Keeping = %+v", tk)
	}
	// A second opener sees who holds it.
	b, err := Open(path, testOptions(t, "carol"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if bk := b.Store().(assurance.Keeper).Keeping(); !strings.HasPrefix(bk.HeldBy, "Open by alice") || bk.HeldStale {
		t.Errorf("second opener's Keeping = %+v", bk)
	}
	// An encrypted copy opened with no way to ask says a passphrase is needed.
	enc := filepath.Join(t.TempDir(), "enc.guardian")
	if err := theirs.(assurance.Keeper).SendCopy(ctx, enc, passphrase); err != nil {
		t.Fatal(err)
	}
	_, err = Open(enc, testOptions(t, "carol"))
	if assurance.FieldErrors(err)[assurance.FieldPassphrase] == "" {
		t.Errorf("no passphrase: %v", err)
	}
}

// After alice has saved back once and bob then changes the file, the
// conflict is judged against what she last saved: her saved question is not
// counted as theirs, she is not named among those who changed it, and her
// own owner file is not shown as the holder. The message lists the
// questions by reference and title.
func TestConflictAfterASaveBackBlamesOnlyTheOthers(t *testing.T) {
	path := newLog(t, "Base question")
	s, err := Open(path, testOptions(t, "alice"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addQuestion(t, s.Store(), "Saved by alice")
	if err := s.Save(ctx); err != nil {
		t.Fatal(err)
	}
	bob, err := sqlite.Open(path, sqlite.Options{Actor: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	bq, err := bob.QuestionByRef(ctx, "Q-0001")
	if err != nil {
		t.Fatal(err)
	}
	bq.Comment = "bob's comment"
	if err := bob.UpdateQuestion(ctx, bq); err != nil {
		t.Fatal(err)
	}
	bob.Close()
	addQuestion(t, s.Store(), "Mine, not yet saved")

	wantCode(t, s.Save(ctx), assurance.ECONFLICT)
	c := s.Conflict()
	if !slices.Equal(c.ChangedBy, []string{"bob"}) || c.HeldBy != nil {
		t.Errorf("changed by %q, held by %v; want bob and no holder", c.ChangedBy, c.HeldBy)
	}
	refs := func(ds []*assurance.QuestionDiff) (out []string) {
		for _, d := range ds {
			out = append(out, d.Ref)
		}
		return out
	}
	if m, th, b := refs(c.Questions.MineOnly), refs(c.Questions.TheirsOnly), refs(c.Questions.Both); !slices.Equal(m, []string{"Q-0003"}) ||
		!slices.Equal(th, []string{"Q-0001"}) || len(b) != 0 {
		t.Errorf("mine %q, theirs %q, both %q; want Q-0003, Q-0001, none", m, th, b)
	}
	msg := c.Message()
	for _, want := range []string{"changed by bob", "after you last saved your changes", "You changed 1 question(s):\n  Q-0003 Mine, not yet saved (added)",
		"They changed 1 question(s):\n  Q-0001 Base question (changed)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	// Neither her name nor her saved question ("Saved by alice") may
	// appear: nothing of hers is counted as theirs.
	if strings.Contains(msg, "alice") || strings.Contains(msg, "Open by") {
		t.Errorf("message names alice, her saved question or a holder:\n%s", msg)
	}
}

// Every change to a log must reach the session (to schedule the save back
// and to refuse changes to a log someone else holds). tracked embeds
// assurance.Store, so a Writer method it does not override would skip both
// silently. With the log held, every tracked method refuses without
// touching the store; a method that is not tracked reaches the inner store,
// which here panics.
func TestEveryWriterMethodIsTracked(t *testing.T) {
	s := &Session{held: &Owner{User: "bob", Machine: "PC-2"}}
	tr := &tracked{Store: untouchable{}, s: s}
	writer := reflect.TypeFor[assurance.Writer]()
	names := []string{"Batch"}       // the one writing method Store adds to Writer
	names = append(names, "Restore") // guardianctl pull fills a log through it
	names = append(names, periodWrites...)
	for i := range writer.NumMethod() {
		names = append(names, writer.Method(i).Name)
	}
	refuseOnHeldLog(t, tr, names, "Override it in tracked.go")
}

// refuseOnHeldLog calls each named method of recv by reflection, with a
// context and zero values, on a log someone else holds: each must refuse
// as read-only. A method that reaches the untouchable store behind recv
// panics, and is reported as not tracked, with fix saying what to do.
func refuseOnHeldLog(t *testing.T, recv any, names []string, fix string) {
	t.Helper()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s is not tracked: it went straight to the store (%v). %s", name, r, fix)
				}
			}()
			fn := reflect.ValueOf(recv).MethodByName(name)
			args := make([]reflect.Value, fn.Type().NumIn())
			for j := range args {
				args[j] = reflect.Zero(fn.Type().In(j))
			}
			args[0] = reflect.ValueOf(ctx)
			out := fn.Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			if assurance.ErrorCode(err) != assurance.EREADONLY {
				t.Errorf("%s on a held log: %v, want a read-only refusal", name, err)
			}
		})
	}
}

// The year's records (evidence requests, decisions, tags, the cover sheet,
// the log's own settings and frameworks) are changed through the
// YearStore that tracked.Year hands out, which embeds the store's own: a
// change method it does not override would skip the save back just as a
// Writer method would. With the log held, every YearStore method that is
// not a known read must refuse without reaching the store; a method added
// later fails here until it is tracked in year.go or listed as a read.
func TestEveryYearStoreChangeIsTracked(t *testing.T) {
	reads := []string{"EvidenceRequests", "EvidenceKindsOf", "Decisions", "LogSettings", "QuestionTags", "CoverSheet", "Catalogue"}
	s := &Session{held: &Owner{User: "bob", Machine: "PC-2"}}
	y := &trackedYear{YearStore: untouchableYear{}, t: &tracked{Store: untouchable{}, s: s}}
	year := reflect.TypeFor[assurance.YearStore]()
	var changes []string
	for i := range year.NumMethod() {
		if name := year.Method(i).Name; !slices.Contains(reads, name) {
			changes = append(changes, name)
		}
	}
	refuseOnHeldLog(t, y, changes, "Override it in year.go, or list it in this test if it only reads")
	if len(changes) != year.NumMethod()-len(reads) {
		t.Errorf("%d changes among %d methods and %d reads: a read listed here is no longer a YearStore method", len(changes), year.NumMethod(), len(reads))
	}
}

// untouchableYear is a YearStore that must not be reached.
type untouchableYear struct{ assurance.YearStore }

// A method Store gains outside Reader and Writer must be looked at: if it
// changes the log, tracked must override it and the test above list it.
func TestStoreHasNoUnreviewedMethods(t *testing.T) {
	known := map[string]bool{"Batch": true, "VerifyEvidence": true, "Check": true, "Backup": true, "SetActor": true, "Info": true, "Close": true}
	store := reflect.TypeFor[assurance.Store]()
	for i := range store.NumMethod() {
		name := store.Method(i).Name
		_, read := reflect.TypeFor[assurance.Reader]().MethodByName(name)
		_, write := reflect.TypeFor[assurance.Writer]().MethodByName(name)
		_, periodRead := reflect.TypeFor[assurance.PeriodReader]().MethodByName(name)
		if !read && !write && !periodRead && !known[name] && !slices.Contains(periodWrites, name) {
			t.Errorf("Store.%s is new: if it changes the log, track it in tracked.go and TestEveryWriterMethodIsTracked", name)
		}
	}
}

// periodWrites are the changes assurance.Periods adds to Store.
var periodWrites = []string{"StartPeriod", "ClosePeriod", "ReopenPeriod", "SetMaturity", "SetPeriodAnswer"}

// untouchable is a store that must not be reached. It can take a copy of
// another log (assurance.Restorer, as both real stores can), so that
// tracked.Restore gets as far as its own check.
type untouchable struct{ assurance.Store }

func (untouchable) Restore(context.Context, func(assurance.RecordWriter) error) error {
	panic("reached the store")
}

// The first change after everything was saved back is announced, so a
// title saying "saved to its place at 14:05" is corrected at once; further
// changes before the save back are not.
func TestFirstUnsavedChangeIsAnnounced(t *testing.T) {
	path := newLog(t)
	opts := testOptions(t, "alice")
	var kinds []EventKind
	opts.OnEvent = func(e Event) { kinds = append(kinds, e.Kind) }
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addQuestion(t, s.Store(), "First")
	addQuestion(t, s.Store(), "Second")
	if err := s.Save(ctx); err != nil {
		t.Fatal(err)
	}
	addQuestion(t, s.Store(), "Third")
	if want := []EventKind{EventChanged, EventSaved, EventChanged}; !slices.Equal(kinds, want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
	if st := s.Status(); !st.Unsaved || st.LastSaved.IsZero() {
		t.Errorf("status %+v", st)
	}
}

// CopiesOnOpen tells a user interface when opening takes a copy first (and
// so deserves a progress notice): off this computer's disk, or encrypted.
func TestCopiesOnOpen(t *testing.T) {
	path := newLog(t, "Q")
	local := Options{WorkDir: t.TempDir(), Classify: func(string) (place.Place, error) { return place.Place{Kind: place.LocalDisk}, nil }}
	if CopiesOnOpen(path, local) {
		t.Error("a plain local log is copied")
	}
	if !CopiesOnOpen(path, testOptions(t, "alice")) {
		t.Error("a log on a network drive is not copied")
	}
	enc := filepath.Join(t.TempDir(), "sent.guardian")
	if err := Copy(ctx, path, enc, "correct horse battery", local); err != nil {
		t.Fatal(err)
	}
	if !CopiesOnOpen(enc, local) {
		t.Error("a local encrypted copy is not copied")
	}
}
