package assurance

import (
	"os"
	"os/user"
	"strings"
	"time"
)

// Kinds of change recorded in the audit log.
const (
	AuditCreate = "create"
	AuditUpdate = "update"
	AuditDelete = "delete"
)

// Kinds of object recorded in the audit log.
const (
	ObjectQuestion = "question"
	ObjectMeeting  = "meeting"
	ObjectAction   = "action"
	ObjectEvidence = "evidence"
	ObjectSettings = "settings"

	ObjectRequest     = "evidence_request"
	ObjectDecision    = "decision"
	ObjectLogSettings = "log_settings"
	ObjectCoverSheet  = "cover_sheet"
	ObjectTags        = "question_tags"
	ObjectKind        = "evidence_kind"
	ObjectFramework   = "framework"
)

// AuditEntry records one change to the log. The audit log is append-only:
// the store refuses to change or delete an entry.
type AuditEntry struct {
	ID         int64
	At         time.Time
	Actor      string // the name the user set, by default their computer login
	Action     string // AuditCreate, AuditUpdate or AuditDelete
	Object     string // ObjectQuestion, ...
	ObjectID   int64
	QuestionID int64  // the question the object belongs to, if any
	Ref        string // human reference of the question, if any
	Before     string // JSON of the object before the change; empty for a create
	After      string // JSON of the object after the change; empty for a delete
}

// AuditFilter selects audit entries. Zero fields match everything.
type AuditFilter struct {
	QuestionID int64
	Object     string
	Since      time.Time
	Limit      int // 0 means no limit
}

// DefaultActor returns the name changes are recorded under until the user
// sets one: their login name on this computer.
func DefaultActor() string {
	if u, err := user.Current(); err == nil {
		name := u.Username
		// Windows gives DOMAIN\user; the domain is noise in a board paper.
		if i := strings.LastIndex(name, `\`); i >= 0 {
			name = name[i+1:]
		}
		if name != "" {
			return name
		}
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}
