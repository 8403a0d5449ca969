package assurance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
)

// EvidencePart is a piece of an evidence file's bytes as StreamEvidence hands
// it out. The parts of one file come in order; the parts of different files
// may interleave only in that one file ends before the next begins.
type EvidencePart struct {
	Evidence *Evidence
	// Data is a piece of the file, valid only until fn returns: the store
	// may read the next part into the same memory, so a receiver that keeps
	// it copies it (twenty thousand small files would otherwise make as
	// much garbage as they hold bytes). It may be handed out again for
	// another evidence item that shares the same stored bytes, so it must
	// not be changed.
	Data []byte
	// Last marks the file's last part (for an empty file, the only one, with
	// no Data). It is handed out only once the whole file's size and SHA-256
	// have been checked against the log.
	Last bool
}

// EvidenceStreamer is a Reader that reads many evidence files in one pass,
// in the order they are stored, instead of looking each up on its own
// (twenty thousand small files take seconds that way). Use StreamEvidence,
// which falls back to OpenEvidence for a Reader without it.
type EvidenceStreamer interface {
	// StreamEvidence calls fn, on the calling goroutine, with every part of
	// every evidence file in list (each file whole, once), checked as
	// StreamEvidence promises. It stops at fn's first error and returns it.
	StreamEvidence(ctx context.Context, list []*Evidence, fn func(EvidencePart) error) error
}

// StreamEvidence hands fn the bytes of every evidence file in list, part by
// part, in the order r reads them fastest. Each file's last part comes only
// after its size and SHA-256 match what the log recorded; a file that does
// not match stops the stream with ECORRUPT naming it, before its last part.
func StreamEvidence(ctx context.Context, r Reader, list []*Evidence, fn func(EvidencePart) error) error {
	if s, ok := r.(EvidenceStreamer); ok {
		return s.StreamEvidence(ctx, list, fn)
	}
	buf := make([]byte, ChunkSize)
	for _, e := range list {
		if err := streamOne(ctx, r, e, buf, fn); err != nil {
			return err
		}
	}
	return nil
}

// streamOne reads e through OpenEvidence and checks it here too, so that
// the promise holds whatever the Reader does.
func streamOne(ctx context.Context, r Reader, e *Evidence, buf []byte, fn func(EvidencePart) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rc, err := r.OpenEvidence(ctx, e.ID)
	if err != nil {
		return err
	}
	defer rc.Close()
	c := newPartCheck(e)
	for {
		n, err := io.ReadFull(rc, buf[:min(int64(len(buf)), e.Size-c.read)])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			c.read += int64(n)
			return c.finish() // cut short
		}
		if err != nil {
			return err
		}
		c.add(buf[:n])
		part := EvidencePart{Evidence: e, Data: buf[:n]}
		if c.read < e.Size {
			if err := fn(part); err != nil {
				return err
			}
			continue
		}
		// Every recorded byte is read: the file must end here, and the
		// Reader reports there any damage it found.
		var one [1]byte
		switch _, err := io.ReadFull(rc, one[:]); {
		case err == nil:
			return c.damaged("it is longer than recorded")
		case err != io.EOF:
			return err
		}
		if err := c.finish(); err != nil {
			return err
		}
		part.Last = true
		return fn(part)
	}
}

// partCheck follows one file's bytes: their count against the recorded size
// and their SHA-256 against the recorded one.
type partCheck struct {
	ev   *Evidence
	h    hash.Hash
	read int64
}

func newPartCheck(e *Evidence) *partCheck { return &partCheck{ev: e, h: sha256.New()} }

func (c *partCheck) add(data []byte) error {
	if c.read+int64(len(data)) > c.ev.Size {
		return c.damaged("it is longer than recorded")
	}
	c.h.Write(data)
	c.read += int64(len(data))
	return nil
}

func (c *partCheck) finish() error {
	if c.read != c.ev.Size {
		return c.damaged(fmt.Sprintf("it is %d bytes, not %d as recorded", c.read, c.ev.Size))
	}
	if got := hex.EncodeToString(c.h.Sum(nil)); got != c.ev.SHA256 {
		return c.damaged(fmt.Sprintf("its SHA-256 is now %s, not %s as recorded when it was attached", got[:12], c.ev.ShortHash()))
	}
	return nil
}

func (c *partCheck) damaged(problem string) error {
	return Errorf(ECORRUPT, "The evidence %q on %s is damaged: %s", c.ev.Name, c.ev.QuestionRef, problem)
}

// StoredPart is one row of a store's stored evidence bytes: part Seq (from
// 0) of the stored file Blob.
type StoredPart struct {
	Blob int64
	Seq  int64
	Data []byte // valid until yield returns: the store may reuse it
}

// PartRows is a store's query result of stored parts, one (blob, part
// number, bytes) a row: database/sql's rows and pgx's rows both are one.
type PartRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// YieldParts hands each row of rows to yield, stopping at yield's first
// error; wrap words the store's own read errors.
func YieldParts(rows PartRows, yield func(StoredPart) error, wrap func(error) error) error {
	for rows.Next() {
		var p StoredPart
		if err := rows.Scan(&p.Blob, &p.Seq, &p.Data); err != nil {
			return wrap(err)
		}
		if err := yield(p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	return nil
}

// CheckStoredParts is how a store implements StreamEvidence. blobOf gives
// the stored file (blob) of each evidence item in list, by evidence id;
// parts calls its yield with every stored part of those blobs, ordered by
// blob and part number (the order a store keeps them in), and returns
// yield's first error. Every part is checked (its number, the size and
// SHA-256 of the whole file) and handed to fn once for each evidence item
// sharing the blob. An evidence item missing from blobOf was removed while
// it was being read: ENOTFOUND.
func CheckStoredParts(ctx context.Context, list []*Evidence, blobOf map[int64]int64,
	parts func(yield func(StoredPart) error) error, fn func(EvidencePart) error) error {
	byBlob := make(map[int64][]*Evidence, len(list))
	var order []int64
	for _, e := range list {
		b, ok := blobOf[e.ID]
		if !ok {
			return Errorf(ENOTFOUND, "The evidence %q on %s was removed while it was being read", e.Name, e.QuestionRef)
		}
		if byBlob[b] == nil {
			order = append(order, b)
		}
		byBlob[b] = append(byBlob[b], e)
	}
	type state struct {
		checks []*partCheck
		seq    int64
	}
	seen := make(map[int64]bool, len(byBlob))
	var cur *state
	var curBlob int64
	// end finishes the blob being read: a file cut short is damaged.
	end := func() error {
		if cur == nil {
			return nil
		}
		for _, c := range cur.checks {
			if c.read < c.ev.Size {
				return c.damaged(fmt.Sprintf("part %d of the file is missing", cur.seq+1))
			}
		}
		cur = nil
		return nil
	}
	n := 0
	err := parts(func(p StoredPart) error {
		if n++; n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if cur == nil || p.Blob != curBlob {
			if err := end(); err != nil {
				return err
			}
			evs := byBlob[p.Blob]
			if evs == nil || seen[p.Blob] {
				return fmt.Errorf("stored part %d of %d was not asked for or came out of order", p.Seq, p.Blob)
			}
			seen[p.Blob], curBlob, cur = true, p.Blob, &state{}
			for _, e := range evs {
				cur.checks = append(cur.checks, newPartCheck(e))
			}
		}
		first := cur.checks[0]
		if p.Seq != cur.seq {
			return first.damaged(fmt.Sprintf("part %d of the file is missing", cur.seq+1))
		}
		if len(p.Data) == 0 {
			return first.damaged(fmt.Sprintf("part %d of the file has the wrong length", cur.seq+1))
		}
		cur.seq++
		// The hash is worked out once for all the items sharing the bytes;
		// each item is checked against its own record.
		if err := first.add(p.Data); err != nil {
			return err
		}
		last := first.read == first.ev.Size
		if last {
			if err := first.finish(); err != nil {
				return err
			}
		}
		for _, c := range cur.checks[1:] {
			c.read = first.read
			if last && (c.ev.Size != first.ev.Size || c.ev.SHA256 != first.ev.SHA256) {
				return c.damaged("its stored bytes are not the ones recorded")
			}
		}
		for _, c := range cur.checks {
			if err := fn(EvidencePart{Evidence: c.ev, Data: p.Data, Last: last}); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = end()
	}
	if err != nil {
		return err
	}
	// Blobs with no stored part: empty files, or damaged ones.
	for _, b := range order {
		if seen[b] {
			continue
		}
		for _, e := range byBlob[b] {
			c := newPartCheck(e)
			if err := c.finish(); err != nil {
				if e.Size > 0 {
					return c.damaged("part 1 of the file is missing")
				}
				return err
			}
			if err := fn(EvidencePart{Evidence: e, Last: true}); err != nil {
				return err
			}
		}
	}
	return nil
}
