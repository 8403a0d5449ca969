// Command guardian is the desktop app for NHS health and wellbeing guardians.
package main

import (
	"context"
	"log"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	fyneapp "github.com/nhsguardian/guardian"
	guardian "github.com/nhsguardian/guardian/app"
	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/backup"
	"github.com/nhsguardian/guardian/assurance/workcopy"
	"github.com/nhsguardian/guardian/internal/instance"
)

func main() {
	var logPath string // a log given on the command line, or by "Open with"
	if len(os.Args) > 1 {
		logPath = os.Args[1]
	}
	// One Guardian per user: a log opened while Guardian runs goes to it.
	handoffDir, err := instance.DefaultDir()
	if err == nil {
		var handed bool
		if handed, err = instance.Handoff(handoffDir, logPath); handed {
			return
		}
	}
	if err != nil {
		log.Printf("Guardian: starting on its own: %v", err)
	}

	// Name, id, version and icon from FyneApp.toml (fyneapp.go).
	app.SetMetadata(fyneapp.Metadata())
	a := app.New()
	w := a.NewWindow(a.Metadata().Name)
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
		OpenShared: func(p guardian.SharedProfile, password string, readOnly bool) (assurance.Store, error) {
			return openShared(p, password, readOnly, cat)
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
	if handoffDir != "" {
		srv, err := instance.Listen(instance.Options{Dir: handoffDir, Do: fyne.Do, Opener: ui.Opener()})
		if err != nil {
			log.Printf("Guardian: logs opened later will start another Guardian: %v", err)
		} else {
			defer srv.Close()
		}
	}
	if logPath != "" {
		ui.OpenLog(logPath, false)
	}
	w.ShowAndRun()
}
