package app

import (
	"github.com/nhsguardian/guardian/assurance"
)

// addOtherFrameworks adds to the heatmap, after the default framework's
// rows, each other framework that has questions, under its own groups, and
// returns the figures of all of them together for the cards.
func (d *dashboard) addOtherFrameworks(ev []*assurance.Evidence) assurance.Summary {
	t := *d.summary
	d.others = d.others[:0]
	for _, fw := range d.ws.nav.otherFrameworks() {
		var qs []*assurance.Question
		for _, q := range d.ws.questions {
			if q.Framework == fw.ID {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			continue
		}
		s := assurance.Summarise(fw, qs, ev, assurance.Today())
		d.others = append(d.others, s)
		t.Questions += s.Questions
		t.Open += s.Open
		t.Overdue += s.Overdue
		t.Unassessed += s.Unassessed
		t.Evidence += s.Evidence
		var last *assurance.Driver
		for _, c := range s.Areas {
			if c.Area.Driver != last {
				last = c.Area.Driver
				d.rows = append(d.rows, heatRow{driver: last})
			}
			d.rows = append(d.rows, heatRow{area: c})
		}
	}
	return t
}

// driverText names a heatmap group: another framework's groups carry its
// short name.
func (d *dashboard) driverText(dr *assurance.Driver) string {
	if dr.Framework == nil || dr.Framework.ID == d.ws.ui.fw.ID {
		return dr.Label()
	}
	return firstNonEmpty(dr.Framework.ShortName, dr.Framework.Name) + ": " + dr.Label()
}

// nodeOf is the tree node a heatmap row stands for.
func (d *dashboard) nodeOf(r heatRow) string {
	dr := r.driver
	if dr == nil {
		dr = r.area.Area.Driver
	}
	if dr.Framework == nil || dr.Framework.ID == d.ws.ui.fw.ID {
		if r.driver != nil {
			return "d:" + r.driver.ID
		}
		return "a:" + r.area.Area.ID
	}
	if r.driver != nil {
		return "g:" + dr.Framework.ID + "|" + dr.ID
	}
	return "b:" + dr.Framework.ID + "|" + r.area.Area.ID
}

// areaFramework is the id of the framework an area belongs to.
func (d *dashboard) areaFramework(a *assurance.ActionArea) string {
	if a.Driver != nil && a.Driver.Framework != nil {
		return a.Driver.Framework.ID
	}
	return d.ws.ui.fw.ID
}
