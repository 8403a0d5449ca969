// Package export turns a Guardian log into an Excel board paper: a cover
// sheet in the form NHS boards expect, the assurance picture by action area,
// the question log, the action tracker, the evidence register and the
// changes since the last meeting.
//
// It reads through assurance.Reader only and knows nothing of the UI; the app
// and guardianctl both call WriteFile and show its Progress.
package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/xuri/excelize/v2"
)

// DefaultTitle is the title of every board paper unless the caller gives another.
const DefaultTitle = "Health and wellbeing guardian assurance report"

// Scope selects what a paper covers. The zero Scope is the whole log.
type Scope struct {
	MeetingID int64  // only questions raised at this meeting
	Driver    string // only questions in this driver's areas, such as "4"
	OpenOnly  bool   // only questions not yet closed
	Tag       string // only questions with this tag, such as an ICB's "commissioned services"
}

// Options control a board paper. Only the Reader and a path are needed: every
// blank field gets a sensible default from the log's settings.
type Options struct {
	Scope Scope
	// ForMeeting is the meeting the paper goes to, shown on the cover and used
	// for "changes since the last meeting". It defaults to Scope.MeetingID,
	// then to the next meeting on or after Today, then to the latest one.
	ForMeeting int64

	Title           string // default DefaultTitle
	Organisation    string // default from the log's settings
	PreparedBy      string // default the Guardian named in the settings
	Period          string // default worked out from the meetings
	SecurityMarking string // default from the settings, else OFFICIAL-SENSITIVE

	// The cover sheet's words, in the Guardian's own voice. Blank ones get a
	// plain default built from the figures.
	Purpose          string
	Recommendation   string
	ExecutiveSummary string
	// Cover, if set, is the meeting's NHS cover sheet; otherwise the one
	// saved for the meeting in the log is used.
	Cover *assurance.CoverSheet

	Today assurance.Date // decides what is overdue; default today on this computer

	// IncludeEvidence writes the evidence files into a folder beside the
	// workbook ("<name> evidence"), named by assurance.EvidenceFileName, and
	// links each register row to its file.
	IncludeEvidence bool
	// Password, when set, encrypts the workbook: Excel asks for it on opening.
	Password string

	// Progress, if set, is called as the export proceeds (on the calling goroutine).
	Progress func(Progress)
}

// Progress reports how far an export has got.
type Progress struct {
	Stage       string // such as "Questions" or "Evidence files"
	Done, Total int    // rows or files done out of Total in this stage
}

// Result describes a finished export.
type Result struct {
	Path          string
	EvidenceDir   string // the folder evidence files were written to, if any
	Questions     int
	Actions       int
	Evidence      int
	EvidenceFiles int
	// Warnings are things the reader of the paper should know, such as text
	// cut short at Excel's cell limit.
	Warnings []string
}

// Sheet names, in workbook order. Each is well inside Excel's 31 characters
// and free of the characters it forbids.
const (
	SheetCover     = "Cover"
	SheetAreas     = "Assurance by area"
	SheetQuestions = "Questions"
	SheetActions   = "Actions"
	SheetEvidence  = "Evidence register"
	SheetChanges   = "Changes since last meeting"
)

// Sheets lists the sheets of every board paper in order.
var Sheets = []string{SheetCover, SheetAreas, SheetQuestions, SheetActions, SheetEvidence, SheetRequests, SheetDecisions, SheetChanges, SheetFullText}

// progressEvery is how many rows pass between progress reports and
// cancellation checks: often enough to feel live, rare enough to cost nothing.
const progressEvery = 500

// WriteFile exports the log read through r to an .xlsx board paper at path.
// The file is written to a temporary file in the same folder (readable by
// the owner only), flushed to disk and renamed over path, so a failure or a
// cancelled ctx never leaves a partial paper behind.
func WriteFile(ctx context.Context, r assurance.Reader, cat *assurance.Catalogue, path string, opt Options) (*Result, error) {
	cat = logCatalogue(r, cat)
	if cat == nil || len(cat.Frameworks) == 0 {
		return nil, assurance.Errorf(assurance.EINVALID, "Guardian cannot export without the framework catalogue.")
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return nil, assurance.Errorf(assurance.EINVALID, "A board paper is an Excel workbook: give the file name the ending .xlsx (not %q).", filepath.Base(path))
	}
	if opt.Today.IsZero() {
		opt.Today = assurance.Today()
	}
	budget := int64(exportHeap)
	if opt.Password != "" {
		budget = encryptHeap
	}
	if opt.IncludeEvidence {
		budget += evidenceHeap
	}
	defer heapBudget(budget)()
	e := &exporter{ctx: ctx, r: r, cat: cat, opt: opt, res: &Result{Path: path}, rows: map[string]*rowFile{}}
	defer func() {
		for _, rf := range e.rows {
			rf.close()
		}
	}()
	if err := e.write(path); err != nil {
		e.undoEvidence()
		return nil, err
	}
	return e.res, nil
}

func (e *exporter) write(path string) error {
	if e.opt.IncludeEvidence {
		if e.opt.Password != "" {
			e.warn("The password protects the workbook only: the evidence files in the folder beside it are not encrypted.")
		}
		e.res.EvidenceDir = evidenceDir(path)
		return e.writeWithEvidence(path) // reads the log as it goes
	}
	if err := e.load(); err != nil {
		return err
	}
	f, err := e.build()
	if err != nil {
		return err
	}
	defer f.Close()
	e.progress("Saving", 0, 1)
	if err := e.ctx.Err(); err != nil {
		return err
	}
	if err := writeAtomically(path, true, func(w *os.File) error { return e.writeBook(f, w) }); err != nil {
		return err
	}
	e.progress("Saving", 1, 1)
	return nil
}

// writeBook writes the finished workbook f to w, encrypted if asked.
func (e *exporter) writeBook(f *excelize.File, w io.Writer) error {
	if e.opt.Password == "" {
		return e.save(f, w)
	}
	// Encryption needs the whole workbook in memory: it is zipped into a
	// buffer (about 5 MB for 10,000 questions) and encrypted whole.
	var buf bytes.Buffer
	if err := e.save(f, &buf); err != nil {
		return err
	}
	enc, err := excelize.Encrypt(buf.Bytes(), &excelize.Options{Password: e.opt.Password})
	if err != nil {
		return fmt.Errorf("encrypt the workbook: %w", err)
	}
	_, err = w.Write(enc)
	return err
}

// save writes the workbook's zip to w: straight into the file, so excelize's
// own buffer of the whole workbook stays empty.
func (e *exporter) save(f *excelize.File, w io.Writer) error {
	var z *paperZip
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { z = e.newZip(w); return z })
	if _, err := f.WriteToBuffer(); err != nil {
		return err
	}
	return z.err
}

// exporter carries one export's inputs and what it has read so far.
type exporter struct {
	ctx context.Context
	r   assurance.Reader
	cat *assurance.Catalogue
	opt Options
	res *Result
	d   *data
	y   *yearData
	st  *styles
	// stamp says which log the paper was exported from, for taking a
	// committee's answers back (roundtrip.go).
	stamp []assurance.StampPart
	// core is the paper's docProps/core.xml, written in place of excelize's.
	core []byte
	// dims is the range of cells each sheet uses, by sheet name.
	dims map[string]string
	// rows holds the data rows of the table sheets, by sheet name.
	rows map[string]*rowFile
	// long is the text too long for its printed row, for the Full text sheet.
	long []longText
	// fileNames are the evidence files' names in the evidence folder, by
	// evidence id, when the paper has one (nameEvidence).
	fileNames map[int64]string
	// evidenceInScope, if set, is called by load with the evidence in the
	// paper's scope as soon as it is known, before the rest is read, so
	// the copy can start (buildBesideEvidence).
	evidenceInScope func([]*assurance.Evidence)

	// Evidence files (by name in the evidence folder) and the folder this
	// export created, removed again if it fails, so a failed export leaves
	// nothing behind.
	createdFiles []string
	createdDir   bool
}

func (e *exporter) progress(stage string, done, total int) {
	if e.opt.Progress != nil {
		e.opt.Progress(Progress{Stage: stage, Done: done, Total: total})
	}
}

// tick reports progress every progressEvery rows and checks for cancellation.
func (e *exporter) tick(stage string, done, total int) error {
	if done%progressEvery != 0 && done != total {
		return nil
	}
	e.progress(stage, done, total)
	return e.ctx.Err()
}

func (e *exporter) warn(format string, args ...any) {
	e.res.Warnings = append(e.res.Warnings, fmt.Sprintf(format, args...))
}

// build lays out every sheet of the workbook.
func (e *exporter) build() (*excelize.File, error) {
	f := excelize.NewFile()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := f.SetSheetName("Sheet1", SheetCover); err != nil {
		return nil, fmt.Errorf("name cover sheet: %w", err)
	}
	for _, name := range Sheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("add sheet %q: %w", name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, fmt.Errorf("styles: %w", err)
	}
	e.st = st
	now := time.Now()
	e.stamp = stampOf(e.r, now)
	if err := e.scaleStyles(f); err != nil {
		return nil, fmt.Errorf("styles: %w", err)
	}
	steps := []struct {
		name string
		fn   func(*excelize.File) error
	}{
		{SheetCover, e.writeCover},
		{SheetAreas, e.writeAreas},
		{SheetQuestions, e.writeQuestions},
		{SheetActions, e.writeActions},
		{SheetEvidence, e.writeEvidenceRegister},
		{SheetRequests, e.writeRequests},
		{SheetDecisions, e.writeDecisions},
		{SheetChanges, e.writeChanges},
		{SheetFullText, e.writeFullText},
	}
	for _, s := range steps {
		if err := e.ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.fn(f); err != nil {
			return nil, fmt.Errorf("write sheet %q: %w", s.name, err)
		}
	}
	// The cover is the first sheet and so already the one that opens; calling
	// SetActiveSheet would make excelize parse every streamed sheet back.
	e.core = coreXML(e.docProps(now))
	if err := e.writeStampProps(f); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "Guardian", Company: cleanLine(e.organisation())}); err != nil {
		return nil, fmt.Errorf("document properties: %w", err)
	}
	ok = true
	return f, nil
}

func (e *exporter) title() string {
	if t := strings.TrimSpace(e.opt.Title); t != "" {
		return t
	}
	return DefaultTitle
}

// docProps are the paper's document properties: its title, what it is
// about and for whom, its author (the Guardian who prepared it) and when it
// was written.
func (e *exporter) docProps(now time.Time) docProps {
	subject := "Health and wellbeing guardian assurance on the health and wellbeing of staff"
	if org := e.organisation(); org != "" {
		subject += ", " + org
	}
	if m := e.d.paper; m != nil {
		subject += ", for the " + m.Kind.Label() + " on " + m.Date.UK()
	}
	return docProps{
		Title:       cleanLine(e.title()),
		Subject:     cleanLine(subject),
		Creator:     cleanLine(e.preparedBy()),
		Keywords:    cleanLine(e.marking()),
		Description: cleanLine(e.scopeText()),
		Created:     now,
	}
}

// used records that a sheet's cells run to column cols and row rows.
func (e *exporter) used(sheet string, cols, rows int) {
	if e.dims == nil {
		e.dims = map[string]string{}
	}
	last, _ := excelize.CoordinatesToCellName(max(cols, 1), max(rows, 1))
	e.dims[sheet] = "A1:" + last
}

// rowFile starts the temporary file of a table sheet's rows.
func (e *exporter) rowFile(sheet string) (*rowFile, error) {
	rf, err := newRowFile()
	if err != nil {
		return nil, err
	}
	e.rows[sheet] = rf
	return rf, nil
}

// newZip is the zip writer a paper is saved through, with this export's
// document properties, sheet dimensions and rows.
func (e *exporter) newZip(w io.Writer) *paperZip {
	dims := map[string]string{}
	z := newPaperZip(w, e.core, dims)
	for i, name := range Sheets {
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		if d := e.dims[name]; d != "" {
			dims[part] = d
		}
		if rf := e.rows[name]; rf != nil {
			z.splice[part] = rf
		}
	}
	return z
}
