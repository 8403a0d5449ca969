package workcopy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/place"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// Options tune how a log is opened.
type Options struct {
	// ReadOnly opens the log for reading only.
	ReadOnly bool
	// Catalogue, Actor and BusyTimeout are passed to the store.
	Catalogue   *assurance.Catalogue
	Actor       string
	BusyTimeout time.Duration
	// BeforeMigrate is passed to the store: it names where to keep a copy
	// of a log from an older Guardian before it is upgraded.
	BeforeMigrate func(from, to int) (dest string, err error)

	// WorkDir holds working copies; default DefaultWorkDir().
	WorkDir string
	// Classify says where a path lives; default place.Classify. Tests use
	// it to send a log on this disk down the network path.
	Classify func(path string) (place.Place, error)
	// SaveDelay is how long after a change the working copy is saved back;
	// further changes within it are saved together. Default 3 seconds.
	SaveDelay time.Duration
	// StaleAfter is the age after which an owner file from another computer
	// may be stale (that computer may have crashed); ClearStale is asked.
	// Default 12 hours.
	StaleAfter time.Duration
	// ClearStale is asked, with who held the log, whether to clear an owner
	// file that is stale: left by a Guardian on this computer that is no
	// longer running, or older than StaleAfter. If it is nil or returns
	// false, the log opens read-only. The user's own owner file left by a
	// Guardian on this computer that is no longer running is cleared
	// without asking: no one else can be using it.
	ClearStale func(held *Owner) bool
	// ClearHeld is asked, with who held the log, whether to clear an owner
	// file from another computer that is not yet StaleAfter old: Guardian
	// cannot tell whether that computer stopped, so only a user who has
	// been warned and is sure may clear it. If they were wrong, the check
	// at save back still keeps either side from saving over the other.
	// Nil never clears.
	ClearHeld func(held *Owner) bool
	// Passphrase is asked for when the log is an encrypted copy.
	Passphrase func(name string) (string, error)
	// OnEvent hears of saves back, failures and conflicts. It is called from
	// Guardian's saving goroutine: a UI must hand the event to its own
	// thread (fyne.Do).
	OnEvent func(Event)

	// afterFunc starts the save-back timer; default time.AfterFunc. Tests
	// fire it themselves, so the debounce is checked without racing a clock.
	afterFunc func(d time.Duration, f func()) stopper
}

// stopper is a started timer: *time.Timer, or a test's own.
type stopper interface{ Stop() bool }

func (o *Options) defaults() error {
	if o.WorkDir == "" {
		d, err := DefaultWorkDir()
		if err != nil {
			return assurance.WrapError(assurance.EINTERNAL, err, "Cannot find a folder for Guardian's working copies")
		}
		o.WorkDir = d
	}
	if o.Classify == nil {
		o.Classify = place.Classify
	}
	if o.SaveDelay <= 0 {
		o.SaveDelay = 3 * time.Second
	}
	if o.afterFunc == nil {
		o.afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = 12 * time.Hour
	}
	if o.Actor == "" {
		o.Actor = assurance.DefaultActor()
	}
	return nil
}

func (o *Options) store(readOnly bool) sqlite.Options {
	return sqlite.Options{ReadOnly: readOnly, Catalogue: o.Catalogue, Actor: o.Actor, BusyTimeout: o.BusyTimeout, BeforeMigrate: o.BeforeMigrate}
}

// EventKind says what happened.
type EventKind int

const (
	// EventSaved: the working copy was saved back to the original at Event.At.
	EventSaved EventKind = iota + 1
	// EventSaveFailed: saving back failed (Event.Err); the working copy
	// keeps every change and Guardian tries again.
	EventSaveFailed
	// EventConflict: the original was changed by someone else
	// (Event.Conflict). Guardian stops saving back until the user chooses
	// "Save mine as a new file" or "Open theirs".
	EventConflict
	// EventChanged: a change was made that is not yet saved back, after
	// everything had been saved; a title saying "saved at 14:05" is stale.
	EventChanged
)

// Event reports what happened to a working copy.
type Event struct {
	Kind     EventKind
	At       time.Time
	Err      error
	Conflict *Conflict
}

type mode int

const (
	inPlace mode = iota // a local log opened where it is
	working             // a local copy saved back to the original
	view                // a read-only local copy, removed on close
)

// Session is an open log: in place on a local disk, or a working copy of a
// log kept elsewhere that is saved back.
type Session struct {
	opts     Options
	original string
	place    place.Place
	mode     mode
	readOnly bool
	held     *Owner // who has it, when that made it read-only
	owner    *Owner // the owner file this session wrote
	dir      string // working or view folder
	work     string // the local copy Guardian opened
	pass     string // of an encrypted original
	opened   time.Time

	st      *sqlite.Store
	tracked *tracked

	saveMu      sync.Mutex // one save back at a time
	storeClosed bool       // guarded by saveMu

	mu        sync.Mutex // guards the fields below
	man       manifest
	changes   int64 // counts changes; savedAt is the count at the last save back
	saved     int64
	lastSaved time.Time
	lastWrite time.Time
	timer     stopper
	failures  int
	conflict  *Conflict
	closed    bool
}

// Open opens the log at path. A log on this computer's own fixed disk is
// opened in place. A log anywhere else is copied to the working area and
// saved back. A log someone else has open (an owner file beside it) opens
// read-only; HeldBy says who.
func Open(path string, opts Options) (*Session, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "%q is not a usable file name", path)
	}
	info, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, assurance.WrapError(assurance.ENOTFOUND, err, "There is no log called %q", filepath.Base(abs))
	}
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", filepath.Base(abs))
	}
	if info.IsDir() {
		return nil, assurance.Errorf(assurance.ENOTLOG, "%q is a folder, not a Guardian log", filepath.Base(abs))
	}
	pl, _ := opts.Classify(abs) // an error leaves Unknown: not local
	s := &Session{opts: opts, original: abs, place: pl, opened: time.Now()}

	encrypted, err := startsWith(abs, ageMagic)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "Cannot read %q", filepath.Base(abs))
	}
	if err := s.checkHolder(); err != nil {
		return nil, err
	}
	s.readOnly = opts.ReadOnly || s.held != nil
	if encrypted {
		if s.pass, err = s.askPassphrase(); err != nil {
			return nil, err
		}
	}
	switch {
	case pl.Local() && !encrypted:
		err = s.openInPlace()
	case s.readOnly:
		err = s.openView()
	default:
		err = s.openWorking()
	}
	if err != nil {
		return nil, err
	}
	s.tracked = &tracked{Store: s.st, s: s}
	return s, nil
}

// CopiesOnOpen reports whether Open copies the log at path to the working
// area first (it is not on this computer's own disk, or it is an encrypted
// copy), which takes seconds for a large log: a user interface shows
// progress meanwhile.
func CopiesOnOpen(path string, opts Options) bool {
	if err := opts.defaults(); err != nil {
		return true
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false // Open refuses it at once
	}
	pl, _ := opts.Classify(abs)
	encrypted, _ := startsWith(abs, ageMagic)
	return !pl.Local() || encrypted
}

// checkHolder reads the owner file. A stale one is offered for clearing.
func (s *Session) checkHolder() error {
	held, err := ReadOwner(s.original)
	if err != nil {
		return assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", filepath.Base(s.original))
	}
	if held == nil || s.opts.ReadOnly {
		s.held = held
		return nil
	}
	if held.Gone() && held.User == s.opts.Actor {
		// The user's own Guardian on this computer, stopped (kill -9, a
		// crash): nobody else can be using it, so carry on without asking.
		if err := ClearOwner(s.original, held); err != nil {
			return err
		}
		held = nil
	}
	stale := held != nil && (held.Gone() || held.OlderThan(s.opts.StaleAfter, time.Now()))
	if held != nil && (stale && s.opts.ClearStale != nil && s.opts.ClearStale(held) ||
		!stale && held.Elsewhere() && s.opts.ClearHeld != nil && s.opts.ClearHeld(held)) {
		if err := ClearOwner(s.original, held); err != nil {
			return err
		}
		held = nil
	}
	s.held = held
	return nil
}

func (s *Session) askPassphrase() (string, error) {
	name := filepath.Base(s.original)
	if s.opts.Passphrase == nil {
		return "", NeedPassphrase(name)
	}
	p, err := s.opts.Passphrase(name)
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", wrongPassphrase(name, errors.New("no passphrase given"))
	}
	return p, nil
}

// NeedPassphrase is the error for an encrypted copy opened without its
// passphrase; a Passphrase callback that has none to give may return it.
func NeedPassphrase(name string) error {
	msg := "Type the passphrase for this copy."
	return &assurance.Error{Code: assurance.EINVALID, Message: fmt.Sprintf("%q is an encrypted copy: it needs its passphrase to open", name),
		Fields: map[string]string{FieldPassphrase: msg}}
}

func (s *Session) openInPlace() (err error) {
	s.mode = inPlace
	s.st, err = sqlite.Open(s.original, s.opts.store(s.readOnly))
	return err
}

// openView copies (or decrypts) the log into a folder of its own and opens
// that copy read-only, so nothing is ever written beside the original.
func (s *Session) openView() error {
	s.mode = view
	views := filepath.Join(s.opts.WorkDir, "views")
	if err := os.MkdirAll(views, 0o700); err != nil {
		return workAreaError(err)
	}
	dir, err := os.MkdirTemp(views, fmt.Sprintf("%d-*", os.Getpid()))
	if err != nil {
		return workAreaError(err)
	}
	s.dir, s.work = dir, filepath.Join(dir, filepath.Base(s.original))
	if _, err := s.fetch(s.original, s.work); err != nil {
		os.RemoveAll(dir)
		return err
	}
	if s.st, err = sqlite.Open(s.work, s.opts.store(true)); err != nil {
		os.RemoveAll(dir)
		return err
	}
	return nil
}

// fetch copies the original into the working area, decrypting it if it is
// an encrypted copy, and returns the original's state.
func (s *Session) fetch(src, dst string) (fileState, error) {
	name := filepath.Base(src)
	if s.pass == "" {
		st, err := copyIn(src, dst)
		if err != nil {
			return st, assurance.WrapError(assurance.EINVALID, err, "Cannot copy %q to this computer", name)
		}
		return st, nil
	}
	st, err := stateOf(src)
	if err != nil {
		return st, assurance.WrapError(assurance.EINVALID, err, "Cannot read %q", name)
	}
	return st, decryptFile(src, dst, s.pass)
}

// openWorking claims the log with an owner file and opens a working copy:
// the unsaved one left by a Guardian that stopped, or a fresh copy.
func (s *Session) openWorking() error {
	s.mode = working
	s.owner = currentOwner(s.opts.Actor, s.opened)
	if err := claim(s.original, s.owner); err != nil {
		s.owner = nil
		s.readOnly = true
		if !errors.Is(err, fs.ErrExist) {
			// A read-only share or a write-protected stick: it can still be read.
			return s.openView()
		}
		// Someone claimed it a moment ago.
		if s.held, _ = ReadOwner(s.original); s.held == nil {
			s.held = &Owner{User: "someone", Machine: "another computer", Opened: time.Now()}
		}
		return s.openView()
	}
	// A save back this computer's Guardian was killed in the middle of left
	// a partial copy beside the original: it is nobody's now.
	removeDeadTemps(filepath.Dir(s.original), filepath.Base(s.original))
	err := s.prepareWorking()
	if err != nil {
		release(s.original, s.owner)
		s.owner = nil
	}
	return err
}

func (s *Session) prepareWorking() error {
	s.dir = workDirFor(s.opts.WorkDir, s.original)
	s.work = filepath.Join(s.dir, filepath.Base(s.original))
	var old manifest
	if readJSON(filepath.Join(s.dir, manifestName), &old) == nil && old.Original == s.original {
		if old.Owner.PID != os.Getpid() && old.Owner.Machine == machineName() && processAlive(old.Owner.PID) && old.Owner.PID > 0 {
			return assurance.Errorf(assurance.ELOCKED, "%q is already open in another Guardian window on this computer", filepath.Base(s.original))
		}
		if old.Dirty {
			return s.resume(old)
		}
	}
	// Nothing unsaved: start from a fresh copy of the original.
	removeDB(s.work)
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return workAreaError(err)
	}
	base, err := s.fetch(s.original, s.work)
	if err != nil {
		os.RemoveAll(s.dir)
		return err
	}
	s.man = manifest{Original: s.original, Owner: *s.owner, Base: base, Encrypted: s.pass != "", Copied: time.Now().UTC()}
	if err := writeJSON(filepath.Join(s.dir, manifestName), &s.man); err != nil {
		return workAreaError(err)
	}
	if s.st, err = sqlite.Open(s.work, s.opts.store(false)); err != nil {
		return err
	}
	if err := s.recordBase(); err != nil {
		s.st.Close()
		return err
	}
	return nil
}

// resume carries on with an unsaved working copy a Guardian left behind.
// Its first save back checks the original against the copy's base as usual.
func (s *Session) resume(old manifest) (err error) {
	if s.pass != "" {
		// The passphrase will encrypt what is saved back: it must be the
		// one that opens the original.
		if err := checkPassphrase(s.original, s.pass); err != nil {
			return err
		}
	}
	s.man = old
	s.man.Owner = *s.owner
	if s.st, err = sqlite.Open(s.work, s.opts.store(false)); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(s.dir, manifestName), &s.man); err != nil {
		s.st.Close()
		return workAreaError(err)
	}
	s.changes = 1 // unsaved changes from before: save them back
	s.lastSaved = old.LastSaved
	// If the original changed since (a save back refused earlier, or by
	// someone else meanwhile), say so now, before more changes pile up on a
	// copy that cannot be saved back: Conflict offers the ways out. An
	// original that cannot be read now is reported by the save back.
	_ = s.confirmUnchanged(context.Background())
	return nil
}

// recordBase keeps the questions as copied, for comparing later.
func (s *Session) recordBase() error { return recordBase(s.st, s.dir) }

// recordBase keeps the questions and newest audit entry of st, the log as
// it is at its real place when copied, so that a conflict compares against
// it: what changed since then is mine or theirs. (After a save back the
// snapshot saved is the base: keepBase.)
func recordBase(st assurance.Reader, dir string) error {
	b, err := baseOf(context.Background(), st)
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(dir, baseDB)) // one a session before left
	if err := writeJSON(filepath.Join(dir, baseName), &b); err != nil {
		return workAreaError(err)
	}
	return nil
}

func baseOf(ctx context.Context, st assurance.Reader) (baseInfo, error) {
	qs, err := st.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return baseInfo{}, err
	}
	b := baseInfo{Questions: qs}
	if a, err := st.Audit(ctx, assurance.AuditFilter{Limit: 1}); err == nil && len(a) > 0 {
		b.AuditID = a[0].ID
	}
	return b, nil
}

func workAreaError(err error) error {
	return assurance.WrapError(assurance.EINTERNAL, err, "Cannot use Guardian's working folder on this computer")
}

// Store returns the open log. Changes made through it are saved back.
// Closing it closes the session.
func (s *Session) Store() assurance.Store { return s.tracked }

// Path returns the log's real place: the file the user opened.
func (s *Session) Path() string { return s.original }

// Place says where the log lives.
func (s *Session) Place() place.Place { return s.place }

// WorkingCopy returns the local copy Guardian works on, or "" when the log
// is open in place.
func (s *Session) WorkingCopy() string {
	if s.mode == inPlace {
		return ""
	}
	return s.work
}

// ReadOnly reports whether changes are refused.
func (s *Session) ReadOnly() bool { return s.readOnly }

// HeldBy returns who has the log open when that is why it is read-only.
func (s *Session) HeldBy() *Owner { return s.held }

// Encrypted reports whether the log is an encrypted copy.
func (s *Session) Encrypted() bool { return s.pass != "" }

// Status is what a title or status bar shows.
type Status struct {
	Place     place.Place
	InPlace   bool      // changes go straight to the file
	ReadOnly  bool      // changes are refused
	HeldBy    *Owner    // who has it open, when that is why it is read-only
	LastSaved time.Time // last saved to its real place; zero if not since opening
	Unsaved   bool      // the working copy has changes not yet saved back
	Recovered bool      // the working copy was left by a Guardian that stopped
	Conflict  *Conflict // the original changed behind Guardian
}

// Status returns the session's state now.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{Place: s.place, InPlace: s.mode == inPlace, ReadOnly: s.readOnly, HeldBy: s.held,
		LastSaved: s.lastSaved, Unsaved: s.changes != s.saved, Recovered: s.mode == working && s.man.Dirty && s.man.Changed.Before(s.opened),
		Conflict: s.conflict}
	if st.InPlace {
		st.LastSaved, st.Unsaved = s.lastWrite, false
	}
	return st
}

// Close saves back any changes and closes the log. If they cannot be saved
// back (a conflict, or the original's folder is out of reach) the working
// copy is kept with every change, the error says so, and the next start
// offers it (FindUnsaved).
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()

	var saveErr error
	if s.mode == working && s.unsaved() {
		saveErr = s.save(context.Background())
	}
	s.saveMu.Lock() // a save back the timer started finishes first
	closeErr := s.st.Close()
	s.storeClosed = true
	s.saveMu.Unlock()
	switch s.mode {
	case view:
		os.RemoveAll(s.dir)
	case working:
		release(s.original, s.owner)
		if saveErr == nil && closeErr == nil && !s.unsaved() {
			os.RemoveAll(s.dir)
		} else {
			// No Guardian works on the copy now: FindUnsaved offers it.
			s.mu.Lock()
			s.man.Owner.PID = 0
			man := s.man
			s.mu.Unlock()
			writeJSON(filepath.Join(s.dir, manifestName), &man)
		}
	}
	if saveErr != nil {
		return kept(saveErr, s.work)
	}
	return closeErr
}

// kept adds to a save-back error that the changes are safe on this computer.
func kept(err error, work string) error {
	code := assurance.ErrorCode(err)
	return assurance.WrapError(code, err, "%s. Your changes are kept safe on this computer (%s) and Guardian will offer them when it next starts",
		assurance.ErrorMessage(err), work)
}

func (s *Session) unsaved() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changes != s.saved
}

// SendCopy writes one closed, standalone copy of the log to dest (no -wal
// or -shm beside it), encrypted with passphrase if it is not empty. An
// existing dest is never overwritten.
func (s *Session) SendCopy(ctx context.Context, dest, passphrase string) error {
	if n := utf8.RuneCountInString(passphrase); n > 0 && n < MinPassphrase {
		msg := fmt.Sprintf("Use a passphrase of at least %d characters: a few unrelated words are easy to say and hard to guess", MinPassphrase)
		return &assurance.Error{Code: assurance.EINVALID, Message: msg, Fields: map[string]string{FieldPassphrase: msg + "."}}
	}
	return exportTo(ctx, s.st, s.dir, dest, passphrase)
}

// MinPassphrase is the shortest passphrase a copy may be encrypted with.
const MinPassphrase = 10

// exportTo snapshots st and writes it to a new file dest.
func exportTo(ctx context.Context, st *sqlite.Store, scratch, dest, passphrase string) error {
	abs, err := assurance.NewFilePath(dest, "")
	if err != nil {
		return err
	}
	name := filepath.Base(abs)
	snap, err := snapshot(ctx, st, scratch)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(snap))
	tmp, _, err := writeTemp(filepath.Dir(abs), name, fillFrom(snap, passphrase))
	if err != nil {
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot write %q", name)
	}
	if _, err := assurance.NewFilePath(abs, ""); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := replace(tmp, abs); err != nil {
		os.Remove(tmp)
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot write %q", name)
	}
	return nil
}

// snapshot writes a checked, standalone copy of st into a new folder under
// scratch (or the system's temporary folder) and returns its path.
func snapshot(ctx context.Context, st *sqlite.Store, scratch string) (string, error) {
	if scratch == "" {
		scratch = os.TempDir()
	}
	dir, err := os.MkdirTemp(scratch, "snapshot-*")
	if err != nil {
		return "", workAreaError(err)
	}
	snap := filepath.Join(dir, "snapshot.guardian")
	// VACUUM INTO reads one consistent state of the log, committed changes
	// still in the -wal file included, and writes a file with no sidecars.
	if err := st.Backup(ctx, snap); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if err := checkLog(ctx, snap); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return snap, nil
}

// checkLog runs SQLite's integrity check and the evidence hashes on a copy.
func checkLog(ctx context.Context, path string) error {
	chk, err := sqlite.Open(path, sqlite.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer chk.Close()
	rep, err := chk.Check(ctx)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return assurance.Errorf(assurance.ECORRUPT, "The copy failed its check (%d problems); the log was not saved over", len(rep.Integrity)+len(rep.BadEvidence))
	}
	return nil
}

// fillFrom copies the snapshot into a writer, encrypting it if asked.
func fillFrom(snap, passphrase string) func(io.Writer) error {
	return func(w io.Writer) error {
		in, err := os.Open(snap)
		if err != nil {
			return err
		}
		defer in.Close()
		if passphrase == "" {
			_, err = io.Copy(w, in)
			return err
		}
		ew, err := encryptTo(w, passphrase)
		if err != nil {
			return err
		}
		if _, err := io.Copy(ew, in); err != nil {
			return err
		}
		return ew.Close()
	}
}

// Copy writes a standalone copy of the log at src to dest, as SendCopy does;
// src is opened read-only through a session, so a log elsewhere is read
// from a local copy.
func Copy(ctx context.Context, src, dest, passphrase string, opts Options) error {
	opts.ReadOnly = true
	s, err := Open(src, opts)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.SendCopy(ctx, dest, passphrase)
}

// Create makes a new, empty log at path and opens it. On a local disk it is
// created in place; anywhere else it is made in the working area and written
// to path as one closed file, then opened like any other log there. An
// existing file is never overwritten.
func Create(path string, opts Options) (*Session, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "%q is not a usable file name", path)
	}
	if pl, _ := opts.Classify(abs); pl.Local() {
		st, err := sqlite.Create(abs, opts.store(false))
		if err != nil {
			return nil, err
		}
		s := &Session{opts: opts, original: abs, place: pl, opened: time.Now(), mode: inPlace, st: st}
		s.tracked = &tracked{Store: st, s: s}
		return s, nil
	}
	if _, err := assurance.NewFilePath(abs, ""); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.WorkDir, 0o700); err != nil {
		return nil, workAreaError(err)
	}
	dir, err := os.MkdirTemp(opts.WorkDir, "new-*")
	if err != nil {
		return nil, workAreaError(err)
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Create(filepath.Join(dir, filepath.Base(abs)), opts.store(false))
	if err != nil {
		return nil, err
	}
	err = exportTo(context.Background(), st, dir, abs, "")
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return Open(abs, opts)
}
