package app

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// startScreen is shown when no log is open: recent logs, open, create.
type startScreen struct {
	ui     *UI
	recent *focusList
	paths  []string
}

func newStartScreen(u *UI) *startScreen {
	return &startScreen{ui: u, paths: recentLogs(u.app.Preferences())}
}

func (s *startScreen) buildUI() fyne.CanvasObject {
	title := canvas.NewText("Guardian", theme.Color(theme.ColorNamePrimary))
	title.TextSize = theme.Size(theme.SizeNameHeadingText) * 1.6
	title.TextStyle.Bold = true
	intro := widget.NewLabel("Board-level assurance questions, evidence and board papers for the health and wellbeing guardian, " +
		"against the 23 action areas of Growing Occupational Health and Wellbeing Together.")
	intro.Wrapping = fyne.TextWrapWord

	open := newButton("Open a log…", theme.FolderOpenIcon(), widget.HighImportance, s.onOpen)
	openRO := newButton("Open read-only…", theme.VisibilityIcon(), widget.MediumImportance, s.onOpenReadOnly)
	create := newButton("Create a new log…", theme.DocumentCreateIcon(), widget.MediumImportance, s.onCreate)
	buttons := container.NewHBox(open, openRO, create)
	if s.ui.shared.available() {
		buttons.Add(newButton("Open a shared log…", theme.StorageIcon(), widget.MediumImportance, s.ui.shared.show))
	}

	var recent fyne.CanvasObject
	if len(s.paths) == 0 {
		recent = widget.NewLabel("Logs you open will be listed here.")
	} else {
		s.recent = newList(
			func() int { return len(s.paths) },
			s.createRecentRow,
			s.updateRecentRow,
		)
		s.recent.name = "Recent logs"
		recent = s.recent
	}
	heading := widget.NewLabelWithStyle("Recent logs", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewVBox(title, intro, buttons, widget.NewSeparator(), heading)
	body := border(top, nil, nil, nil, recent)
	// Keep the text in a readable column on a wide screen.
	return container.New(&maxWidth{width: 900}, container.NewPadded(body))
}

func (s *startScreen) createRecentRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	dir := widget.NewLabel("")
	dir.Truncation = fyne.TextTruncateEllipsis
	open := newButton("Open", theme.FolderOpenIcon(), widget.MediumImportance, nil)
	ro := newButton("Read-only", theme.VisibilityIcon(), widget.MediumImportance, nil)
	forget := newButton("", theme.DeleteIcon(), widget.MediumImportance, nil)
	return border(nil, nil, name, container.NewHBox(open, ro, forget), dir)
}

func (s *startScreen) updateRecentRow(i widget.ListItemID, o fyne.CanvasObject) {
	path := s.paths[i]
	row := o.(*fyne.Container)
	name := row.Objects[0].(*widget.Label)
	dir := row.Objects[1].(*widget.Label)
	btns := row.Objects[2].(*fyne.Container).Objects
	name.SetText(filepath.Base(path))
	if _, err := os.Stat(path); err != nil {
		dir.SetText(filepath.Dir(path) + "  (not found)")
	} else {
		dir.SetText(filepath.Dir(path))
	}
	btns[0].(*focusButton).OnTapped = func() { s.ui.OpenLog(path, false) }
	btns[1].(*focusButton).OnTapped = func() { s.ui.OpenLog(path, true) }
	forget := btns[2].(*focusButton)
	forget.OnTapped = func() { s.onForget(path) }
}

func (s *startScreen) onOpen() { s.ui.chooseAndOpen(false) }

func (s *startScreen) onOpenReadOnly() { s.ui.chooseAndOpen(true) }

func (s *startScreen) onCreate() { s.ui.chooseAndCreate() }

func (s *startScreen) onForget(path string) {
	forgetRecent(s.ui.app.Preferences(), path)
	s.paths = recentLogs(s.ui.app.Preferences())
	s.ui.showStart()
}

func (u *UI) chooseAndOpen(readOnly bool) {
	title := "Open a Guardian log"
	if readOnly {
		title = "Open a Guardian log read-only"
	}
	u.files.OpenFile(title, []string{LogExtension}, func(path string) {
		if path != "" {
			u.OpenLog(path, readOnly)
		}
	})
}

func (u *UI) chooseAndCreate() {
	u.files.SaveFile("Create a new Guardian log", "Health and wellbeing guardian log"+LogExtension, func(path string) {
		if path != "" {
			u.NewLog(path)
		}
	})
}

// maxWidth lays out one object no wider than width, centred.
type maxWidth struct{ width float32 }

func (m *maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	return s
}

func (m *maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, m.width)
	objs[0].Move(fyne.NewPos((size.Width-w)/2, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
}
