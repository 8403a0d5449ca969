package assurance

import (
	"context"
	"time"
)

// Keeping says where an open log lives and how Guardian keeps it safe: in
// place on this computer's own disk, or as a working copy saved back to a
// network drive, a cloud-synced folder or a USB stick.
type Keeping struct {
	Local     bool   // on this computer's own disk: changes go straight to the file
	Where     string // in plain words, such as "a network drive" or "a OneDrive folder"
	Encrypted bool   // an encrypted copy
	// LastSaved is when the log last reached its real place; zero if not
	// since it was opened.
	LastSaved time.Time
	Unsaved   bool   // changes in the working copy not yet saved back
	HeldBy    string // "Open by NAME on MACHINE since TIME" when that made it read-only
	HeldStale bool   // the holder seems to have stopped: the user may clear it
	// HeldElsewhere: the holder is on another computer, which Guardian
	// cannot check on; the user may clear it after a clear warning.
	HeldElsewhere bool
	Conflict      string // what happened, when the log changed behind Guardian
}

// Keeper is what a Store opened through Guardian's working copies
// (assurance/workcopy) offers beyond Store. A user interface type-asserts
// it; a Store without it is a plain local file.
type Keeper interface {
	Keeping() Keeping
	// SendCopy writes a closed, standalone copy to dest, encrypted with
	// passphrase unless it is empty.
	SendCopy(ctx context.Context, dest, passphrase string) error
	// SaveMineAs writes my version to the new file dest after a conflict,
	// closes this log and returns dest opened.
	SaveMineAs(ctx context.Context, dest string) (Store, error)
	// OpenTheirs keeps my version at the returned path, closes this log and
	// returns the log as someone else saved it.
	OpenTheirs(ctx context.Context) (Store, string, error)
}

// FieldPassphrase is the field a missing or wrong passphrase is reported
// against, so a dialog can ask for it (again).
const FieldPassphrase = "passphrase"
