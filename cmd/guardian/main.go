// Command guardian is the desktop app for NHS Wellbeing Guardians.
package main

import (
	"context"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	guardian "github.com/nhsguardian/guardian/app"
	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

func main() {
	a := app.NewWithID("uk.nhs.guardian")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Guardian")
	cat := assets.MustCatalogue()
	ui := guardian.Create(a, w, guardian.Options{
		Catalogue: cat,
		Open: func(path string, readOnly bool) (assurance.Store, error) {
			// Rolling backups beside the log: one before an upgrade, one a day of use.
			rb := backup.Rolling{Log: path}
			s, err := sqlite.Open(path, sqlite.Options{ReadOnly: readOnly, Catalogue: cat, BeforeMigrate: rb.BeforeMigrate})
			if err == nil && !readOnly {
				go func() {
					if _, _, err := rb.Daily(context.Background(), s); err != nil {
						fyne.LogError("daily backup of "+path, err)
					}
				}()
			}
			return store(s, err)
		},
		Create: func(path string) (assurance.Store, error) {
			return store(sqlite.Create(path, sqlite.Options{Catalogue: cat}))
		},
	})
	if len(os.Args) > 1 { // a log given on the command line, or by "Open with"
		ui.OpenLog(os.Args[1], false)
	}
	w.ShowAndRun()
}

// store keeps a nil *sqlite.Store from becoming a non-nil interface.
func store(s *sqlite.Store, err error) (assurance.Store, error) {
	if err != nil {
		return nil, err
	}
	return s, nil
}
