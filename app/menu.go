package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// mainMenu is the File, Edit, View and Help menus. Every action with a
// shortcut shows it in the menu, so the keyboard way is discoverable.
type mainMenu struct {
	ui   *UI
	menu *fyne.MainMenu

	// Items enabled only in some states.
	needLog, needWritable, needQuestion, needSaved []*fyne.MenuItem
	// needFile: only for a log file (copies and backups of a file); a
	// shared log's database is backed up by its IT team.
	needFile           []*fyne.MenuItem
	openShared         *fyne.MenuItem
	reopenRO, reopenRW *fyne.MenuItem
}

func newMainMenu(u *UI) *mainMenu { return &mainMenu{ui: u} }

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func ctrlShift(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

func alt(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
}

func item(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	return &fyne.MenuItem{Label: label, Shortcut: sc, Action: action}
}

func (m *mainMenu) buildUI() *fyne.MainMenu {
	u := m.ui
	ws := func(f func(*workspace)) func() {
		return func() {
			if u.ws != nil {
				f(u.ws)
			}
		}
	}
	newLog := item("New log…", ctrlShift(fyne.KeyN), u.chooseAndCreate)
	open := item("Open log…", ctrl(fyne.KeyO), func() { u.chooseAndOpen(false) })
	openRO := item("Open log read-only…", ctrlShift(fyne.KeyO), func() { u.chooseAndOpen(true) })
	m.openShared = item("Open a shared log…", ctrlShift(fyne.KeyL), u.shared.show)
	m.reopenRO = item("Switch to read-only", nil, func() { u.reopen(true) })
	m.reopenRW = item("Switch to editing", nil, u.safety.switchToEditing)
	export := item("Export board paper…", ctrl(fyne.KeyE), ws(func(w *workspace) { w.export.show() }))
	importLog := item("Import a log from Excel or CSV…", ctrl(fyne.KeyI), ws(func(w *workspace) { newImportWizard(w).show() }))
	exportAnswers := item("Export a workbook for committee answers…", nil, ws(func(w *workspace) { newAnswersDialog(w).export() }))
	importAnswers := item("Import answers…", ctrlShift(fyne.KeyI), ws(func(w *workspace) { newAnswersDialog(w).importAnswers() }))
	settings := item("Log settings…", ctrl(fyne.KeyComma), ws(func(w *workspace) { w.settings.show() }))
	periods := item("Reporting periods…", nil, ws(func(w *workspace) { w.periods.show() }))
	addFramework := item("Add a framework…", nil, ws(func(w *workspace) { w.onAddFramework() }))
	sendCopy := item("Send a copy…", ctrlShift(fyne.KeyS), u.safety.sendCopy)
	restore := item("Restore a backup…", ctrlShift(fyne.KeyR), u.showBackups)
	closeLog := item("Close log", ctrl(fyne.KeyW), u.CloseLog)
	file := fyne.NewMenu("File", newLog, open, openRO, m.openShared, fyne.NewMenuItemSeparator(), m.reopenRO, m.reopenRW,
		fyne.NewMenuItemSeparator(), importLog, export, exportAnswers, importAnswers, sendCopy, settings, periods, addFramework, restore, fyne.NewMenuItemSeparator(), closeLog)

	newQ := item("New question", ctrl(fyne.KeyN), ws(func(w *workspace) { w.selectTab(tabQuestions); w.list.onNew() }))
	save := item("Save question", ctrl(fyne.KeyS), ws(func(w *workspace) { w.editor.onSave() }))
	attach := item("Attach evidence…", ctrlShift(fyne.KeyA), ws(func(w *workspace) { w.editor.evidence.onAttach() }))
	del := item("Delete question…", ctrlShift(fyne.KeyD), ws(func(w *workspace) { w.editor.onDelete() }))
	tags := item("Tags and links…", ctrlShift(fyne.KeyT), ws(showTagsDialog))
	find := item("Find…", ctrl(fyne.KeyF), ws(func(w *workspace) {
		w.selectTab(tabQuestions)
		u.win.Canvas().Focus(w.list.search)
	}))
	// The question's own tabs (Question, Evidence, History).
	nextQTab := item("Next question tab", ctrl(fyne.KeyPageDown), ws(func(w *workspace) { w.editor.nextTab(1) }))
	prevQTab := item("Previous question tab", ctrl(fyne.KeyPageUp), ws(func(w *workspace) { w.editor.nextTab(-1) }))
	edit := fyne.NewMenu("Edit", newQ, save, attach, tags, del, fyne.NewMenuItemSeparator(), find,
		fyne.NewMenuItemSeparator(), nextQTab, prevQTab)

	// Fyne's tabs are not in the Tab order: these reach them from the keyboard.
	nextTab := item("Next tab", ctrl(fyne.KeyTab), ws(func(w *workspace) { w.nextTab(1) }))
	prevTab := item("Previous tab", ctrlShift(fyne.KeyTab), ws(func(w *workspace) { w.nextTab(-1) }))

	view := fyne.NewMenu("View",
		item("Questions", alt(fyne.Key1), ws(func(w *workspace) { w.selectTab(tabQuestions) })),
		item("Dashboard", alt(fyne.Key2), ws(func(w *workspace) { w.selectTab(tabDashboard) })),
		item("Meetings", alt(fyne.Key3), ws(func(w *workspace) { w.selectTab(tabMeetings) })),
		item("Evidence requests", alt(fyne.Key4), ws(func(w *workspace) { w.selectTab(tabRequests) })),
		item("Decisions", alt(fyne.Key5), ws(func(w *workspace) { w.selectTab(tabDecisions) })),
		item("Audit log", alt(fyne.Key6), ws(func(w *workspace) { w.selectTab(tabAudit) })),
		nextTab, prevTab,
		fyne.NewMenuItemSeparator(),
		item("Larger text", ctrl(fyne.KeyEqual), func() { u.zoom(1) }),
		item("Smaller text", ctrl(fyne.KeyMinus), func() { u.zoom(-1) }),
		item("Normal text size", ctrl(fyne.Key0), func() { u.zoom(0) }),
	)
	help := fyne.NewMenu("Help",
		item("Keyboard shortcuts", ctrl(fyne.KeySlash), m.showShortcuts),
		item("About Guardian", ctrl(fyne.KeyF1), m.showAbout),
	)
	m.needLog = []*fyne.MenuItem{export, exportAnswers, sendCopy, settings, periods, closeLog, find, nextTab, prevTab}
	m.needWritable = []*fyne.MenuItem{newQ, restore, importLog, importAnswers, addFramework}
	m.needQuestion = []*fyne.MenuItem{save, nextQTab, prevQTab}
	m.needSaved = []*fyne.MenuItem{attach, del}
	m.needFile = []*fyne.MenuItem{sendCopy, restore}
	m.menu = fyne.NewMainMenu(file, edit, view, help)
	return m.menu
}

// addShortcuts registers the menu's shortcuts on the canvas too, for
// drivers that do not route them through the menu.
func (m *mainMenu) addShortcuts(c fyne.Canvas) {
	for _, menu := range m.menu.Items {
		for _, it := range menu.Items {
			if it.Shortcut == nil {
				continue
			}
			action := it
			c.AddShortcut(it.Shortcut, func(fyne.Shortcut) {
				if !action.Disabled && action.Action != nil {
					action.Action()
				}
			})
		}
	}
}

// refresh enables the items that make sense now.
func (m *mainMenu) refresh() {
	if m.menu == nil {
		return
	}
	u := m.ui
	hasLog := u.store != nil
	ro := u.ReadOnly()
	var q bool
	var saved bool
	if u.ws != nil && u.ws.editor.current != nil {
		q = true
		saved = u.ws.editor.current.ID != 0
	}
	set := func(items []*fyne.MenuItem, on bool) {
		for _, it := range items {
			it.Disabled = !on
		}
	}
	set(m.needLog, hasLog)
	set(m.needWritable, hasLog && !ro)
	set(m.needQuestion, hasLog && !ro && q)
	set(m.needSaved, hasLog && !ro && saved)
	if u.shared.isOpen() {
		set(m.needFile, false)
	}
	m.openShared.Disabled = !u.shared.available()
	m.reopenRO.Disabled = !hasLog || ro
	// Held by a Guardian still running on this computer: nothing to offer.
	m.reopenRW.Disabled = !hasLog || !ro || heldHere(u)
	m.menu.Refresh()
}

func (m *mainMenu) showAbout() {
	u := m.ui
	md := u.app.Metadata()
	version := md.Version
	if version == "" {
		version = "development build"
	}
	if md.Build > 0 {
		version = fmt.Sprintf("%s (build %d)", version, md.Build)
	}
	text := fmt.Sprintf("Guardian %s\n\nAssurance questions, evidence and board papers for NHS health and wellbeing guardians, "+
		"against %s (version %s).\n\nYour logs stay on this computer or wherever you keep them; Guardian sends nothing anywhere.",
		version, u.fw.Name, u.fw.Version)
	// A message dialog: as wide as the text allows and as tall as it wraps
	// (a fixed size left most of the box empty).
	messageDialog("About Guardian", text, u.win).Show()
}

func (m *mainMenu) showShortcuts() {
	var rows []fyne.CanvasObject
	for _, menu := range m.menu.Items {
		for _, it := range menu.Items {
			if it.Shortcut == nil {
				continue
			}
			rows = append(rows, widget.NewLabel(it.Label), widget.NewLabel(shortcutText(it.Shortcut)))
		}
	}
	rows = append(rows, widget.NewLabel("Move between controls"), widget.NewLabel("Tab, Shift+Tab"))
	grid := container.NewGridWithColumns(2, rows...)
	m.ui.showCustom("Keyboard shortcuts", container.NewVScroll(grid), fyne.NewSize(480, 520))
}

func shortcutText(s fyne.Shortcut) string {
	ks, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return s.ShortcutName()
	}
	var parts []string
	if ks.Modifier&fyne.KeyModifierShortcutDefault != 0 {
		parts = append(parts, "Ctrl")
	}
	if ks.Modifier&fyne.KeyModifierAlt != 0 {
		parts = append(parts, "Alt")
	}
	if ks.Modifier&fyne.KeyModifierShift != 0 {
		parts = append(parts, "Shift")
	}
	key := string(ks.KeyName)
	switch ks.KeyName {
	case fyne.KeyEqual:
		key = "+"
	case fyne.KeyMinus:
		key = "-"
	case fyne.KeyPageDown:
		key = "Page Down"
	case fyne.KeyPageUp:
		key = "Page Up"
	}
	parts = append(parts, key)
	return joinPlus(parts)
}

func joinPlus(p []string) string {
	out := ""
	for i, s := range p {
		if i > 0 {
			out += "+"
		}
		out += s
	}
	return out
}

// zoom steps the text size up (1), down (-1) or back to normal (0), and
// remembers it.
func (u *UI) zoom(step int) {
	i := slices.Index(textScales, u.theme.scale)
	if i < 0 {
		i = slices.Index(textScales, 1)
	}
	switch {
	case step == 0:
		i = slices.Index(textScales, 1)
	case step > 0 && i < len(textScales)-1:
		i++
	case step < 0 && i > 0:
		i--
	}
	u.theme = &guardianTheme{scale: textScales[i]}
	u.app.Preferences().SetFloat(prefTextScale, float64(textScales[i]))
	u.app.Settings().SetTheme(u.theme)
	if u.ws != nil {
		u.ws.setScale(u.theme.scale)
	}
}
