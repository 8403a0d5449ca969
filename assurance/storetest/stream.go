package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// streamed is what StreamEvidence handed out for one evidence item.
type streamed struct {
	data  []byte
	parts int
	last  bool
}

// streamAll runs assurance.StreamEvidence over list and checks the order
// it promises: a file's parts end with exactly one Last, and nothing comes
// for a file after it.
func streamAll(t *testing.T, r assurance.Reader, list []*assurance.Evidence) (map[int64]*streamed, error) {
	t.Helper()
	got := map[int64]*streamed{}
	err := assurance.StreamEvidence(ctx, r, list, func(p assurance.EvidencePart) error {
		s := got[p.Evidence.ID]
		if s == nil {
			s = &streamed{}
			got[p.Evidence.ID] = s
		}
		if s.last {
			t.Errorf("%s: a part after the last", p.Evidence.Name)
		}
		s.data = append(s.data, p.Data...)
		s.parts++
		s.last = p.Last
		return nil
	})
	return got, err
}

// readerOnly hides a store's own stream, so StreamEvidence falls back to
// OpenEvidence file by file.
type readerOnly struct{ assurance.Reader }

// testStreamEvidence: every file streamed whole, byte for byte, once, with
// the store's one-pass stream and with the fallback alike; a subset gives
// only its files; a damaged file stops the stream before its last part.
func testStreamEvidence(t *testing.T, h Harness) {
	s := h.New(t)
	if _, ok := s.(assurance.EvidenceStreamer); !ok {
		t.Fatalf("%T does not stream evidence in one pass (assurance.EvidenceStreamer)", s)
	}
	q1 := mustQuestion(t, s, "1.1", "One")
	q2 := mustQuestion(t, s, "1.2", "Two")
	marker := []byte("GUARDIAN-STREAM-DAMAGE-MARKER")
	contents := map[string][]byte{
		"big.bin":         readAll(t, NewPattern(3*assurance.ChunkSize+77, 3)), // four parts
		"exact.bin":       readAll(t, NewPattern(2*assurance.ChunkSize, 4)),    // a whole number of parts
		"shared-a.bin":    readAll(t, NewPattern(assurance.ChunkSize+5, 5)),
		"shared-b.bin":    readAll(t, NewPattern(assurance.ChunkSize+5, 5)), // the same bytes, stored once
		"empty.txt":       {},
		"minutes é.txt":   []byte("Minutes of the People Committee"),
		"risk.txt":        append(append([]byte(nil), marker...), strings.Repeat("risk line\n", 50)...),
		"CON.pdf":         []byte("%PDF-1.4 a name Windows reserves"),
		"..\\..\\evil.sh": []byte("#!/bin/sh"),
	}
	var list []*assurance.Evidence
	byName := map[string]*assurance.Evidence{}
	for i, name := range []string{"big.bin", "exact.bin", "shared-a.bin", "empty.txt", "minutes é.txt", "shared-b.bin", "risk.txt", "CON.pdf", "..\\..\\evil.sh"} {
		e := &assurance.Evidence{QuestionID: []int64{q1.ID, q2.ID}[i%2], Name: name}
		if err := s.AttachEvidence(ctx, e, bytes.NewReader(contents[name])); err != nil {
			t.Fatal(err)
		}
		list = append(list, e)
		byName[name] = e
	}
	want := func(t *testing.T, got map[int64]*streamed, list []*assurance.Evidence) {
		t.Helper()
		if len(got) != len(list) {
			t.Errorf("%d files streamed, want %d", len(got), len(list))
		}
		for _, e := range list {
			g := got[e.ID]
			if g == nil || !g.last {
				t.Errorf("%s: not streamed to its last part", e.Name)
				continue
			}
			sum := sha256.Sum256(g.data)
			if hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(g.data)) != e.Size {
				t.Errorf("%s: streamed %d bytes with another SHA-256, want %d", e.Name, len(g.data), e.Size)
			}
			if wantParts := max(1, (e.Size+assurance.ChunkSize-1)/assurance.ChunkSize); int64(g.parts) != wantParts {
				t.Errorf("%s: %d parts, want %d", e.Name, g.parts, wantParts)
			}
		}
	}
	for _, r := range []struct {
		name string
		r    assurance.Reader
	}{{"one pass", s}, {"file by file", readerOnly{s}}} {
		t.Run(r.name, func(t *testing.T) {
			got, err := streamAll(t, r.r, list)
			if err != nil {
				t.Fatal(err)
			}
			want(t, got, list)
			// A scope's subset (one of two sharing bytes among them).
			sub := []*assurance.Evidence{byName["shared-b.bin"], byName["empty.txt"], byName["big.bin"]}
			got, err = streamAll(t, r.r, sub)
			if err != nil {
				t.Fatal(err)
			}
			want(t, got, sub)
		})
	}

	// A file removed after the list was read is named, not passed over.
	gone := byName["CON.pdf"]
	if err := s.RemoveEvidence(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	_, err := streamAll(t, s, list)
	if assurance.ErrorCode(err) != assurance.ENOTFOUND || !strings.Contains(assurance.ErrorMessage(err), "CON.pdf") {
		t.Errorf("streaming a removed file: %v, want ENOTFOUND naming it", err)
	}
	list = append(list[:7:7], list[8:]...)

	if h.Damage == nil {
		return
	}
	s = h.Damage(t, s, marker)
	for _, r := range []assurance.Reader{s, readerOnly{s}} {
		got, err := streamAll(t, r, list)
		if assurance.ErrorCode(err) != assurance.ECORRUPT || !strings.Contains(assurance.ErrorMessage(err), "risk.txt") {
			t.Errorf("%T: streaming a damaged file: %v, want ECORRUPT naming risk.txt", r, err)
		}
		if g := got[byName["risk.txt"].ID]; g != nil && g.last {
			t.Errorf("%T: the damaged file's last part was handed out", r)
		}
	}
}

func readAll(t testing.TB, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(fmt.Sprint(err))
	}
	return b
}
