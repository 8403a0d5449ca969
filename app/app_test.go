package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
	"github.com/xuri/excelize/v2"
)

// fakeFiles answers file dialogs with paths set by the test.
type fakeFiles struct {
	open, save string
	asked      []string
}

func (f *fakeFiles) OpenFile(title string, _ []string, done func(string)) {
	f.asked = append(f.asked, title)
	done(f.open)
}

func (f *fakeFiles) SaveFile(title, _ string, done func(string)) {
	f.asked = append(f.asked, title)
	done(f.save)
}

// testOptions wires the real SQLite store, as cmd/guardian does.
func testOptions(files FileChooser) Options {
	cat := assets.MustCatalogue()
	return Options{
		Catalogue: cat,
		Files:     files,
		Open: func(path string, readOnly bool) (assurance.Store, error) {
			s, err := sqlite.Open(path, sqlite.Options{ReadOnly: readOnly, Catalogue: cat, Actor: "tester"})
			if err != nil {
				return nil, err
			}
			return s, nil
		},
		Create: func(path string) (assurance.Store, error) {
			s, err := sqlite.Create(path, sqlite.Options{Catalogue: cat, Actor: "tester"})
			if err != nil {
				return nil, err
			}
			return s, nil
		},
	}
}

// uiQueue stands in for fyne.Do in tests. The test driver's fyne.Do runs
// the function at once on the background goroutine, racing the test's own
// goroutine on the widgets; queued, it runs on the test goroutine in settle.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

// testUIs is the queue of each UI a test made.
var testUIs sync.Map // *UI -> *uiQueue

// queueUI makes u's background work report through a queue.
func queueUI(u *UI) {
	q := &uiQueue{}
	testUIs.Store(u, q)
	u.runOnUI = q.do
}

// settle waits for u's background work and runs what it handed to the UI
// goroutine, until nothing is left: as the real event loop would.
func settle(u *UI) {
	v, _ := testUIs.Load(u)
	q := v.(*uiQueue)
	for {
		u.bg.Wait()
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

func newTestUI(t *testing.T) (*UI, *fakeFiles) {
	t.Helper()
	old := searchDelay
	searchDelay = time.Millisecond
	t.Cleanup(func() { searchDelay = old })
	a := test.NewTempApp(t)
	w := a.NewWindow("Guardian")
	files := &fakeFiles{}
	u := Create(a, w, testOptions(files))
	queueUI(u)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() { settle(u); u.closeStore() })
	return u, files
}

// newTestLog creates a log with the given questions (text and area) and returns its path.
func newTestLog(t *testing.T, qs ...*assurance.Question) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := testOptions(nil).Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range qs {
		if err := s.CreateQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func q(area, text string) *assurance.Question {
	return &assurance.Question{Area: area, Text: text, AskedOf: "Chief People Officer", RaisedOn: assurance.MustDate("2026-09-01")}
}

// objects returns o and everything inside it, through widget renderers.
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, objects(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, objects(c)...)
		}
	}
	return out
}

// button finds the visible button labelled text in the top dialog or the window.
func button(t *testing.T, u *UI, text string) *widget.Button {
	t.Helper()
	roots := []fyne.CanvasObject{}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		roots = append(roots, top)
	}
	roots = append(roots, u.win.Content())
	for _, r := range roots {
		for _, o := range objects(r) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
				return b
			}
			if b, ok := o.(*focusButton); ok && b.Text == text && b.Visible() {
				return &b.Button
			}
		}
	}
	t.Fatalf("no button %q on screen", text)
	return nil
}

// shortcut presses s as the keyboard would. The test canvas wraps the
// software canvas that holds the shortcut table in an exported field.
func shortcut(u *UI, s fyne.Shortcut) {
	inner := reflect.ValueOf(u.win.Canvas()).Elem().FieldByName("WindowlessCanvas").Interface()
	inner.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(s)
}

func mustQuestions(t *testing.T, s assurance.Store) []*assurance.Question {
	t.Helper()
	qs, err := s.Questions(context.Background(), assurance.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func TestCreateLogAndAddQuestionThroughEditor(t *testing.T) {
	u, files := newTestUI(t)
	files.save = filepath.Join(t.TempDir(), "new log") // no extension: Guardian adds it
	test.Tap(button(t, u, "Create a new log…"))
	if u.store == nil {
		t.Fatal("no log open after Create a new log")
	}
	if got := u.store.Info().Path; !strings.HasSuffix(got, "new log.guardian") {
		t.Errorf("log created at %q, want the .guardian extension added", got)
	}
	if _, err := os.Stat(files.save + LogExtension); err != nil {
		t.Fatalf("log file not on disk: %v", err)
	}

	// A new log opens its settings: fill in the organisation.
	st := u.ws.settings
	test.Type(st.org, "Northshire Community Health NHS Trust")
	test.Type(st.name, "Dr A. Guardian")
	test.Tap(button(t, u, "Save"))
	set, err := u.store.Settings(context.Background())
	if err != nil || set.Organisation != "Northshire Community Health NHS Trust" || set.Guardian != "Dr A. Guardian" {
		t.Fatalf("settings = %+v, %v", set, err)
	}

	test.Tap(u.ws.list.newQ)
	e := u.ws.editor
	e.area.SetSelected(u.fw.Area("4.1").Label())
	test.Type(e.text, "How does the board know the wellbeing offer reaches night staff?")
	test.Type(e.askedOf, "Chief People Officer")
	e.dueOn.SetText("")
	test.Type(e.dueOn, "31/01/2027")
	test.Tap(e.actions.add)
	r := e.actions.rows[0]
	test.Type(r.text, "Survey night staff")
	test.Type(r.owner, "Head of OH")
	if !e.dirty {
		t.Error("editor not marked dirty after typing")
	}
	shortcut(u, ctrl(fyne.KeyS)) // Ctrl+S saves

	qs := mustQuestions(t, u.store)
	if len(qs) != 1 {
		t.Fatalf("store has %d questions, want 1", len(qs))
	}
	got := qs[0]
	if got.Area != "4.1" || got.AskedOf != "Chief People Officer" || got.DueOn != assurance.MustDate("2027-01-31") ||
		!strings.HasPrefix(got.Text, "How does the board know") || got.Status != assurance.StatusDraft {
		t.Errorf("saved question = %+v", got)
	}
	acts, err := u.store.Actions(context.Background(), got.ID)
	if err != nil || len(acts) != 1 || acts[0].Text != "Survey night staff" || acts[0].Owner != "Head of OH" {
		t.Fatalf("actions = %+v, %v", acts, err)
	}
	if e.dirty || e.current.ID != got.ID {
		t.Errorf("after save: dirty %v, editing %d, want clean on %d", e.dirty, e.current.ID, got.ID)
	}
	if len(u.ws.list.rows) != 1 || u.ws.list.rows[0].Ref != got.Ref {
		t.Errorf("list rows = %d, want the new question", len(u.ws.list.rows))
	}

	// Tick the action done and delete nothing: one more save updates it.
	done := e.actions.rows[0].done
	test.TapAt(done, fyne.NewPos(8, done.Size().Height/2))
	test.Tap(e.save)
	acts, _ = u.store.Actions(context.Background(), got.ID)
	if len(acts) != 1 || !acts[0].Done() {
		t.Fatalf("action not done after ticking and saving: %+v", acts)
	}
	// Delete the action: gone from the store after saving.
	test.Tap(e.actions.rows[0].del)
	test.Tap(e.save)
	if acts, _ = u.store.Actions(context.Background(), got.ID); len(acts) != 0 {
		t.Fatalf("action not deleted: %+v", acts)
	}
}

func TestEditorShowsValidationBesideFields(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t), false)
	test.Tap(u.ws.list.newQ)
	e := u.ws.editor
	test.Type(e.dueOn, "1/1/2020") // before the raised date (today)
	e.level.SetSelected(assurance.Substantial.Label())
	test.Tap(e.save)

	for _, f := range []string{assurance.FieldArea, assurance.FieldText, assurance.FieldDueOn, assurance.FieldLevel} {
		if l := e.errs[f]; !l.Visible() || l.Text == "" {
			t.Errorf("no message beside %s", f)
		}
	}
	if msg := e.errs[assurance.FieldLevel].Text; !strings.Contains(msg, "response") {
		t.Errorf("level message = %q, want it to ask for the response", msg)
	}
	if e.errs[assurance.FieldAskedOf].Visible() {
		t.Error("message shown beside a valid field")
	}
	if n := len(mustQuestions(t, u.store)); n != 0 {
		t.Fatalf("invalid question saved: %d in store", n)
	}
	test.Type(e.dueOn, "x")
	e.dueOn.SetText("31/02/20x6")
	test.Tap(e.save)
	if msg := e.errs[assurance.FieldDueOn].Text; !strings.Contains(msg, "not a date") {
		t.Errorf("due message = %q", msg)
	}
}

func TestAttachEvidenceByDialogAndDrop(t *testing.T) {
	u, files := newTestUI(t)
	u.OpenLog(newTestLog(t, q("2.1", "Is the menopause policy used?")), false)
	ws := u.ws
	ws.list.table.Select(widget.TableCellID{Row: 0, Col: 0})
	e := ws.editor
	if e.current == nil || e.current.Ref == "" {
		t.Fatal("selecting the row did not load the question")
	}

	dir := t.TempDir()
	content := []byte(strings.Repeat("minutes of the people committee\n", 20000))
	files.open = filepath.Join(dir, "minutes.txt")
	if err := os.WriteFile(files.open, content, 0o600); err != nil {
		t.Fatal(err)
	}
	test.Tap(e.evidence.attachB)
	settle(u)

	ctx := context.Background()
	ev, err := u.store.EvidenceList(ctx, e.current.ID)
	if err != nil || len(ev) != 1 {
		t.Fatalf("evidence = %v, %v", ev, err)
	}
	sum := sha256.Sum256(content)
	if ev[0].Name != "minutes.txt" || ev[0].Size != int64(len(content)) || ev[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("stored evidence = %+v", ev[0])
	}
	if len(e.evidence.items) != 1 || ws.list.rows[0].EvidenceCount != 1 {
		t.Errorf("panel shows %d items, list count %d", len(e.evidence.items), ws.list.rows[0].EvidenceCount)
	}

	// Dropping two files attaches both.
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("area,score\n4.1,3\n"), 0o600)
	os.WriteFile(b, []byte("note"), 0o600)
	u.onDropped(fyne.NewPos(10, 10), []fyne.URI{fileURI(a), fileURI(b)})
	settle(u)
	if ev, _ = u.store.EvidenceList(ctx, e.current.ID); len(ev) != 3 {
		t.Fatalf("after drop: %d evidence items, want 3", len(ev))
	}

	// Verify, then save a copy and compare bytes.
	e.evidence.list.Select(0)
	test.Tap(e.evidence.verifyB)
	if msg := dialogText(u); !strings.Contains(msg, "Evidence verified") || !strings.Contains(msg, "is intact") ||
		!strings.Contains(msg, e.evidence.items[0].ShortHash()) {
		t.Errorf("after Verify the dialog says %q; want it verified, with the fingerprint", msg)
	}
	test.Tap(button(t, u, "OK"))
	files.save = filepath.Join(dir, "copy")
	test.Tap(e.evidence.saveB)
	settle(u)
	first := e.evidence.items[0]
	got, err := os.ReadFile(files.save)
	if err != nil {
		t.Fatal(err)
	}
	if s := sha256.Sum256(got); hex.EncodeToString(s[:]) != first.SHA256 {
		t.Error("saved copy differs from the evidence")
	}

	// Describe: the description reaches the store.
	test.Tap(e.evidence.describeB)
	desc := objects(u.win.Canvas().Overlays().Top())
	for _, o := range desc {
		if en, ok := o.(*widget.Entry); ok && en.MultiLine {
			test.Type(en, "Minutes, item 7")
		}
	}
	test.Tap(button(t, u, "Save"))
	if got, _ := u.store.Evidence(ctx, first.ID); got.Description != "Minutes, item 7" {
		t.Errorf("description = %q", got.Description)
	}
	e.evidence.list.Select(0)

	// Remove asks first; confirming removes it from the store.
	test.Tap(e.evidence.removeB)
	test.Tap(button(t, u, "Remove"))
	if ev, _ = u.store.EvidenceList(ctx, e.current.ID); len(ev) != 2 {
		t.Fatalf("after remove: %d evidence items, want 2", len(ev))
	}
}

func fileURI(p string) fyne.URI {
	return storageURI(p)
}

func TestFilterByAreaAndSearch(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t,
		q("1.1", "Does the board receive staff sickness data by team?"),
		q("2.1", "How are managers trained in wellbeing conversations?"),
		q("2.1", "Is the menopause policy used by managers?"),
		q("4.1", "What does the staff survey say about violence?"),
	), false)
	l := u.ws.list
	if len(l.rows) != 4 {
		t.Fatalf("list shows %d rows, want 4", len(l.rows))
	}
	u.ws.nav.tree.Select("a:2.1")
	if len(l.rows) != 2 || l.rows[0].Area != "2.1" || l.rows[1].Area != "2.1" {
		t.Fatalf("area 2.1 shows %d rows", len(l.rows))
	}
	if l.count.Text != "2 of 4 questions" {
		t.Errorf("count = %q", l.count.Text)
	}
	u.ws.nav.tree.Select("d:1")
	if len(l.rows) != 1 || l.rows[0].Area != "1.1" {
		t.Fatalf("driver 1 shows %d rows", len(l.rows))
	}
	u.ws.nav.tree.Select(navAll)

	test.Type(l.search, "managers")
	settle(u)
	if len(l.rows) != 2 {
		t.Fatalf("search 'managers' shows %d rows, want 2", len(l.rows))
	}
	for _, r := range l.rows {
		if !strings.Contains(r.Text, "managers") {
			t.Errorf("search shows %q", r.Text)
		}
	}
	// Search and area together.
	u.ws.nav.tree.Select("a:4.1")
	if len(l.rows) != 0 {
		t.Errorf("search + area 4.1 shows %d rows, want 0", len(l.rows))
	}
	u.ws.nav.tree.Select(navAll)
	l.search.SetText("")
	settle(u)
	if len(l.rows) != 4 {
		t.Errorf("cleared search shows %d rows, want 4", len(l.rows))
	}

	// Sorting by tapping the Area header, twice for descending.
	l.onSort(colArea)
	l.onSort(colArea)
	if l.rows[0].Area != "4.1" || l.rows[3].Area != "1.1" {
		t.Errorf("descending by area: first %s last %s", l.rows[0].Area, l.rows[3].Area)
	}
	// Filter by status.
	l.status.SetSelected(assurance.StatusClosed.Label())
	if len(l.rows) != 0 {
		t.Errorf("closed filter shows %d", len(l.rows))
	}
}

func TestALogThatWillNotOpenLeavesTheStartScreen(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First?")), false)
	bad := filepath.Join(t.TempDir(), "notes.guardian")
	if err := os.WriteFile(bad, []byte("not a log at all, just some notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.OpenLog(bad, false)
	if u.ws != nil || u.store != nil || u.start == nil {
		t.Fatalf("after a failed open: workspace %v, store %v, start screen %v", u.ws != nil, u.store != nil, u.start != nil)
	}
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no error dialog for a file that is not a log")
	}
	if got, _ := os.ReadFile(bad); string(got) != "not a log at all, just some notes" {
		t.Error("the file that is not a log was changed")
	}
}

func TestReadOnlyDisablesEditing(t *testing.T) {
	u, _ := newTestUI(t)
	path := newTestLog(t, q("3.2", "Are rest facilities open at night?"))
	u.OpenLog(path, false)
	u.menu.reopenRO.Action() // File > Switch to read-only
	if !u.ReadOnly() {
		t.Fatal("log not read-only after switching")
	}
	if title := u.win.Title(); !strings.Contains(title, "(read-only)") {
		t.Errorf("title = %q", title)
	}
	ws := u.ws
	ws.list.table.Select(widget.TableCellID{Row: 0, Col: 0})
	e := ws.editor
	before := *e.current
	for name, w := range map[string]fyne.Disableable{
		"area": e.area, "text": e.text, "asked of": e.askedOf, "due": e.dueOn, "status": e.status,
		"response": e.response, "level": e.level, "comment": e.comment, "save": e.save, "delete": e.del,
		"add action": e.actions.add, "new question": ws.list.newQ, "attach": e.evidence.attachB, "new meeting": ws.meetingsV.newB,
	} {
		if !w.Disabled() {
			t.Errorf("%s is enabled in a read-only log", name)
		}
	}
	test.Type(e.text, "changed")
	shortcut(u, ctrl(fyne.KeyS))
	shortcut(u, ctrl(fyne.KeyN))
	if e.onSave() {
		t.Error("save reported success in a read-only log")
	}
	qs := mustQuestions(t, u.store)
	if len(qs) != 1 || qs[0].Text != before.Text || qs[0].Version != before.Version {
		t.Errorf("read-only log changed: %+v", qs)
	}
	if e.text.Text != before.Text {
		t.Errorf("typing changed a disabled field to %q", e.text.Text)
	}
	if _, err := u.store.Questions(context.Background(), assurance.QuestionFilter{}); err != nil {
		t.Fatal(err)
	}

	// And back to editing.
	u.menu.reopenRW.Action()
	if u.ReadOnly() || strings.Contains(u.win.Title(), "read-only") {
		t.Error("still read-only after Switch to editing")
	}
}

func TestUnsavedChangesPrompt(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "First question?"), q("1.2", "Second question?")), false)
	ws := u.ws
	l, e := ws.list, ws.editor
	l.table.Select(widget.TableCellID{Row: 0, Col: 0})
	first := e.current.ID
	test.Type(e.comment, "A thought")

	// Cancel: stays on the first question with the edit.
	l.table.Select(widget.TableCellID{Row: 1, Col: 0})
	if e.leaveDialog == nil {
		t.Fatal("no prompt when leaving unsaved changes")
	}
	test.Tap(button(t, u, "Cancel"))
	if e.current.ID != first || !e.dirty || e.comment.Text != "A thought" {
		t.Fatalf("after Cancel: editing %d dirty %v comment %q", e.current.ID, e.dirty, e.comment.Text)
	}

	// Discard: moves on, store unchanged.
	l.table.Select(widget.TableCellID{Row: 1, Col: 0})
	test.Tap(button(t, u, "Discard changes"))
	if e.current.ID == first || e.dirty {
		t.Fatal("Discard changes did not move to the second question")
	}
	if got, _ := u.store.Question(context.Background(), first); got.Comment != "" {
		t.Errorf("discarded comment stored: %q", got.Comment)
	}

	// Save: the edit reaches the store, then the new log opens... here, closing the log.
	test.Type(e.comment, "Keep this")
	u.CloseLog()
	test.Tap(button(t, u, "Save changes"))
	if u.ws != nil {
		t.Fatal("log still open after Save changes")
	}
	s, err := testOptions(nil).Open(ws.store.Info().Path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	qs := mustQuestions(t, s)
	if qs[1].Comment != "Keep this" {
		t.Errorf("saved comment = %q", qs[1].Comment)
	}
}

func TestExportDialogWritesBoardPaper(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Does the board see sickness data?"), q("4.1", "What does the survey say?")), false)
	test.Tap(u.ws.list.export)
	x := u.ws.export
	out := filepath.Join(t.TempDir(), "paper")
	x.path.SetText(out)
	x.scope.SetSelected(scopeDriver)
	x.driver.SetSelectedIndex(3) // driver 4
	test.Tap(button(t, u, "Export"))
	settle(u)
	if x.result == nil {
		t.Fatalf("export did not finish: %q", x.stage.Text)
	}
	if x.result.Path != out+".xlsx" || x.result.Questions != 1 {
		t.Errorf("result = %+v, want one question of driver 4 in %s.xlsx", x.result, out)
	}
	f, err := excelize.OpenFile(out + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, export.Sheets) {
		t.Errorf("sheets = %v", got)
	}
	if !button(t, u, "Open").Visible() {
		t.Error("no Open button after the export")
	}
}

func TestMeetingsDashboardAuditAndTextSize(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Does the board see sickness data?")), false)
	ws := u.ws
	ctx := context.Background()

	// A meeting made on the Meetings tab reaches the store and the editor's list.
	u.menu.menu.Items[2].Items[2].Action() // View > Meetings
	m := ws.meetingsV
	test.Tap(m.newB)
	m.kind.SetSelected(assurance.PeopleCommittee.Label())
	test.Type(m.title, "People Committee, December")
	m.date.SetText("")
	test.Type(m.date, "3/12/2026")
	test.Tap(m.save)
	ms, err := u.store.Meetings(ctx)
	if err != nil || len(ms) != 1 || ms[0].Kind != assurance.PeopleCommittee || ms[0].Date != assurance.MustDate("2026-12-03") {
		t.Fatalf("meetings = %+v, %v", ms, err)
	}
	if got := ws.editor.meeting.Options; len(got) != 2 {
		t.Errorf("editor offers meetings %v", got)
	}
	// A bad date is reported beside the field and nothing is saved.
	test.Tap(m.newB)
	m.date.SetText("next Tuesday")
	test.Tap(m.save)
	if !m.errs[assurance.FieldDate].Visible() {
		t.Error("no message beside a bad meeting date")
	}
	if ms, _ = u.store.Meetings(ctx); len(ms) != 1 {
		t.Errorf("%d meetings after a bad save", len(ms))
	}

	// The dashboard counts what the store holds: 1 question, 22 areas without one.
	ws.selectTab(tabDashboard)
	d := ws.dashboard
	if d.summary.Questions != 1 || len(d.summary.NoQuestions) != 22 || len(d.summary.NoEvidence) != 1 {
		t.Errorf("summary: %d questions, %d areas with none, %d without evidence",
			d.summary.Questions, len(d.summary.NoQuestions), len(d.summary.NoEvidence))
	}
	if len(d.rows) != 23+4 {
		t.Errorf("heatmap has %d rows, want 23 areas and 4 drivers", len(d.rows))
	}
	if !strings.Contains(d.attention.Text, "4.1 ") {
		t.Errorf("attention panel does not flag area 4.1: %q", d.attention.Text)
	}

	// The audit log shows the question's creation and the meeting.
	ws.selectTab(tabAudit)
	if len(ws.audit.entries) < 2 {
		t.Errorf("audit view shows %d entries", len(ws.audit.entries))
	}

	// Larger text is remembered.
	u.zoom(1)
	if u.theme.scale <= 1 || u.app.Preferences().Float(prefTextScale) != float64(u.theme.scale) {
		t.Errorf("text scale %v not stored", u.theme.scale)
	}
}

func TestLargeAttachRunsInBackgroundAndOpenMakesReadOnlyCopy(t *testing.T) {
	u, files := newTestUI(t)
	u.OpenLog(newTestLog(t, q("2.2", "Is the referral pathway working?")), false)
	ws := u.ws

	// Dropping files before a question is chosen attaches nothing.
	dir := t.TempDir()
	big := filepath.Join(dir, "staff survey.pdf")
	data := make([]byte, 24<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(big, data, 0o600); err != nil {
		t.Fatal(err)
	}
	u.onDropped(fyne.NewPos(1, 1), []fyne.URI{fileURI(big)})
	settle(u)
	if ev, _ := u.store.EvidenceList(context.Background(), 0); len(ev) != 0 {
		t.Fatalf("a drop with no question chosen attached %d files", len(ev))
	}

	ws.list.table.Select(widget.TableCellID{Row: 0, Col: 0})
	p := ws.editor.evidence
	files.open = big
	test.Tap(p.attachB)
	// The tap returns at once with a progress dialog; the copy runs behind it.
	if p.progress == nil {
		t.Fatal("no progress dialog while a 24 MB file is attached")
	}
	settle(u)
	if p.progress != nil {
		t.Error("progress dialog still open after the attach finished")
	}
	ev, err := u.store.EvidenceList(context.Background(), ws.editor.current.ID)
	if err != nil || len(ev) != 1 || ev[0].Size != int64(len(data)) {
		t.Fatalf("evidence = %+v, %v", ev, err)
	}

	// Open writes a read-only copy for the system viewer.
	p.list.Select(0)
	test.Tap(p.openB)
	settle(u)
	if len(u.tempDirs) != 1 {
		t.Fatalf("temp dirs = %v", u.tempDirs)
	}
	copyPath := filepath.Join(u.tempDirs[0], "staff survey.pdf")
	got, err := os.ReadFile(copyPath)
	if err != nil || len(got) != len(data) {
		t.Fatalf("viewer copy: %d bytes, %v", len(got), err)
	}
	if fi, _ := os.Stat(copyPath); fi.Mode().Perm()&0o200 != 0 {
		t.Errorf("viewer copy is writable: %v", fi.Mode())
	}
}

func TestStaleSearchResultsAreDropped(t *testing.T) {
	u, _ := newTestUI(t)
	u.OpenLog(newTestLog(t, q("1.1", "Sickness absence by team?"), q("1.2", "Menopause policy?")), false)
	l := u.ws.list
	test.Type(l.search, "menopause")
	// A result from an earlier search arriving late is ignored.
	l.searchDone(l.searchGen-1, []assurance.SearchHit{{QuestionID: l.rows[0].ID}}, nil, nil)
	if l.hits != nil {
		t.Fatal("a stale search result was applied")
	}
	settle(u)
	if len(l.rows) != 1 || !strings.Contains(l.rows[0].Text, "Menopause") {
		t.Fatalf("rows after search = %d", len(l.rows))
	}
}

func TestClosingTheWindowAsksAboutUnsavedChanges(t *testing.T) {
	u, _ := newTestUI(t)
	path := newTestLog(t, q("1.1", "First?"))
	u.OpenLog(path, false)
	u.ws.list.table.Select(widget.TableCellID{Row: 0, Col: 0})
	test.Type(u.ws.editor.askedOf, "Chief Nurse and ")
	u.onCloseWindow()
	if u.ws == nil || u.ws.editor.leaveDialog == nil {
		t.Fatal("window closed without asking about unsaved changes")
	}
	test.Tap(button(t, u, "Save changes"))
	if u.store != nil {
		t.Fatal("log still open after Save changes on closing")
	}
	s, err := testOptions(nil).Open(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if qs := mustQuestions(t, s); !strings.Contains(qs[0].AskedOf, "Chief Nurse") {
		t.Errorf("asked of = %q, want the edit saved on closing", qs[0].AskedOf)
	}
}

func TestFilterByLevelMeetingAndOverdue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trust.guardian")
	s, err := testOptions(nil).Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: assurance.MustDate("2026-09-03")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	overdue := q("1.1", "Overdue question?")
	overdue.Status, overdue.DueOn, overdue.MeetingID = assurance.StatusAsked, assurance.MustDate("2026-10-01"), m.ID
	limited := q("1.2", "Answered question?")
	limited.Status, limited.Response, limited.Level = assurance.StatusAnswered, "An answer.", assurance.Limited
	for _, x := range []*assurance.Question{overdue, limited, q("1.3", "Draft question?")} {
		if err := s.CreateQuestion(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	u, _ := newTestUI(t)
	u.OpenLog(path, false)
	l := u.ws.list
	refs := func() (out []string) {
		for _, r := range l.rows {
			out = append(out, r.Text)
		}
		return out
	}
	l.level.SetSelected(assurance.Limited.Label())
	if got := refs(); len(got) != 1 || got[0] != "Answered question?" {
		t.Errorf("Limited shows %v", got)
	}
	l.level.SetSelectedIndex(0)
	l.meeting.SetSelected(m.Label())
	if got := refs(); len(got) != 1 || got[0] != "Overdue question?" {
		t.Errorf("meeting shows %v", got)
	}
	l.meeting.SetSelectedIndex(0)
	test.Tap(l.overdue)
	if got := refs(); len(got) != 1 || got[0] != "Overdue question?" {
		t.Errorf("Overdue only shows %v", got)
	}
}

func TestRecentLogsAreRememberedAndReopen(t *testing.T) {
	u, _ := newTestUI(t)
	first, second := newTestLog(t, q("1.1", "First?")), newTestLog(t, q("1.2", "Second?"))
	u.OpenLog(first, false)
	u.OpenLog(second, false)
	u.CloseLog()
	if got := recentLogs(u.app.Preferences()); len(got) != 2 || got[0] != second || got[1] != first {
		t.Fatalf("recent logs = %v, want newest first", got)
	}
	// The start screen lists them; Read-only on the older one opens it so.
	if n := u.start.recent.Length(); n != 2 {
		t.Fatalf("start screen lists %d logs", n)
	}
	row := u.start.recent
	var ro *focusButton
	for _, o := range objects(row) {
		if b, ok := o.(*focusButton); ok && b.Text == "Read-only" {
			ro = b // the last one found is the second row's
		}
	}
	test.Tap(ro)
	if u.store == nil || u.store.Info().Path != first || !u.ReadOnly() {
		t.Fatalf("Read-only on the recent list did not open %s read-only", first)
	}
}

// A file beside the log that is not its own is moved aside, and the user is
// told in plain words when the log opens.
func TestStrayFileBesideTheLogIsReported(t *testing.T) {
	u, _ := newTestUI(t)
	path := newTestLog(t, q("1.1", "First?"))
	if err := os.WriteFile(path+"-wal", []byte("left here by something else"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.OpenLog(path, false)
	settle(u)
	if u.store == nil {
		t.Fatal("the log did not open")
	}
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no message about the file moved aside")
	}
	found := false
	for _, o := range objects(top) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "does not belong") && strings.Contains(l.Text, "trust.guardian-wal") {
			found = true
		}
	}
	if !found {
		t.Error("the message does not say which file was moved aside, or why")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Error("the stray file is still beside the log")
	}
}
