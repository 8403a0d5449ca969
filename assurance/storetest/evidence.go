package storetest

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

func testEvidenceShared(t *testing.T, h Harness) {
	s := h.New(t)
	q1 := mustQuestion(t, s, "1.1", "One")
	q2 := mustQuestion(t, s, "1.2", "Two")
	const size = 1<<20 + 123 // more than one chunk, not a whole number of them
	want := SHA256Of(t, NewPattern(size, 7))
	var ev []*assurance.Evidence
	err := s.Batch(ctx, func(w assurance.Writer) error {
		for i, qid := range []int64{q1.ID, q2.ID, q1.ID} {
			e := &assurance.Evidence{QuestionID: qid, Name: fmt.Sprintf("copy%d.bin", i), Description: "Copy"}
			if err := w.AttachEvidence(ctx, e, NewPattern(size, 7)); err != nil {
				return err
			}
			ev = append(ev, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ev {
		if e.SHA256 != want || e.Size != size || e.ID == 0 || e.AddedBy != Actor || e.AddedAt.IsZero() {
			t.Fatalf("attached %+v, want SHA-256 %s and size %d", e, want, size)
		}
	}
	s = h.Reopen(t, s, false)
	got, err := s.Evidence(ctx, ev[1].ID)
	if err != nil || !reflect.DeepEqual(utcEvidence(got), utcEvidence(ev[1])) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, ev[1])
	}
	list, err := s.EvidenceList(ctx, q1.ID)
	if err != nil || len(list) != 2 || list[0].ID != ev[0].ID || list[1].ID != ev[2].ID || list[0].QuestionRef != q1.Ref {
		t.Fatalf("evidence on %s: %+v, %v", q1.Ref, list, err)
	}
	if all, _ := s.EvidenceList(ctx, 0); len(all) != 3 {
		t.Fatalf("all evidence: %d, want 3", len(all))
	}
	other := &assurance.Evidence{QuestionID: q2.ID, Name: "other.bin"}
	if err := s.AttachEvidence(ctx, other, NewPattern(size, 8)); err != nil {
		t.Fatal(err)
	}
	if other.SHA256 == want {
		t.Fatal("different content got the same hash")
	}
	r, err := s.OpenEvidence(ctx, ev[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := sameBytes(t, r, NewPattern(size, 7)); n != size {
		t.Fatalf("read back %d bytes, want %d", n, size)
	}
	r.Close()

	// Removing copies keeps the bytes the others share.
	for i, e := range ev[:2] {
		if err := s.RemoveEvidence(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.VerifyEvidence(ctx, ev[2].ID); err != nil {
			t.Fatalf("remaining copy damaged after removing %d: %v", i+1, err)
		}
	}
	_, err = s.Evidence(ctx, ev[0].ID)
	wantCode(t, err, assurance.ENOTFOUND)
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() || rep.EvidenceChecked != 2 || rep.EvidenceBytes != 2*size {
		t.Fatalf("check: %+v, %v", rep, err)
	}
	if q, _ := s.Question(ctx, q1.ID); q.EvidenceCount != 1 {
		t.Fatalf("%s has %d evidence, want 1", q.Ref, q.EvidenceCount)
	}
}

func testEmptyEvidence(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "1.1", "Empty file")
	e := &assurance.Evidence{QuestionID: q.ID, Name: "empty.txt"}
	if err := s.AttachEvidence(ctx, e, strings.NewReader("")); err != nil {
		t.Fatal(err)
	}
	const emptySHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if e.Size != 0 || e.SHA256 != emptySHA {
		t.Fatalf("empty evidence %+v", e)
	}
	if err := s.VerifyEvidence(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if b := readEvidence(t, s, e.ID); len(b) != 0 {
		t.Fatalf("read back %q", b)
	}
}

func testEvidenceNames(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "1.1", "Names")
	for in, want := range map[string]string{
		`C:\Users\me\Board papers\minutes.docx`: "minutes.docx",
		"/home/me/../etc/passwd":                "passwd",
		"  plain.txt ":                          "plain.txt",
		`\\server\share\audit.pdf`:              "audit.pdf",
		"D:report.pdf":                          "report.pdf",
	} {
		e := &assurance.Evidence{QuestionID: q.ID, Name: in}
		if err := s.AttachEvidence(ctx, e, strings.NewReader(in)); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		got, err := s.Evidence(ctx, e.ID)
		if err != nil || got.Name != want || got.QuestionRef != q.Ref || got.AddedBy != Actor {
			t.Fatalf("%q stored as %+v (%v), want name %q", in, got, err, want)
		}
		if b := readEvidence(t, s, e.ID); string(b) != in {
			t.Fatalf("%q reads back as %q", in, b)
		}
	}
	for _, bad := range []string{"", "   ", "/", `C:\`} {
		err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: bad}, strings.NewReader("x"))
		wantCode(t, err, assurance.EINVALID)
		if assurance.FieldErrors(err)[assurance.FieldName] == "" {
			t.Fatalf("name %q: error %v not against the name field", bad, err)
		}
	}
	err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: 999999, Name: "x.txt"}, strings.NewReader("x"))
	wantCode(t, err, assurance.ENOTFOUND)

	ev, _ := s.EvidenceList(ctx, q.ID)
	e := ev[0]
	name := e.Name
	e.Description = "Minutes of the March board"
	e.Name = "renamed.docx" // ignored: only the description changes
	if err := s.UpdateEvidence(ctx, e); err != nil {
		t.Fatal(err)
	}
	s = h.Reopen(t, s, false)
	got, err := s.Evidence(ctx, e.ID)
	if err != nil || got.Description != "Minutes of the March board" || got.Name != name {
		t.Fatalf("after update: %+v, %v", got, err)
	}
}

func testMediaType(t *testing.T, h Harness) {
	s := h.New(t)
	q := mustQuestion(t, s, "1.1", "Types")
	zipHead := func(first string, content string) string {
		// A zip local file header for an uncompressed first entry.
		var b bytes.Buffer
		b.WriteString("PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
		n := len(content)
		b.Write([]byte{byte(n), byte(n >> 8), 0, 0, byte(n), byte(n >> 8), 0, 0})
		b.Write([]byte{byte(len(first)), 0, 0, 0})
		b.WriteString(first)
		b.WriteString(content)
		return b.String()
	}
	cases := []struct{ name, content, want string }{
		{"report.pdf", "%PDF-1.7\n%âãÏÓ\n1 0 obj", "application/pdf"},
		{"report.pdf", "just some text pretending", "text/plain"},
		{"photo.jpg", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"},
		{"data.csv", "month,count\nJan,12\n", "text/csv"},
		{"minutes.docx", zipHead("[Content_Types].xml", "<?xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"plan.docx", zipHead("mimetype", "application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text"},
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00\x00", "application/vnd.ms-excel"},
		{"evil.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"},
		{"page.txt", "<!DOCTYPE html><html><script>", "text/html"},
	}
	for _, c := range cases {
		e := &assurance.Evidence{QuestionID: q.ID, Name: c.name}
		if err := s.AttachEvidence(ctx, e, strings.NewReader(c.content)); err != nil {
			t.Fatal(err)
		}
		if e.MediaType != c.want {
			t.Errorf("%s with %q: media type %q, want %q", c.name, c.content[:min(len(c.content), 12)], e.MediaType, c.want)
		}
	}
}

func testLargeEvidence(t *testing.T, h Harness) {
	size := h.LargeEvidence
	if size == 0 {
		size = 64 << 20
	}
	s := h.New(t)
	q := mustQuestion(t, s, "4.1", "Where is the annual OH report?")
	want := SHA256Of(t, NewPattern(size, 42))

	runtime.GC()
	stop := peakHeap()
	e := &assurance.Evidence{QuestionID: q.ID, Name: `C:\Users\guardian\Reports\OH annual report.bin`, Description: "Annual report"}
	err := s.AttachEvidence(ctx, e, NewPattern(size, 42))
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("attaching %d MiB: peak HeapInuse %.1f MiB", size>>20, float64(peak)/(1<<20))
	if peak > 32<<20 {
		t.Fatalf("peak heap while attaching %d MiB was %.1f MiB, want under 32 MiB", size>>20, float64(peak)/(1<<20))
	}
	if e.Size != size || e.SHA256 != want || e.Name != "OH annual report.bin" || e.MediaType != "application/octet-stream" {
		t.Fatalf("attached evidence %+v", e)
	}
	if err := s.VerifyEvidence(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	stop = peakHeap()
	r, err := s.OpenEvidence(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	total := sameBytes(t, r, NewPattern(size, 42))
	r.Close()
	peak = stop()
	t.Logf("reading %d MiB back: peak HeapInuse %.1f MiB", size>>20, float64(peak)/(1<<20))
	if total != size {
		t.Fatalf("read back %d bytes, want %d", total, size)
	}
	if peak > 32<<20 {
		t.Fatalf("peak heap while reading back was %.1f MiB", float64(peak)/(1<<20))
	}
	// A reader closed half way leaves the store usable.
	r, err = s.OpenEvidence(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, r, 1<<20); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Question(ctx, q.ID); err != nil {
		t.Fatalf("after closing a reader half way: %v", err)
	}
}

func testReadOnly(t *testing.T, h Harness) {
	s := h.New(t)
	m := &assurance.Meeting{Kind: assurance.Board, Title: "Public Board", Date: assurance.MustDate("2026-03-05")}
	if err := s.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	q := mustQuestion(t, s, "2.1", "What support do line managers get?")
	a := &assurance.Action{QuestionID: q.ID, Text: "Report training uptake"}
	if err := s.CreateAction(ctx, a); err != nil {
		t.Fatal(err)
	}
	e := &assurance.Evidence{QuestionID: q.ID, Name: "uptake.csv"}
	if err := s.AttachEvidence(ctx, e, strings.NewReader("month,count\nJan,12\n")); err != nil {
		t.Fatal(err)
	}
	auditBefore, _ := s.Audit(ctx, assurance.AuditFilter{})
	ro := h.Reopen(t, s, true)
	if !ro.Info().ReadOnly {
		t.Fatal("Info does not say read-only")
	}
	if got, err := ro.Question(ctx, q.ID); err != nil || got.Text != q.Text || got.EvidenceCount != 1 || got.OpenActions != 1 {
		t.Fatalf("read-only read: %+v, %v", got, err)
	}
	if b := readEvidence(t, ro, e.ID); string(b) != "month,count\nJan,12\n" {
		t.Fatalf("read-only evidence reads %q", b)
	}
	q2, m2, a2, e2 := *q, *m, *a, *e
	q2.Comment, m2.Title, a2.Owner, e2.Description = "x", "x", "x", "x"
	writes := map[string]func() error{
		"UpdateSettings": func() error { return ro.UpdateSettings(ctx, assurance.Settings{Organisation: "X"}) },
		"CreateMeeting":  func() error { return ro.CreateMeeting(ctx, &assurance.Meeting{Kind: assurance.Board, Date: m.Date}) },
		"UpdateMeeting":  func() error { return ro.UpdateMeeting(ctx, &m2) },
		"DeleteMeeting":  func() error { return ro.DeleteMeeting(ctx, m.ID) },
		"CreateQuestion": func() error { return ro.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "x"}) },
		"UpdateQuestion": func() error { return ro.UpdateQuestion(ctx, &q2) },
		"DeleteQuestion": func() error { return ro.DeleteQuestion(ctx, q.ID) },
		"CreateAction":   func() error { return ro.CreateAction(ctx, &assurance.Action{QuestionID: q.ID, Text: "x"}) },
		"UpdateAction":   func() error { return ro.UpdateAction(ctx, &a2) },
		"DeleteAction":   func() error { return ro.DeleteAction(ctx, a.ID) },
		"AttachEvidence": func() error {
			return ro.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "x.txt"}, strings.NewReader("x"))
		},
		"UpdateEvidence": func() error { return ro.UpdateEvidence(ctx, &e2) },
		"RemoveEvidence": func() error { return ro.RemoveEvidence(ctx, e.ID) },
		"Batch":          func() error { return ro.Batch(ctx, func(w assurance.Writer) error { return nil }) },
	}
	for name, write := range writes {
		if err := write(); assurance.ErrorCode(err) != assurance.EREADONLY {
			t.Errorf("%s on a read-only log: %v, want EREADONLY", name, err)
		}
	}
	if rep, err := ro.Check(ctx); err != nil || !rep.OK() || rep.EvidenceChecked != 1 {
		t.Fatalf("check on read-only log: %+v, %v", rep, err)
	}
	if err := ro.VerifyEvidence(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	rw := h.Reopen(t, ro, false)
	if after, _ := rw.Audit(ctx, assurance.AuditFilter{}); len(after) != len(auditBefore) {
		t.Fatalf("a read-only session left %d audit entries", len(after)-len(auditBefore))
	}
	if got, _ := rw.Question(ctx, q.ID); got.Version != 1 || got.Comment != "" {
		t.Fatalf("a read-only session changed %s: %+v", got.Ref, got)
	}
}
