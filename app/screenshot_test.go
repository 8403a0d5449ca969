package app

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// lightTheme draws a theme in its light variant whatever the driver asks.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// TestScreenshotEvidenceRequests draws the Evidence requests tab and the
// dashboard headless for the README when GUARDIAN_SCREENSHOTS names a folder:
//
//	GUARDIAN_SCREENSHOTS=$PWD/docs/screenshots go test ./app -run Screenshot
func TestScreenshotEvidenceRequests(t *testing.T) {
	dir := os.Getenv("GUARDIAN_SCREENSHOTS")
	if dir == "" {
		t.Skip("GUARDIAN_SCREENSHOTS not set")
	}
	u, _ := newTestUI(t)
	u.win.Resize(fyne.NewSize(1400, 820))
	// The test driver mixes variants; draw the light one, as take-app.sh does.
	u.app.Settings().SetTheme(lightTheme{u.theme})
	u.OpenLog(yearTestLog(t), false)
	shot := func(tab int, name string) {
		u.ws.selectTab(tab)
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, u.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	u.ws.selectTab(tabRequests)
	u.ws.requests.choose(u.ws.requests.shown[0])
	shot(tabRequests, "app-requests.png")
}
