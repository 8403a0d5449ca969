package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// guardianFunction is the id of Guardian's second built-in framework.
const guardianFunction = "health-and-wellbeing-guardian-function"

// twoFrameworkLog makes a log with questions against both built-in
// frameworks over two periods: the default framework's 1.1 and the guardian
// function's 4.2 give weaker assurance in the second.
func twoFrameworkLog(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := testOptions(nil).Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	own := &assurance.Question{Area: "1.1", Text: "Is OHWB heard at board?", Status: assurance.StatusAsked, Recurring: true}
	fn := &assurance.Question{Framework: guardianFunction, Area: "4.2", Text: "Are the same questions asked each quarter?", Status: assurance.StatusAsked, Recurring: true}
	must(s.CreateQuestion(ctx, own))
	must(s.CreateQuestion(ctx, fn))
	for i, start := range []string{"2026-07-01", "2026-10-01"} {
		p := &assurance.Period{StartsOn: assurance.MustDate(start)}
		must(s.StartPeriod(ctx, p))
		for _, q := range []*assurance.Question{own, fn} {
			q, err := s.Question(ctx, q.ID)
			must(err)
			q.Status, q.Response, q.Level = assurance.StatusAnswered, "Answer", []assurance.AssuranceLevel{assurance.Substantial, assurance.Limited}[i]
			must(s.UpdateQuestion(ctx, q))
		}
		if i == 0 {
			must(s.ClosePeriod(ctx, p.ID))
		}
	}
	return path
}

// The dashboard's attention list covers every framework with questions,
// each under its name, and an area of another framework shows its own trend.
func TestDashboardAttentionCoversEveryFramework(t *testing.T) {
	_, d := openDashboard(t, twoFrameworkLog(t))
	text := d.attention.Text
	own, fn := strings.Index(text, "Growing Occupational Health and Wellbeing Together:"), strings.Index(text, "Health and wellbeing guardian function:")
	if own < 0 || fn < own {
		t.Fatalf("the attention list does not head each framework in turn:\n%s", text)
	}
	ownPart, fnPart := text[own:fn], text[fn:]
	for part, want := range map[string]string{
		ownPart: "1.1 Integrated OHWB (from Substantial to Limited)",
		fnPart:  "4.2 Same questions over time (from Substantial to Limited)",
	} {
		if !strings.Contains(part, want) {
			t.Errorf("the attention list lacks %q in its part:\n%s", want, part)
		}
	}
	// The guardian function's areas without a question are listed under it.
	if !strings.Contains(fnPart, "Areas with no question yet (22)") || !strings.Contains(fnPart, "1.1 An assurance function") {
		t.Errorf("the guardian function's areas with no question:\n%s", fnPart)
	}
	if want := "Coverage of the 46 action areas of 2 frameworks by assurance level"; !strings.HasPrefix(d.heading.Text, want) {
		t.Errorf("the heatmap's heading %q, want %q", d.heading.Text, want)
	}
	if strings.Contains(ownPart, "Same questions over time") {
		t.Errorf("the default framework's part names the other's area:\n%s", ownPart)
	}
	// The other framework's 4.2 row shows its own trend, not the default framework's 4.2.
	cell := newHeatCell().(*heatCell)
	found := false
	for i, r := range d.rows {
		if r.area != nil && r.area.Area.ID == "4.2" && d.areaFramework(r.area.Area) == guardianFunction {
			d.updateCell(widget.TableCellID{Row: i, Col: trendCol0 + trendTrend}, cell)
			if cell.label.Text != trendText(assurance.TrendWorse) {
				t.Errorf("the guardian function's 4.2 trend shows %q", cell.label.Text)
			}
			found = true
		}
	}
	if !found {
		t.Error("no row for the guardian function's 4.2")
	}
}

// The attention heading follows the organisation's settings as soon as
// they are saved: a primary care organisation's board is its senior
// management team.
func TestDashboardHeadingFollowsTheSettings(t *testing.T) {
	u, d := openDashboard(t, newTestLog(t, q("1.1", "Is OHWB heard at board?")))
	ws := u.ws
	if d.attentionHeading.Text != "For your attention before the next board" {
		t.Fatalf("heading %q", d.attentionHeading.Text)
	}
	f, err := newYearSettingsForm(ws)
	if err != nil || f == nil {
		t.Fatalf("settings form: %v", err)
	}
	f.org.SetSelected(assurance.OrgPrimary.Label())
	if err := f.save(); err != nil {
		t.Fatal(err)
	}
	if d.attentionHeading.Text != "For your attention before the next senior management team" {
		t.Errorf("after the settings changed, the heading says %q", d.attentionHeading.Text)
	}
}

// In a 1366 by 768 window (the users' common laptop) every heatmap column,
// Trend and Maturity included, fits without the horizontal scroll bar: the
// attention list moves under the heatmap. In a wide window it stays beside.
func TestDashboardFitsALaptopWindow(t *testing.T) {
	path, _ := periodLog(t)
	u, d := openDashboard(t, path)
	var lay *dashLayout
	var box *fyne.Container
	for _, o := range objects(u.win.Content()) {
		if c, ok := o.(*fyne.Container); ok {
			if l, ok := c.Layout.(*dashLayout); ok {
				lay, box = l, c
			}
		}
	}
	if lay == nil {
		t.Fatal("no dashboard layout on screen")
	}
	for _, c := range []struct {
		size   fyne.Size
		beside bool
	}{{fyne.NewSize(1366, 768), false}, {fyne.NewSize(1920, 1080), true}} {
		u.win.Resize(c.size)
		u.win.Content().Refresh()
		heat, att := box.Objects[0], box.Objects[1]
		if heat.Size().Width < lay.heatWidth() {
			t.Errorf("at %v the heatmap is %.0f wide, its columns need %.0f", c.size, heat.Size().Width, lay.heatWidth())
		}
		if got := att.Position().X > heat.Position().X; got != c.beside {
			t.Errorf("at %v the attention list is beside the heatmap: %v, want %v", c.size, got, c.beside)
		}
		if d.heatmap.Size().Width < lay.heatWidth()-2*6 {
			t.Errorf("at %v the table is %.0f wide for %.0f of columns", c.size, d.heatmap.Size().Width, lay.heatWidth())
		}
	}
}

// openDashboard opens the log at path and shows its dashboard.
func openDashboard(t *testing.T, path string) (*UI, *dashboard) {
	t.Helper()
	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	u.ws.selectTab(tabDashboard)
	return u, u.ws.dashboard
}
