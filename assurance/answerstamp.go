package assurance

import "time"

// A committee's answers come back into the log from a workbook Guardian
// wrote: the board paper's question and action sheets, or the answer
// workbook. Both carry, in hidden columns headed as below, each row's
// number and version and the answer fields as exported, and both are
// stamped with the log's identity, so that assurance/answers can set each
// field three ways and refuse a workbook written from another log.
const (
	AnswerColID        = "Guardian id"
	AnswerColVersion   = "Guardian version"
	AnswerColResponse  = "Exported response"
	AnswerColResponded = "Exported date of response"
	AnswerColLevel     = "Exported assurance level"
	AnswerColComment   = "Exported comment"
	AnswerColDone      = "Exported done on"
)

// AnswerColumns are the headings of the hidden round-trip columns.
var AnswerColumns = []string{AnswerColID, AnswerColVersion, AnswerColResponse, AnswerColResponded, AnswerColLevel, AnswerColComment, AnswerColDone}

// Names of the stamp's parts: custom document properties, and the same
// "name=value" text in hidden cells for programs that drop the properties.
const (
	StampLog      = "GuardianLog"
	StampLogName  = "GuardianLogName"
	StampExported = "GuardianExported"
)

// StampPart is one part of a workbook's stamp.
type StampPart struct{ Name, Value string }

// LogIdentity is what tells one log from another: the moment it was
// created, which a copy keeps and another log does not share.
func LogIdentity(info LogInfo) string {
	return "log created " + info.CreatedAt.UTC().Format(time.RFC3339Nano)
}

// AnswerStamp is the stamp of a workbook exported from the log at at.
func AnswerStamp(info LogInfo, at time.Time) []StampPart {
	return []StampPart{
		{StampLog, LogIdentity(info)},
		{StampLogName, baseName(info.Path)},
		{StampExported, at.UTC().Format(time.RFC3339)},
	}
}

// baseName is a path's last part, whichever system wrote the path.
func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == '\\' {
			return p[i+1:]
		}
	}
	return p
}
