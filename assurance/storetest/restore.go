package storetest

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/transfer"
)

// testRestore copies a log with gaps in its ids into a new log of the same
// kind and back: every field arrives, and a second copy changes nothing.
func testRestore(t *testing.T, h Harness) {
	src := h.New(t)
	if _, ok := src.(assurance.Restorer); !ok {
		t.Fatal("the store cannot take a copy of another log (assurance.Restorer)")
	}
	if err := src.UpdateSettings(ctx, assurance.Settings{Organisation: "Copied Trust", Guardian: "G"}); err != nil {
		t.Fatal(err)
	}
	m := &assurance.Meeting{Kind: assurance.Board, Date: assurance.MustDate("2026-04-01"), Title: "April"}
	if err := src.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	q1 := mustQuestion(t, src, "1.1", "Kept")
	q2 := mustQuestion(t, src, "1.2", "Deleted")
	q1.MeetingID, q1.DueOn, q1.Response, q1.Status = m.ID, assurance.MustDate("2026-05-01"), "An answer", assurance.StatusAnswered
	if err := src.UpdateQuestion(ctx, q1); err != nil {
		t.Fatal(err)
	}
	if err := src.CreateAction(ctx, &assurance.Action{QuestionID: q1.ID, Text: "Do it", DueOn: assurance.MustDate("2026-06-01")}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.txt", "b.txt"} {
		if err := src.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q1.ID, Name: name}, strings.NewReader("same")); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.DeleteQuestion(ctx, q2.ID); err != nil {
		t.Fatal(err)
	}
	dst := h.New(t)
	c, err := transfer.Copy(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if c.Questions != 1 || c.Meetings != 1 || c.Actions != 1 || c.Evidence != 2 || c.EvidenceBytes != 8 || c.Already {
		t.Fatalf("counts %+v", c)
	}
	if diffs, err := transfer.Diff(ctx, src, dst); err != nil || len(diffs) > 0 {
		t.Fatalf("copy differs (%v): %v", err, diffs)
	}
	if again, err := transfer.Copy(ctx, src, dst); err != nil || !again.Already {
		t.Fatalf("second copy: %+v, %v", again, err)
	}
	q3 := mustQuestion(t, dst, "1.1", "After the copy")
	if q3.Ref != "Q-0003" || q3.ID <= q2.ID {
		t.Fatalf("after the copy the next question is %s (id %d): a deleted one's number came back", q3.Ref, q3.ID)
	}
	// Evidence that arrives with other bytes than its hash says is refused,
	// and nothing of the copy stays.
	fresh := h.New(t)
	_, err = transfer.Copy(ctx, tampered{src}, fresh)
	wantCode(t, err, assurance.ECORRUPT)
	if qs, _ := fresh.Questions(ctx, assurance.QuestionFilter{}); len(qs) != 0 {
		t.Fatalf("a refused copy left %d questions", len(qs))
	}
	// Into a log that is not empty, nothing goes.
	err = dst.(assurance.Restorer).Restore(ctx, func(w assurance.RecordWriter) error { return nil })
	wantCode(t, err, assurance.EINVALID)
}

// tampered hands out other bytes than the evidence records.
type tampered struct{ assurance.Store }

func (t tampered) OpenEvidence(ctx context.Context, id int64) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader("forged")), nil
}
