package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/internal/safefile"
)

// writeAtomically creates path through write so that readers only ever see
// the old file or the complete new one: the bytes go to a temporary file in
// the same folder, created readable by the owner only (a board paper is
// OFFICIAL-SENSITIVE; excelize's own SaveAs would make it 0755), are flushed
// to disk and then renamed over path. On any failure the temporary file is
// removed and path is untouched. durable false skips the flush to disk, for
// copies whose original is safe elsewhere.
func writeAtomically(path string, durable bool, write func(*os.File) error) error {
	tmp, err := writeTemp(path, durable, write)
	if err != nil {
		return err
	}
	return placeTemp(tmp, path, durable)
}

// writeTemp is the first half of writeAtomically: the temporary file, written.
func writeTemp(path string, durable bool, write func(*os.File) error) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := safefile.WriteTemp(dir, "."+base+".*.tmp", durable, write)
	if err != nil {
		var ae *assurance.Error
		if !errors.As(err, &ae) {
			return "", saveError(path, err) // a full disk, a pulled USB stick
		}
		return "", fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return tmp, nil
}

// placeTemp is the second half of writeAtomically: tmp renamed over path,
// or removed if that fails.
func placeTemp(tmp, path string, durable bool) error {
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return saveError(path, err)
	}
	if durable {
		_ = safefile.SyncDir(filepath.Dir(path)) // best effort: a failure here does not undo the rename
	}
	return nil
}

// saveError explains a failed save in words a Guardian can act on.
func saveError(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) || inUse(err) {
		return assurance.WrapError(assurance.ELOCKED, err,
			"Guardian could not save %s: the folder may be read-only, or the file may be open in Excel. Close it or choose another place", filepath.Base(path))
	}
	return assurance.WrapError(assurance.EINTERNAL, err,
		"Guardian could not save %s: check the folder exists and the disk has space", filepath.Base(path))
}

// evidenceDir is the folder evidence files go in, beside the workbook:
// "Board paper.xlsx" gets "Board paper evidence".
func evidenceDir(workbook string) string {
	return strings.TrimSuffix(workbook, filepath.Ext(workbook)) + " evidence"
}

// evidenceLink is the relative address the register links to: the folder
// and file name, both built by Guardian (the file name passes through
// assurance.CleanFileName), never a link taken from user text.
func (e *exporter) evidenceLink(ev *assurance.Evidence) string {
	return url.PathEscape(filepath.Base(e.res.EvidenceDir)) + "/" + url.PathEscape(e.fileName(ev))
}

// fileName is ev's name in the evidence folder. The names are worked out
// once for the copy and the register alike (nameEvidence): cleaning twenty
// thousand names costs as much again each time.
func (e *exporter) fileName(ev *assurance.Evidence) string {
	if n, ok := e.fileNames[ev.ID]; ok {
		return n
	}
	return assurance.EvidenceFileName(ev)
}

// nameEvidence works out the names of the evidence files evs before the
// copy and the workbook go on, on two goroutines, which then only read them.
func (e *exporter) nameEvidence(evs []*assurance.Evidence) {
	e.fileNames = make(map[int64]string, len(evs))
	for _, ev := range evs {
		e.fileNames[ev.ID] = assurance.EvidenceFileName(ev)
	}
}

// evidenceWorkers is how many goroutines create and write the evidence
// files while the store reads the next ones. One: new files in one folder
// are made one at a time by the file system anyway, and with more writers
// the kernel spends the time on them waiting its turn (measured on the
// 2-core build machine at load average 1.3-1.7: 1.7-2.4 s of system CPU
// with one, 3.3-3.7 s with two, 3.9-4.1 s with four).
const evidenceWorkers = 1

// evidenceOut is an evidence copy on its way: written into a hidden folder
// beside the paper and being flushed to disk while the workbook is built.
type evidenceOut struct {
	tmp, dir string
	exists   bool     // dir is an earlier export's folder
	names    []string // the files written, in the register's order
	synced   chan error
	placed   bool
}

// buildBesideEvidence reads the log, builds the workbook and writes it to a
// temporary file beside path, on another goroutine, while this one copies
// the evidence files out, starting as soon as that goroutine has read which
// files are in scope: one waits mostly on the file system, the other on the
// processor, so together they take little longer than the copy alone. The
// copy's progress is reported as it goes and the workbook's after it, each
// stage in order, all on this goroutine. A failure of either stops the
// other.
func (e *exporter) buildBesideEvidence(path string) (string, *evidenceOut, error) {
	// The workbook's progress waits in pending while the copy reports its own.
	report := e.opt.Progress
	var (
		mu      sync.Mutex
		pending []Progress
	)
	wake := make(chan struct{}, 1)
	e.opt.Progress = func(p Progress) { // read by the build only, from here on
		mu.Lock()
		pending = append(pending, p)
		mu.Unlock()
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	forward := func() {
		mu.Lock()
		ps := pending
		pending = nil
		mu.Unlock()
		for _, p := range ps {
			if report != nil {
				report(p)
			}
		}
	}
	ctx, cancel := context.WithCancelCause(e.ctx)
	defer cancel(nil)
	outer := e.ctx
	e.ctx = ctx
	defer func() { e.ctx, e.opt.Progress = outer, report }()
	type built struct {
		tmp string
		err error
	}
	done := make(chan built, 1)
	inScope := make(chan []*assurance.Evidence, 1)
	e.evidenceInScope = func(evs []*assurance.Evidence) {
		e.nameEvidence(evs)          // before the build goes on to read the names
		inScope <- slices.Clone(evs) // the copy's own, whatever the build does with the register's order
	}
	go func() {
		tmp, err := e.buildTemp(path)
		if err != nil {
			cancel(err)
		}
		done <- built{tmp, err}
	}()
	var (
		b        built
		out      *evidenceOut
		cerr     error
		finished bool
	)
	select {
	case list := <-inScope:
		forward() // "Reading the log" first
		if out, cerr = e.copyEvidence(ctx, list, report); cerr != nil {
			cancel(cerr)
		}
	case b = <-done: // the log could not be read
		finished = true
	}
	for waiting := !finished; waiting; {
		select {
		case <-wake:
		case b = <-done:
			waiting = false
		}
		if cerr == nil {
			forward()
		}
	}
	if b.err == nil && cerr == nil {
		return b.tmp, out, nil
	}
	if b.tmp != "" {
		os.Remove(b.tmp)
	}
	if out != nil {
		out.discard()
	}
	// The first failure, not the other side stopping because of it.
	return "", nil, context.Cause(ctx)
}

// buildTemp reads the log, builds the workbook and writes it, flushed to
// disk, to a temporary file beside path, whose name it returns.
func (e *exporter) buildTemp(path string) (string, error) {
	if err := e.load(); err != nil {
		return "", err
	}
	f, err := e.build()
	if err != nil {
		return "", err
	}
	defer f.Close()
	e.progress("Saving", 0, 1)
	if err := e.ctx.Err(); err != nil {
		return "", err
	}
	return writeTemp(path, true, func(w *os.File) error { return e.writeBook(f, w) })
}

// writeWithEvidence writes the paper at path and its evidence folder beside
// it: the two are written at once, the folder is put in place, and only
// then is the paper renamed into place, so it never links to a folder that
// is not there.
func (e *exporter) writeWithEvidence(path string) error {
	tmp, out, err := e.buildBesideEvidence(path)
	if err != nil {
		return err
	}
	defer out.discard()
	if err := e.placeEvidence(out); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := placeTemp(tmp, path, true); err != nil {
		return err
	}
	e.progress("Saving", 1, 1)
	return nil
}

// copyEvidence copies every evidence file in scope into a new hidden folder
// beside the paper, each checked against its recorded SHA-256 as the store
// streams the bytes (assurance.StreamEvidence: one pass in the order they
// are stored), and starts flushing them to disk, all together. placeEvidence
// puts them in place once flushed; discard removes the hidden folder if
// that never happens.
func (e *exporter) copyEvidence(ctx context.Context, list []*assurance.Evidence, report func(Progress)) (*evidenceOut, error) {
	dir := e.res.EvidenceDir
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	fi, err := os.Lstat(dir)
	o := &evidenceOut{dir: dir, exists: err == nil, synced: make(chan error, 1)}
	if o.exists && !fi.IsDir() {
		return nil, saveError(dir, fmt.Errorf("%s is a file, not a folder", base))
	}
	if o.tmp, err = os.MkdirTemp(parent, "."+base+".*.tmp"); err != nil {
		return nil, saveError(dir, err)
	}
	// kept is 0 while keepCopies counts the copies it keeps, then their
	// number while the rest are copied: done counts either way from there.
	total, kept := len(list), 0
	progress := func(done int) {
		if report != nil {
			report(Progress{Stage: "Evidence files", Done: kept + done, Total: total})
		}
	}
	if o.exists {
		if list, kept, err = e.keepCopies(ctx, dir, list, progress); err != nil {
			o.discard()
			return nil, err
		}
	}
	if o.names, err = e.copyEvidenceInto(ctx, list, o.tmp, progress); err != nil {
		o.discard()
		return nil, err
	}
	e.res.EvidenceFiles = kept + len(o.names)
	progress(len(o.names))
	go func() {
		if !safefile.SyncsFileSystem {
			o.synced <- nil // each file was flushed as it was closed
			return
		}
		o.synced <- safefile.SyncFileSystem(o.tmp)
	}()
	return o, nil
}

// keepCopies returns the items of list that still need copying into dir,
// the folder of an earlier export, and how many do not: those whose copy
// there is already the stored file, a regular file of the recorded size and
// SHA-256 (a name is one evidence item's, and stored bytes never change).
// Exporting again then writes only what is new, or was changed or removed
// there, instead of every file again: replacing 20,000 files one by one
// took 9.7 s, most of it waiting on the file system. progress counts the
// files kept.
func (e *exporter) keepCopies(ctx context.Context, dir string, list []*assurance.Evidence, progress func(done int)) ([]*assurance.Evidence, int, error) {
	var todo []*assurance.Evidence
	buf := make([]byte, 64<<10)
	h := sha256.New()
	kept := 0
	for i, ev := range list {
		if i%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
			progress(kept)
		}
		if sameCopy(filepath.Join(dir, e.fileName(ev)), ev, h, buf) {
			kept++
			continue
		}
		todo = append(todo, ev)
	}
	return todo, kept, nil
}

// sameCopy says whether the file at path is a regular file holding ev's
// bytes. Anything it cannot read counts as not the same, and is copied.
func sameCopy(path string, ev *assurance.Evidence, h hash.Hash, buf []byte) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != ev.Size {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	// The file opened must be the one looked at, not a link put in its
	// place meanwhile.
	if at, err := f.Stat(); err != nil || !os.SameFile(fi, at) {
		return false
	}
	h.Reset()
	if n, err := io.CopyBuffer(h, f, buf); err != nil || n != ev.Size {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == ev.SHA256
}

// placeEvidence waits until the copies are on disk and puts them in place:
// a new folder by renaming the whole folder once, so that a crash leaves
// either the complete folder or none; into the folder of an earlier export
// file by file, replacing files of the same name whole and leaving any other
// file there alone, so nothing a user put there is lost.
func (e *exporter) placeEvidence(o *evidenceOut) error {
	e.progress(stagePlacing, 0, len(o.names))
	if err := <-o.synced; err != nil {
		return saveError(o.dir, err)
	}
	if o.exists {
		return e.mergeEvidence(o)
	}
	if err := renameFolder(o.tmp, o.dir); err != nil {
		return saveError(o.dir, err)
	}
	o.placed, e.createdDir, e.createdFiles = true, true, o.names
	_ = safefile.SyncDir(filepath.Dir(o.dir)) // best effort, as for the paper
	e.progress(stagePlacing, len(o.names), len(o.names))
	return nil
}

// renameFolder renames the folder from to to. On Windows a virus scanner
// may still hold one of the new files open for a moment, which makes the
// rename fail, so it is tried again for up to about a second.
func renameFolder(from, to string) error {
	err := os.Rename(from, to)
	for try := 0; err != nil && runtime.GOOS == "windows" && try < 10; try++ {
		time.Sleep(100 * time.Millisecond)
		err = os.Rename(from, to)
	}
	return err
}

// stagePlacing is the progress stage of waiting for the copies to reach the
// disk and putting them in place.
const stagePlacing = "Evidence files to disk"

// discard removes the hidden folder unless its files were put in place.
func (o *evidenceOut) discard() {
	if !o.placed {
		os.RemoveAll(o.tmp) // Guardian's own folder, under a name nobody else uses
	}
}

// mergeEvidence moves the copies into the folder of an earlier export,
// replacing files of the same name.
func (e *exporter) mergeEvidence(o *evidenceOut) error {
	there := map[string]bool{}
	if entries, err := os.ReadDir(o.dir); err == nil {
		for _, de := range entries {
			there[de.Name()] = true
		}
	}
	for i, n := range o.names {
		if err := e.tick(stagePlacing, i, len(o.names)); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(o.tmp, n), filepath.Join(o.dir, n)); err != nil {
			return saveError(filepath.Join(o.dir, n), err)
		}
		if !there[n] {
			e.createdFiles = append(e.createdFiles, n)
		}
	}
	_ = safefile.SyncDir(o.dir)
	os.Remove(o.tmp) // empty now
	o.placed = true
	e.progress(stagePlacing, len(o.names), len(o.names))
	return nil
}

// undoEvidence removes the evidence files and folder this export created.
// Files an earlier export left are kept: they were replaced by identical
// copies (the same name means the same evidence item).
func (e *exporter) undoEvidence() {
	dir := e.res.EvidenceDir
	for _, name := range e.createdFiles {
		os.Remove(filepath.Join(dir, name))
	}
	if e.createdDir {
		os.Remove(dir) // only if empty: anything else put there stays
	}
}

// copyEvidenceInto writes every evidence file in scope into the new folder
// dir and returns their names. The store streams the parts on this
// goroutine; evidenceWorkers goroutines create and write the files, each
// file's parts going to one worker in order.
func (e *exporter) copyEvidenceInto(ctx context.Context, list []*assurance.Evidence, dir string, progress func(done int)) ([]string, error) {
	folder, err := safefile.OpenFolder(dir)
	if err != nil {
		return nil, saveError(dir, err)
	}
	defer folder.Close()
	total := len(list)
	c := &evidenceCopy{folder: folder, name: e.fileName, free: make(chan []byte, partBuffers)}
	var wg sync.WaitGroup
	work := make([]chan assurance.EvidencePart, evidenceWorkers)
	for i := range work {
		work[i] = make(chan assurance.EvidencePart, 16)
		wg.Go(func() { c.worker(work[i]) })
	}
	worker := map[int64]int{} // the worker writing each file begun and not yet ended
	next, started := 0, 0
	progress(0)
	err = assurance.StreamEvidence(ctx, e.r, list, func(p assurance.EvidencePart) error {
		if err := c.failed(); err != nil {
			return err
		}
		w, ok := worker[p.Evidence.ID]
		if !ok {
			w, next = next, (next+1)%len(work)
			worker[p.Evidence.ID] = w
			if started++; started%progressEvery == 0 {
				progress(int(c.done.Load()))
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		if p.Last {
			delete(worker, p.Evidence.ID)
		}
		p.Data = c.keep(p.Data) // the store's memory is its own again once this returns
		work[w] <- p
		return nil
	})
	for _, ch := range work {
		close(ch)
	}
	wg.Wait()
	if err == nil {
		err = c.failed()
	}
	if err != nil {
		var ae *assurance.Error
		if errors.As(err, &ae) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("export the evidence files: %w", err)
	}
	if int(c.done.Load()) != total {
		return nil, assurance.Errorf(assurance.EINTERNAL, "Guardian copied %d of the %d evidence files", c.done.Load(), total)
	}
	names := make([]string, total)
	for i, ev := range list {
		names[i] = e.fileName(ev)
	}
	return names, nil
}

// evidenceCopy is what the workers of one evidence copy share.
type evidenceCopy struct {
	folder *safefile.Folder
	name   func(*assurance.Evidence) string
	// free holds part buffers the workers have written out, for the next
	// parts: copying into them makes no garbage, where a new slice a part
	// made the collector run a hundred times in a copy of 20,000 files.
	free chan []byte
	done atomic.Int64
	mu   sync.Mutex
	err  error
}

// partBuffers is how many written-out part buffers are kept for reuse:
// enough for every part in flight (the workers' queues and the one each is
// writing), at most ChunkSize each.
const partBuffers = 16*evidenceWorkers + 2*evidenceWorkers + 1

// keep copies a part's bytes into a buffer of the copy's own.
func (c *evidenceCopy) keep(data []byte) []byte {
	var buf []byte
	select {
	case buf = <-c.free:
	default:
	}
	return append(buf[:0], data...)
}

// release hands a written part's buffer back for reuse.
func (c *evidenceCopy) release(buf []byte) {
	select {
	case c.free <- buf:
	default:
	}
}

func (c *evidenceCopy) failed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *evidenceCopy) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.err = err
	}
}

// worker writes the parts sent on ch; after a failure it only drains ch.
func (c *evidenceCopy) worker(ch <-chan assurance.EvidencePart) {
	open := map[int64]safefile.NewFile{}
	defer func() {
		for _, f := range open {
			f.Close()
		}
	}()
	for p := range ch {
		if c.failed() == nil {
			if err := c.write(open, p); err != nil {
				c.fail(err)
			}
		}
		c.release(p.Data)
	}
}

func (c *evidenceCopy) write(open map[int64]safefile.NewFile, p assurance.EvidencePart) error {
	name := c.name(p.Evidence)
	f := open[p.Evidence.ID]
	if f == nil {
		var err error
		if f, err = c.folder.Create(name); err != nil {
			return saveError(name, err)
		}
		open[p.Evidence.ID] = f
	}
	if _, err := f.Write(p.Data); err != nil {
		return saveError(name, err)
	}
	if !p.Last {
		return nil
	}
	delete(open, p.Evidence.ID)
	var err error
	if !safefile.SyncsFileSystem {
		err = f.Sync() // no one flush for the whole folder here
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return saveError(name, err)
	}
	c.done.Add(1)
	return nil
}
