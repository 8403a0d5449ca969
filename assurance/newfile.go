package assurance

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// NewFilePath returns dest as an absolute path if no file is there yet;
// Guardian never overwrites a file. what names the file in the messages
// ("the backup"), or is empty. Callers check again just before the rename
// that makes the file, as another program may have made one meanwhile.
func NewFilePath(dest, what string) (string, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return "", WrapError(EINVALID, err, "%q is not a usable file name", dest)
	}
	name := filepath.Base(abs)
	choose, write := "", ""
	if what != "" {
		choose, write = " for "+what, what+" "
	}
	_, err = os.Lstat(abs)
	if err == nil {
		return "", Errorf(EINVALID, "A file called %q already exists; Guardian never overwrites a file, so choose another name%s", name, choose)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", WrapError(EINVALID, err, "Cannot write %s%q", write, name)
	}
	return abs, nil
}
