// Package guardian says who the app is: the name, id, version and icon in
// FyneApp.toml, compiled into every build (make build, make run, go run,
// make dist) so that no build falls back to Fyne's "development" metadata
// and nothing repeats them by hand. The packaging tool (packaging/) reads
// the same file for the Windows version resource, the MSI and the Linux
// metainfo.
package guardian

import (
	_ "embed"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"github.com/BurntSushi/toml"

	"github.com/nhsguardian/guardian/assets"
)

//go:embed FyneApp.toml
var fyneAppTOML string

// Info is what FyneApp.toml says about the app.
type Info struct {
	Website string
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
	Migrations map[string]bool
}

// ReadInfo parses FyneApp.toml as compiled into this program.
func ReadInfo() (Info, error) { return ParseInfo(fyneAppTOML) }

// ParseInfo parses the text of a FyneApp.toml and checks the fields the
// builds rely on.
func ParseInfo(text string) (Info, error) {
	var in Info
	if _, err := toml.Decode(text, &in); err != nil {
		return Info{}, fmt.Errorf("FyneApp.toml: %w", err)
	}
	d := in.Details
	if d.Name == "" || d.ID == "" || d.Version == "" {
		return Info{}, fmt.Errorf("FyneApp.toml: Details needs Name, ID and Version")
	}
	if !versionOK(d.Version) {
		return Info{}, fmt.Errorf("FyneApp.toml: version %q is not MAJOR.MINOR.PATCH", d.Version)
	}
	return in, nil
}

// versionOK accepts MAJOR.MINOR.PATCH of plain numbers: the form Windows
// version resources and MSI ProductVersion need.
func versionOK(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" || len(p) > 5 {
			return false
		}
	}
	return true
}

// Metadata is FyneApp.toml as Fyne metadata, with the app icon, for
// app.SetMetadata before app.New. It panics on a broken FyneApp.toml: that
// is a build mistake the tests catch, not something a user can meet.
func Metadata() fyne.AppMetadata {
	in, err := ReadInfo()
	if err != nil {
		panic(err)
	}
	return fyne.AppMetadata{
		ID:         in.Details.ID,
		Name:       in.Details.Name,
		Version:    in.Details.Version,
		Build:      in.Details.Build,
		Icon:       fyne.NewStaticResource("icon.png", assets.Icon),
		Custom:     map[string]string{},
		Migrations: in.Migrations,
	}
}
