package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"
)

func TestCommitteeAnswersComeBackWithConflictsToChoose(t *testing.T) {
	u, files := newTestUI(t)
	u.OpenLog(newTestLog(t,
		q("2.3", "Is the service framework agreed?"),
		q("4.1", "What data shows the impact of the OHWB service?"),
		q("1.1", "Is OHWB part of the people strategy?")), false)
	files.save = filepath.Join(t.TempDir(), "for committee.xlsx")
	newAnswersDialog(u.ws).export()
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(texts(top), "Saved for committee.xlsx with 3 open questions") {
		t.Fatalf("after exporting: %q", texts(u.win.Canvas().Overlays().Top()))
	}
	u.win.Canvas().Overlays().Top().Hide()

	// The committee answers two questions; the Guardian meanwhile records
	// an answer to one of them in the log.
	f, err := excelize.OpenFile(files.save)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Answers", "E2", "Agreed at the People Committee in November.")
	f.SetCellValue("Answers", "G2", "Substantial")
	f.SetCellValue("Answers", "E3", "A quarterly dashboard with outcomes from January.")
	f.Save()
	f.Close()
	q2, _ := u.store.QuestionByRef(context.Background(), "Q-0002")
	q2.Response = "A dashboard; outcomes to follow."
	if err := u.store.UpdateQuestion(context.Background(), q2); err != nil {
		t.Fatal(err)
	}

	files.open = files.save
	x := newAnswersDialog(u.ws)
	x.importAnswers()
	if x.plan == nil {
		t.Fatal("the answers were not read")
	}
	if !strings.Contains(x.summary.Text, "3 questions matched. Changed only in the workbook, to be applied: 2. Changed in the workbook and also in the log since it was written: 1;") {
		t.Errorf("summary %q", x.summary.Text)
	}
	shown := texts(u.win.Canvas().Overlays().Top())
	for _, want := range []string{"Changed in both places", "Q-0002 Response", "A quarterly dashboard with outcomes from January.", "A dashboard; outcomes to follow.",
		"Changed only in the workbook: applied", "Q-0001 Assurance level", "Substantial"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the dialog does not show %q", want)
		}
	}
	writePNG(t, "answers-conflicts", u.win.Canvas().Capture())

	// Apply without choosing: the log's answer stays.
	test.Tap(button(t, u, "Apply"))
	q1, _ := u.store.QuestionByRef(context.Background(), "Q-0001")
	q2, _ = u.store.QuestionByRef(context.Background(), "Q-0002")
	if q1.Response != "Agreed at the People Committee in November." || q1.Level.Label() != "Substantial" || q2.Response != "A dashboard; outcomes to follow." {
		t.Errorf("after Apply: Q-0001 %q %s, Q-0002 %q", q1.Response, q1.Level, q2.Response)
	}
	test.Tap(button(t, u, "Close"))

	// Again, choosing the workbook's answer for the conflict.
	x = newAnswersDialog(u.ws)
	x.importAnswers()
	ch := x.choices["Q-0002 Response"]
	if ch == nil {
		t.Fatalf("no choice for the conflict: %v", x.choices)
	}
	test.Tap(ch)
	test.Tap(button(t, u, "Apply"))
	q2, _ = u.store.QuestionByRef(context.Background(), "Q-0002")
	if q2.Response != "A quarterly dashboard with outcomes from January." {
		t.Errorf("after choosing the workbook's: %q", q2.Response)
	}
}
