// Command guardian is the desktop app for NHS health and wellbeing guardians.
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
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

func main() {
	a := app.NewWithID("uk.nhs.guardian")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Guardian")
	cat := assets.MustCatalogue()
	var ui *guardian.UI
	// Logs open through workcopy: in place on this computer's disk, as a
	// working copy saved back anywhere else (see keep.go).
	opts := func(path string, readOnly bool) workcopy.Options { return keepOptions(ui, cat, path, readOnly) }
	backups := func(path string) backup.Rolling { return workcopy.Backups(path, opts(path, false)) }
	ui = guardian.Create(a, w, guardian.Options{
		Catalogue: cat,
		Backups:   guardian.RollingBackups(backups),
		Copies:    func(path string) bool { return workcopy.CopiesOnOpen(path, opts(path, false)) },
		Open: func(path string, readOnly bool) (assurance.Store, error) {
			s, err := workcopy.Open(path, opts(path, readOnly))
			if err != nil {
				return nil, err
			}
			if !s.ReadOnly() {
				// Rolling backups: one before an upgrade, one a day of use.
				go func() {
					if _, _, err := backups(path).Daily(context.Background(), s.Store()); err != nil {
						fyne.Do(func() { ui.BackupFailed(path, err) })
					}
				}()
			}
			return s.Store(), nil
		},
		Create: func(path string) (assurance.Store, error) {
			s, err := workcopy.Create(path, opts(path, false))
			if err != nil {
				return nil, err
			}
			return s.Store(), nil
		},
	})
	ui.OfferUnsaved(unsavedLogs(opts))
	if len(os.Args) > 1 { // a log given on the command line, or by "Open with"
		ui.OpenLog(os.Args[1], false)
	}
	w.ShowAndRun()
}
