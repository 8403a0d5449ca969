package export_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/export"
)

// A board paper a screen-reader user can follow in Excel: each sheet says
// what it is in A1, tabular data is in Excel tables (so each cell's column
// heading is announced), the chart has alternative text, and nothing is
// said by colour alone.
func TestBoardPaperIsAccessible(t *testing.T) {
	path, _ := writePaper(t, hostileLog(), export.Options{})
	f := open(t, path)

	titles := map[string]string{
		export.SheetCover:     export.DefaultTitle,
		export.SheetAreas:     "Assurance by action area",
		export.SheetQuestions: "Questions in this paper",
		export.SheetActions:   "Follow-up actions on the questions in this paper",
		export.SheetEvidence:  "Evidence register",
		export.SheetRequests:  "Evidence requests",
		export.SheetDecisions: "Decisions checked for their effect on staff",
		export.SheetChanges:   "Changes since the last meeting",
		export.SheetFullText:  "Text printed in full",
	}
	for _, sh := range export.Sheets {
		if v, _ := f.GetCellValue(sh, "A1"); v != titles[sh] {
			t.Errorf("%s!A1 = %q, want the sheet's title %q", sh, v, titles[sh])
		}
	}

	tables := map[string]string{
		export.SheetCover:     export.TableLevelsByDriver,
		export.SheetAreas:     export.TableAreas,
		export.SheetQuestions: export.TableQuestions,
		export.SheetActions:   export.TableActions,
		export.SheetEvidence:  export.TableEvidence,
		export.SheetRequests:  export.TableRequests,
		export.SheetDecisions: export.TableDecisions,
		export.SheetChanges:   export.TableChanges,
	}
	for sh, name := range tables {
		ts, err := f.GetTables(sh)
		if err != nil || len(ts) != 1 || ts[0].Name != name {
			t.Errorf("%s tables = %+v, %v; want %s", sh, ts, err, name)
			continue
		}
		// The table's first row is its header: text in every cell.
		from, _, _ := strings.Cut(ts[0].Range, ":")
		col, row, _ := excelize.CellNameToCoordinates(from)
		head, _ := f.GetRows(sh)
		if row > len(head) || len(head[row-1]) <= col-1 || head[row-1][col-1] == "" {
			t.Errorf("%s table %s has no header text at %s", sh, name, from)
		}
	}
	// The area table holds all 23 areas.
	if ts, _ := f.GetTables(export.SheetAreas); len(ts) == 1 {
		_, to, _ := strings.Cut(ts[0].Range, ":")
		_, last, _ := excelize.CellNameToCoordinates(to)
		_, r41, _ := excelize.CellNameToCoordinates(cellOf(t, f, export.SheetAreas, "4.5"))
		if last != r41 {
			t.Errorf("area table %s ends at row %d, the last area (4.5) is on row %d", ts[0].Range, last, r41)
		}
	}

	// The chart's alternative text gives its figures in words.
	drawing := zipPart(t, path, "xl/drawings/drawing1.xml")
	m := regexp.MustCompile(`descr="([^"]*)"`).FindStringSubmatch(drawing)
	if m == nil {
		t.Fatalf("the chart has no alternative text:\n%s", drawing)
	}
	alt := m[1]
	fw := catalogue(t).Default()
	for _, want := range []string{"Stacked bar chart", "Driver " + fw.Drivers[3].Label() + ":", "Limited", "Not yet assessed"} {
		if !strings.Contains(alt, want) {
			t.Errorf("chart alternative text lacks %q: %s", want, alt)
		}
	}

	// Colour never says anything alone: every cell filled with a level's
	// colour names the level, and the overdue highlights sit on words.
	levelFill := map[string]string{}
	for _, l := range assurance.AssuranceLevels {
		fill := fillOf(f, export.SheetAreas, keyCell(t, f, l.Label()))
		levelFill[strings.ToUpper(fill)] = l.Label()
	}
	labels := map[string]bool{}
	for _, l := range assurance.AssuranceLevels {
		labels[l.Label()] = true
	}
	coloured := 0
	for _, sh := range export.Sheets {
		hidden := mergedAway(f, sh)
		rows, _ := f.GetRows(sh)
		for r, cells := range rows {
			for c := range cells {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				level, ok := levelFill[strings.ToUpper(fillOf(f, sh, cell))]
				if !ok || hidden[cell] {
					continue
				}
				coloured++
				if v := cells[c]; v != level {
					t.Errorf("%s!%s is coloured for %s but says %q", sh, cell, level, v)
				}
			}
		}
	}
	if coloured < 10 {
		t.Errorf("only %d level-coloured cells found: the test did not reach them", coloured)
	}
	overdueWords(t, f)
}

// keyCell finds the colour key's entry for a level on the area sheet (the
// last cell with that text: the key is below the table).
func keyCell(t *testing.T, f *excelize.File, label string) string {
	t.Helper()
	rows, _ := f.GetRows(export.SheetAreas)
	for r := len(rows) - 1; r >= 0; r-- {
		if i := slices.Index(rows[r], label); i >= 0 {
			c, _ := excelize.CoordinatesToCellName(i+1, r+1)
			return c
		}
	}
	t.Fatalf("no colour key entry for %s", label)
	return ""
}

// mergedAway lists the cells merged into another (all but each merged
// range's top-left cell): what they hold is never shown.
func mergedAway(f *excelize.File, sh string) map[string]bool {
	out := map[string]bool{}
	mcs, _ := f.GetMergeCells(sh)
	for _, mc := range mcs {
		c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					cell, _ := excelize.CoordinatesToCellName(c, r)
					out[cell] = true
				}
			}
		}
	}
	return out
}

func fillOf(f *excelize.File, sh, cell string) string {
	id, _ := f.GetCellStyle(sh, cell)
	st, err := f.GetStyle(id)
	if err != nil || st.Fill.Type != "pattern" || len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

// overdueWords: each row or cell the overdue rule colours also says
// "Overdue" or "Yes" in words.
func overdueWords(t *testing.T, f *excelize.File) {
	t.Helper()
	// Questions: the Overdue column is highlighted when it says "Yes".
	cf, _ := f.GetConditionalFormats(export.SheetQuestions)
	for ref, rules := range cf {
		for _, r := range rules {
			if !strings.Contains(r.Criteria, `="Yes"`) {
				t.Errorf("questions highlight %s by %q, not by the words in the cell", ref, r.Criteria)
			}
		}
	}
	// Actions: rows not done and due before the date prepared are coloured;
	// each says Overdue in its State column.
	rows, _ := f.GetRows(export.SheetActions, excelize.Options{RawCellValue: true})
	// writePaper prepares papers on 23 Nov 2026; Excel counts days from 30 Dec 1899.
	prepared := assurance.MustDate("2026-11-23").Time().Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	seen := 0
	for _, r := range rows[2:] {
		if len(r) < 7 || r[5] != "" || r[4] == "" {
			continue
		}
		var due float64
		if _, err := fmt.Sscan(r[4], &due); err != nil || due >= prepared {
			continue
		}
		seen++
		if r[6] != "Overdue" {
			t.Errorf("an overdue action (due serial %s) says %q, not Overdue", r[4], r[6])
		}
	}
	if seen == 0 {
		t.Error("no overdue action found: the test did not reach one")
	}
}
