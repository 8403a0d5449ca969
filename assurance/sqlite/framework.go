package sqlite

import (
	"context"

	"github.com/nhsguardian/guardian/assurance"
)

// catalogue is the frameworks questions are checked against: the one the
// log was opened with, plus those added to the log.
func (s *Store) catalogue() *assurance.Catalogue {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cat
}

// Catalogue returns the frameworks questions in this log can be asked
// against: Guardian's own (as opened with) and the log's; nil when the log
// was opened without a catalogue.
func (s *Store) Catalogue() *assurance.Catalogue { return s.catalogue() }

// loadFrameworks adds the log's own frameworks to the catalogue it was
// opened with. A stored file this version cannot read is reported, not
// silently dropped.
func (s *Store) loadFrameworks(ctx context.Context) error {
	if s.cat == nil {
		return nil
	}
	files, err := queryAll(ctx, s.rdb, func(r scanner) (string, error) {
		var f string
		return f, r.Scan(&f)
	}, "the log's frameworks", `SELECT file FROM log_frameworks ORDER BY added_at, id`)
	if err != nil {
		return err
	}
	cat := s.cat
	for _, f := range files {
		c, err := assurance.ParseCatalogue([]byte(f))
		if err == nil {
			cat, err = cat.Merge(c)
		}
		if err != nil {
			return assurance.WrapError(assurance.ECORRUPT, err, "A framework kept in %q cannot be read", s.name())
		}
	}
	s.mu.Lock()
	s.cat = cat
	s.mu.Unlock()
	return nil
}

// AddFramework checks a framework file in the embedded format and keeps it
// in the log, so questions can be asked against its areas. A file whose
// framework id is already known is refused, naming the id.
func (s *Store) AddFramework(ctx context.Context, data []byte) ([]*assurance.Framework, error) {
	c, err := assurance.ParseCatalogue(data)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "The %s", err.Error())
	}
	if s.catalogue() == nil {
		return nil, assurance.Errorf(assurance.EINVALID, "Frameworks can only be added to a log opened with Guardian's catalogue")
	}
	if p := assurance.CheckText(string(data), 4<<20, true); p != "" {
		return nil, assurance.Errorf(assurance.EINVALID, "The framework file %s", p)
	}
	var merged *assurance.Catalogue
	err = s.batch(ctx, func(w *writer) error {
		if merged, err = s.catalogue().Merge(c); err != nil {
			return assurance.WrapError(assurance.EINVALID, err, "The framework file cannot be added: %v; give the framework another id", err)
		}
		// One row per file, under its first framework's id: a file is
		// read back whole.
		if _, err := w.tx.ExecContext(ctx, `INSERT INTO log_frameworks (id, file, added_at) VALUES (?, ?, ?)`,
			c.Frameworks[0].ID, string(data), timeText(now())); err != nil {
			return dbError(err, "Cannot add the framework %q", c.Frameworks[0].ID)
		}
		for _, f := range c.Frameworks {
			rec := assurance.LabelRecord([]string{f.Name + " (" + f.Version + ")"})
			if err := w.audit(ctx, assurance.AuditCreate, assurance.ObjectFramework, 0, 0, "", nil, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cat = merged
	s.mu.Unlock()
	return c.Frameworks, nil
}
