package reliability

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nhsguardian/guardian/assets"
	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
	"github.com/nhsguardian/guardian/export"
)

func init() {
	helpers["fsize"] = runFileSizeLimited
	helpers["tmpfs"] = runOnSmallDisk
	helpers["readonly"] = runOnReadOnlyMedia
}

// inNamespace makes a helper run as root of its own user and mount
// namespaces, so it can mount a small tmpfs or a read-only bind mount
// without touching the machine's mounts, whether or not the test runs as
// root. (Run as root, a chmod'ed folder would not stop writes at all.)
func inNamespace() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
}

// fillLog puts a little of everything in a log.
func fillLog(s assurance.Store) error {
	ctx := context.Background()
	for i := range 3 {
		q := &assurance.Question{Area: "4.1", Text: fmt.Sprintf("Question %d before the disk filled", i+1)}
		if err := s.CreateQuestion(ctx, q); err != nil {
			return err
		}
		if err := s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "minutes.txt"}, strings.NewReader(fmt.Sprintf("minutes %d", i))); err != nil {
			return err
		}
	}
	return nil
}

// tryWrites attempts three writes that cannot fit, reporting each error, and
// checks the log is unchanged after each.
func tryWrites(s assurance.Store) error {
	ctx := context.Background()
	before, err := snapshot(s)
	if err != nil {
		return err
	}
	q, err := s.QuestionByRef(ctx, "Q-0001")
	if err != nil {
		return err
	}
	big := bytes.Repeat([]byte("0123456789abcdef"), 6<<20/16) // 6 MB, does not compress away
	for i := range big {
		big[i] ^= byte(i * 7919 >> 8)
	}
	attempts := []struct {
		what string
		fn   func() error
	}{
		{"attach 6 MB evidence", func() error {
			return s.AttachEvidence(ctx, &assurance.Evidence{QuestionID: q.ID, Name: "big.bin"}, bytes.NewReader(big))
		}},
		{"a batch of 40 questions", func() error {
			return s.Batch(ctx, func(w assurance.Writer) error {
				for i := range 40 {
					if err := w.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: fmt.Sprintf("%d %s", i, strings.Repeat("long text ", 3000))}); err != nil {
						return err
					}
				}
				return nil
			})
		}},
	}
	for _, a := range attempts {
		err := a.fn()
		if err == nil {
			return fmt.Errorf("%s succeeded on a full disk", a.what)
		}
		report(result{Op: a.what, Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err), Detail: err.Error()})
		after, serr := snapshot(s)
		if serr != nil {
			return fmt.Errorf("read after failed %s: %w", a.what, serr)
		}
		if after != before {
			return fmt.Errorf("log changed by the failed %s:\nbefore:\n%s\nafter:\n%s", a.what, before, after)
		}
	}
	return nil
}

// tryCopiesOut fills what space is left on the disk at dir, then makes a
// backup, exports a board paper and extracts evidence onto it: each must
// fail with a clear error and leave no partial file behind.
func tryCopiesOut(s assurance.Store, dir string) error {
	ctx := context.Background()
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		return err
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	evs, err := s.EvidenceList(ctx, 0)
	if err != nil || len(evs) == 0 {
		return fmt.Errorf("no evidence to extract: %v", err)
	}
	outDir := filepath.Join(dir, "out")
	if err := os.Mkdir(outDir, 0o700); err != nil {
		return err
	}
	before, _ := os.ReadDir(dir)
	attempts := []struct {
		what string
		fn   func() error
	}{
		{"backup onto a full disk", func() error { return s.Backup(ctx, filepath.Join(dir, "copy.guardian")) }},
		{"export onto a full disk", func() error {
			_, err := export.WriteFile(ctx, s, assets.MustCatalogue(), filepath.Join(dir, "paper.xlsx"), export.Options{})
			return err
		}},
		{"extract evidence onto a full disk", func() error {
			_, err := assurance.ExtractEvidence(ctx, s, evs[0], outDir)
			return err
		}},
	}
	for _, a := range attempts {
		err := a.fn()
		if err == nil {
			return fmt.Errorf("%s succeeded", a.what)
		}
		report(result{Op: a.what, Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err), Detail: err.Error()})
	}
	after, _ := os.ReadDir(dir)
	left, _ := os.ReadDir(outDir)
	if len(after) != len(before) || len(left) != 0 {
		return fmt.Errorf("partial files left on the full disk: %v, %v (before: %v)", after, left, before)
	}
	return os.Remove(filepath.Join(dir, "filler"))
}

// runFileSizeLimited opens args[0] with the file size limit (ulimit -f) set
// just above the log's size, tries writes that need more, and reports.
func runFileSizeLimited(args []string) error {
	signal.Ignore(syscall.SIGXFSZ) // get EFBIG from write instead of dying
	st, err := os.Stat(args[0])
	if err != nil {
		return err
	}
	limit := uint64(st.Size()) + 256<<10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		return err
	}
	s, err := sqlite.Open(args[0], sqlite.Options{Catalogue: assets.MustCatalogue()})
	if err != nil {
		return err
	}
	if err := tryWrites(s); err != nil {
		s.Close()
		return err
	}
	if err := s.Close(); err != nil {
		report(result{Op: "close", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err)})
	}
	return nil
}

// runOnSmallDisk mounts a 3 MB tmpfs on args[0], makes a log there and fills
// the disk, then reopens it and checks nothing was lost.
func runOnSmallDisk(args []string) error {
	dir := args[0]
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=3m"); err != nil {
		return fmt.Errorf("mount tmpfs: %w", err)
	}
	path := filepath.Join(dir, "log.guardian")
	s, err := sqlite.Create(path, sqlite.Options{Catalogue: assets.MustCatalogue()})
	if err != nil {
		return err
	}
	if err := fillLog(s); err != nil {
		return err
	}
	before, err := snapshot(s)
	if err != nil {
		return err
	}
	if err := tryWrites(s); err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		report(result{Op: "close", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err)})
	}
	s, err = sqlite.Open(path, sqlite.Options{Catalogue: assets.MustCatalogue()})
	if err != nil {
		return fmt.Errorf("reopen after the disk filled: %w", err)
	}
	defer s.Close()
	after, err := snapshot(s)
	if err != nil {
		return err
	}
	if after != before {
		return fmt.Errorf("log changed after reopening:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	rep, err := s.Check(context.Background())
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("check after the disk filled: %+v", rep)
	}
	if err := tryCopiesOut(s, dir); err != nil {
		return err
	}
	report(result{Op: "unchanged", N: strings.Count(after, "\n")})
	return nil
}

// runOnReadOnlyMedia bind-mounts the folder args[0] read-only over itself,
// as a write-protected USB stick or a CD would be, and tries to use the log
// args[1] in it.
func runOnReadOnlyMedia(args []string) error {
	dir, path := args[0], args[1]
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind mount: %w", err)
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		return fmt.Errorf("remount read-only: %w", err)
	}
	if f, err := os.Create(filepath.Join(dir, "probe")); err == nil {
		f.Close()
		return fmt.Errorf("the folder is still writable")
	}
	ctx := context.Background()
	s, err := sqlite.Open(path, sqlite.Options{Catalogue: assets.MustCatalogue()})
	if err != nil {
		report(result{Op: "open", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err), Detail: err.Error()})
	} else {
		// Opening may succeed; then every change must be refused plainly.
		err := s.CreateQuestion(ctx, &assurance.Question{Area: "1.1", Text: "Written to read-only media?"})
		report(result{Op: "write", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err)})
		s.Close()
	}
	r, err := sqlite.Open(path, sqlite.Options{ReadOnly: true, Catalogue: assets.MustCatalogue()})
	if err != nil {
		report(result{Op: "open read-only", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err), Detail: err.Error()})
	} else {
		qs, err := r.Questions(ctx, assurance.QuestionFilter{})
		if err != nil {
			return fmt.Errorf("read questions read-only: %w", err)
		}
		report(result{Op: "open read-only", N: len(qs)})
		r.Close()
	}
	_, err = sqlite.Create(filepath.Join(dir, "new.guardian"), sqlite.Options{})
	report(result{Op: "create", Code: assurance.ErrorCode(err), Message: assurance.ErrorMessage(err)})
	return nil
}

// fileSum is the SHA-256 of a (small) file.
func fileSum(t *testing.T, path string) [sha256.Size]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// runHelper runs a helper to the end and returns what it reported; it fails
// the test if the helper failed.
func runHelper(t *testing.T, attr *syscall.SysProcAttr, name string, args ...string) map[string]result {
	t.Helper()
	cmd := helperCommand(t, context.Background(), name, args...)
	cmd.SysProcAttr = attr
	out, err := cmd.Output()
	res, rerr := readResults(bytes.NewReader(out))
	if err != nil || rerr != nil {
		t.Fatalf("%s helper: %v %v %+v", name, err, rerr, res)
	}
	byOp := map[string]result{}
	for _, r := range res {
		byOp[r.Op] = r
	}
	return byOp
}

// plain fails the test unless a helper reported a clear error: a code the
// app turns into words, a message that names no SQLite internals.
func plain(t *testing.T, r result, codes ...string) {
	t.Helper()
	ok := false
	for _, c := range codes {
		ok = ok || r.Code == c
	}
	if !ok || r.Message == "" || strings.Contains(r.Message, "SQLITE") || strings.Contains(r.Message, "database is locked") ||
		r.Message == assurance.ErrorMessage(fmt.Errorf("x")) {
		t.Errorf("%s: got code %q message %q (%s); want a plain %v error", r.Op, r.Code, r.Message, r.Detail, codes)
	}
}

// TestDiskFull fills a real (3 MB tmpfs) disk: the writes that do not fit
// fail with "the disk is full", and the log, reopened, is as it was.
func TestDiskFull(t *testing.T) {
	res := runHelper(t, inNamespace(), "tmpfs", t.TempDir())
	for _, op := range []string{"attach 6 MB evidence", "a batch of 40 questions"} {
		plain(t, res[op], assurance.EINTERNAL)
		if !strings.Contains(res[op].Message, "disk is full") {
			t.Errorf("%s: %q does not say the disk is full", op, res[op].Message)
		}
		t.Logf("disk full, %s -> %q", op, res[op].Message)
	}
	for _, op := range []string{"backup onto a full disk", "export onto a full disk", "extract evidence onto a full disk"} {
		plain(t, res[op], assurance.EINTERNAL, assurance.EINVALID)
		if !strings.Contains(res[op].Message, "disk") {
			t.Errorf("%s: %q does not mention the disk", op, res[op].Message)
		}
		t.Logf("%s -> %q", op, res[op].Message)
	}
	if res["unchanged"].N == 0 {
		t.Errorf("no check of the reopened log: %+v", res)
	}
}

// TestFileSizeLimit runs a writer under `ulimit -f` (RLIMIT_FSIZE), which
// works without mounts: the failed writes leave the log unchanged.
func TestFileSizeLimit(t *testing.T) {
	path := newLog(t)
	s := openLog(t, path)
	if err := fillLog(s); err != nil {
		t.Fatal(err)
	}
	before, err := snapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	res := runHelper(t, nil, "fsize", path)
	for _, op := range []string{"attach 6 MB evidence", "a batch of 40 questions"} {
		plain(t, res[op], assurance.EINTERNAL)
		t.Logf("file size limit, %s -> %q", op, res[op].Message)
	}
	s = openLog(t, path)
	defer s.Close()
	after, err := snapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("log changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	verify(t, s, nil)
}

// TestReadOnlyMedia puts a log on a read-only mount: opening it to write is
// refused in plain words (or opens and refuses each change), opening it
// read-only works, and the file is byte-identical afterwards with nothing
// left beside it.
func TestReadOnlyMedia(t *testing.T) {
	path := newLog(t)
	s := openLog(t, path)
	if err := fillLog(s); err != nil {
		t.Fatal(err)
	}
	s.Close()
	dir := filepath.Dir(path)
	want := fileSum(t, path)
	res := runHelper(t, inNamespace(), "readonly", dir, path)
	if r, ok := res["open"]; ok {
		plain(t, r, assurance.EREADONLY)
	} else {
		plain(t, res["write"], assurance.EREADONLY)
	}
	if r := res["open read-only"]; r.Code != "" || r.N != 3 {
		t.Errorf("read-only open of a log on read-only media: %+v", r)
	}
	plain(t, res["create"], assurance.EREADONLY, assurance.EINVALID)
	if got := fileSum(t, path); got != want {
		t.Error("the log changed on read-only media")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files beside the log: %v", entries)
	}
	t.Logf("read-only media: open for writing -> %q; open read-only -> %d questions; create -> %q",
		res["open"].Message+res["write"].Message, res["open read-only"].N, res["create"].Message)
}
