// Package workcopy opens a Guardian log safely wherever the user keeps it:
// on a network drive, in a OneDrive or SharePoint folder, on a USB stick, or
// as an encrypted copy that came by email.
//
// SQLite's WAL mode is only safe on one computer's own disk, a sync client
// can upload a database half way through a write, and two people can each
// open "the" log and save over each other's answers. So:
//
//   - A log on this computer's own fixed disk (package place) is opened in
//     place, as the store always does.
//   - Anywhere else, the log is copied into the working area
//     (DefaultWorkDir) and the copy is opened. An owner file "~$NAME.lock"
//     (user, computer, process id, time opened; created with O_EXCL) is
//     written beside the original, as Word and Excel do.
//   - Changes are saved back automatically a few seconds after they are made
//     (Options.SaveDelay) and on Close: the store's VACUUM INTO writes a
//     snapshot in the working area, flushed to disk; SQLite's integrity check
//     and the evidence hashes are run on it; it is written to a temporary
//     "~$NAME.gd-COMPUTER-PROCESS-*.tmp" in the original's folder (one left
//     by a Guardian killed half way is removed by the next open or save
//     back on that computer), flushed and read back to
//     confirm every byte arrived; the original is confirmed to be the file
//     that was copied (size and SHA-256 recorded at open); and only then is
//     it replaced in one step (rename; MoveFileEx with write-through on
//     Windows), retrying for a few seconds while a sync client holds it.
//     SQLite itself never opens a file in the original's folder, so no -wal
//     or -shm file ever appears beside the original.
//   - If the original changed behind Guardian, it is never saved over: the
//     working copy keeps every change, and the Conflict says who changed the
//     original and when (their audit log and owner file) and which questions
//     each side changed since the copy was made or last saved back
//     (assurance.CompareQuestions). The user chooses
//     SaveMineAs (a new file) or OpenTheirs (their version; mine is kept in
//     the working area's Kept folder).
//   - If another person's live owner file is beside the log, it opens
//     read-only and HeldBy says "Open by NAME on MACHINE since TIME". A stale
//     owner file (this computer, process gone; or older than
//     Options.StaleAfter) is shown to the user through Options.ClearStale,
//     which may clear it; the user's own on this computer is taken over
//     without asking. One from another computer may be cleared by a warned
//     user through Options.ClearHeld. Restore puts a backup back only while
//     holding the owner file.
//   - If Guardian stopped before saving back, the working copy and a small
//     manifest beside it (original path, its hash when copied, last save)
//     survive; FindUnsaved lists them at the next start, to save back, save
//     as a new file, keep aside after a conflict, or discard (which removes
//     the owner file it left). Opening the log again also carries on with
//     the unsaved copy rather than losing it.
//   - SendCopy and Copy write one closed, standalone file (rollback journal,
//     no sidecars), optionally encrypted with an age scrypt passphrase. An
//     encrypted log asks for its passphrase (Options.Passphrase), is
//     decrypted only into the working area, and is saved back encrypted.
//
// # For the app
//
// Open a log with Open and use Session.Store for everything else; closing
// the store closes the session. CopiesOnOpen says when Open copies first
// (show progress, off the UI goroutine). Then:
//
//   - Session.Place: on first opening a log that is not Local(), show one
//     calm notice that Guardian works on a safe local copy and saves it back.
//   - Session.Status: for the title or status bar: LastSaved is when the log
//     last reached its real place (for an in-place log, the last change);
//     Unsaved, ReadOnly, HeldBy and Conflict say what to show.
//   - Options.OnEvent: EventChanged (a change not yet saved back: "not yet
//     saved to its place"), EventSaved (update "Saved at 14:05"), EventSaveFailed
//     (say it will try again; nothing is lost), EventConflict (show the
//     conflict dialog with Conflict.Message and Conflict.Questions, offering
//     SaveMineAs and OpenTheirs). Events arrive on Guardian's own goroutine;
//     hand them to the UI thread with fyne.Do.
//   - Session.HeldBy after Open: read-only because someone else has it.
//   - Options.ClearStale: a dialog "NAME on MACHINE opened this log at TIME
//     and Guardian there seems to have stopped. Clear it and open?";
//     Options.ClearHeld the same, with a warning, for another computer.
//   - Options.Passphrase: a password dialog; a wrong passphrase comes back
//     as EINVALID with a message in FieldErrors(err)[FieldPassphrase], so ask
//     again; a damaged copy is ECORRUPT.
//   - At start, FindUnsaved: offer each one's SaveBack, SaveAs or Discard;
//     a SaveBack that conflicts offers SaveAs or KeepAside.
//   - "Send a copy…": Session.SendCopy(ctx, dest, passphrase).
//
// Every error is an *assurance.Error whose message is written for the user.
package workcopy
