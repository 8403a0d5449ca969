package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// searchDelay is how long typing must pause before the log is searched, so
// a fast typist causes one search, not one per letter.
var searchDelay = 250 * time.Millisecond

// searchLimit caps the hits one search returns.
const searchLimit = 5000

// questionList is the table of questions with its filters and search box.
type questionList struct {
	ws *workspace

	table   *focusTable
	search  *widget.Entry
	status  *focusSelect
	level   *focusSelect
	meeting *focusSelect
	tagF    tagFilter
	// framework, driver and area are the tree's scope: framework "" is
	// every framework.
	framework string
	overdue   *focusCheck
	count     *widget.Label
	newQ      *focusButton
	export    *focusButton

	rows       []*assurance.Question // what the table shows, filtered and sorted
	driver     string                // scope chosen in the tree
	area       string
	sortCol    int
	sortDesc   bool
	hits       map[int64]bool // nil when the search box is empty
	hitsCapped bool
	// earlier says which questions the search found in an earlier
	// period's answer, and where: "Q-0004 (2026/27 Q1)".
	earlier   []string
	selecting bool // set while the list selects a row itself

	mu        sync.Mutex // guards the search state below, used off the UI goroutine
	timer     *time.Timer
	searchGen int
	cancel    context.CancelFunc
}

const (
	colRef = iota
	colArea
	colText
	colAskedOf
	colDue
	colStatus
	colLevel
	colEvidence
)

var columns = []column{
	{"Ref", 76}, {"Area", 58}, {"Question", 300}, {"Asked of", 150},
	{"Due", 140}, {"Status", 95}, {"Assurance", 132}, {"Evidence", 76},
}

const (
	allStatuses = "All statuses"
	allLevels   = "All levels"
	allMeetings = "All meetings"
)

func newQuestionList(ws *workspace) *questionList { return &questionList{ws: ws} }

func (l *questionList) buildUI() fyne.CanvasObject {
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder("Search questions, responses, actions and evidence (Ctrl+F)")
	l.search.OnChanged = l.onSearchChanged
	l.search.ActionItem = newButton("", theme.ContentClearIcon(), widget.MediumImportance, func() { l.search.SetText("") })

	statusOpts := []string{allStatuses}
	for _, s := range assurance.Statuses {
		statusOpts = append(statusOpts, s.Label())
	}
	l.status = newSelect(statusOpts, func(string) { l.refresh() })
	l.status.SetSelectedIndex(0)
	levelOpts := []string{allLevels}
	for _, v := range assurance.AssuranceLevels {
		levelOpts = append(levelOpts, levelLabel(v))
	}
	l.level = newSelect(levelOpts, func(string) { l.refresh() })
	l.level.SetSelectedIndex(0)
	l.meeting = newSelect(nil, func(string) { l.refresh() })
	l.meetingsChanged()
	l.tagF.sel = newSelect([]string{allTags}, func(string) { l.refresh() })
	l.tagF.sel.SetSelectedIndex(0)
	l.overdue = newCheck("Overdue only", func(bool) { l.refresh() })
	l.count = widget.NewLabel("")
	l.newQ = newButton("New question", theme.ContentAddIcon(), widget.HighImportance, l.onNew)
	l.export = newButton("Export…", theme.DocumentSaveIcon(), widget.MediumImportance, l.ws.export.show)
	if l.ws.readOnly {
		l.newQ.Disable()
	}

	l.table = (&focusTable{Table: widget.Table{
		Length:        func() (int, int) { return len(l.rows), len(columns) },
		CreateCell:    newListCell,
		UpdateCell:    l.updateCell,
		ShowHeaderRow: true,
		CreateHeader: func() fyne.CanvasObject {
			b := newButton("", nil, widget.LowImportance, nil)
			b.Alignment = widget.ButtonAlignLeading
			return b
		},
		UpdateHeader: l.updateHeader,
		OnSelected:   l.onSelected,
	}}).init()
	l.table.name = "Questions"
	l.table.stretch(columns, colText, l.ws.scale)
	setColumnWidths(l.table, columns, l.ws.ui.theme.scale)

	filters := container.NewHBox(l.status, l.level, l.meeting, l.tagF.sel, l.overdue)
	top := container.NewVBox(
		border(nil, nil, widget.NewLabelWithStyle("Search", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewHBox(l.newQ, l.export), l.search),
		border(nil, nil, filters, nil, l.count),
	)
	return border(top, nil, nil, nil, l.table)
}

// meetingsChanged refills the meeting filter, keeping the choice if it still exists.
func (l *questionList) meetingsChanged() {
	opts := []string{allMeetings}
	for _, m := range l.ws.meetings {
		opts = append(opts, m.Label())
	}
	old := l.meeting.Selected
	l.meeting.SetOptions(opts)
	if slices.Contains(opts, old) {
		l.meeting.SetSelected(old)
	} else {
		l.meeting.SetSelectedIndex(0)
	}
}

func newListCell() fyne.CanvasObject { return newQuestionCell() }

func (l *questionList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*questionCell)
	if id.Row >= len(l.rows) {
		return
	}
	q := l.rows[id.Row]
	today := assurance.Today()
	isChip := id.Col == colLevel
	c.chip.Hidden, c.label.Hidden = !isChip, isChip
	if isChip {
		c.chip.setLevel(q.Level)
		c.words = "Assurance: " + levelWords(q.Level)
		return
	}
	label := c.label
	label.Importance = widget.MediumImportance
	text, words := "", ""
	switch id.Col {
	case colRef:
		text, words = q.Ref, questionWords(q, today)
	case colArea:
		text = q.Area
	case colText:
		text = firstLine(q.Text)
		words = q.Text
	case colAskedOf:
		text = q.AskedOf
	case colDue:
		text, words = q.DueOn.UK(), "no due date"
		if !q.DueOn.IsZero() {
			words = dateWords(q.DueOn)
		}
		if q.Overdue(today) {
			// In words as well as red, for readers who cannot tell the colour.
			label.Importance = widget.DangerImportance
			text += " overdue"
			words += ", overdue"
		}
	case colStatus:
		text = q.Status.Label()
	case colEvidence:
		text = strconv.Itoa(q.EvidenceCount)
		words = fmt.Sprintf("%d files", q.EvidenceCount)
		if q.EvidenceCount == 1 {
			words = "1 file"
		}
	}
	if words == "" {
		words = text
	}
	if id.Col != colRef {
		words = columns[id.Col].title + ": " + words
	}
	c.words = words
	label.SetText(text)
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

func (l *questionList) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*focusButton)
	if id.Col < 0 || id.Col >= len(columns) {
		b.SetText("")
		return
	}
	text := columns[id.Col].title
	b.Icon = nil
	if id.Col == l.sortCol {
		b.Icon = theme.MenuDropUpIcon()
		if l.sortDesc {
			b.Icon = theme.MenuDropDownIcon()
		}
	}
	col := id.Col
	b.OnTapped = func() { l.onSort(col) }
	b.SetText(text)
}

// onSort sorts by col, or reverses the order when it already is.
func (l *questionList) onSort(col int) {
	if l.sortCol == col {
		l.sortDesc = !l.sortDesc
	} else {
		l.sortCol, l.sortDesc = col, false
	}
	l.refresh()
}

// setScope filters by the driver or area chosen in the tree.
func (l *questionList) setScope(driver, area string) {
	fw := ""
	if driver != "" || area != "" {
		fw = l.ws.ui.fw.ID
	}
	l.setFrameworkScope(fw, driver, area)
}

// setFrameworkScope shows the questions in one framework's driver or area
// ("" for all of it); fw "" is every framework.
func (l *questionList) setFrameworkScope(fw, driver, area string) {
	l.framework, l.driver, l.area = fw, driver, area
	l.refresh()
}

// refresh filters and sorts the workspace's questions into the table.
func (l *questionList) refresh() {
	if l.table == nil {
		return
	}
	today := assurance.Today()
	status := statusByLabel(l.status.Selected)
	level := levelByLabel(l.level.Selected)
	var meetingID int64
	if i := l.meeting.SelectedIndex(); i > 0 && i-1 < len(l.ws.meetings) {
		meetingID = l.ws.meetings[i-1].ID
	}
	rows := make([]*assurance.Question, 0, len(l.ws.questions))
	for _, q := range l.ws.questions {
		switch {
		case l.area != "" && q.Area != l.area,
			l.driver != "" && !strings.HasPrefix(q.Area, l.driver+"."),
			status != "" && q.Status != status,
			level != "" && q.Level != level,
			meetingID != 0 && q.MeetingID != meetingID,
			l.overdue.Checked && !q.Overdue(today),
			!l.tagged(q),
			!l.inFramework(q),
			l.hits != nil && !l.hits[q.ID]:
			continue
		}
		rows = append(rows, q)
	}
	slices.SortStableFunc(rows, l.compare)
	l.rows = rows
	total := len(l.ws.questions)
	text := fmt.Sprintf("%d of %d questions", len(rows), total)
	if len(rows) == total {
		text = fmt.Sprintf("%d questions", total)
	}
	if l.hitsCapped {
		text += fmt.Sprintf(" (the best %d search matches)", searchLimit)
	}
	if len(l.earlier) > 0 {
		text += "; found in an earlier period's answer: " + strings.Join(l.earlier, ", ")
	}
	l.count.SetText(text)
	l.table.Refresh()
	if cur := l.ws.editor.current; cur != nil {
		l.selectQuestion(cur.ID)
	} else {
		l.table.UnselectAll()
	}
}

func (l *questionList) compare(a, b *assurance.Question) int {
	var c int
	switch l.sortCol {
	case colArea:
		c = compareAreas(a.Area, b.Area)
	case colText:
		c = strings.Compare(strings.ToLower(a.Text), strings.ToLower(b.Text))
	case colAskedOf:
		c = strings.Compare(strings.ToLower(a.AskedOf), strings.ToLower(b.AskedOf))
	case colDue:
		c = compareDates(a.DueOn, b.DueOn)
	case colStatus:
		c = cmp.Compare(slices.Index(assurance.Statuses, a.Status), slices.Index(assurance.Statuses, b.Status))
	case colLevel:
		c = cmp.Compare(slices.Index(assurance.AssuranceLevels, a.Level), slices.Index(assurance.AssuranceLevels, b.Level))
	case colEvidence:
		c = cmp.Compare(a.EvidenceCount, b.EvidenceCount)
	}
	if c == 0 {
		c = compareRefs(a.Ref, b.Ref)
	}
	if l.sortDesc {
		c = -c
	}
	return c
}

// compareAreas orders 1.2 before 1.10.
func compareAreas(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		if errX == nil && errY == nil && x != y {
			return cmp.Compare(x, y)
		}
		if c := strings.Compare(as[i], bs[i]); c != 0 && (errX != nil || errY != nil) {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// compareDates puts questions with no date last.
func compareDates(a, b assurance.Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Time().Compare(b.Time())
}

func statusByLabel(label string) assurance.Status {
	for _, s := range assurance.Statuses {
		if s.Label() == label {
			return s
		}
	}
	return ""
}

func levelByLabel(label string) assurance.AssuranceLevel {
	for _, v := range assurance.AssuranceLevels {
		if levelLabel(v) == label {
			return v
		}
	}
	return ""
}

func (l *questionList) onSelected(id widget.TableCellID) {
	if l.selecting || id.Row < 0 || id.Row >= len(l.rows) {
		return
	}
	q := l.rows[id.Row]
	e := l.ws.editor
	if e.current != nil && e.current.ID == q.ID {
		return
	}
	e.confirmLeaveOr(func() { e.load(q) }, func() {
		// The user chose to stay: put the selection back.
		if e.current != nil {
			l.selectQuestion(e.current.ID)
		} else {
			l.table.UnselectAll()
		}
	})
}

// selectQuestion highlights question id's row, if it is shown, without reloading the editor.
func (l *questionList) selectQuestion(id int64) {
	i := slices.IndexFunc(l.rows, func(q *assurance.Question) bool { return q.ID == id })
	l.selecting = true
	defer func() { l.selecting = false }()
	if i < 0 {
		l.table.UnselectAll()
		return
	}
	l.table.Select(widget.TableCellID{Row: i, Col: colRef})
}

func (l *questionList) onNew() {
	if l.ws.readOnly {
		return
	}
	e := l.ws.editor
	e.confirmLeave(func() {
		l.table.UnselectAll()
		e.newQuestion(l.area)
	})
}

// onSearchChanged schedules a search once typing pauses. The search runs
// off the UI goroutine; a newer search makes older results stale, and they
// are dropped rather than shown.
func (l *questionList) onSearchChanged(text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopLocked()
	gen := l.searchGen
	text = strings.TrimSpace(text)
	if text == "" {
		l.hits, l.hitsCapped, l.earlier = nil, false, nil
		l.refresh()
		return
	}
	ctx, cancel := context.WithCancel(l.ws.ui.ctx())
	l.cancel = cancel
	l.ws.ui.bg.Add(1)
	l.timer = time.AfterFunc(searchDelay, func() {
		defer l.ws.ui.bg.Done()
		hits, err := l.ws.store.Search(ctx, text, searchLimit)
		var cur *assurance.Period
		if err == nil {
			cur, err = l.ws.store.CurrentPeriod(ctx)
		}
		l.ws.ui.do(func() { l.searchDone(gen, hits, cur, err) })
	})
}

// stopSearch drops a search that is waiting or running, as the log closes.
func (l *questionList) stopSearch() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopLocked()
}

// stopLocked makes any earlier search stale and stops it; l.mu is held.
func (l *questionList) stopLocked() {
	l.searchGen++
	if l.timer != nil && l.timer.Stop() {
		l.ws.ui.bg.Done() // that search will never run
	}
	l.timer = nil
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}

func (l *questionList) searchDone(gen int, hits []assurance.SearchHit, cur *assurance.Period, err error) {
	l.mu.Lock()
	stale := gen != l.searchGen
	l.mu.Unlock()
	if stale {
		return
	}
	if err != nil {
		l.ws.ui.showError("Could not search the log", err)
		return
	}
	l.hits = make(map[int64]bool, len(hits))
	l.earlier = earlierPeriodHits(hits, cur)
	for _, h := range hits {
		l.hits[h.QuestionID] = true
	}
	l.hitsCapped = len(hits) >= searchLimit
	l.refresh()
}

// maxEarlierNamed is how many questions found in earlier periods the count line names.
const maxEarlierNamed = 5

// earlierPeriodHits names the questions found in an answer given in a
// period before cur, with the period: "Q-0004 (2026/27 Q1)", at most
// maxEarlierNamed of them and then how many more.
func earlierPeriodHits(hits []assurance.SearchHit, cur *assurance.Period) []string {
	var out []string
	seen := map[string]bool{}
	more := 0
	for _, h := range hits {
		if h.Period == "" || (cur != nil && h.Period == cur.Name) {
			continue
		}
		s := h.Ref + " (" + h.Period + ")"
		switch {
		case seen[s]:
		case len(out) < maxEarlierNamed:
			out = append(out, s)
		default:
			more++
		}
		seen[s] = true
	}
	if more > 0 {
		out = append(out, fmt.Sprintf("and %d more", more))
	}
	return out
}
