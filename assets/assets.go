// Package assets embeds the data Guardian ships with: the framework catalogue
// and the application icon.
package assets

import (
	"embed"
	"sync"

	"github.com/nhsguardian/guardian/assurance"
)

//go:embed frameworks/*.json
var frameworks embed.FS

// Icon is the application icon: a white shield with a tick on NHS blue
// (#005EB8), 512x512 PNG. FyneApp.toml points at the same file for packaging.
//
//go:embed icon.png
var Icon []byte

// FrameworkFile is the embedded catalogue. It follows the strategy's detailed
// table, which numbers "Demonstrating the value of OHWB" 4.3 and "Driving the
// OHWB market" 4.4; the strategy's short list has those two the other way round.
const FrameworkFile = "frameworks/growing-ohwb-together.json"

var (
	catalogueOnce sync.Once
	catalogue     *assurance.Catalogue
	catalogueErr  error
)

// Catalogue returns the embedded framework catalogue, parsed and validated once.
func Catalogue() (*assurance.Catalogue, error) {
	catalogueOnce.Do(func() {
		data, err := frameworks.ReadFile(FrameworkFile)
		if err != nil {
			catalogueErr = err
			return
		}
		catalogue, catalogueErr = assurance.ParseCatalogue(data)
	})
	return catalogue, catalogueErr
}

// MustCatalogue is Catalogue for callers that cannot go on without it; the
// embedded file is checked by tests, so this cannot fail in a released build.
func MustCatalogue() *assurance.Catalogue {
	c, err := Catalogue()
	if err != nil {
		panic(err)
	}
	return c
}
