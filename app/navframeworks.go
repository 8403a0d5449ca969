package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// The tree shows each framework other than the default after the
// default's drivers, grouped by its own groups: node ids "f:<framework>",
// "g:<framework>|<group>" and "b:<framework>|<area>".

func (n *navTree) otherFrameworks() []*assurance.Framework {
	var out []*assurance.Framework
	for _, fw := range n.ws.catalogue().Frameworks {
		if fw.ID != n.ws.ui.fw.ID {
			out = append(out, fw)
		}
	}
	return out
}

func (n *navTree) otherRoots() []widget.TreeNodeID {
	var ids []string
	for _, fw := range n.otherFrameworks() {
		ids = append(ids, "f:"+fw.ID)
	}
	return ids
}

// splitOther reads a "g:" or "b:" id into its framework and group or area.
func (n *navTree) splitOther(uid string) (*assurance.Framework, string) {
	id, rest, _ := strings.Cut(uid[2:], "|")
	return n.ws.catalogue().Framework(id), rest
}

func (n *navTree) otherChildren(uid widget.TreeNodeID) []widget.TreeNodeID {
	var ids []string
	switch {
	case strings.HasPrefix(uid, "f:"):
		if fw := n.ws.catalogue().Framework(uid[2:]); fw != nil {
			for _, d := range fw.Drivers {
				ids = append(ids, "g:"+fw.ID+"|"+d.ID)
			}
		}
	case strings.HasPrefix(uid, "g:"):
		if fw, g := n.splitOther(uid); fw != nil {
			if d := fw.Driver(g); d != nil {
				for _, a := range d.Areas {
					ids = append(ids, "b:"+fw.ID+"|"+a.ID)
				}
			}
		}
	}
	return ids
}

// refreshOthers recounts the other frameworks' questions.
func (n *navTree) refreshOthers() {
	n.others = map[string]*assurance.Summary{}
	for _, fw := range n.otherFrameworks() {
		var qs []*assurance.Question
		for _, q := range n.ws.questions {
			if q.Framework == fw.ID {
				qs = append(qs, q)
			}
		}
		n.others[fw.ID] = assurance.Summarise(fw, qs, nil, assurance.Today())
	}
}

func (n *navTree) otherText(uid string) (string, assurance.AssuranceLevel, bool) {
	switch {
	case strings.HasPrefix(uid, "f:"):
		fw := n.ws.catalogue().Framework(uid[2:])
		if fw == nil || n.others[fw.ID] == nil {
			break
		}
		return fmt.Sprintf("%s (%d)", fw.Name, n.others[fw.ID].Questions), assurance.NotAssessed, false
	case strings.HasPrefix(uid, "g:"), strings.HasPrefix(uid, "b:"):
		fw, id := n.splitOther(uid)
		if fw == nil || n.others[fw.ID] == nil {
			break
		}
		count, weakest := 0, assurance.NotAssessed
		for _, c := range n.others[fw.ID].Areas {
			if (uid[0] == 'b' && c.Area.ID == id) || (uid[0] == 'g' && c.Area.Driver.ID == id) {
				count += c.Questions
				if c.Weakest.Assessed() && (!weakest.Assessed() || c.Weakest.Rank() < weakest.Rank()) {
					weakest = c.Weakest
				}
			}
		}
		label := id
		if uid[0] == 'g' {
			label = fw.Driver(id).Label()
		} else if a := fw.Area(id); a != nil {
			label = a.Label()
		}
		return fmt.Sprintf("%s (%d)", label, count), weakest, count > 0
	}
	return uid, assurance.NotAssessed, false
}

// otherSelected scopes the list to another framework's node; false for
// a node that is not one.
func (n *navTree) otherSelected(uid string) bool {
	switch {
	case strings.HasPrefix(uid, "f:"):
		n.ws.list.setFrameworkScope(uid[2:], "", "")
	case strings.HasPrefix(uid, "g:"):
		fw, g := n.splitOther(uid)
		if fw == nil {
			return false
		}
		n.ws.list.setFrameworkScope(fw.ID, g, "")
	case strings.HasPrefix(uid, "b:"):
		fw, a := n.splitOther(uid)
		if fw == nil {
			return false
		}
		n.ws.list.setFrameworkScope(fw.ID, "", a)
	default:
		return false
	}
	return true
}
