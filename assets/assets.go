// Package assets embeds the data Guardian ships with: the framework catalogue
// and the application icon.
package assets

import (
	"embed"
	"fmt"
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

// GuardianFunctionFile is the second built-in framework, "Health and
// wellbeing guardian function": questions about how the function itself
// works in the organisation, built only from facts on NHS England's and NHS
// Employers' public pages, each area naming its source.
const GuardianFunctionFile = "frameworks/health-and-wellbeing-guardian-function.json"

// frameworkFiles are the built-in frameworks, the default first.
var frameworkFiles = []string{FrameworkFile, GuardianFunctionFile}

var (
	catalogueOnce sync.Once
	catalogue     *assurance.Catalogue
	catalogueErr  error
)

// Catalogue returns the embedded framework catalogue, parsed and validated once.
func Catalogue() (*assurance.Catalogue, error) {
	catalogueOnce.Do(func() {
		var cats []*assurance.Catalogue
		for _, name := range frameworkFiles {
			data, err := frameworks.ReadFile(name)
			if err != nil {
				catalogueErr = err
				return
			}
			c, err := assurance.ParseCatalogue(data)
			if err != nil {
				catalogueErr = fmt.Errorf("%s: %w", name, err)
				return
			}
			cats = append(cats, c)
		}
		catalogue, catalogueErr = cats[0].Merge(cats[1:]...)
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
