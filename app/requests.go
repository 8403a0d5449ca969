package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assurance"
)

// requestsScreen lists the evidence the guardian has asked for from the
// people who hold it, overdue ones first in words, and records new requests,
// their receipt (satisfied by attached evidence) and withdrawal.
type requestsScreen struct {
	ws       *workspace
	all      []*assurance.EvidenceRequest
	shown    []*assurance.EvidenceRequest
	selected *assurance.EvidenceRequest
	evidence []*assurance.Evidence // on the selected request's question

	overdueOnly *focusCheck
	table       *focusTable
	summary     *widget.Label

	question *focusSelect
	from     *widget.SelectEntry
	what     *widget.Entry
	kind     *focusSelect
	due      *widget.Entry
	errs     map[string]*widget.Label
	add      *focusButton

	chosen   *widget.Label
	side     *fyne.Container // relaid out when chosen's text changes its height
	satisfy  *focusSelect
	receive  *focusButton
	withdraw *focusButton
}

var requestColumns = []column{
	{"State", 82}, {"Question", 72}, {"Asked of", 190}, {"Evidence asked for", 165}, {"Requested", 95}, {"Due", 95},
}

func newRequestsScreen(ws *workspace) *requestsScreen {
	return &requestsScreen{ws: ws, errs: map[string]*widget.Label{}}
}

func (r *requestsScreen) buildUI() fyne.CanvasObject {
	r.overdueOnly = newCheck("Overdue only", func(bool) { r.filter() })
	r.summary = widget.NewLabel("")
	r.summary.Wrapping = fyne.TextWrapWord
	r.table = newTextTable(requestColumns, r.ws.ui.theme.scale, func() int { return len(r.shown) }, r.cell, r.onSelected)
	r.table.name = "Evidence requests"
	r.table.stretch(requestColumns, 3, r.ws.scale) // Evidence asked for

	r.question = newSelect(nil, nil)
	r.question.PlaceHolder = "Choose the question it is for"
	r.from = newSelectEntry(assurance.RequestRoles)
	r.from.SetPlaceHolder("A role and/or name, such as Head of occupational health")
	r.what = widget.NewMultiLineEntry()
	r.what.SetMinRowsVisible(2)
	r.what.SetPlaceHolder("The evidence asked for, such as the OH activity report for Q2")
	r.kind = newSelect(nil, nil)
	r.kind.PlaceHolder = "(Kind of evidence)"
	r.due = widget.NewEntry()
	r.due.SetPlaceHolder("dd/mm/yyyy")
	r.add = newButton("Add request", theme.ContentAddIcon(), widget.HighImportance, r.onAdd)
	form := widget.NewForm(
		fieldItem(r.errs, "Question", "question", r.question),
		fieldItem(r.errs, "Asked of", assurance.FieldFrom, r.from),
		fieldItem(r.errs, "Evidence", assurance.FieldWhat, r.what),
		fieldItem(r.errs, "Kind", assurance.FieldKind, r.kind),
		fieldItem(r.errs, "Due", assurance.FieldDueOn, r.due),
	)

	r.chosen = widget.NewLabel("Choose a request in the list to mark it received or withdrawn.")
	r.chosen.Wrapping = fyne.TextWrapWord
	r.satisfy = newSelect(nil, nil)
	r.satisfy.PlaceHolder = "(Evidence that satisfies it, if attached)"
	r.receive = newButton("Mark received", theme.ConfirmIcon(), widget.HighImportance, r.onReceive)
	r.withdraw = newButton("Withdraw", theme.CancelIcon(), widget.MediumImportance, r.onWithdraw)
	r.receive.Disable()
	r.withdraw.Disable()
	if r.ws.readOnly {
		r.add.Disable()
	}
	heading := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	r.side = container.NewVBox(
		heading("Ask for evidence"), form, container.NewHBox(r.add),
		widget.NewSeparator(),
		heading("The chosen request"), r.chosen, r.satisfy, container.NewHBox(r.receive, r.withdraw),
	)
	top := border(nil, nil, nil, r.overdueOnly, r.summary)
	split := container.NewHSplit(border(top, nil, nil, nil, r.table), container.NewVScroll(r.side))
	split.Offset = 0.66
	return split
}

func (r *requestsScreen) cell(row, col int) string {
	q := r.shown[row]
	today := assurance.Today()
	switch col {
	case 0:
		s := q.Shown(today).Label()
		if q.Overdue(today) {
			s = strings.ToUpper(s) // said in words, never by colour alone
		}
		return s
	case 1:
		return q.QuestionRef
	case 2:
		return q.From
	case 3:
		return firstLine(q.What)
	case 4:
		return q.RequestedOn.UK()
	case 5:
		return q.DueOn.UK()
	}
	return ""
}

// refresh reads the requests and the lists the form offers.
func (r *requestsScreen) refresh() {
	if r.table == nil {
		return
	}
	y := assurance.YearOf(r.ws.store)
	if y == nil {
		r.summary.SetText("This log cannot keep evidence requests.")
		return
	}
	all, err := y.EvidenceRequests(r.ws.ui.ctx(), assurance.RequestFilter{})
	if err != nil {
		r.ws.ui.showError("Could not read the evidence requests", err)
		return
	}
	r.all = all
	var qs []string
	for _, q := range r.ws.questions {
		qs = append(qs, q.Ref+"  "+firstLine(q.Text))
	}
	r.question.SetOptions(qs)
	ls, err := y.LogSettings(r.ws.ui.ctx())
	if err != nil {
		r.ws.ui.showError("Could not read the log's settings", err)
		return
	}
	r.kind.SetOptions(ls.Kinds())
	r.filter()
	if r.selected != nil {
		r.choose(r.find(r.selected.ID))
	}
}

func (r *requestsScreen) find(id int64) *assurance.EvidenceRequest {
	for _, q := range r.all {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// filter applies the Overdue only box and updates the summary line.
func (r *requestsScreen) filter() {
	today := assurance.Today()
	r.shown = r.shown[:0]
	overdue := 0
	for _, q := range r.all {
		if q.Overdue(today) {
			overdue++
		}
		if !r.overdueOnly.Checked || q.Overdue(today) {
			r.shown = append(r.shown, q)
		}
	}
	r.summary.SetText(fmt.Sprintf("%d evidence requests; %d overdue (still awaited after the due date).", len(r.all), overdue))
	r.table.Refresh()
}

func (r *requestsScreen) onSelected(id widget.TableCellID) {
	if id.Row >= 0 && id.Row < len(r.shown) {
		r.choose(r.shown[id.Row])
	}
}

// choose makes q the request the lower buttons act on.
func (r *requestsScreen) choose(q *assurance.EvidenceRequest) {
	r.selected = q
	if q == nil {
		r.chosen.SetText("Choose a request in the list to mark it received or withdrawn.")
		r.side.Refresh()
		r.receive.Disable()
		r.withdraw.Disable()
		return
	}
	r.chosen.SetText(fmt.Sprintf("%s: %s, asked of %s; %s.", q.QuestionRef, firstLine(q.What), q.From, strings.ToLower(q.Shown(assurance.Today()).Label())))
	r.side.Refresh() // a wrapped label's new height reaches the box only on its refresh
	ev, err := r.ws.store.EvidenceList(r.ws.ui.ctx(), q.QuestionID)
	if err != nil {
		r.ws.ui.showError("Could not read the evidence", err)
		return
	}
	r.evidence = ev
	opts := []string{"(None attached)"}
	for _, e := range ev {
		opts = append(opts, e.Name)
	}
	r.satisfy.SetOptions(opts)
	r.satisfy.SetSelectedIndex(0)
	awaited := q.State == assurance.RequestRequested && !r.ws.readOnly
	setEnabled(r.receive, awaited)
	setEnabled(r.withdraw, awaited)
}

func (r *requestsScreen) onAdd() {
	y := assurance.YearOf(r.ws.store)
	problems := map[string]string{}
	i := r.question.SelectedIndex()
	if i < 0 || i >= len(r.ws.questions) {
		problems["question"] = "Choose the question the evidence is for."
	}
	due, err := assurance.ParseDate(r.due.Text)
	if err != nil {
		problems[assurance.FieldDueOn] = assurance.ErrorMessage(err)
	}
	if len(problems) > 0 || y == nil {
		showFieldErrors(r.errs, problems)
		return
	}
	req := &assurance.EvidenceRequest{QuestionID: r.ws.questions[i].ID, From: r.from.Text, What: r.what.Text,
		Kind: r.kind.Selected, DueOn: due}
	if err := y.CreateEvidenceRequest(r.ws.ui.ctx(), req); err != nil {
		if f := assurance.FieldErrors(err); len(f) > 0 {
			showFieldErrors(r.errs, f)
			return
		}
		r.ws.ui.showError("Could not save the evidence request", err)
		return
	}
	showFieldErrors(r.errs, nil)
	r.from.SetText("")
	r.what.SetText("")
	r.due.SetText("")
	r.kind.ClearSelected()
	r.refresh()
	r.choose(r.find(req.ID))
}

func (r *requestsScreen) onReceive() {
	y := assurance.YearOf(r.ws.store)
	if r.selected == nil || y == nil {
		return
	}
	var evID int64
	if i := r.satisfy.SelectedIndex(); i > 0 && i <= len(r.evidence) {
		evID = r.evidence[i-1].ID
	}
	if err := y.ReceiveEvidence(r.ws.ui.ctx(), r.selected.ID, evID, assurance.Today()); err != nil {
		r.ws.ui.showError("Could not mark the request received", err)
		return
	}
	r.refresh()
}

func (r *requestsScreen) onWithdraw() {
	y := assurance.YearOf(r.ws.store)
	if r.selected == nil || y == nil {
		return
	}
	q := *r.selected
	q.State = assurance.RequestWithdrawn
	if err := y.UpdateEvidenceRequest(r.ws.ui.ctx(), &q); err != nil {
		r.ws.ui.showError("Could not withdraw the request", err)
		return
	}
	r.refresh()
}

// overdueRequests lists the log's overdue evidence requests, for the dashboard.
func overdueRequests(ws *workspace) ([]*assurance.EvidenceRequest, error) {
	y := assurance.YearOf(ws.store)
	if y == nil {
		return nil, nil
	}
	return y.EvidenceRequests(ws.ui.ctx(), assurance.RequestFilter{OverdueOn: assurance.Today()})
}

// overdueRequestsText lists overdue requests for the dashboard's attention panel.
func overdueRequestsText(rs []*assurance.EvidenceRequest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nEvidence requests overdue (%d)\n", len(rs))
	if len(rs) == 0 {
		b.WriteString("   none\n")
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "   • %s: %s from %s, due %s\n", r.QuestionRef, firstLine(r.What), r.From, r.DueOn.UK())
	}
	return b.String()
}
