package workcopy

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
	"github.com/nhsguardian/guardian/assurance"
)

// FieldPassphrase is the field a wrong passphrase is reported against, so a
// dialog can show the message beside the passphrase box and ask again.
const FieldPassphrase = assurance.FieldPassphrase

// ScryptWorkFactor is the scrypt cost (2^N) of new encrypted copies; 0
// keeps age's default, 2^18, which takes about a second on a laptop and is
// what a passphrase needs. Tests lower it to run quickly.
var ScryptWorkFactor = 0

// encryptTo returns a writer that encrypts to passphrase into w; the caller
// must Close it to finish the file.
func encryptTo(w io.Writer, passphrase string) (io.WriteCloser, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, assurance.WrapError(assurance.EINVALID, err, "The passphrase cannot be used")
	}
	if ScryptWorkFactor > 0 {
		r.SetWorkFactor(ScryptWorkFactor)
	}
	return age.Encrypt(w, r)
}

// decryptFile decrypts the age file src into dst (in the working area). A
// wrong passphrase is EINVALID against FieldPassphrase; a file that fails
// authentication anywhere (one changed byte) is ECORRUPT. Nothing is left
// at dst on failure.
func decryptFile(src, dst, passphrase string) error {
	in, r, err := openEncrypted(src, passphrase)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("decrypt %q: %w", filepath.Base(src), err)
	}
	_, err = io.Copy(out, r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return damaged(filepath.Base(src), err)
	}
	return nil
}

// checkPassphrase confirms passphrase opens the encrypted file at path.
func checkPassphrase(path, passphrase string) error {
	in, _, err := openEncrypted(path, passphrase)
	if err != nil {
		return err
	}
	return in.Close()
}

// openEncrypted opens an age file and checks the passphrase against its
// header; the returned reader authenticates the rest as it is read.
func openEncrypted(path, passphrase string) (io.Closer, io.Reader, error) {
	name := filepath.Base(path)
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, nil, wrongPassphrase(name, err)
	}
	in, err := os.Open(path)
	if err != nil {
		return nil, nil, assurance.WrapError(assurance.EINVALID, err, "Cannot open %q", name)
	}
	r, err := age.Decrypt(in, id)
	if err != nil {
		in.Close()
		if errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, nil, wrongPassphrase(name, err)
		}
		return nil, nil, damaged(name, err)
	}
	return in, r, nil
}

func damaged(name string, err error) error {
	return assurance.WrapError(assurance.ECORRUPT, err, "%q is damaged or was changed after it was sent: it cannot be opened", name)
}

func wrongPassphrase(name string, err error) error {
	msg := "That passphrase does not open this copy"
	return &assurance.Error{Code: assurance.EINVALID, Message: fmt.Sprintf("%s of %q. Check it with the person who sent it", msg, name),
		Fields: map[string]string{FieldPassphrase: msg + "."}, Err: err}
}
