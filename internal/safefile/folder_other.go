//go:build !unix

package safefile

import "os"

// Folder creates many new files in one folder: each is created through an
// os.Root on the folder (nothing lands outside it), readable by its owner
// only where the system has such modes, and never over an existing file.
type Folder struct {
	root *os.Root
}

// OpenFolder opens the folder dir for creating files in.
func OpenFolder(dir string) (*Folder, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Folder{root: root}, nil
}

// Create makes the new file name (one element, no separators) in the folder.
func (f *Folder) Create(name string) (NewFile, error) {
	if err := checkName(name); err != nil {
		return nil, &os.PathError{Op: "create", Path: name, Err: err}
	}
	return f.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// Close closes the folder; files created in it stay open until closed.
func (f *Folder) Close() error { return f.root.Close() }
