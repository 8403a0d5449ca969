package workcopy

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
	"github.com/nhsguardian/guardian/assurance/sqlite"
)

// sqliteFilesUnder lists every file under dir that holds a readable SQLite
// database, so a test can tell where decrypted data went.
func sqliteFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if ok, _ := startsWith(p, sqliteMagic); ok {
				out = append(out, p)
			}
		}
		return nil
	})
	return out
}

func TestSendCopyIsStandalone(t *testing.T) {
	path := newLog(t, "Is the plan funded?")
	s, err := Open(path, testOptions(t, "alice"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	addQuestion(t, s.Store(), "Not yet saved back") // still only in the working copy's -wal

	outDir := t.TempDir()
	dest := filepath.Join(outDir, "for review.guardian")
	if err := s.SendCopy(ctx, dest, ""); err != nil {
		t.Fatal(err)
	}
	if got := folderNames(t, outDir); !slices.Equal(got, []string{"for review.guardian"}) {
		t.Fatalf("beside the sent copy: %q", got)
	}
	b, _ := os.ReadFile(dest)
	if len(b) < 100 || b[18] != 1 || b[19] != 1 {
		t.Fatalf("sent copy header: write/read version %d/%d, want 1/1 (rollback journal: needs no -wal)", b[18], b[19])
	}
	// It opens on its own, elsewhere, with every change in it.
	moved := filepath.Join(t.TempDir(), "received.guardian")
	os.WriteFile(moved, b, 0o600)
	st, err := sqlite.Open(moved, sqlite.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(t, st); !slices.Equal(got, []string{"Is the plan funded?", "Not yet saved back"}) {
		t.Errorf("sent copy = %q", got)
	}
	st.Close()
	if got := folderNames(t, filepath.Dir(moved)); !slices.Equal(got, []string{"received.guardian"}) {
		t.Errorf("after opening the sent copy: %q", got)
	}
	// Never over an existing file.
	wantCode(t, s.SendCopy(ctx, dest, ""), assurance.EINVALID)
	// Never with a passphrase anyone could guess.
	err = s.SendCopy(ctx, filepath.Join(outDir, "weak.guardian"), "nhs123")
	if assurance.FieldErrors(err)[FieldPassphrase] == "" {
		t.Errorf("short passphrase: %v", err)
	}
	if got, _ := os.ReadFile(dest); !bytes.Equal(got, b) {
		t.Error("a second send changed the first copy")
	}
	// The same through Copy, as guardianctl copy does.
	dest2 := filepath.Join(outDir, "second.guardian")
	if err := Copy(ctx, moved, dest2, "", testOptions(t, "alice")); err != nil {
		t.Fatal(err)
	}
	if got := questionTexts(t, dest2); len(got) != 2 {
		t.Errorf("Copy = %q", got)
	}
}

const passphrase = "correct horse battery staple"

func TestEncryptedCopy(t *testing.T) {
	path := newLog(t, "Is the wellbeing plan funded?")
	outDir := t.TempDir()
	dest := filepath.Join(outDir, "board.guardian.age")
	if err := Copy(ctx, path, dest, passphrase, testOptions(t, "alice")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dest)
	if !bytes.HasPrefix(b, ageMagic) || bytes.Contains(b, []byte("wellbeing plan")) {
		t.Fatal("the copy is not encrypted")
	}

	// Round trip: it opens with the passphrase, decrypted only into the
	// working area, and changes save back encrypted.
	opts := testOptions(t, "reviewer")
	asked := 0
	opts.Passphrase = func(name string) (string, error) { asked++; return passphrase, nil }
	s, err := Open(dest, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Encrypted() || asked != 1 || s.ReadOnly() {
		t.Fatalf("encrypted %v, asked %d, read-only %v", s.Encrypted(), asked, s.ReadOnly())
	}
	if got := texts(t, s.Store()); !slices.Equal(got, []string{"Is the wellbeing plan funded?"}) {
		t.Errorf("decrypted = %q", got)
	}
	if got := sqliteFilesUnder(t, outDir); len(got) != 0 {
		t.Errorf("decrypted data beside the copy: %q", got)
	}
	addQuestion(t, s.Store(), "Reviewer's question")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b2, _ := os.ReadFile(dest)
	if !bytes.HasPrefix(b2, ageMagic) || bytes.Contains(b2, []byte("Reviewer's question")) {
		t.Fatal("saved back unencrypted")
	}
	s, err = Open(dest, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(t, s.Store()); len(got) != 2 {
		t.Errorf("after save back = %q", got)
	}
	s.Close()

	// A wrong passphrase: a clear error against the passphrase field.
	bad := opts
	bad.WorkDir = t.TempDir()
	bad.Passphrase = func(string) (string, error) { return "wrong horse", nil }
	_, err = Open(dest, bad)
	wantCode(t, err, assurance.EINVALID)
	if assurance.FieldErrors(err)[FieldPassphrase] == "" {
		t.Errorf("wrong passphrase: %v has no passphrase field error", err)
	}
	// One changed byte: damaged.
	flipped := filepath.Join(t.TempDir(), "flipped.guardian.age")
	fb := bytes.Clone(b2)
	fb[len(fb)/2] ^= 0x01
	os.WriteFile(flipped, fb, 0o600)
	_, err = Open(flipped, bad.withPassphrase(passphrase))
	wantCode(t, err, assurance.ECORRUPT)
	// No passphrase to ask with.
	bad.Passphrase = nil
	_, err = Open(dest, bad)
	wantCode(t, err, assurance.EINVALID)
	// Nothing decrypted was left behind by the failures.
	if got := sqliteFilesUnder(t, bad.WorkDir); len(got) != 0 {
		t.Errorf("left in the working area: %q", got)
	}
	if o, _ := ReadOwner(flipped); o != nil {
		t.Errorf("owner file left after a failed open: %+v", o)
	}
}

func (o Options) withPassphrase(p string) Options {
	o.Passphrase = func(string) (string, error) { return p, nil }
	return o
}
