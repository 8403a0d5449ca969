package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/export"
	"github.com/nhsguardian/guardian/internal/userdirs"
)

// exportDialog asks what to export and where, then runs the export in the
// background with a progress bar and offers to open the workbook.
type exportDialog struct {
	ws *workspace

	scope    *radioGroup
	meeting  *focusSelect
	driver   *focusSelect
	tag      *focusSelect
	tags     []string
	paperFor *focusSelect // the meeting the paper goes to
	coverB   *focusButton
	cover    *coverDialog // the last cover sheet opened
	path     *widget.Entry
	evidence *focusCheck
	password *widget.Entry
	bar      *widget.ProgressBar
	stage    *widget.Label
	run      *focusButton
	openB    *focusButton
	closeB   *focusButton
	d        *dialog.CustomDialog
	cancel   context.CancelFunc
	result   *export.Result // the finished export
}

const (
	scopeAll     = "The whole log"
	scopeMeeting = "Questions raised at one meeting"
	scopeDriver  = "One improvement driver"
	scopeOpen    = "Open questions only"
	scopeTag     = "Questions with one tag"
)

func newExportDialog(ws *workspace) *exportDialog { return &exportDialog{ws: ws} }

func (x *exportDialog) show() {
	u := x.ws.ui
	var meetings, drivers []string
	for _, m := range x.ws.meetings {
		meetings = append(meetings, m.Label())
	}
	for _, d := range u.fw.Drivers {
		drivers = append(drivers, d.Label())
	}
	x.meeting = newSelect(meetings, nil)
	x.meeting.PlaceHolder = "Choose a meeting"
	if n := len(meetings); n > 0 {
		x.meeting.SetSelectedIndex(n - 1)
	}
	x.driver = newSelect(drivers, nil)
	x.driver.SetSelectedIndex(0)
	x.tags = tagsInUse(x.ws)
	x.tag = newSelect(x.tags, nil)
	if len(x.tags) > 0 {
		x.tag.SetSelectedIndex(0)
	}
	x.paperFor = newSelect(meetings, nil)
	x.paperFor.PlaceHolder = "The next meeting"
	if i := nextMeeting(x.ws.meetings); i >= 0 {
		x.paperFor.SetSelectedIndex(i)
	}
	x.coverB = newButton("Cover sheet…", theme.DocumentCreateIcon(), widget.MediumImportance, x.onCover)
	x.scope = newRadioGroup([]string{scopeAll, scopeMeeting, scopeDriver, scopeOpen, scopeTag}, x.onScope)
	x.scope.SetSelected(scopeAll)
	x.path = widget.NewEntry()
	x.path.SetText(x.defaultPath())
	choose := newButton("Choose…", theme.FolderOpenIcon(), widget.MediumImportance, x.onChoose)
	x.evidence = newCheck("Also copy the evidence files into a folder beside the workbook", nil)
	x.password = widget.NewPasswordEntry()
	x.password.SetPlaceHolder("Optional: Excel will ask for it when the paper is opened")
	x.bar = widget.NewProgressBar()
	x.bar.Hide()
	x.stage = widget.NewLabel("")
	x.stage.Wrapping = fyne.TextWrapWord

	form := widget.NewForm(
		widget.NewFormItem("Include", x.scope),
		widget.NewFormItem("Meeting", x.meeting),
		widget.NewFormItem("Driver", x.driver),
		widget.NewFormItem("Tag", x.tag),
		widget.NewFormItem("Paper for", border(nil, nil, nil, x.coverB, x.paperFor)),
		widget.NewFormItem("Save as", border(nil, nil, nil, choose, x.path)),
		widget.NewFormItem("Evidence", x.evidence),
		widget.NewFormItem("Password", x.password),
	)
	x.d = dialog.NewCustomWithoutButtons("Export a board paper", container.NewVBox(form, x.bar, x.stage), u.win)
	x.run = newButton("Export", theme.DocumentSaveIcon(), widget.HighImportance, x.onExport)
	x.openB = newButton("Open", theme.FileIcon(), widget.HighImportance, x.onOpen)
	x.openB.Hide()
	x.closeB = newButton("Cancel", nil, widget.MediumImportance, x.onClose)
	x.d.SetButtons([]fyne.CanvasObject{x.closeB, x.run, x.openB})
	x.d.Resize(fyne.NewSize(680, 620))
	x.onScope(scopeAll)
	x.d.Show()
}

func (x *exportDialog) defaultPath() string {
	dir := filepath.Dir(x.ws.store.Info().Path)
	if x.ws.ui.shared.isOpen() {
		dir = userdirs.Documents() // a shared log has no folder of its own
	}
	return filepath.Join(dir, "Health and wellbeing guardian board paper "+time.Now().Format("2006-01-02")+".xlsx")
}

func (x *exportDialog) onScope(s string) {
	if x.meeting == nil {
		return
	}
	setEnabled(x.meeting, s == scopeMeeting)
	setEnabled(x.driver, s == scopeDriver)
	setEnabled(x.tag, s == scopeTag)
}

func (x *exportDialog) onChoose() {
	x.ws.ui.files.SaveFile("Save the board paper as", filepath.Base(x.path.Text), func(p string) {
		if p != "" {
			x.path.SetText(p)
		}
	})
}

// request reads the dialog into a path and export options; a non-empty
// problem says what is missing.
func (x *exportDialog) request() (path string, opt export.Options, problem string) {
	path = strings.TrimSpace(x.path.Text)
	switch x.scope.Selected {
	case scopeMeeting:
		i := x.meeting.SelectedIndex()
		if i < 0 {
			return path, opt, "Choose the meeting to export."
		}
		opt.Scope.MeetingID = x.ws.meetings[i].ID
	case scopeDriver:
		opt.Scope.Driver = x.ws.ui.fw.Drivers[max(x.driver.SelectedIndex(), 0)].ID
	case scopeOpen:
		opt.Scope.OpenOnly = true
	case scopeTag:
		if x.tag.Selected == "" {
			return path, opt, "Choose the tag to export."
		}
		opt.Scope.Tag = x.tag.Selected
	}
	if i := x.paperFor.SelectedIndex(); i >= 0 && i < len(x.ws.meetings) {
		opt.ForMeeting = x.ws.meetings[i].ID
	}
	if path == "" {
		return path, opt, "Choose where to save the workbook."
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		path += ".xlsx"
		x.path.SetText(path)
	}
	opt.IncludeEvidence = x.evidence.Checked
	opt.Password = x.password.Text
	return path, opt, ""
}

func (x *exportDialog) onExport() {
	path, opt, problem := x.request()
	if problem != "" {
		x.stage.SetText(problem)
		return
	}
	u := x.ws.ui
	ctx, cancel := context.WithCancel(u.ctx())
	x.cancel = cancel
	x.run.Disable()
	x.bar.SetValue(0)
	x.bar.Show()
	x.stage.SetText("Starting…")
	store, cat := x.ws.store, u.cat
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		defer cancel()
		last := time.Time{}
		opt.Progress = func(p export.Progress) {
			if time.Since(last) < 100*time.Millisecond && p.Done < p.Total {
				return // at most ten updates a second
			}
			last = time.Now()
			u.do(func() {
				if p.Total > 0 {
					x.bar.SetValue(float64(p.Done) / float64(p.Total))
				}
				x.stage.SetText(p.Stage + "…")
			})
		}
		res, err := export.WriteFile(ctx, store, cat, path, opt)
		u.do(func() { x.finished(res, err) })
	}()
}

func (x *exportDialog) finished(res *export.Result, err error) {
	x.cancel = nil
	if err != nil {
		x.run.Enable()
		x.bar.Hide()
		if errors.Is(err, context.Canceled) {
			x.stage.SetText("Export cancelled.")
			return
		}
		x.stage.SetText("The export did not finish: " + plainMessage(err))
		fyne.LogError("export", err)
		return
	}
	x.bar.SetValue(1)
	x.result = res
	text := fmt.Sprintf("Saved %s in %s: %d questions, %d actions, %d evidence items.",
		filepath.Base(res.Path), filepath.Dir(res.Path), res.Questions, res.Actions, res.Evidence)
	if res.EvidenceDir != "" {
		text += fmt.Sprintf(" %d evidence files were copied to the folder %s.", res.EvidenceFiles, filepath.Base(res.EvidenceDir))
	}
	for _, w := range res.Warnings {
		text += "\nNote: " + w
	}
	x.stage.SetText(text)
	x.run.Hide()
	x.openB.Show()
	x.closeB.SetText("Close")
}

func (x *exportDialog) onOpen() {
	if x.result == nil {
		return
	}
	link, _ := url.Parse(storage.NewFileURI(x.result.Path).String())
	if err := x.ws.ui.app.OpenURL(link); err != nil {
		x.ws.ui.showError("Could not open the workbook", err)
	}
}

func (x *exportDialog) onClose() {
	if x.cancel != nil {
		x.cancel() // the export stops; its goroutine reports back
	}
	x.d.Hide()
}
