package app

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// workspace is the window's content while a log is open: the framework tree
// beside tabs for the questions, dashboard, meetings and audit log. It keeps
// the log's questions and meetings in memory so filtering, sorting and the
// tree's counts never wait on the disk; every change goes to the store first.
type workspace struct {
	ui       *UI
	store    assurance.Store
	readOnly bool
	ctx      context.Context // cancelled when the log closes
	cancel   context.CancelFunc

	questions []*assurance.Question // every question, by reference
	meetings  []*assurance.Meeting  // by date

	nav       *navTree
	list      *questionList
	editor    *questionEditor
	dashboard *dashboard
	meetingsV *meetingsScreen
	requests  *requestsScreen
	decisions *decisionsScreen
	audit     *auditView
	settings  *settingsDialog
	export    *exportDialog
	periods   *periodsDialog

	tabs         *container.AppTabs
	listUI       fyne.CanvasObject
	split        *container.Split // list beside editor
	questionsBox *fyne.Container  // the Questions tab: the list, or split
}

// Tab order, also used by the View menu's Alt+1..4 shortcuts.
const (
	tabQuestions = iota
	tabDashboard
	tabMeetings
	tabRequests
	tabDecisions
	tabAudit
)

func newWorkspace(u *UI, s assurance.Store) (*workspace, error) {
	ws := &workspace{ui: u, store: s, readOnly: s.Info().ReadOnly}
	ws.ctx, ws.cancel = context.WithCancel(context.Background())
	ms, err := s.Meetings(u.ctx())
	if err != nil {
		return nil, err
	}
	ws.meetings = ms
	ws.useScale()
	ws.nav = newNavTree(ws)
	ws.list = newQuestionList(ws)
	ws.editor = newQuestionEditor(ws)
	ws.dashboard = newDashboard(ws)
	ws.meetingsV = newMeetingsScreen(ws)
	ws.requests = newRequestsScreen(ws)
	ws.decisions = newDecisionsScreen(ws)
	ws.audit = newAuditView(ws, 0)
	ws.settings = newSettingsDialog(ws)
	ws.export = newExportDialog(ws)
	ws.periods = newPeriodsDialog(ws)
	return ws, nil
}

func (ws *workspace) load() error {
	ctx := ws.ui.ctx()
	qs, err := ws.store.Questions(ctx, assurance.QuestionFilter{})
	if err != nil {
		return err
	}
	ms, err := ws.store.Meetings(ctx)
	if err != nil {
		return err
	}
	ws.questions, ws.meetings = qs, ms
	return nil
}

func (ws *workspace) buildUI() fyne.CanvasObject {
	ws.listUI = ws.list.buildUI()
	ws.split = container.NewHSplit(widget.NewLabel(""), ws.editor.buildUI())
	ws.split.Offset = 0.55
	ws.questionsBox = container.NewStack(ws.listUI)
	ws.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Questions", theme.ListIcon(), ws.questionsBox),
		container.NewTabItemWithIcon("Dashboard", theme.GridIcon(), ws.dashboard.buildUI()),
		container.NewTabItemWithIcon("Meetings", theme.CalendarIcon(), ws.meetingsV.buildUI()),
		container.NewTabItemWithIcon("Evidence requests", theme.MailSendIcon(), ws.requests.buildUI()),
		container.NewTabItemWithIcon("Decisions", theme.ConfirmIcon(), ws.decisions.buildUI()),
		container.NewTabItemWithIcon("Audit log", theme.HistoryIcon(), ws.audit.buildUI()),
	)
	ws.tabs.OnSelected = ws.onTab
	split := container.NewHSplit(ws.nav.buildUI(), ws.tabs)
	split.Offset = 0.22
	return split
}

// scale is the text size, as a factor of the normal size.
func (ws *workspace) scale() float32 { return ws.ui.theme.scale }

// setScale resizes the tables' columns when the text size changes.
func (ws *workspace) setScale(scale float32) {
	for _, t := range []*focusTable{ws.list.table, ws.audit.table, ws.editor.history.table, ws.requests.table, ws.decisions.table} {
		t.refit()
	}
	ws.dashboard.setScale(scale)
}

// showEditor shows the question list beside the editor, or alone and full
// width when no question is open.
func (ws *workspace) showEditor(on bool) {
	if on == (ws.questionsBox.Objects[0] == ws.split) {
		return
	}
	if on {
		ws.split.Leading = ws.listUI
		ws.questionsBox.Objects = []fyne.CanvasObject{ws.split}
	} else {
		ws.split.Leading = widget.NewLabel("")
		ws.questionsBox.Objects = []fyne.CanvasObject{ws.listUI}
	}
	ws.split.Refresh()
	ws.questionsBox.Refresh()
}

// loaded fills the screens once the workspace is on the window.
func (ws *workspace) loaded() {
	ws.list.tagsChanged()
	ws.nav.refresh()
	ws.list.refresh()
	ws.editor.clear()
}

func (ws *workspace) onTab(*container.TabItem) { ws.refreshTab() }

// refreshTab refreshes the open tab's screen; the question list is always current.
func (ws *workspace) refreshTab() {
	switch ws.tabs.SelectedIndex() {
	case tabDashboard:
		ws.dashboard.refresh()
	case tabMeetings:
		ws.meetingsV.refresh()
	case tabRequests:
		ws.requests.refresh()
	case tabDecisions:
		ws.decisions.refresh()
	case tabAudit:
		ws.audit.refresh()
	}
}

func (ws *workspace) selectTab(i int) {
	if ws.tabs.SelectedIndex() != i {
		ws.tabs.SelectIndex(i)
	}
}

// nextTab moves step tabs on (back when negative), round the end.
func (ws *workspace) nextTab(step int) {
	n := len(ws.tabs.Items)
	ws.selectTab(((ws.tabs.SelectedIndex()+step)%n + n) % n)
}

func (ws *workspace) question(id int64) *assurance.Question {
	for _, q := range ws.questions {
		if q.ID == id {
			return q
		}
	}
	return nil
}

func (ws *workspace) meeting(id int64) *assurance.Meeting {
	for _, m := range ws.meetings {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// questionChanged reads question id back from the store (its counts and
// version come from there) and updates the list and tree.
func (ws *workspace) questionChanged(id int64) {
	q, err := ws.store.Question(ws.ui.ctx(), id)
	if err != nil {
		ws.ui.showError("Could not read the question back", err)
		return
	}
	i := slices.IndexFunc(ws.questions, func(o *assurance.Question) bool { return o.ID == id })
	if i >= 0 {
		ws.questions[i] = q
	} else {
		ws.questions = append(ws.questions, q)
		slices.SortFunc(ws.questions, func(a, b *assurance.Question) int { return compareRefs(a.Ref, b.Ref) })
	}
	ws.changed()
}

func (ws *workspace) questionDeleted(id int64) {
	ws.questions = slices.DeleteFunc(ws.questions, func(o *assurance.Question) bool { return o.ID == id })
	ws.changed()
}

func (ws *workspace) meetingsChanged() {
	ms, err := ws.store.Meetings(ws.ui.ctx())
	if err != nil {
		ws.ui.showError("Could not read the meetings", err)
		return
	}
	ws.meetings = ms
	ws.list.meetingsChanged()
	ws.editor.meetingsChanged()
}

// changed refreshes whatever shows the question set.
func (ws *workspace) changed() {
	ws.nav.refresh()
	ws.list.refresh()
	ws.refreshTab()
}

// showQuestion brings question id into the editor, asking about unsaved changes first.
func (ws *workspace) showQuestion(id int64) {
	ws.selectTab(tabQuestions)
	ws.editor.confirmLeave(func() {
		if q := ws.question(id); q != nil {
			ws.editor.load(q)
			ws.list.selectQuestion(id)
		}
	})
}

// compareRefs orders Q-0042 before Q-10000: by length, then text.
func compareRefs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
