package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhsguardian/guardian/assurance/workcopy"
)

// longFolder returns a folder whose path, with a log name in it, is longer
// than Windows' old 260-character limit, named with spaces and accents as a
// trust's shared drive often is.
func longFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, part := range []string{
		"Board logs é – Comité d'évaluation", "Northshire Community Health NHS Trust (2026–27)",
		"People Committee – papers and minutes", "Quarterly assurance – Ménopause, OH & wellbeing",
		"Évaluation – Board – final versions only", "Réunion du 14 décembre 2026 – à relire",
	} {
		dir = filepath.Join(dir, part)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(dir)); n < 280 {
		t.Fatalf("folder is only %d characters", n)
	}
	return dir
}

// Paths with spaces, non-ASCII letters and more than 260 characters
// round-trip through every command that names a file: init, evidence add
// and extract, check, export, backup and copy --encrypt and back.
func TestLongNonASCIIPathsRoundTrip(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	workcopy.ScryptWorkFactor = 10
	defer func() { workcopy.ScryptWorkFactor = 0 }()
	dir := longFolder(t)
	log := filepath.Join(dir, "Évaluation – Board.guardian")
	out := must(t, "init", log, "--organisation", "Hôpital Général NHS Trust", "--guardian", "Dr Zoë Ødegård")
	if !strings.Contains(out, log) {
		t.Errorf("init printed %q, want the full path %q", out, log)
	}
	must(t, "question", "add", log, "--area", "2.1", "--text", "Où en sont les délais – OH waiting times?")

	src := filepath.Join(dir, "Référence – minutes (May).csv")
	data := []byte("Mois,Référés\nJan 2026,92\n")
	os.WriteFile(src, data, 0o600)
	if out := must(t, "evidence", "add", log, "Q-0001", src); !strings.Contains(out, "Référence – minutes (May).csv") {
		t.Errorf("evidence add said %q", out)
	}
	to := filepath.Join(dir, "Pièces extraites")
	got := strings.TrimSpace(must(t, "evidence", "extract", log, "Q-0001", "--to", to))
	if b, err := os.ReadFile(got); err != nil || !bytes.Equal(b, data) || !strings.HasPrefix(got, to) {
		t.Errorf("extracted to %q: %q, %v", got, b, err)
	}
	// Extracted files are named "Q-0001 E1 " and the evidence's own name,
	// accents and dashes kept.
	if name := filepath.Base(got); name != "Q-0001 E1 "+filepath.Base(src) {
		t.Errorf("extracted as %q, want the evidence's own name %q after its reference", name, filepath.Base(src))
	}

	if out := must(t, "check", log); !strings.Contains(out, "OK:") {
		t.Errorf("check:\n%s", out)
	}
	xlsx := filepath.Join(dir, "Papier du conseil – Board paper.xlsx")
	must(t, "export", log, xlsx)
	if fi, err := os.Stat(xlsx); err != nil || fi.Size() == 0 {
		t.Errorf("export: %v", err)
	}

	backup := filepath.Join(dir, "Sauvegarde – Board.guardian")
	must(t, "backup", log, backup)
	pf := filepath.Join(dir, "phrase de passe.txt")
	os.WriteFile(pf, []byte("cheval correct batterie agrafe\n"), 0o600)
	enc := filepath.Join(dir, "Copie chiffrée – Board.guardian")
	must(t, "copy", backup, enc, "--encrypt", "--passphrase-file", pf)
	back := filepath.Join(dir, "Copie déchiffrée – Board.guardian")
	must(t, "copy", enc, back, "--passphrase-file", pf)
	if list := must(t, "question", "list", back); !strings.Contains(list, "Où en sont les délais – OH waiting times?") {
		t.Errorf("the question did not survive export, backup and copy:\n%s", list)
	}
	if out := must(t, "evidence", "verify", back); !strings.Contains(out, "OK: 1 evidence file(s)") {
		t.Errorf("verify the copy:\n%s", out)
	}
}
