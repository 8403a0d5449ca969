package assurance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"
	"unicode"
)

// What every store does the same way, whatever keeps the log.

// CheckDates refuses dates that would not read back as what was saved: a
// month 13, a 31 April, a year outside 1-9999. The domain's parser never
// makes these; a caller building a Date by hand can. what is such as "The
// question"; dates maps field names to their dates.
func CheckDates(what string, dates map[string]Date) error {
	fields := map[string]string{}
	for field, d := range dates {
		if !d.IsZero() && (d.Year < 1 || d.Year > 9999 || NewDate(d.Year, d.Month, d.Day) != d) {
			fields[field] = fmt.Sprintf("%04d-%02d-%02d is not a real date.", d.Year, int(d.Month), d.Day)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: what + " cannot be saved: a date is not a real date.", Fields: fields}
}

// MaxSearchWords bounds the query a pasted essay can produce.
const MaxSearchWords = 32

// SearchWords cuts what a user typed into the words a search matches: runs
// of letters, digits and marks; everything else (quotes, operators,
// punctuation) only separates them, so no store ever reads it as syntax.
func SearchWords(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
	words = oldRoleName(words)
	if len(words) > MaxSearchWords {
		words = words[:MaxSearchWords]
	}
	return words
}

// SearchField names a search hit's field from the number a store keeps
// with each indexed text: 0 question, 1 response, 2 comment, 3 action, 4
// evidence (both stores number their indexed texts this way); "" for any
// other number.
func SearchField(code int) string {
	fields := [...]string{"question", "response", "comment", "action", "evidence"}
	if code < 0 || code >= len(fields) {
		return ""
	}
	return fields[code]
}

// ErrNoChunk is what a ChunkFunc returns for a part that is not stored.
var ErrNoChunk = errors.New("no such part")

// ChunkFunc fetches part seq (from 0) of an evidence file's stored bytes.
type ChunkFunc func(ctx context.Context, seq int64) ([]byte, error)

// NewEvidenceReader streams e's bytes part by part through next, checking
// its SHA-256 as it goes: the stream ends with an ECORRUPT error naming the
// file, instead of io.EOF, if a part is missing or the bytes no longer
// match, so a damaged file is never silently handed out. wrap turns a
// store's own read error into a user's.
func NewEvidenceReader(ctx context.Context, e *Evidence, next ChunkFunc, wrap func(error) error) io.ReadCloser {
	return &evidenceReader{ctx: ctx, ev: e, next: next, wrap: wrap, h: sha256.New()}
}

type evidenceReader struct {
	ctx  context.Context
	ev   *Evidence
	next ChunkFunc
	wrap func(error) error
	seq  int64
	read int64
	buf  []byte
	h    hash.Hash
	err  error
}

func (r *evidenceReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if len(r.buf) == 0 {
		if r.read == r.ev.Size {
			r.err = r.finish()
			return 0, r.err
		}
		data, err := r.next(r.ctx, r.seq)
		switch {
		case errors.Is(err, ErrNoChunk):
			r.err = r.damaged(fmt.Sprintf("part %d of the file is missing", r.seq+1))
			return 0, r.err
		case err != nil:
			r.err = r.wrap(err)
			return 0, r.err
		case len(data) == 0 || r.read+int64(len(data)) > r.ev.Size:
			r.err = r.damaged(fmt.Sprintf("part %d of the file has the wrong length", r.seq+1))
			return 0, r.err
		}
		r.h.Write(data)
		r.buf = data
		r.seq++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	r.read += int64(n)
	return n, nil
}

func (r *evidenceReader) finish() error {
	if got := hex.EncodeToString(r.h.Sum(nil)); got != r.ev.SHA256 {
		return r.damaged(fmt.Sprintf("its SHA-256 is now %s, not %s as recorded when it was attached", got[:12], r.ev.ShortHash()))
	}
	return io.EOF
}

func (r *evidenceReader) damaged(problem string) error {
	return Errorf(ECORRUPT, "The evidence %q on %s is damaged: %s", r.ev.Name, r.ev.QuestionRef, problem)
}

func (r *evidenceReader) Close() error { return nil }

// VerifyAll verifies every evidence file in list with verify, reading bytes
// that several items share (the same SHA-256) once, and adds what it found
// to rep. An error other than ECORRUPT stops it.
func VerifyAll(ctx context.Context, list []*Evidence, verify func(*Evidence) error, rep *CheckReport) error {
	verified := map[string]error{} // by SHA-256
	for _, e := range list {
		if err := ctx.Err(); err != nil {
			return WrapError(EINTERNAL, err, "The check was cancelled")
		}
		verr, seen := verified[e.SHA256]
		if !seen {
			verr = verify(e)
			if verr != nil && ErrorCode(verr) != ECORRUPT {
				return verr
			}
			verified[e.SHA256] = verr
		}
		rep.EvidenceChecked++
		rep.EvidenceBytes += e.Size
		if verr != nil {
			rep.BadEvidence = append(rep.BadEvidence, EvidenceProblem{Evidence: e, Problem: ErrorMessage(verr)})
		}
	}
	return nil
}

// ChunkSize is how stores cut evidence bytes up: small enough that a file of
// any size streams through one buffer, large enough that a big file is a
// few thousand parts.
const ChunkSize = 256 << 10

// StoreChunks reads r to its end in ChunkSize parts, hands each to put with
// its number (from 0), and returns the size, the hex SHA-256 and the first
// bytes (for SniffMediaType). The next parts are read and hashed in another
// goroutine while put stores this one. A failure to read r is EINVALID.
func StoreChunks(r io.Reader, put func(seq int, data []byte) error) (size int64, sum string, head []byte, err error) {
	return StoreChunksOf(r, ChunkSize, true, put)
}

// StoreChunksOf is StoreChunks with the part size and the reading ahead
// chosen, for benchmarks that measure what each gives (a store keeps the
// part size it used with the stored bytes).
func StoreChunksOf(r io.Reader, chunk int, ahead bool, put func(seq int, data []byte) error) (size int64, sum string, head []byte, err error) {
	h := sha256.New()
	next, stop := readChunks(r, h, chunk, ahead)
	defer stop()
	for seq := 0; ; seq++ {
		data, rerr := next()
		if rerr == io.EOF {
			return size, hex.EncodeToString(h.Sum(nil)), head, nil
		}
		if rerr != nil {
			return 0, "", nil, WrapError(EINVALID, rerr, "Cannot read the file being attached")
		}
		if seq == 0 {
			head = bytes.Clone(data[:min(len(data), 512)])
		}
		if err := put(seq, data); err != nil {
			return 0, "", nil, err
		}
		size += int64(len(data))
	}
}

// readChunks cuts r into chunks of size bytes (the last may be shorter) and
// writes each into h as it is read. next returns the next chunk, valid until
// the following call, or io.EOF after the last. With ahead, a goroutine
// reads and hashes the next chunks while the caller stores this one, in at
// most three buffers. stop must be called once the caller is done; it waits
// for the goroutine, so r is not read after stop returns.
func readChunks(r io.Reader, h hash.Hash, size int, ahead bool) (next func() ([]byte, error), stop func()) {
	ended := false
	read := func(buf []byte) ([]byte, error) {
		if ended {
			return nil, io.EOF
		}
		n, err := io.ReadFull(r, buf)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			ended, err = true, nil
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, io.EOF
		}
		h.Write(buf[:n])
		return buf[:n], nil
	}
	if !ahead {
		buf := make([]byte, size)
		return func() ([]byte, error) { return read(buf) }, func() {}
	}
	type piece struct {
		data []byte
		err  error
	}
	const buffers = 3
	free, full := make(chan []byte, buffers), make(chan piece, buffers)
	for range buffers {
		free <- make([]byte, size)
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			var buf []byte
			select {
			case buf = <-free:
			case <-quit:
				return
			}
			data, err := read(buf)
			full <- piece{data, err} // never blocks: at most one piece per buffer
			if err != nil {
				return
			}
		}
	}()
	var last []byte
	next = func() ([]byte, error) {
		if last != nil {
			free <- last[:cap(last)]
		}
		p := <-full
		last = p.data
		return p.data, p.err
	}
	return next, func() { close(quit); <-done }
}

// AuditRecord is how a store keeps an object in an audit entry's Before or
// After: JSON, without what reads fill in (a question's counts, evidence's
// question reference, which the entry holds itself); "" for nil.
func AuditRecord(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case *Question:
		v = questionRecord{Question: x}
	case ImportedQuestion:
		v = questionRecord{Question: x.Question, ImportedFrom: x.From}
	case *Evidence:
		v = evidenceRecord{Evidence: x}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", WrapError(EINTERNAL, err, "Cannot record the change in the audit log")
	}
	return string(b), nil
}

// questionRecord is a question without the counts reads fill in. The
// always-nil fields hide the embedded ones of the same name (a "-" tag
// would not).
type questionRecord struct {
	*Question
	EvidenceCount *struct{} `json:"EvidenceCount,omitempty"`
	OpenActions   *struct{} `json:"OpenActions,omitempty"`
	// ImportedFrom names the file an imported question came from.
	ImportedFrom *ImportSource `json:",omitempty"`
}

// ImportedQuestion is a question to record in the audit log together with
// the file it was imported from (none when From is nil).
type ImportedQuestion struct {
	Question *Question
	From     *ImportSource
}

// evidenceRecord is evidence without its question's reference.
type evidenceRecord struct {
	*Evidence
	QuestionRef *struct{} `json:"QuestionRef,omitempty"`
}

// oldRoleName lets "health and wellbeing guardian" also find text written
// before October 2023, when the role was the "wellbeing guardian": "health
// and" is dropped before "wellbeing guardian", whose words every mention
// under either name contains.
func oldRoleName(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); i++ {
		if i+3 < len(words) &&
			strings.EqualFold(words[i], "health") && strings.EqualFold(words[i+1], "and") &&
			strings.EqualFold(words[i+2], "wellbeing") && strings.HasPrefix(strings.ToLower(words[i+3]), "guardian") {
			i++ // skip "health" and "and"; "wellbeing" follows
			continue
		}
		out = append(out, words[i])
	}
	return out
}
