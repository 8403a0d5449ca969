package app

import (
	"fmt"
	"os"
	"strings"

	"github.com/nhsguardian/guardian/assurance"
)

// catalogue is the frameworks the open log's questions can be asked
// against: Guardian's own and the log's.
func (ws *workspace) catalogue() *assurance.Catalogue {
	if y := assurance.YearOf(ws.store); y != nil {
		if c := y.Catalogue(); c != nil {
			return c
		}
	}
	return ws.ui.cat
}

// areaChoice is one action area the editor offers, in any framework.
type areaChoice struct {
	fw   *assurance.Framework
	area *assurance.ActionArea
}

// label is the area as the editor lists it: the default framework's areas
// as before, the others after their framework's short name.
func (c areaChoice) label(def *assurance.Framework) string {
	if c.fw == def {
		return c.area.Label()
	}
	return firstNonEmpty(c.fw.ShortName, c.fw.Name) + ": " + c.area.Label()
}

func firstNonEmpty(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// areaChoices lists every area of every framework, the default's first.
func (ws *workspace) areaChoices() []areaChoice {
	var out []areaChoice
	for _, fw := range ws.catalogue().Frameworks {
		for _, a := range fw.Areas() {
			out = append(out, areaChoice{fw, a})
		}
	}
	return out
}

// frameworkOf is the framework a question is asked against.
func (ws *workspace) frameworkOf(q *assurance.Question) *assurance.Framework {
	cat := ws.catalogue()
	if q.Framework != "" {
		if fw := cat.Framework(q.Framework); fw != nil {
			return fw
		}
	}
	return cat.Default()
}

// areaOf is a question's area in its own framework, or nil.
func (ws *workspace) areaOf(q *assurance.Question) *assurance.ActionArea {
	return ws.frameworkOf(q).Area(q.Area)
}

// onAddFramework adds a framework file (the embedded format) to the log.
func (ws *workspace) onAddFramework() {
	y := assurance.YearOf(ws.store)
	if y == nil || ws.readOnly {
		ws.ui.showMessage("Add a framework", "Frameworks can be added only to a log open for editing.")
		return
	}
	ws.ui.files.OpenFile("Add a framework file", []string{".json"}, func(path string) {
		if path == "" {
			return
		}
		data, err := os.ReadFile(path)
		if err != nil {
			ws.ui.showError("Could not read the framework file", err)
			return
		}
		fws, err := y.AddFramework(ws.ui.ctx(), data)
		if err != nil {
			ws.ui.showError("The framework was not added", err)
			return
		}
		ws.frameworksChanged()
		var names []string
		for _, f := range fws {
			names = append(names, fmt.Sprintf("%s (%d areas)", f.Name, len(f.Areas())))
		}
		ws.ui.showMessage("Framework added", "Added "+strings.Join(names, ", ")+". Its areas are in the framework tree and the editor's list of areas.")
	})
}

// frameworksChanged shows a changed catalogue in the tree and the editor.
func (ws *workspace) frameworksChanged() {
	ws.editor.areasChanged()
	ws.nav.refresh()
}

// selectArea shows q's area, in its own framework, in the editor.
func (e *questionEditor) selectArea(q *assurance.Question) {
	fw := e.ws.frameworkOf(q)
	for i, c := range e.choices {
		if c.fw == fw && c.area.ID == q.Area {
			e.area.SetSelectedIndex(i)
			return
		}
	}
	e.area.ClearSelected()
}

// areasChanged refills the editor's areas after a framework was added.
func (e *questionEditor) areasChanged() {
	e.choices = e.ws.areaChoices()
	loading := e.loading
	e.loading = true
	e.area.SetOptions(e.areaLabels())
	if e.current != nil {
		e.selectArea(e.current)
	}
	e.loading = loading
}

func (e *questionEditor) areaLabels() []string {
	areas := make([]string, 0, len(e.choices))
	for _, c := range e.choices {
		areas = append(areas, c.label(e.ws.ui.fw))
	}
	return areas
}

// inFramework reports whether q is in the framework the list is scoped to.
func (l *questionList) inFramework(q *assurance.Question) bool {
	return l.framework == "" || l.ws.frameworkOf(q).ID == l.framework
}
