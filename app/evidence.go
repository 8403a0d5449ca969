package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// evidencePanel lists a question's evidence files and attaches, opens,
// saves, verifies and removes them. Attaching runs off the UI goroutine with
// a progress bar, so a large file never freezes the window.
type evidencePanel struct {
	e        *questionEditor
	items    []*assurance.Evidence
	selected int

	list                                               *focusList
	attachB, openB, saveB, verifyB, describeB, removeB *focusButton
	kindB                                              *focusButton
	kind                                               *focusSelect // the open Kind dialog's choice
	note                                               *widget.Label

	// progress is the attach progress dialog while it is showing.
	progress *dialog.CustomDialog
}

func newEvidencePanel(e *questionEditor) *evidencePanel { return &evidencePanel{e: e, selected: -1} }

func (p *evidencePanel) buildUI() fyne.CanvasObject {
	p.attachB = newButton("Attach…", theme.ContentAddIcon(), widget.HighImportance, p.onAttach)
	p.openB = newButton("Open", theme.FileIcon(), widget.MediumImportance, p.onOpen)
	p.saveB = newButton("Save copy…", theme.DownloadIcon(), widget.MediumImportance, p.onSaveCopy)
	p.describeB = newButton("Describe…", theme.DocumentCreateIcon(), widget.MediumImportance, p.onDescribe)
	p.verifyB = newButton("Verify", theme.ConfirmIcon(), widget.MediumImportance, p.onVerify)
	p.removeB = newButton("Remove", theme.DeleteIcon(), widget.DangerImportance, p.onRemove)
	p.note = widget.NewLabel("")
	p.note.Wrapping = fyne.TextWrapWord
	p.list = newList(func() int { return len(p.items) }, newEvidenceRow, p.updateRow)
	p.list.name = "Evidence files of this question"
	p.list.OnSelected = func(id widget.ListItemID) {
		p.selected = id
		p.enableButtons()
	}
	// Two rows of buttons keep the panel narrow enough to sit beside the list.
	p.kindB = newButton("Kind…", theme.FileIcon(), widget.MediumImportance, p.onKind)
	files := container.NewGridWithColumns(3, p.openB, p.saveB, p.verifyB, p.describeB, p.kindB, p.removeB)
	top := container.NewVBox(border(nil, nil, p.attachB, nil, p.note), files)
	return border(top, nil, nil, nil, p.list)
}

// newEvidenceRow is two lines: the file name, then its type, size, when
// and by whom it was added and the start of its SHA-256 fingerprint.
func newEvidenceRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	detail.SizeName = theme.SizeNameCaptionText
	return border(nil, nil, widget.NewIcon(theme.FileIcon()), nil, container.NewVBox(name, detail))
}

func (p *evidencePanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.items) {
		return
	}
	ev := p.items[i]
	box := o.(*fyne.Container).Objects[1].(*fyne.Container)
	box.Objects[0].(*widget.Label).SetText(ev.Name)
	detail := fmt.Sprintf("%s · %s · added %s", ev.MediaType, assurance.FormatSize(ev.Size), ev.AddedAt.Local().Format("2 Jan 2006 15:04"))
	if ev.AddedBy != "" {
		detail += " by " + ev.AddedBy
	}
	detail += " · SHA-256 " + ev.ShortHash()
	if ev.Description != "" {
		detail += " · " + ev.Description
	}
	box.Objects[1].(*widget.Label).SetText(detail)
}

// load shows the evidence of question qid (none for a new question).
func (p *evidencePanel) load(qid int64) {
	p.items, p.selected = nil, -1
	if qid != 0 {
		items, err := p.e.ws.store.EvidenceList(p.e.ws.ui.ctx(), qid)
		if err != nil {
			p.e.ws.ui.showError("Could not read the evidence list", err)
		}
		p.items = items
	}
	p.list.UnselectAll()
	p.list.Refresh()
	p.e.evidenceTab.Text = fmt.Sprintf("Evidence (%d)", len(p.items))
	p.e.tabs.Refresh()
	switch {
	case p.e.ws.readOnly:
		p.note.SetText("Open a file to read it; this log is read-only, so files cannot be attached or removed.")
	case len(p.items) == 0:
		p.note.SetText("No evidence yet. Attach files, or drop them onto this window.")
	default:
		p.note.SetText("Files are kept inside the log. Drop more files onto the window to attach them.")
	}
	p.enableButtons()
}

func (p *evidencePanel) enableButtons() {
	has := p.selected >= 0 && p.selected < len(p.items)
	setEnabled(p.attachB, !p.e.ws.readOnly)
	setAllEnabled(has, p.openB, p.saveB, p.verifyB)
	setAllEnabled(has && !p.e.ws.readOnly, p.describeB, p.kindB, p.removeB)
}

func (p *evidencePanel) current() *assurance.Evidence {
	if p.selected < 0 || p.selected >= len(p.items) {
		return nil
	}
	return p.items[p.selected]
}

func (p *evidencePanel) onAttach() {
	p.e.ws.ui.files.OpenFile("Attach evidence", nil, func(path string) {
		if path != "" {
			p.attach([]string{path})
		}
	})
}

// attach adds files to the question being edited, in the background.
func (p *evidencePanel) attach(paths []string) {
	u := p.e.ws.ui
	q := p.e.current
	switch {
	case p.e.ws.readOnly:
		u.showMessage("This log is read-only", "Files cannot be attached to a log opened read-only.")
		return
	case q == nil || q.ID == 0:
		u.showMessage("Choose a question first", "Choose a saved question in the list, then attach the files to it.")
		return
	}
	var total int64
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			u.showError("Could not attach "+filepath.Base(path), err)
			return
		}
		if fi.IsDir() {
			u.showMessage("Folders cannot be attached", filepath.Base(path)+" is a folder. Open it and attach the files inside instead.")
			return
		}
		total += fi.Size()
	}
	p.e.selectEvidenceTab()

	ws := p.e.ws
	ctx, cancel := context.WithCancel(u.ctx())
	bar := widget.NewProgressBar()
	label := widget.NewLabel("")
	stop := newButton("Cancel", theme.CancelIcon(), widget.MediumImportance, cancel)
	d := dialog.NewCustomWithoutButtons("Attaching evidence", container.NewVBox(label, bar), u.win)
	d.SetButtons([]fyne.CanvasObject{stop})
	d.Resize(fyne.NewSize(440, 160))
	p.progress = d
	d.Show()

	var done atomic.Int64
	var last atomic.Int64
	report := func(n int) {
		v := done.Add(int64(n))
		now := time.Now().UnixMilli()
		if l := last.Load(); now-l < 100 || !last.CompareAndSwap(l, now) {
			return // at most ten updates a second
		}
		u.do(func() {
			if total > 0 {
				bar.SetValue(float64(v) / float64(total))
			}
		})
	}
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		var failed []string
		var firstErr error
		for i, path := range paths {
			name := filepath.Base(path)
			u.do(func() { label.SetText(fmt.Sprintf("%s (%d of %d)", name, i+1, len(paths))) })
			if err := p.attachFile(ctx, q.ID, path, report); err != nil {
				if errors.Is(err, context.Canceled) {
					break
				}
				failed = append(failed, name)
				if firstErr == nil {
					firstErr = err
				}
			}
		}
		u.do(func() {
			d.Hide()
			p.progress = nil
			if u.ws != ws {
				return // the log was closed meanwhile
			}
			p.e.ws.questionChanged(q.ID)
			if p.e.current != nil && p.e.current.ID == q.ID {
				p.load(q.ID)
			}
			if firstErr != nil {
				u.showError("Could not attach "+strings.Join(failed, ", "), firstErr)
			}
		})
	}()
}

func (p *evidencePanel) attachFile(ctx context.Context, qid int64, path string, report func(int)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	ev := &assurance.Evidence{QuestionID: qid, Name: filepath.Base(path)}
	if err := p.e.ws.store.AttachEvidence(ctx, ev, &countingReader{r: f, ctx: ctx, report: report}); err != nil {
		return fmt.Errorf("attach evidence %q: %w", ev.Name, err)
	}
	return nil
}

// countingReader reports bytes read, and stops when ctx is cancelled.
type countingReader struct {
	r      io.Reader
	ctx    context.Context
	report func(int)
}

func (c *countingReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(b)
	c.report(n)
	return n, err
}

// onOpen writes a read-only copy of the file to a temporary folder and
// opens it in the system's viewer, so the copy in the log stays untouched.
func (p *evidencePanel) onOpen() {
	ev := p.current()
	if ev == nil {
		return
	}
	u := p.e.ws.ui
	dir, err := os.MkdirTemp("", "guardian-view-")
	if err != nil {
		u.showError("Could not open "+ev.Name, err)
		return
	}
	u.tempDirs = append(u.tempDirs, dir)
	path := filepath.Join(dir, assurance.CleanFileName(ev.Name))
	ctx := u.ctx()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := p.copyOut(ctx, ev, path)
		if err == nil {
			err = os.Chmod(path, 0o400)
		}
		u.do(func() {
			if err != nil && ctx.Err() != nil {
				return // the log was closed meanwhile; nothing to say
			}
			if err != nil {
				u.showError("Could not open "+ev.Name, err)
				return
			}
			link, _ := url.Parse(storage.NewFileURI(path).String())
			if err := u.app.OpenURL(link); err != nil {
				u.showError("Could not open "+ev.Name, err)
			}
		})
	}()
}

func (p *evidencePanel) onSaveCopy() {
	ev := p.current()
	if ev == nil {
		return
	}
	u := p.e.ws.ui
	u.files.SaveFile("Save a copy of the evidence", assurance.CleanFileName(ev.Name), func(path string) {
		if path == "" {
			return
		}
		ctx := u.ctx()
		u.bg.Add(1)
		go func() {
			defer u.bg.Done()
			err := p.copyOut(ctx, ev, path)
			u.do(func() {
				if err != nil && ctx.Err() != nil {
					return // the log was closed meanwhile; no partial copy is left
				}
				if err != nil {
					u.showError("Could not save a copy of "+ev.Name, err)
					return
				}
				u.showMessage("Copy saved", fmt.Sprintf("%s was saved as %s.", ev.Name, path))
			})
		}()
	})
}

// copyOut writes evidence ev to path through a temporary file beside it, so
// a failure never leaves a half-written file under the real name.
func (p *evidencePanel) copyOut(ctx context.Context, ev *assurance.Evidence, path string) error {
	rc, err := p.e.ws.store.OpenEvidence(ctx, ev.ID)
	if err != nil {
		return err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".guardian-copy-*")
	if err != nil {
		return fmt.Errorf("save copy of %q: %w", ev.Name, err)
	}
	defer os.Remove(tmp.Name()) // harmless once renamed
	if _, err := io.Copy(tmp, rc); err != nil {
		tmp.Close()
		return fmt.Errorf("save copy of %q: %w", ev.Name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save copy of %q: %w", ev.Name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save copy of %q: %w", ev.Name, err)
	}
	return os.Rename(tmp.Name(), path)
}

func (p *evidencePanel) onVerify() {
	ev := p.current()
	if ev == nil {
		return
	}
	u := p.e.ws.ui
	if err := u.store.VerifyEvidence(u.ctx(), ev.ID); err != nil {
		u.showError(ev.Name+" failed verification", err)
		return
	}
	u.showMessage("Evidence verified", fmt.Sprintf("%s is intact: its SHA-256 fingerprint (%s…) matches the one recorded when it was attached on %s.",
		ev.Name, ev.ShortHash(), ev.AddedAt.Local().Format("2 January 2006")))
}

func (p *evidencePanel) onRemove() {
	ev := p.current()
	if ev == nil || p.e.ws.readOnly {
		return
	}
	u := p.e.ws.ui
	msg := widget.NewLabel(fmt.Sprintf("Remove %s from this question? The audit log keeps a record that it was attached and removed.", ev.Name))
	msg.Wrapping = fyne.TextWrapWord
	d := confirmDialog("Remove evidence", "Remove", "Keep it", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := u.store.RemoveEvidence(u.ctx(), ev.ID); err != nil {
			u.showError("Could not remove "+ev.Name, err)
			return
		}
		p.e.ws.questionChanged(ev.QuestionID)
		p.load(ev.QuestionID)
	}, u.win)
	d.Resize(fyne.NewSize(460, 180))
	d.Show()
}

// onDescribe edits the selected file's description, which the board
// paper's evidence register shows.
func (p *evidencePanel) onDescribe() {
	ev := p.current()
	if ev == nil || p.e.ws.readOnly {
		return
	}
	u := p.e.ws.ui
	entry := widget.NewMultiLineEntry()
	entry.Wrapping = fyne.TextWrapWord
	entry.SetText(ev.Description)
	entry.SetPlaceHolder("What this file shows, such as \"Q3 OH dashboard presented to the People Committee\"")
	msg := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	msg.Hide()
	var d *dialog.CustomDialog
	save := newButton("Save", nil, widget.HighImportance, func() {
		c := *ev
		c.Description = strings.TrimSpace(entry.Text)
		if err := u.store.UpdateEvidence(u.ctx(), &c); err != nil {
			if assurance.ErrorCode(err) == assurance.EINVALID {
				msg.SetText(assurance.ErrorMessage(err))
				msg.Show()
				return
			}
			u.showError("Could not save the description", err)
			return
		}
		d.Hide()
		p.load(ev.QuestionID)
	})
	d = dialog.NewCustomWithoutButtons("Describe "+ev.Name, container.NewVBox(entry, msg), u.win)
	d.SetButtons([]fyne.CanvasObject{newButton("Cancel", nil, widget.MediumImportance, func() { d.Hide() }), save})
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
	u.win.Canvas().Focus(entry)
}
