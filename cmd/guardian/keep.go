package main

import (
	"context"

	"fyne.io/fyne/v2"

	guardian "github.com/nhsguardian/guardian/app"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// keepOptions are the workcopy options of the log at path: the window
// answers passphrase and stale-owner questions the user has already been
// asked, and hears when the log is saved back or changed by someone else.
func keepOptions(ui *guardian.UI, cat *assurance.Catalogue, path string, readOnly bool) workcopy.Options {
	o := workcopy.Options{
		ReadOnly:   readOnly,
		Catalogue:  cat,
		ClearStale: func(*workcopy.Owner) bool { return ui.ClearStale(path) },
		ClearHeld:  func(*workcopy.Owner) bool { return ui.ClearStale(path) }, // the user was warned and chose to
		Passphrase: func(name string) (string, error) {
			if p, ok := ui.Passphrase(path); ok {
				return p, nil
			}
			return "", workcopy.NeedPassphrase(name)
		},
		OnEvent: func(workcopy.Event) { fyne.Do(ui.LogChanged) },
	}
	o.BeforeMigrate = workcopy.Backups(path, o).BeforeMigrate
	return o
}

// unsavedLogs finds the working copies a Guardian that stopped left unsaved.
func unsavedLogs(opts func(path string, readOnly bool) workcopy.Options) []guardian.UnsavedLog {
	found, err := workcopy.FindUnsaved("")
	if err != nil {
		fyne.LogError("look for unsaved working copies", err)
		return nil
	}
	var out []guardian.UnsavedLog
	for _, u := range found {
		out = append(out, guardian.UnsavedLog{
			Original: u.Original, User: u.User, Changed: u.Changed,
			SaveBack:  func(ctx context.Context) error { return u.SaveBack(ctx, opts(u.Original, false)) },
			SaveAs:    func(ctx context.Context, dest string) error { return u.SaveAs(ctx, dest, "") },
			KeepAside: u.KeepAside,
			Discard:   u.Discard,
		})
	}
	return out
}
