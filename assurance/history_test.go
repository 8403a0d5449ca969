package assurance

import (
	"encoding/json"
	"testing"
)

// TestAuditKeysAreTheRecordsOwn: the keys a store reads a question's status
// and level by, inside its database, are the ones its audit record has, and
// StepStateOf reads the same record the same way; renaming the fields fails
// here rather than leaving the paper's Changes sheet blank.
func TestAuditKeysAreTheRecordsOwn(t *testing.T) {
	q := &Question{Ref: "Q-0001", Status: StatusAnswered, Level: Limited}
	rec, err := AuditRecord(q)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(rec), &m); err != nil {
		t.Fatal(err)
	}
	if m[AuditStatusKey] != string(StatusAnswered) || m[AuditLevelKey] != string(Limited) {
		t.Errorf("record %s: %q = %v, %q = %v", rec, AuditStatusKey, m[AuditStatusKey], AuditLevelKey, m[AuditLevelKey])
	}
	if st, ok := StepStateOf(rec); !ok || st.Status != StatusAnswered || st.Level != Limited {
		t.Errorf("StepStateOf(%s) = %+v, %v", rec, st, ok)
	}
}
