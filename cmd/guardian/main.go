// Command guardian is the desktop app for NHS Wellbeing Guardians.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"github.com/nhsguardian/guardian/assets"
)

func main() {
	a := app.NewWithID("uk.nhs.guardian")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Guardian")
	w.SetContent(container.NewStack())
	w.Resize(fyne.NewSize(1100, 720))
	w.ShowAndRun()
}
