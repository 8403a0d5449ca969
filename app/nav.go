package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// navTree is the framework as a tree: all questions, then each driver and
// its action areas, with question counts and a dot in the colour of the
// weakest assurance level given. Choosing a node filters the question list.
type navTree struct {
	ws      *workspace
	tree    *focusTree
	summary *assurance.Summary
	drivers map[string]*driverCount
	others  map[string]*assurance.Summary // the other frameworks', by id
}

type driverCount struct {
	questions int
	weakest   assurance.AssuranceLevel
}

// Tree node ids: the root "", "all", "d:<driver>" and "a:<area>".
const navAll = "all"

func newNavTree(ws *workspace) *navTree { return &navTree{ws: ws} }

func (n *navTree) buildUI() fyne.CanvasObject {
	n.tree = newTree(n.childUIDs, n.isBranch, n.createNode, n.updateNode)
	n.tree.name = "Framework: drivers and action areas"
	n.tree.OnSelected = n.onSelected
	n.tree.OpenAllBranches()
	n.tree.Select(navAll)
	return n.tree
}

func (n *navTree) childUIDs(uid widget.TreeNodeID) []widget.TreeNodeID {
	fw := n.ws.ui.fw
	switch {
	case uid == "":
		ids := []string{navAll}
		for _, d := range fw.Drivers {
			ids = append(ids, "d:"+d.ID)
		}
		return append(ids, n.otherRoots()...)
	case strings.HasPrefix(uid, "d:"):
		var ids []string
		if d := fw.Driver(uid[2:]); d != nil {
			for _, a := range d.Areas {
				ids = append(ids, "a:"+a.ID)
			}
		}
		return ids
	}
	return n.otherChildren(uid)
}

func (n *navTree) isBranch(uid widget.TreeNodeID) bool {
	return uid == "" || strings.HasPrefix(uid, "d:") || strings.HasPrefix(uid, "f:") || strings.HasPrefix(uid, "g:")
}

func (n *navTree) createNode(bool) fyne.CanvasObject { return newNavRow() }

func (n *navTree) updateNode(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	r := o.(*navRow)
	text, level, show := n.nodeText(uid)
	r.label.SetText(text)
	r.dot.Hidden = !show
	r.dot.FillColor = levelColour(level)
	r.dot.Refresh()
	r.words = text
	if show {
		r.words += ", weakest answer " + levelWords(level)
	}
}

// nodeText returns a node's label, the level its dot shows and whether it has one.
func (n *navTree) nodeText(uid string) (string, assurance.AssuranceLevel, bool) {
	fw := n.ws.ui.fw
	if n.summary == nil {
		return uid, assurance.NotAssessed, false
	}
	switch {
	case uid == navAll:
		return fmt.Sprintf("All questions (%d)", len(n.ws.questions)), assurance.NotAssessed, false
	case strings.HasPrefix(uid, "d:"):
		d := fw.Driver(uid[2:])
		c := n.drivers[d.ID]
		return fmt.Sprintf("%s (%d)", d.Label(), c.questions), c.weakest, c.questions > 0
	case strings.HasPrefix(uid, "a:"):
		for _, c := range n.summary.Areas {
			if c.Area.ID == uid[2:] {
				return fmt.Sprintf("%s (%d)", c.Area.Label(), c.Questions), c.Weakest, c.Questions > 0
			}
		}
	}
	return n.otherText(uid)
}

// refresh recounts from the workspace's questions.
func (n *navTree) refresh() {
	n.summary = assurance.Summarise(n.ws.ui.fw, n.ws.questions, nil, assurance.Today())
	n.refreshOthers()
	n.drivers = map[string]*driverCount{}
	for _, d := range n.ws.ui.fw.Drivers {
		n.drivers[d.ID] = &driverCount{weakest: assurance.NotAssessed}
	}
	for _, c := range n.summary.Areas {
		dc := n.drivers[c.Area.Driver.ID]
		dc.questions += c.Questions
		if c.Weakest.Assessed() && (!dc.weakest.Assessed() || c.Weakest.Rank() < dc.weakest.Rank()) {
			dc.weakest = c.Weakest
		}
	}
	if n.tree != nil {
		n.tree.Refresh()
	}
}

func (n *navTree) onSelected(uid widget.TreeNodeID) {
	switch {
	case strings.HasPrefix(uid, "d:"):
		n.ws.list.setScope(uid[2:], "")
	case strings.HasPrefix(uid, "a:"):
		n.ws.list.setScope("", uid[2:])
	case n.otherSelected(uid):
	default:
		n.ws.list.setScope("", "")
	}
}
