package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// profileForm adds or edits a shared-log connection profile. It stays open
// until what was typed is usable, each problem shown under its field.
type profileForm struct {
	ui    *UI
	was   *SharedProfile // nil: a new profile
	saved func(SharedProfile)

	d                                     *dialog.CustomDialog
	name, host, port, database, user, org *widget.Entry
	caFile                                *widget.Entry
	tls                                   *focusSelect
	errs                                  map[string]*widget.Label
}

func newProfileForm(u *UI, was *SharedProfile, saved func(SharedProfile)) *profileForm {
	return &profileForm{ui: u, was: was, saved: saved, errs: map[string]*widget.Label{}}
}

func (f *profileForm) show() {
	entry := func(text, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.SetText(text)
		return e
	}
	p := SharedProfile{TLS: tlsModes[0].mode}
	if f.was != nil {
		p = *f.was
	}
	f.name = entry(p.Name, "e.g. Trust shared log")
	f.host = entry(p.Host, "e.g. db.trust.nhs.uk")
	f.port = entry(portText(p.Port), "5432")
	f.database = entry(p.Database, "e.g. guardian")
	f.user = entry(p.User, "your user name on the server")
	f.org = entry(p.Organisation, "e.g. Northshire Community Health NHS Trust")
	f.caFile = entry(p.CAFile, "the file your IT team gave you (optional)")
	var labels []string
	sel := 0
	for i, m := range tlsModes {
		labels = append(labels, m.label)
		if m.mode == p.TLS {
			sel = i
		}
	}
	f.tls = newSelect(labels, nil)
	f.tls.SetSelectedIndex(sel)
	choose := newButton("Choose…", theme.FolderOpenIcon(), widget.MediumImportance, f.onChooseCA)
	items := []*widget.FormItem{
		fieldItem(f.errs, "Name", profName, f.name),
		fieldItem(f.errs, "Server", profHost, f.host),
		fieldItem(f.errs, "Port", profPort, f.port),
		fieldItem(f.errs, "Database", profDatabase, f.database),
		fieldItem(f.errs, "User name", profUser, f.user),
		fieldItem(f.errs, "Organisation", profOrganisation, f.org),
		widget.NewFormItem("Encryption", f.tls),
		fieldItem(f.errs, "Certificate authority", profCAFile, border(nil, nil, nil, choose, f.caFile)),
	}
	items[1].HintText = "The server's name, or the folder of its socket on this computer"
	items[7].HintText = "Proves the server is the real one. Left empty: your PostgreSQL folder's, or those this computer trusts"
	title := "Add a shared log"
	if f.was != nil {
		title = "Edit " + f.was.Name
	}
	cancel := newButton("Cancel", theme.CancelIcon(), widget.MediumImportance, func() { f.d.Hide() })
	save := newButton("Save", theme.ConfirmIcon(), widget.HighImportance, f.onSave)
	f.d = dialog.NewCustomWithoutButtons(title, container.NewVScroll(widget.NewForm(items...)), f.ui.win)
	f.d.SetButtons([]fyne.CanvasObject{cancel, save})
	f.d.Resize(fyne.NewSize(620, 640))
	f.d.Show()
	f.ui.win.Canvas().Focus(f.name)
}

func (f *profileForm) onChooseCA() {
	f.ui.files.OpenFile("The certificate authority's file", []string{".crt", ".pem", ".cer"}, func(path string) {
		if path != "" {
			f.caFile.SetText(path)
		}
	})
}

// profile is what the form holds, and the problems with it.
func (f *profileForm) profile() (SharedProfile, map[string]string) {
	p := SharedProfile{Name: f.name.Text, Host: f.host.Text, Database: f.database.Text, User: f.user.Text,
		Organisation: f.org.Text, CAFile: f.caFile.Text}
	if i := f.tls.SelectedIndex(); i >= 0 {
		p.TLS = tlsModes[i].mode
	}
	was := ""
	if f.was != nil {
		was = f.was.Name
	}
	port, perr := strconv.Atoi(strings.TrimSpace(f.port.Text))
	p.Port = port
	problems := p.check(sharedProfiles(f.ui.app.Preferences()), was)
	if strings.TrimSpace(f.port.Text) != "" && (perr != nil || port == 0) {
		problems[profPort] = "A port is a number from 1 to 65535."
	}
	return p, problems
}

func (f *profileForm) onSave() {
	p, problems := f.profile()
	showFieldErrors(f.errs, problems)
	if len(problems) > 0 {
		return
	}
	if p.local() || p.TLS == "verify-full" || p.TLS == "verify-ca" {
		f.d.Hide()
		f.saved(p)
		return
	}
	// Allowed, since an IT team may say so, but not without saying what it risks.
	confirmText("The server will not be checked", "Guardian will not check that "+p.Host+" is the real server, so a machine "+
		"pretending to be it could read your password and the log. Save this only if your IT team told you to.",
		"Save anyway", "Go back", func(ok bool) {
			if ok {
				f.d.Hide()
				f.saved(p)
			}
		}, f.ui.win).Show()
}
