package assurance

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// Evidence is a file attached to a question: minutes, a report, a
// spreadsheet, a photograph. Its bytes are kept inside the log itself.
type Evidence struct {
	ID          int64
	QuestionID  int64
	Name        string // the original file name, without folders
	MediaType   string // sniffed from the content, not trusted from the name
	Size        int64
	SHA256      string // lower-case hex
	Description string
	AddedAt     time.Time
	AddedBy     string

	// Filled by reads: the reference of the question it belongs to.
	QuestionRef string
}

// ShortHash returns the first 12 hex digits of the SHA-256, enough for a person to compare.
func (e *Evidence) ShortHash() string {
	if len(e.SHA256) < 12 {
		return e.SHA256
	}
	return e.SHA256[:12]
}

// Validate checks the evidence's name and description.
func (e *Evidence) Validate() error {
	v := validator{}
	if e.QuestionID == 0 {
		v.add("question", "Evidence belongs to a question.")
	}
	v.line(FieldName, "The file name", e.Name, true)
	v.longText(FieldDescription, "The description", e.Description, false)
	return v.err("The evidence")
}

// windowsReserved are names Windows will not create a file under, whatever
// the extension. Microsoft's list ("Naming Files, Paths, and Namespaces")
// includes COM0/LPT0, the superscript digits and the console names.
var windowsReserved = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM0": true, "COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT0": true, "LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true,
}

// maxFileNameBytes keeps names well inside every file system's limit (255)
// and leaves room for a "Q-0042 " prefix.
const maxFileNameBytes = 180

// CleanFileName turns an untrusted file name into one that is safe to create
// in a folder on Windows, macOS or Linux: folders are dropped (both / and \),
// characters Windows forbids become "_", reserved names such as CON get a
// "_" prefix, trailing dots and spaces go, and long names are shortened
// keeping the extension. The result is never empty, ".", or "..".
func CleanFileName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base("/" + name)
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 32 || r == 127:
			b.WriteRune('_')
		case strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimRight(strings.TrimSpace(b.String()), ". ")
	name = strings.TrimLeft(name, " ")
	if name == "" || strings.Trim(name, ".") == "" {
		name = "evidence"
	}
	stem, ext := name, path.Ext(name)
	if len(ext) > 16 || ext == name {
		ext = ""
	}
	stem = shorten(strings.TrimSuffix(name, ext), ext)
	if strings.Trim(stem+ext, ".") == "" {
		stem, ext = "evidence", ""
	}
	if windowsReserved[strings.ToUpper(strings.TrimRight(strings.SplitN(stem, ".", 2)[0], " "))] {
		stem = shorten("_"+stem, ext) // still starts "_", so no longer reserved
	}
	return stem + ext
}

// shorten cuts stem until stem+ext fits maxFileNameBytes, on a character
// boundary. Without an extension a cut name may end in a dot or space,
// which Windows drops, so those go too.
func shorten(stem, ext string) string {
	for len(stem)+len(ext) > maxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(stem)
		stem = stem[:len(stem)-size]
	}
	if ext == "" {
		stem = strings.TrimRight(stem, ". ")
	}
	return stem
}

// EvidenceFileName is the name evidence is written under when extracted or
// exported: the question reference, the evidence id and the cleaned original
// name, so that files from different questions never collide.
func EvidenceFileName(e *Evidence) string {
	prefix := fmt.Sprintf("E%d", e.ID)
	if e.QuestionRef != "" {
		prefix = e.QuestionRef + " " + prefix
	}
	return prefix + " " + CleanFileName(e.Name)
}

// FormatSize writes a file size as people read it: "512 bytes", "1.2 kB",
// "3.4 MB" (powers of 1000, as file managers show them).
func FormatSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
