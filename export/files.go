package export

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

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
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := safefile.WriteTemp(dir, "."+base+".*.tmp", durable, write)
	if err != nil {
		var ae *assurance.Error
		if !errors.As(err, &ae) {
			return saveError(path, err) // a full disk, a pulled USB stick
		}
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return saveError(path, err)
	}
	if durable {
		_ = safefile.SyncDir(dir) // best effort: a failure here does not undo the rename
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
func evidenceLink(dir string, ev *assurance.Evidence) string {
	return url.PathEscape(filepath.Base(dir)) + "/" + url.PathEscape(assurance.EvidenceFileName(ev))
}

// writeEvidenceFiles copies every evidence file in scope into the evidence
// folder, checking each against its recorded SHA-256 on the way. Files of
// the same name from an earlier export are replaced whole; other files in
// the folder are left alone, so nothing a user put there is lost. The copies
// are not flushed to disk one by one (twenty thousand flushes take minutes):
// the originals stay in the log, and the register's SHA-256 shows whether a
// copy is whole.
func (e *exporter) writeEvidenceFiles() error {
	dir := e.res.EvidenceDir
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		e.createdDir = true
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return saveError(dir, err)
	}
	total := len(e.d.evidence)
	for i, ev := range e.d.evidence {
		if err := e.tick("Evidence files", i, total); err != nil {
			return err
		}
		name := filepath.Join(dir, assurance.EvidenceFileName(ev))
		_, statErr := os.Lstat(name)
		err := writeAtomically(name, false, func(w *os.File) error {
			return e.copyEvidence(w, ev)
		})
		if err != nil {
			return fmt.Errorf("export evidence %q: %w", ev.Name, err)
		}
		if errors.Is(statErr, fs.ErrNotExist) {
			e.createdFiles = append(e.createdFiles, name)
		}
		e.res.EvidenceFiles++
	}
	e.progress("Evidence files", total, total)
	return nil
}

// undoEvidence removes the evidence files and folder this export created.
// Files an earlier export left are kept: they were replaced by identical
// copies (the same name means the same evidence item).
func (e *exporter) undoEvidence() {
	for _, name := range e.createdFiles {
		os.Remove(name)
	}
	if e.createdDir {
		os.Remove(e.res.EvidenceDir) // only if empty: anything else put there stays
	}
}

func (e *exporter) copyEvidence(w io.Writer, ev *assurance.Evidence) error {
	rc, err := e.r.OpenEvidence(e.ctx, ev.ID)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), rc); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); ev.SHA256 != "" && !strings.EqualFold(got, ev.SHA256) {
		return assurance.Errorf(assurance.ECORRUPT,
			"The evidence file %q (%s) no longer matches the fingerprint recorded when it was attached, so it was not exported", ev.Name, ev.QuestionRef)
	}
	return nil
}
