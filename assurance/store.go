// Package assurance is Guardian's domain: the framework catalogue, the
// questions a health and wellbeing guardian asks the board, their follow-up actions,
// evidence and audit trail, and the Store interface a log is kept behind.
//
// It knows nothing of SQL, spreadsheets or windows. The SQLite log file lives
// in the leaf package assurance/sqlite, a shared log on PostgreSQL in
// assurance/postgres; export and app depend on this package, never the other
// way round.
package assurance

import (
	"context"
	"io"
	"time"
)

// Settings are log-wide details printed on board papers.
type Settings struct {
	Organisation    string // such as "Northshire Community Health NHS Trust"
	Guardian        string // the health and wellbeing guardian's name, for "prepared by"
	SecurityMarking string // printed on every page; default OFFICIAL-SENSITIVE
}

// DefaultSecurityMarking is the Government Security Classification marking
// for personal and sensitive organisational information.
const DefaultSecurityMarking = "OFFICIAL-SENSITIVE"

// Validate checks the settings.
func (s *Settings) Validate() error {
	v := validator{}
	v.line("organisation", "The organisation", s.Organisation, false)
	v.line("guardian", "The Guardian's name", s.Guardian, false)
	v.line("security_marking", "The security marking", s.SecurityMarking, false)
	return v.err("The settings")
}

// QuestionFilter selects questions. Zero fields match everything.
type QuestionFilter struct {
	Framework string
	Driver    string // driver id, such as "4"
	Area      string // area id, such as "4.1"
	Statuses  []Status
	Levels    []AssuranceLevel
	MeetingID int64 // raised at this meeting
	OverdueOn Date  // if set, only questions overdue on this date
	OpenOnly  bool  // only questions not closed
	IDs       []int64
}

// SearchHit is one match of a full-text search.
type SearchHit struct {
	QuestionID int64
	Ref        string
	Field      string // "question", "response", "comment", "action" or "evidence"
	Snippet    string // the matching text with the match marked by [ and ]
	// Period names the reporting period whose response or comment matched,
	// in a log that keeps periods; "" for any other hit.
	Period string
}

// CheckReport is the result of a full check of a log.
type CheckReport struct {
	Integrity       []string // problems the store's own checks found (SQLite's for a file); empty when sound
	EvidenceChecked int
	EvidenceBytes   int64
	BadEvidence     []EvidenceProblem
}

// EvidenceProblem is an evidence item whose bytes no longer match its hash.
type EvidenceProblem struct {
	Evidence *Evidence
	Problem  string
}

// OK reports whether the check found nothing wrong.
func (r *CheckReport) OK() bool { return len(r.Integrity) == 0 && len(r.BadEvidence) == 0 }

// LogInfo describes an open log.
type LogInfo struct {
	Path          string
	SchemaVersion int
	CreatedAt     time.Time
	ReadOnly      bool
	// Notices are things found when the log was opened that the user
	// should be told, in plain words: a file beside the log that did not
	// belong to it and was moved aside, for one.
	Notices []string
}

// Reader is every read a log offers.
type Reader interface {
	Settings(ctx context.Context) (Settings, error)

	Meeting(ctx context.Context, id int64) (*Meeting, error)
	Meetings(ctx context.Context) ([]*Meeting, error) // by date

	Question(ctx context.Context, id int64) (*Question, error)
	QuestionByRef(ctx context.Context, ref string) (*Question, error)
	Questions(ctx context.Context, f QuestionFilter) ([]*Question, error) // by reference

	// Actions returns the actions on a question, or on every question for 0.
	Actions(ctx context.Context, questionID int64) ([]*Action, error)

	Evidence(ctx context.Context, id int64) (*Evidence, error)
	// EvidenceList returns the evidence on a question, or on every question for 0.
	EvidenceList(ctx context.Context, questionID int64) ([]*Evidence, error)
	// OpenEvidence streams an evidence file's bytes; the caller closes it.
	OpenEvidence(ctx context.Context, id int64) (io.ReadCloser, error)

	// Search finds questions whose text, response, comment, actions or
	// evidence names match the words in text, best first.
	Search(ctx context.Context, text string, limit int) ([]SearchHit, error)

	Audit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error) // newest first
	// QuestionSteps calls fn for each recorded change to a question at or
	// after since (zero: all), oldest first, without holding them all.
	QuestionSteps(ctx context.Context, since time.Time, fn func(QuestionStep) error) error
}

// Writer is every change a log accepts. Each change validates its input,
// records an audit entry, and commits as one transaction.
type Writer interface {
	UpdateSettings(ctx context.Context, s Settings) error

	CreateMeeting(ctx context.Context, m *Meeting) error
	UpdateMeeting(ctx context.Context, m *Meeting) error
	DeleteMeeting(ctx context.Context, id int64) error

	// CreateQuestion gives q its ID and Ref.
	CreateQuestion(ctx context.Context, q *Question) error
	UpdateQuestion(ctx context.Context, q *Question) error
	DeleteQuestion(ctx context.Context, id int64) error

	CreateAction(ctx context.Context, a *Action) error
	UpdateAction(ctx context.Context, a *Action) error
	DeleteAction(ctx context.Context, id int64) error

	// AttachEvidence streams r into the log. e needs QuestionID and Name;
	// the store fills ID, MediaType, Size, SHA256, AddedAt and AddedBy.
	// Identical content is stored once.
	AttachEvidence(ctx context.Context, e *Evidence, r io.Reader) error
	UpdateEvidence(ctx context.Context, e *Evidence) error // description only
	RemoveEvidence(ctx context.Context, id int64) error
}

// Store is an open assurance log.
type Store interface {
	Reader
	Writer
	Periods

	// Batch runs fn so that every change it makes commits together or not
	// at all: a question saved with its actions, or a bulk import.
	Batch(ctx context.Context, fn func(w Writer) error) error

	// VerifyEvidence recomputes an evidence file's SHA-256 and returns an
	// ECORRUPT error if it differs from the one recorded when attached.
	VerifyEvidence(ctx context.Context, id int64) error
	// Check runs the store's own integrity checks (SQLite's for a file)
	// and verifies every evidence file.
	Check(ctx context.Context) (*CheckReport, error)
	// Backup writes a consistent standalone copy of the log to dest. A
	// shared log refuses: its database is backed up as a whole.
	Backup(ctx context.Context, dest string) error

	// SetActor sets the name changes are recorded under in the audit log.
	SetActor(name string)
	Info() LogInfo
	Close() error
}
