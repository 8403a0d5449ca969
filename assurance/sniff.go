package assurance

import (
	"bytes"
	"encoding/binary"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
)

// What every store does to evidence as it arrives, so that a file log and a
// shared database name and type the same file the same way.

var drivePrefix = regexp.MustCompile(`^[A-Za-z]:`)

// EvidenceName keeps only the file's own name from a path typed or dropped on
// any system: C:\Users\me\report.pdf and /home/me/report.pdf both give
// report.pdf.
func EvidenceName(name string) string {
	name = drivePrefix.ReplaceAllString(strings.TrimSpace(name), "")
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == ".." || name == "/" {
		return ""
	}
	return name
}

// SniffMediaType decides a file's media type from its first bytes. The name
// is used only to tell apart formats that share a container (a .docx and an
// .xlsx are both zip files; a .csv is plain text), never to override what
// the content says it is.
func SniffMediaType(head []byte, name string) string {
	if len(head) == 0 {
		return "application/octet-stream"
	}
	mt, _, err := mime.ParseMediaType(http.DetectContentType(head))
	if err != nil {
		return "application/octet-stream"
	}
	ext := strings.ToLower(path.Ext(name))
	switch mt {
	case "application/zip":
		if t := openDocumentType(head); t != "" {
			return t
		}
		if t, ok := officeZipTypes[ext]; ok {
			return t
		}
	case "text/plain":
		if t, ok := textTypes[ext]; ok {
			return t
		}
	case "application/octet-stream":
		if bytes.HasPrefix(head, oleMagic) {
			if t, ok := officeOLETypes[ext]; ok {
				return t
			}
			return "application/x-ole-storage"
		}
	}
	return mt
}

var (
	officeZipTypes = map[string]string{
		".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	}
	officeOLETypes = map[string]string{
		".doc": "application/msword",
		".xls": "application/vnd.ms-excel",
		".ppt": "application/vnd.ms-powerpoint",
		".msg": "application/vnd.ms-outlook",
	}
	textTypes = map[string]string{
		".csv": "text/csv",
		".tsv": "text/tab-separated-values",
		".md":  "text/markdown",
	}
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openDocumentType reads the media type an OpenDocument file declares in its
// first zip entry, an uncompressed file called "mimetype".
func openDocumentType(head []byte) string {
	const local = 30 // size of a zip local file header
	if len(head) < local+8 || binary.LittleEndian.Uint16(head[8:]) != 0 ||
		binary.LittleEndian.Uint16(head[26:]) != 8 || string(head[local:local+8]) != "mimetype" {
		return ""
	}
	start := local + 8 + int(binary.LittleEndian.Uint16(head[28:]))
	end := start + int(binary.LittleEndian.Uint32(head[18:]))
	if end > len(head) || start > end {
		return ""
	}
	if t := string(head[start:end]); strings.HasPrefix(t, "application/vnd.oasis.opendocument.") {
		return t
	}
	return ""
}
