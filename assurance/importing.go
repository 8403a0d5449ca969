package assurance

import "context"

// ImportSource says where an imported question came from, so the audit log
// can name the file and a second import of the same file adds nothing twice.
type ImportSource struct {
	File   string // the file's name, without its folder
	SHA256 string // of the whole file, as imported
	Row    int    // the row in the file (1 = the first row)
	// Key identifies the row across imports: the reference the file gives
	// it ("R-12"), or, when the file has none, a digest of its content.
	Key string
}

// ImportLog is what an import reads from a log: which rows earlier imports
// brought in, and the column mapping remembered for a shape of file.
// sqlite.Store has it; it is apart from Reader so that stores which never
// import need not offer it.
type ImportLog interface {
	// ImportedKeys returns the key of every row imported so far, with the
	// reference of the question it became.
	ImportedKeys(ctx context.Context) (map[string]string, error)
	// ImportMapping returns the mapping (field name to column heading)
	// saved for files whose header row has the given shape, or nil.
	ImportMapping(ctx context.Context, shape string) (map[string]string, error)
}

// ImportWriter is what an import writes, inside Store.Batch: the Writer a
// log's Batch hands out has it when the log can take imports.
type ImportWriter interface {
	Writer
	// CreateImportedQuestion is CreateQuestion that also records src, in the
	// question's audit entry and against src.Key.
	CreateImportedQuestion(ctx context.Context, q *Question, src ImportSource) error
	// UpdateImportedQuestion is UpdateQuestion that also names src, the
	// file the changes came from, in the audit entry.
	UpdateImportedQuestion(ctx context.Context, q *Question, src ImportSource) error
	// UpdateImportedAction is UpdateAction that also names src.
	UpdateImportedAction(ctx context.Context, a *Action, src ImportSource) error
	// SaveImportMapping remembers a column mapping for the shape of file.
	SaveImportMapping(ctx context.Context, shape string, mapping map[string]string) error
}
