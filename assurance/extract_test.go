package assurance_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nhsguardian/guardian/assurance"
)

// oneFile is a Reader holding a single evidence file.
type oneFile struct {
	assurance.Reader
	data []byte
}

func (o oneFile) OpenEvidence(context.Context, int64) (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}

func evidenceFor(name string, data []byte) *assurance.Evidence {
	h := sha256.Sum256(data)
	return &assurance.Evidence{ID: 3, QuestionRef: "Q-0007", Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(h[:])}
}

func TestExtractEvidenceStaysInTheFolder(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	data := []byte("board minutes")
	// A link inside the folder pointing out of it, named as the file would be.
	target := filepath.Join(outside, "stolen")
	if err := os.Symlink(target, filepath.Join(dir, "Q-0007 E3 passwd")); err != nil {
		t.Fatal(err)
	}
	names := []string{"../../passwd", `..\..\passwd`, "/etc/passwd", `C:\Windows\passwd`, "passwd", "CON", "NUL.txt", "..", ""}
	seen := map[string]bool{}
	for _, name := range names {
		p, err := assurance.ExtractEvidence(context.Background(), oneFile{data: data}, evidenceFor(name, data), dir)
		if err != nil {
			t.Fatalf("extract %q: %v", name, err)
		}
		if filepath.Dir(p) != dir || seen[p] {
			t.Fatalf("extract %q wrote %q", name, p)
		}
		seen[p] = true
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("extract %q: read back %q, %v", name, got, err)
		}
		if st, _ := os.Stat(p); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
			t.Errorf("extracted %q has mode %v, want 0600", p, st.Mode().Perm())
		}
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("something was written through the link outside the folder: %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("files outside the folder: %v", entries)
	}
}

func TestExtractEvidenceNeverOverwritesAndRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	data := []byte("report")
	e := evidenceFor("report.pdf", data)
	first, err := assurance.ExtractEvidence(context.Background(), oneFile{data: data}, e, dir)
	if err != nil {
		t.Fatal(err)
	}
	second, err := assurance.ExtractEvidence(context.Background(), oneFile{data: data}, e, dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "Q-0007 E3 report (2).pdf"); second != want || first == second {
		t.Errorf("second extract wrote %q, want %q", second, want)
	}
	_, err = assurance.ExtractEvidence(context.Background(), oneFile{data: []byte("rep0rt")}, e, dir)
	if assurance.ErrorCode(err) != assurance.ECORRUPT {
		t.Fatalf("damaged evidence extracted: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("a damaged file was left behind: %v", entries)
	}
	if _, err := assurance.ExtractEvidence(context.Background(), oneFile{data: data}, e, filepath.Join(dir, "missing")); assurance.ErrorCode(err) != assurance.EINVALID {
		t.Errorf("extract to a missing folder: %v", err)
	}
}
