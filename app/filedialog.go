package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/internal/userdirs"
)

// fileDialog is Guardian's own Open and Save dialog. Fyne 2.8.1's
// dialog.FileDialog marks the keyboard focus only with a faint tint (under
// 3:1, WCAG 2.4.7 and 1.4.11) and ignores Escape; this one is made of
// Guardian's ring widgets (focus.go), and Escape cancels it from any
// control. It returns a path; it never opens the chosen file, so an
// existing file is left exactly as it was (the callers write through a
// temporary file and a rename).
type fileDialog struct {
	win   fyne.Window
	title string
	save  bool
	exts  []string // Open: the files listed (all when empty); Save: the suggested name's
	done  func(string)

	dir     string
	entries []fileEntry // folders first, then files, each by name
	places  []userdirs.Place

	d       *dialog.CustomDialog
	placesL *pickList
	files   *pickList
	path    *widget.Label
	up      *focusButton
	name    *nameEntry // Save only
	problem *widget.Label
	ok      *focusButton
	cancelB *focusButton
	keys    func(*fyne.KeyEvent) // the window's own key handler, put back on close
	top     fyne.CanvasObject    // the dialog's overlay, while shown
	closed  bool
}

// fileEntry is one line of the file list.
type fileEntry struct {
	name   string
	folder bool
}

// newFileDialog makes an Open dialog (save false) or a Save dialog
// suggesting suggested; start is the folder it opens in, last the folder
// used last (listed among the places).
func newFileDialog(win fyne.Window, title string, save bool, exts []string, suggested, start, last string, done func(string)) *fileDialog {
	f := &fileDialog{win: win, title: title, save: save, exts: exts, done: done}
	f.places = userdirs.Places()
	if last != "" && !slices.ContainsFunc(f.places, func(p userdirs.Place) bool { return p.Path == last }) {
		f.places = append(f.places, userdirs.Place{Name: "Last used: " + filepath.Base(last), Path: last})
	}
	f.buildUI(suggested)
	f.open(start)
	return f
}

func (f *fileDialog) buildUI(suggested string) {
	f.path = &widget.Label{Wrapping: fyne.TextWrapBreak}
	f.up = newButton("Up", theme.MoveUpIcon(), widget.MediumImportance, f.onUp)
	f.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	f.problem.Hide()

	f.placesL = newPickList("Places", func() int { return len(f.places) },
		func() fyne.CanvasObject { return newFileRow(theme.FolderIcon(), "USB stick or card (E:)") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			p := f.places[id]
			o.(*fileRow).show(f.placesL, id, placeIcon(p), p.Name, "Place "+p.Name+", "+p.Path)
		})
	f.placesL.chosen = func(id widget.ListItemID, _ bool) { f.open(f.places[id].Path) }
	f.placesL.enter = f.placesL.chosen

	f.files = newPickList("Files", func() int { return len(f.entries) },
		func() fyne.CanvasObject { return newFileRow(theme.FileIcon(), "A file name of some length.guardian") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			e := f.entries[id]
			icon, what := theme.FileIcon(), "File "
			if e.folder {
				icon, what = theme.FolderIcon(), "Folder "
			}
			o.(*fileRow).show(f.files, id, icon, e.name, what+e.name)
		})
	f.files.chosen = f.onFileChosen
	f.files.enter = f.onFileEnter
	f.files.double = f.onFileDouble
	f.files.back = f.onUp
	f.files.find = f.find

	okText := "Open"
	if f.save {
		okText = "Save"
	}
	f.cancelB = newButton("Cancel", theme.CancelIcon(), widget.MediumImportance, f.cancel)
	f.ok = newButton(okText, theme.ConfirmIcon(), widget.HighImportance, f.onOK)
	f.ok.Disable()
	for _, b := range []*focusButton{f.up, f.cancelB, f.ok} {
		b.escape = f.cancel
	}
	f.placesL.escape, f.files.escape = f.cancel, f.cancel

	places := border(widget.NewLabelWithStyle("Places", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, f.placesL)
	top := border(nil, nil, f.up, nil, f.path)
	bottom := fyne.CanvasObject(f.problem)
	if f.save {
		f.name = newNameEntry(f.cancel)
		f.name.SetText(suggested)
		f.name.OnChanged = func(string) { f.problem.Hide(); setEnabled(f.ok, strings.TrimSpace(f.name.Text) != "") }
		f.name.OnSubmitted = func(string) { f.onOK() }
		setEnabled(f.ok, strings.TrimSpace(suggested) != "")
		label := widget.NewLabelWithStyle("File name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		bottom = border(nil, f.problem, label, nil, f.name)
	}
	// Tab follows the screen: Up, the places, the files, the name, the buttons.
	body := border(top, bottom, container.New(atWidth(240), places), nil, f.files)
	f.d = dialog.NewCustomWithoutButtons(f.title, body, f.win)
	f.d.SetButtons([]fyne.CanvasObject{f.cancelB, f.ok})
	f.d.SetOnClosed(func() { f.win.Canvas().SetOnTypedKey(f.keys) })
}

// show shows the dialog sized to the window and puts the focus where the
// user starts: the name for Save, the files for Open. While it is shown,
// Escape cancels it even when nothing in it has the focus.
func (f *fileDialog) show() {
	c := f.win.Canvas()
	f.keys = c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape && c.Overlays().Top() == f.top {
			f.cancel()
			return
		}
		if f.keys != nil {
			f.keys(k)
		}
	})
	f.d.Show()
	f.top = c.Overlays().Top()
	size := c.Size()
	f.d.Resize(fyne.NewSize(size.Width*0.8, size.Height*0.8))
	if f.save {
		c.Focus(f.name)
		// All of the name is selected, ready to be typed over; the
		// extension is added back if the new name lacks it.
		f.name.TypedShortcut(&fyne.ShortcutSelectAll{})
	} else {
		c.Focus(f.files)
	}
}

// open shows the folder dir; an unreadable folder is shown empty with the
// reason in words, and Up still leads out of it.
func (f *fileDialog) open(dir string) {
	f.dir = dir
	f.path.SetText(dir)
	f.files.name = "Files in " + dir
	setEnabled(f.up, filepath.Dir(dir) != dir)
	f.entries = nil
	f.problem.Hide()
	entries, err := readFolder(dir, f.exts)
	if err != nil {
		f.problem.SetText(folderProblem(dir, err))
		f.problem.Show()
	}
	f.entries = entries
	f.files.reset()
	if !f.save {
		f.ok.Disable()
	}
	if i := slices.IndexFunc(f.places, func(p userdirs.Place) bool { return p.Path == dir }); i >= 0 {
		f.placesL.mark(i)
	} else {
		f.placesL.mark(-1)
	}
}

// readFolder lists dir: its folders, then its files with one of exts (all
// files when exts is empty). Hidden files are left out.
func readFolder(dir string, exts []string) ([]fileEntry, error) {
	des, err := os.ReadDir(dir)
	var folders, files []fileEntry
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || strings.HasPrefix(name, "$") ||
			strings.EqualFold(name, "desktop.ini") || strings.EqualFold(name, "Thumbs.db") || name == "System Volume Information" {
			continue // hidden, an owner file beside an open log, or Windows' own
		}
		folder := de.IsDir()
		if de.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(filepath.Join(dir, name))
			folder = err == nil && fi.IsDir()
		}
		switch {
		case folder:
			folders = append(folders, fileEntry{name: name, folder: true})
		case len(exts) == 0 || slices.ContainsFunc(exts, func(e string) bool { return strings.EqualFold(filepath.Ext(name), e) }):
			files = append(files, fileEntry{name: name})
		}
	}
	byName := func(a, b fileEntry) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) }
	slices.SortFunc(folders, byName)
	slices.SortFunc(files, byName)
	return append(folders, files...), err
}

// folderProblem says in words why a folder cannot be shown.
func folderProblem(dir string, err error) string {
	name := filepath.Base(dir)
	if filepath.Dir(dir) == dir {
		name = dir // a drive or the root: H:\ rather than \
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("You do not have permission to open the folder %s. Choose another folder.", name)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("The folder %s is not there any more (moved, deleted, or a drive not connected). Choose another folder.", name)
	}
	return fmt.Sprintf("The folder %s could not be read (%v). Choose another folder.", name, errors.Unwrap(err))
}

func placeIcon(p userdirs.Place) fyne.Resource {
	switch {
	case p.Name == "Home":
		return theme.HomeIcon()
	case strings.HasSuffix(p.Path, `:\`):
		return theme.StorageIcon()
	}
	return theme.FolderIcon()
}

func (f *fileDialog) onUp() {
	if parent := filepath.Dir(f.dir); parent != f.dir {
		came := filepath.Base(f.dir)
		f.open(parent)
		// Back where the user came from, as a file manager does.
		if i := slices.IndexFunc(f.entries, func(e fileEntry) bool { return e.folder && e.name == came }); i >= 0 {
			f.files.moveTo(i)
		}
	}
}

// onFileChosen: a folder tapped opens; a file chosen (tapped or by the
// arrow keys) becomes the choice, and in a Save dialog a tapped file's name
// goes into the name box.
func (f *fileDialog) onFileChosen(id widget.ListItemID, byKeys bool) {
	e := f.entries[id]
	switch {
	case e.folder && !byKeys:
		f.open(filepath.Join(f.dir, e.name))
	case f.save && !e.folder && !byKeys:
		f.name.SetText(e.name)
	case !f.save:
		f.ok.Enable()
	}
}

// onFileEnter: Enter opens a folder; on a file it chooses it (Open) or
// puts its name in the box to be saved over after a question (Save).
func (f *fileDialog) onFileEnter(id widget.ListItemID, _ bool) {
	e := f.entries[id]
	switch {
	case e.folder:
		f.open(filepath.Join(f.dir, e.name))
	case f.save:
		f.name.SetText(e.name)
		f.win.Canvas().Focus(f.name)
	default:
		f.finish(filepath.Join(f.dir, e.name))
	}
}

// onFileDouble: a double click opens a folder, chooses a file to open, or
// saves over a file after the question.
func (f *fileDialog) onFileDouble(id widget.ListItemID) {
	e := f.entries[id]
	if f.save && !e.folder {
		f.name.SetText(e.name)
		f.onOK()
		return
	}
	f.onFileEnter(id, false)
}

// find moves to the first entry whose name starts with what was typed.
func (f *fileDialog) find(prefix string) bool {
	i := slices.IndexFunc(f.entries, func(e fileEntry) bool {
		return strings.HasPrefix(strings.ToLower(e.name), strings.ToLower(prefix))
	})
	if i >= 0 {
		f.files.moveTo(i)
	}
	return i >= 0
}

func (f *fileDialog) onOK() {
	if !f.save {
		if f.files.selected >= 0 {
			f.onFileEnter(f.files.selected, false)
		}
		return
	}
	name := strings.TrimSpace(f.name.Text)
	if name == "" {
		return
	}
	path := name
	if !filepath.IsAbs(name) {
		if strings.ContainsAny(name, `/\`) {
			f.problem.SetText(`A file name cannot contain / or \. Choose the folder on the left or in the list, then type the name.`)
			f.problem.Show()
			return
		}
		path = filepath.Join(f.dir, name)
	}
	// A folder's name goes into the folder.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		f.open(path)
		f.name.SetText("")
		return
	}
	if want := f.suggestedExt(); want != "" && !strings.EqualFold(filepath.Ext(path), want) {
		path += want
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		f.open(path)
		f.name.SetText("")
		return
	case err == nil:
		confirmText("Replace the file?",
			fmt.Sprintf("There is already a file called %s in %s. Replace it?", filepath.Base(path), filepath.Dir(path)),
			"Replace", "Cancel", func(ok bool) {
				if ok {
					f.finish(path)
				} else {
					f.win.Canvas().Focus(f.name)
				}
			}, f.win).Show()
		return
	}
	f.finish(path)
}

// suggestedExt is the extension a saved file is given: the one the
// dialog's caller suggested.
func (f *fileDialog) suggestedExt() string {
	if len(f.exts) > 0 {
		return f.exts[0]
	}
	return ""
}

func (f *fileDialog) finish(path string) {
	if f.closed {
		return
	}
	f.closed = true
	f.d.Hide()
	f.done(path)
}

func (f *fileDialog) cancel() {
	if f.closed {
		return
	}
	f.closed = true
	f.d.Hide()
	f.done("")
}

// pickList is a focusList that a file dialog answers from the keyboard:
// the arrow keys, Home and End move and choose, Enter acts on the entry,
// Backspace goes up a folder, typing finds an entry by its first letters,
// Escape cancels. The entry the keys are on has its own ring (fileRow).
type pickList struct {
	focusList
	at       widget.ListItemID // the keyboard's place in the list
	selected widget.ListItemID // the chosen entry, -1 for none
	focused  bool
	chosen   func(id widget.ListItemID, byKeys bool) // tapped, or moved to by the keys
	enter    func(id widget.ListItemID, byKeys bool)
	double   func(id widget.ListItemID) // double-clicked; nil: as a click
	back     func()
	find     func(prefix string) bool
	escape   func()
	typed    string
	typedAt  time.Time
	now      func() time.Time
	byKeys   bool
}

// findPause ends a typed prefix: letters typed further apart start a new one.
const findPause = time.Second

func newPickList(name string, length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *pickList {
	p := &pickList{now: time.Now, selected: -1}
	p.List = widget.List{Length: length, CreateItem: create, UpdateItem: update}
	p.name = name
	p.ring = focusRing{w: p}
	p.OnSelected = func(id widget.ListItemID) {
		p.selected = id
		p.setAt(id)
		if p.chosen != nil {
			p.chosen(id, p.byKeys)
		}
	}
	p.ExtendBaseWidget(p)
	return p
}

func (p *pickList) FocusGained() { p.focused = true; p.focusList.FocusGained(); p.RefreshItem(p.at) }
func (p *pickList) FocusLost()   { p.focused = false; p.focusList.FocusLost(); p.RefreshItem(p.at) }

// reset starts the list again at its top, with nothing chosen.
func (p *pickList) reset() {
	p.at, p.selected = 0, -1
	p.UnselectAll()
	p.Highlight(0)
	p.ScrollToOffset(0)
	p.Refresh()
}

// mark shows entry id as chosen without acting on it (-1: none).
func (p *pickList) mark(id widget.ListItemID) {
	old := p.OnSelected
	p.OnSelected = nil
	if id < 0 {
		p.UnselectAll()
	} else {
		p.Select(id)
		p.setAt(id)
	}
	p.selected = id
	p.OnSelected = old
}

func (p *pickList) setAt(id widget.ListItemID) {
	old := p.at
	p.at = id
	p.RefreshItem(old)
	p.RefreshItem(id)
}

// moveTo puts the keys on entry id and chooses it.
func (p *pickList) moveTo(id widget.ListItemID) {
	n := p.Length()
	if n == 0 {
		return
	}
	id = max(0, min(id, n-1))
	p.setAt(id)
	p.Highlight(id)
	p.byKeys = true
	p.Select(id)
	p.byKeys = false
}

// tap is a click on entry id: the list takes the focus and the entry is chosen.
func (p *pickList) tap(id widget.ListItemID) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		c.Focus(p)
	}
	p.Highlight(id)
	p.Select(id)
}

func (p *pickList) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if p.escape != nil {
			p.escape()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if p.enter != nil && p.at < p.Length() {
			p.enter(p.at, true)
		}
	case fyne.KeyBackspace:
		if p.back != nil {
			p.back()
		}
	case fyne.KeyDown:
		p.moveTo(p.at + 1)
	case fyne.KeyUp:
		p.moveTo(p.at - 1)
	case fyne.KeyHome:
		p.moveTo(0)
	case fyne.KeyEnd:
		p.moveTo(p.Length() - 1)
	case fyne.KeyPageDown:
		p.moveTo(p.at + 10)
	case fyne.KeyPageUp:
		p.moveTo(p.at - 10)
	case fyne.KeySpace:
		if p.at < p.Length() {
			p.byKeys = true
			p.Select(p.at)
			p.byKeys = false
		}
	}
}

// TypedRune finds an entry by the letters typed, as file managers do.
func (p *pickList) TypedRune(r rune) {
	if p.find == nil || r == ' ' {
		return
	}
	now := p.now()
	if now.Sub(p.typedAt) > findPause {
		p.typed = ""
	}
	p.typedAt = now
	p.typed += string(r)
	if !p.find(p.typed) {
		// A new first letter, as typed again: look for that alone.
		p.typed = string(r)
		p.find(p.typed)
	}
}

// fileRow is one entry of a file dialog's lists: an icon and a name, with
// a ring on the entry the keys are on while its list has the focus.
type fileRow struct {
	widget.BaseWidget
	list   *pickList
	id     widget.ListItemID
	icon   *widget.Icon
	label  *widget.Label
	mark   *canvas.Rectangle
	spoken string
}

var (
	_ fyne.Accessible = (*fileRow)(nil)
	_ fyne.Accessible = (*nameEntry)(nil)
)

func newFileRow(icon fyne.Resource, text string) *fileRow {
	r := &fileRow{icon: widget.NewIcon(icon), label: widget.NewLabel(text), mark: &canvas.Rectangle{StrokeWidth: ringWidth, CornerRadius: 3}}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.mark.Hide()
	r.ExtendBaseWidget(r)
	return r
}

func (r *fileRow) show(l *pickList, id widget.ListItemID, icon fyne.Resource, text, spoken string) {
	r.list, r.id = l, id
	r.icon.SetResource(icon)
	r.label.SetText(text)
	r.spoken = spoken
	r.mark.StrokeColor = r.Theme().Color(colorNameFocusRing, fyne.CurrentApp().Settings().ThemeVariant())
	r.mark.Hidden = !(l.focused && l.at == id)
	r.mark.Refresh()
}

// Tapped chooses the entry, as a click on a list row does (a row that
// answers double clicks receives the single ones too).
func (r *fileRow) Tapped(*fyne.PointEvent) {
	if r.list != nil {
		r.list.tap(r.id)
	}
}

func (r *fileRow) DoubleTapped(*fyne.PointEvent) {
	switch {
	case r.list == nil:
	case r.list.double != nil:
		r.list.double(r.id)
	default:
		r.list.tap(r.id)
	}
}

func (r *fileRow) CreateRenderer() fyne.WidgetRenderer {
	return &fileRowRenderer{r: r}
}

func (r *fileRow) AccessibilityLabel() string             { return r.spoken }
func (r *fileRow) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

type fileRowRenderer struct{ r *fileRow }

func (x *fileRowRenderer) Layout(s fyne.Size) {
	pad := x.r.Theme().Size(theme.SizeNamePadding)
	is := x.r.Theme().Size(theme.SizeNameInlineIcon)
	x.r.icon.Resize(fyne.NewSquareSize(is))
	x.r.icon.Move(fyne.NewPos(pad, (s.Height-is)/2))
	x.r.label.Move(fyne.NewPos(pad+is, 0))
	x.r.label.Resize(fyne.NewSize(s.Width-pad-is, s.Height))
	half := float32(ringWidth) / 2
	x.r.mark.Move(fyne.NewPos(half, half))
	x.r.mark.Resize(fyne.NewSize(s.Width-ringWidth, s.Height-ringWidth))
}

func (x *fileRowRenderer) MinSize() fyne.Size {
	pad := x.r.Theme().Size(theme.SizeNamePadding)
	is := x.r.Theme().Size(theme.SizeNameInlineIcon)
	l := x.r.label.MinSize()
	return fyne.NewSize(pad+is+l.Width, max(l.Height, is))
}

func (x *fileRowRenderer) Refresh() {
	x.r.icon.Refresh()
	x.r.label.Refresh()
	x.r.mark.Refresh()
}

func (x *fileRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{x.r.icon, x.r.label, x.r.mark}
}

func (x *fileRowRenderer) Destroy() {}

// nameEntry is the Save dialog's file name box: Return saves, Escape
// cancels. A focused entry shows Fyne's border in the primary colour
// (measured against 3:1 in focus_test.go).
type nameEntry struct {
	widget.Entry
	escape func()
}

func newNameEntry(escape func()) *nameEntry {
	e := &nameEntry{escape: escape}
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = fyne.ScrollHorizontalOnly
	e.ExtendBaseWidget(e)
	return e
}

// TypedRune ignores a space typed over the whole name: names never start
// with one, and the space bar that pressed "Choose…" or "Send a copy"
// arrives here as a character once the dialog has put the focus here.
func (e *nameEntry) TypedRune(r rune) {
	if r == ' ' && e.Text != "" && e.SelectedText() == e.Text {
		return
	}
	e.Entry.TypedRune(r)
}

func (e *nameEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.escape()
		return
	}
	e.Entry.TypedKey(k)
}

func (e *nameEntry) AccessibilityLabel() string             { return "File name: " + e.Text }
func (e *nameEntry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// atWidth lays its objects out at a fixed width: the places column.
type atWidth float32

func (w atWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w atWidth) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Resize(s)
		o.Move(fyne.NewPos(0, 0))
	}
}
