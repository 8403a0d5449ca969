package workcopy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// Conflict describes an original that changed after Guardian copied it.
type Conflict struct {
	Original  string
	Gone      bool      // the original was moved or deleted
	ChangedAt time.Time // the original's modification time now
	// ChangedBy names who made the changes in their copy, from its audit
	// log; LastChange is when the newest of them was made.
	ChangedBy  []string
	LastChange time.Time
	// HeldBy is who has the original open now, from its owner file; nil
	// when it is this session's own.
	HeldBy    *Owner
	Questions assurance.Comparison
	// SavedAt is when this session last saved back; zero if it has not.
	SavedAt time.Time
}

// Message says in plain words what happened.
func (c *Conflict) Message() string {
	name := filepath.Base(c.Original)
	if c.Gone {
		return fmt.Sprintf("%q has been moved or deleted since you opened it, so Guardian has not saved your changes there. Your changes are safe: save them as a new file.", name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q was changed", name)
	if len(c.ChangedBy) > 0 {
		fmt.Fprintf(&b, " by %s", strings.Join(c.ChangedBy, ", "))
	}
	when := c.ChangedAt
	if !c.LastChange.IsZero() {
		when = c.LastChange
	}
	fmt.Fprintf(&b, " at %s", when.Local().Format("15:04 on 2 Jan 2006"))
	if c.SavedAt.IsZero() {
		b.WriteString(", after you opened it")
	} else {
		fmt.Fprintf(&b, ", after you last saved your changes to it at %s", c.SavedAt.Local().Format("15:04"))
	}
	if c.HeldBy != nil {
		fmt.Fprintf(&b, " (%s)", c.HeldBy)
	}
	b.WriteString(". Guardian has not saved over their changes, and your changes are safe.")
	q := c.Questions
	if q.Empty() {
		b.WriteString(" Neither of you changed a question (only settings, meetings or the log's own records).")
		return b.String()
	}
	listQuestions(&b, "You changed", q.MineOnly, func(d *assurance.QuestionDiff) *assurance.Question { return d.Mine })
	listQuestions(&b, "They changed", q.TheirsOnly, func(d *assurance.QuestionDiff) *assurance.Question { return d.Theirs })
	listQuestions(&b, "You both changed", q.Both, func(d *assurance.QuestionDiff) *assurance.Question { return d.Theirs })
	return b.String()
}

// maxListed is how many questions of each side the message names.
const maxListed = 8

// listQuestions adds a paragraph naming the questions in ds by reference
// and title: "You changed: Q-0003 Is the plan funded? (added); …".
func listQuestions(b *strings.Builder, what string, ds []*assurance.QuestionDiff, side func(*assurance.QuestionDiff) *assurance.Question) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(b, "\n\n%s %d question(s):", what, len(ds))
	for i, d := range ds {
		if i == maxListed {
			fmt.Fprintf(b, "\n  … and %d more", len(ds)-maxListed)
			break
		}
		q := side(d)
		if q == nil {
			q = d.Base
		}
		if q == nil {
			q = d.Mine
		}
		title := ""
		if q != nil {
			title = " " + shorten(q.Text, 70)
		}
		fmt.Fprintf(b, "\n  %s%s (%s)", d.Ref, title, changeWords(d))
	}
}

// shorten puts text on one line of at most n characters.
func shorten(text string, n int) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}

// changeWords says what happened to a question on each side.
func changeWords(d *assurance.QuestionDiff) string {
	mine, theirs := string(d.MineChange), string(d.TheirChange)
	switch {
	case mine != "" && theirs != "":
		if mine == theirs {
			return mine + " by both"
		}
		return mine + " by you, " + theirs + " by them"
	case mine != "":
		return mine
	}
	return theirs
}

func (c *Conflict) Error() error {
	return assurance.Errorf(assurance.ECONFLICT, "%s", c.Message())
}

// Conflict returns the conflict found at the last save back, or nil.
func (s *Session) Conflict() *Conflict {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conflict
}

// changed is called after every change committed to the working copy.
func (s *Session) changed() {
	if s.noteChange() {
		s.emit(Event{Kind: EventChanged, At: time.Now()})
	}
}

// noteChange counts a change and schedules the save back. It reports
// whether everything had been saved back until now.
func (s *Session) noteChange() (first bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastWrite = time.Now()
	if s.mode != working {
		return false
	}
	first = s.changes == s.saved
	s.changes++
	if !s.man.Dirty {
		// Mark the copy as holding unsaved changes before anything else, so
		// a crash from here on is found at the next start.
		s.man.Dirty, s.man.Changed = true, s.lastWrite.UTC()
		writeJSON(filepath.Join(s.dir, manifestName), &s.man)
	}
	if s.conflict == nil && !s.closed && s.timer == nil {
		s.timer = s.opts.afterFunc(s.opts.SaveDelay, s.autosave)
	}
	return first
}

// autosave saves back after changes, and tries again later if it failed.
func (s *Session) autosave() {
	err := s.save(context.Background())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = nil
	if err == nil {
		s.failures = 0
		if s.changes != s.saved && !s.closed {
			s.timer = s.opts.afterFunc(s.opts.SaveDelay, s.autosave)
		}
		return
	}
	if s.conflict != nil || s.closed {
		return
	}
	s.failures++
	wait := min(s.opts.SaveDelay<<min(s.failures, 5), time.Minute)
	s.timer = s.opts.afterFunc(wait, s.autosave)
}

// Save saves the working copy back to the original now. It does nothing for
// a log open in place or read-only, or when there is nothing to save.
func (s *Session) Save(ctx context.Context) error {
	if s.mode != working || s.readOnly {
		return nil
	}
	return s.save(ctx)
}

// save does one save back: snapshot the working copy, check it, write it to
// a temporary file in the original's folder and read it back, confirm the
// original is still the file that was copied, and only then replace it. Any
// failure leaves the original as it was and removes the temporary file.
func (s *Session) save(ctx context.Context) (err error) {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if s.storeClosed {
		return nil // a timer that fired as the session closed
	}
	s.mu.Lock()
	seq, conflict := s.changes, s.conflict
	s.mu.Unlock()
	if conflict != nil {
		return conflict.Error()
	}
	if seq == s.savedCount() {
		return nil
	}
	defer func() {
		if err != nil && assurance.ErrorCode(err) != assurance.ECONFLICT {
			s.emit(Event{Kind: EventSaveFailed, At: time.Now(), Err: err})
		}
	}()
	name := filepath.Base(s.original)
	snap, err := snapshot(ctx, s.st, s.dir)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(snap))
	removeDeadTemps(filepath.Dir(s.original), name)
	tmp, written, err := writeTemp(filepath.Dir(s.original), name, fillFrom(snap, s.pass))
	if err != nil {
		if assurance.DiskFull(err) {
			return assurance.WrapError(assurance.EINTERNAL, err, "Cannot save %q back to its folder: the disk or share it is on is full", name)
		}
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot save %q back to its folder", name)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err := s.confirmUnchanged(ctx); err != nil {
		return err
	}
	if err := replace(tmp, s.original); err != nil {
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot save %q back: another program is holding it", name)
	}
	if info, err := os.Stat(s.original); err == nil {
		written.ModTime = info.ModTime().UTC()
	}
	now := time.Now()
	s.mu.Lock()
	s.saved, s.lastSaved = seq, now
	s.man.Base, s.man.LastSaved = written, now.UTC()
	s.man.Dirty = s.changes != seq
	man := s.man
	s.mu.Unlock()
	if err := writeJSON(filepath.Join(s.dir, manifestName), &man); err != nil {
		return workAreaError(err)
	}
	// What is at the original now is the base a later conflict is judged
	// against: my changes saved so far are no longer "theirs". The
	// snapshot is that base; it is kept (a rename) and read only if a
	// conflict comes.
	keepBase(snap, s.dir)
	s.emit(Event{Kind: EventSaved, At: now})
	return nil
}

// keepBase keeps the snapshot just saved back as the base, in place of
// the questions recorded when the log was copied. If it cannot be kept,
// neither is: a conflict then names who changed the log but cannot list
// the questions, rather than blame her saved changes on them.
func keepBase(snap, dir string) {
	os.Remove(filepath.Join(dir, baseName))
	if os.Rename(snap, filepath.Join(dir, baseDB)) != nil || os.Chmod(filepath.Join(dir, baseDB), 0o600) != nil {
		os.Remove(filepath.Join(dir, baseDB))
	}
}

// readBase returns the log as it was at its real place when copied or
// last saved back.
func (s *Session) readBase(ctx context.Context) (baseInfo, error) {
	var b baseInfo
	db := filepath.Join(s.dir, baseDB)
	if _, err := os.Stat(db); err != nil {
		return b, readJSON(filepath.Join(s.dir, baseName), &b)
	}
	st, err := sqlite.Open(db, sqlite.Options{ReadOnly: true})
	if err != nil {
		return b, err
	}
	defer st.Close()
	return baseOf(ctx, st)
}

func (s *Session) savedCount() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saved
}

// confirmUnchanged checks that the original is still the file Guardian
// copied (or last saved). If not, it records the conflict and refuses.
func (s *Session) confirmUnchanged(ctx context.Context) error {
	cur, err := stateOf(s.original)
	gone := errors.Is(err, fs.ErrNotExist)
	if err != nil && !gone {
		return assurance.WrapError(assurance.EINTERNAL, err, "Cannot read %q to check it before saving", filepath.Base(s.original))
	}
	s.mu.Lock()
	base := s.man.Base
	s.mu.Unlock()
	if !gone && cur.sameContent(base) {
		return nil
	}
	c := &Conflict{Original: s.original, Gone: gone, ChangedAt: cur.ModTime}
	if !gone {
		s.describeTheirs(ctx, c)
	}
	s.mu.Lock()
	s.conflict = c
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	s.emit(Event{Kind: EventConflict, At: time.Now(), Conflict: c})
	return c.Error()
}

// describeTheirs reads the changed original (from a local copy) to say who
// changed it and which questions each side changed. What cannot be read is
// left out: the conflict stands either way.
func (s *Session) describeTheirs(ctx context.Context, c *Conflict) {
	if held, _ := ReadOwner(s.original); held != nil && (s.owner == nil || !sameOwner(held, s.owner)) {
		c.HeldBy = held
	}
	s.mu.Lock()
	c.SavedAt = s.lastSaved
	s.mu.Unlock()
	base, err := s.readBase(ctx)
	if err != nil {
		return
	}
	theirsPath := filepath.Join(s.dir, "theirs", filepath.Base(s.original))
	os.MkdirAll(filepath.Dir(theirsPath), 0o700)
	defer os.RemoveAll(filepath.Dir(theirsPath))
	if _, err := s.fetch(s.original, theirsPath); err != nil {
		return
	}
	theirs, err := sqlite.Open(theirsPath, sqlite.Options{ReadOnly: true})
	if err != nil {
		return
	}
	defer theirs.Close()
	entries, _ := theirs.Audit(ctx, assurance.AuditFilter{})
	names := map[string]bool{}
	for _, e := range entries {
		if e.ID <= base.AuditID {
			break // newest first: the rest were there when copied
		}
		who := e.Actor
		if who == s.opts.Actor {
			// Her own name there means she changed it elsewhere (another
			// computer, guardianctl): say so rather than blame "alice".
			who = "you (elsewhere)"
		}
		if !names[who] {
			names[who] = true
			c.ChangedBy = append(c.ChangedBy, who)
		}
		if e.At.After(c.LastChange) {
			c.LastChange = e.At
		}
	}
	sort.Strings(c.ChangedBy)
	tq, err1 := theirs.Questions(ctx, assurance.QuestionFilter{})
	mq, err2 := s.st.Questions(ctx, assurance.QuestionFilter{})
	if err1 == nil && err2 == nil {
		c.Questions = assurance.CompareQuestions(base.Questions, mq, tq)
	}
}

func (s *Session) emit(e Event) {
	if s.opts.OnEvent != nil {
		s.opts.OnEvent(e)
	}
}

// SaveMineAs writes the working copy to a new file dest (never over an
// existing one), closes this session without touching the original, and
// opens dest. It is how a user keeps their changes after a conflict.
func (s *Session) SaveMineAs(ctx context.Context, dest string) (*Session, error) {
	if err := exportTo(ctx, s.st, s.dir, dest, s.pass); err != nil {
		return nil, err
	}
	s.abandon()
	opts := s.opts
	pass := s.pass
	if pass != "" {
		opts.Passphrase = func(string) (string, error) { return pass, nil }
	}
	return Open(dest, opts)
}

// OpenTheirs closes this session without saving back and opens the
// original as it now is. So that nothing is lost, the working copy is first
// kept as a file in the working area's Kept folder, whose path is returned.
func (s *Session) OpenTheirs(ctx context.Context) (*Session, string, error) {
	keptPath, err := keptPath(s.opts.WorkDir, s.original)
	if err != nil {
		return nil, "", err
	}
	if err := exportTo(ctx, s.st, s.dir, keptPath, s.pass); err != nil {
		return nil, "", err
	}
	s.abandon()
	theirs, err := Open(s.original, s.opts)
	return theirs, keptPath, err
}

// keptPath names a new file in the working area's Kept folder for my
// version of original.
func keptPath(workDir, original string) (string, error) {
	keptDir := filepath.Join(workDir, "Kept")
	if err := os.MkdirAll(keptDir, 0o700); err != nil {
		return "", workAreaError(err)
	}
	base := strings.TrimSuffix(filepath.Base(original), filepath.Ext(original))
	return filepath.Join(keptDir, fmt.Sprintf("%s (my changes %s)%s", base, time.Now().Format("2006-01-02 150405"), filepath.Ext(original))), nil
}

// abandon closes the session without saving back and removes its working
// copy; the caller has kept the changes elsewhere.
func (s *Session) abandon() {
	s.mu.Lock()
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
	s.saveMu.Lock() // wait for a save in progress
	defer s.saveMu.Unlock()
	s.st.Close()
	s.storeClosed = true
	if s.owner != nil {
		release(s.original, s.owner)
	}
	if s.mode != inPlace {
		os.RemoveAll(s.dir)
	}
}
