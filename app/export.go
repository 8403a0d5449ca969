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

	"github.com/nhsguardian/guardian/assurance"
)

// ExportRequest is what the user chose in the export dialog.
type ExportRequest struct {
	Path      string
	MeetingID int64  // only questions raised at this meeting; 0 for all
	Driver    string // only this driver's areas; "" for all
	OpenOnly  bool   // only questions not closed
}

// ExportProgress is how far an export has got.
type ExportProgress struct {
	Done, Total int
	Stage       string // such as "Questions"
}

// ExportFunc writes a board-paper workbook; cmd/guardian wires it to the
// export package so the UI stays independent of the workbook's making.
type ExportFunc func(ctx context.Context, r assurance.Reader, cat *assurance.Catalogue, req ExportRequest, progress func(ExportProgress)) error

// exportDialog asks what to export and where, then runs the export in the
// background with a progress bar and offers to open the workbook.
type exportDialog struct {
	ws *workspace

	scope   *widget.RadioGroup
	meeting *widget.Select
	driver  *widget.Select
	path    *widget.Entry
	bar     *widget.ProgressBar
	stage   *widget.Label
	run     *widget.Button
	openB   *widget.Button
	closeB  *widget.Button
	d       *dialog.CustomDialog
	cancel  context.CancelFunc
}

const (
	scopeAll     = "The whole log"
	scopeMeeting = "Questions raised at one meeting"
	scopeDriver  = "One improvement driver"
	scopeOpen    = "Open questions only"
)

func newExportDialog(ws *workspace) *exportDialog { return &exportDialog{ws: ws} }

func (x *exportDialog) show() {
	u := x.ws.ui
	if u.opts.Export == nil {
		u.showMessage("Export is not available", "This copy of Guardian was built without the board-paper export.")
		return
	}
	var meetings, drivers []string
	for _, m := range x.ws.meetings {
		meetings = append(meetings, m.Label())
	}
	for _, d := range u.fw.Drivers {
		drivers = append(drivers, d.Label())
	}
	x.meeting = widget.NewSelect(meetings, nil)
	x.meeting.PlaceHolder = "Choose a meeting"
	if n := len(meetings); n > 0 {
		x.meeting.SetSelectedIndex(n - 1)
	}
	x.driver = widget.NewSelect(drivers, nil)
	x.driver.SetSelectedIndex(0)
	x.scope = widget.NewRadioGroup([]string{scopeAll, scopeMeeting, scopeDriver, scopeOpen}, x.onScope)
	x.scope.Required = true
	x.scope.SetSelected(scopeAll)
	x.path = widget.NewEntry()
	x.path.SetText(x.defaultPath())
	choose := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), x.onChoose)
	x.bar = widget.NewProgressBar()
	x.bar.Hide()
	x.stage = widget.NewLabel("")
	x.stage.Wrapping = fyne.TextWrapWord

	form := widget.NewForm(
		widget.NewFormItem("Include", x.scope),
		widget.NewFormItem("Meeting", x.meeting),
		widget.NewFormItem("Driver", x.driver),
		widget.NewFormItem("Save as", container.NewBorder(nil, nil, nil, choose, x.path)),
	)
	x.d = dialog.NewCustomWithoutButtons("Export a board paper", container.NewVBox(form, x.bar, x.stage), u.win)
	x.run = &widget.Button{Text: "Export", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: x.onExport}
	x.openB = &widget.Button{Text: "Open", Icon: theme.FileIcon(), Importance: widget.HighImportance, OnTapped: x.onOpen}
	x.openB.Hide()
	x.closeB = widget.NewButton("Cancel", x.onClose)
	x.d.SetButtons([]fyne.CanvasObject{x.closeB, x.run, x.openB})
	x.d.Resize(fyne.NewSize(640, 420))
	x.onScope(scopeAll)
	x.d.Show()
}

func (x *exportDialog) defaultPath() string {
	dir := filepath.Dir(x.ws.store.Info().Path)
	return filepath.Join(dir, "Wellbeing Guardian board paper "+time.Now().Format("2006-01-02")+".xlsx")
}

func (x *exportDialog) onScope(s string) {
	if x.meeting == nil {
		return
	}
	setEnabled(x.meeting, s == scopeMeeting)
	setEnabled(x.driver, s == scopeDriver)
}

func (x *exportDialog) onChoose() {
	x.ws.ui.files.SaveFile("Save the board paper as", filepath.Base(x.path.Text), func(p string) {
		if p != "" {
			x.path.SetText(p)
		}
	})
}

// request reads the dialog; "" problem means it is complete.
func (x *exportDialog) request() (ExportRequest, string) {
	req := ExportRequest{Path: strings.TrimSpace(x.path.Text)}
	switch x.scope.Selected {
	case scopeMeeting:
		i := x.meeting.SelectedIndex()
		if i < 0 {
			return req, "Choose the meeting to export."
		}
		req.MeetingID = x.ws.meetings[i].ID
	case scopeDriver:
		req.Driver = x.ws.ui.fw.Drivers[max(x.driver.SelectedIndex(), 0)].ID
	case scopeOpen:
		req.OpenOnly = true
	}
	if req.Path == "" {
		return req, "Choose where to save the workbook."
	}
	if !strings.EqualFold(filepath.Ext(req.Path), ".xlsx") {
		req.Path += ".xlsx"
		x.path.SetText(req.Path)
	}
	return req, ""
}

func (x *exportDialog) onExport() {
	req, problem := x.request()
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
		err := u.opts.Export(ctx, store, cat, req, func(p ExportProgress) {
			if time.Since(last) < 100*time.Millisecond && p.Done < p.Total {
				return
			}
			last = time.Now()
			fyne.Do(func() {
				if p.Total > 0 {
					x.bar.SetValue(float64(p.Done) / float64(p.Total))
				}
				x.stage.SetText(p.Stage)
			})
		})
		fyne.Do(func() { x.finished(req, err) })
	}()
}

func (x *exportDialog) finished(req ExportRequest, err error) {
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
	x.stage.SetText(fmt.Sprintf("Saved %s in %s.", filepath.Base(req.Path), filepath.Dir(req.Path)))
	x.run.Hide()
	x.openB.Show()
	x.closeB.SetText("Close")
}

func (x *exportDialog) onOpen() {
	link, _ := url.Parse(storage.NewFileURI(strings.TrimSpace(x.path.Text)).String())
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
