package wallet

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/taokit/taokit/internal/keys"
)

// File and directory modes btwallet uses for key material.
const (
	FileMode fs.FileMode = 0o600
	DirMode  fs.FileMode = 0o700
)

// PasswordFunc supplies the password for an encrypted keyfile. It is called only when
// the file is encrypted, so callers can prompt lazily.
type PasswordFunc func() (string, error)

// StaticPassword returns a PasswordFunc that always yields pw.
func StaticPassword(pw string) PasswordFunc {
	return func() (string, error) { return pw, nil }
}

// ReadKeyfile reads, decrypts if needed and parses the keyfile at path.
func ReadKeyfile(path string, password PasswordFunc) (Key, error) {
	return readKeyfile(path, password, defaultKDF)
}

func readKeyfile(path string, password PasswordFunc, kdf kdfParams) (Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Key{}, fmt.Errorf("read keyfile %s: %w: %w", path, ErrKeyfileNotFound, err)
		}
		return Key{}, fmt.Errorf("read keyfile %s: %w", path, err)
	}
	if DetectFormat(data).Encrypted() {
		if password == nil {
			return Key{}, fmt.Errorf("read keyfile %s: %w: file is encrypted", path, ErrNoPassword)
		}
		pw, err := password()
		if err != nil {
			return Key{}, fmt.Errorf("read keyfile %s: password: %w", path, err)
		}
		plain, err := decryptWith(data, pw, kdf)
		if err != nil {
			return Key{}, fmt.Errorf("read keyfile %s: %w", path, err)
		}
		data = plain
	}
	k, err := ParseKeyfile(data)
	clear(data)
	if err != nil {
		return Key{}, fmt.Errorf("read keyfile %s: %w", path, err)
	}
	return k, nil
}

// KeyfileFormat reports how the keyfile at path is stored.
func KeyfileFormat(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("keyfile format %s: %w: %w", path, ErrKeyfileNotFound, err)
		}
		return 0, fmt.Errorf("keyfile format %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(ansiblePrefix))
	n, err := f.Read(head)
	if err != nil && n == 0 {
		return FormatPlain, nil
	}
	return DetectFormat(head[:n]), nil
}

// WriteKeyfile writes data to path atomically with mode 0600, creating parent
// directories with mode 0700. Unless overwrite is set an existing file is an
// ErrKeyfileExists error.
func WriteKeyfile(path string, data []byte, overwrite bool) error {
	if !overwrite {
		if err := mustNotExist(path); err != nil {
			return err
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return fmt.Errorf("write keyfile %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write keyfile %s: %w", path, err)
	}
	tmpName := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return fmt.Errorf("write keyfile %s: %w", path, err)
	}
	if err := tmp.Chmod(FileMode); err != nil {
		return fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("write keyfile %s: %w", path, err)
	}
	return nil
}

func mustNotExist(path string) error {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("write keyfile %s: %w", path, ErrKeyfileExists)
	case errors.Is(err, fs.ErrNotExist):
		return nil
	default:
		return fmt.Errorf("write keyfile %s: %w", path, err)
	}
}

// encodeKeyfile serialises kp (secret) and, if password is set, seals it with $NACL.
func encodeKeyfile(kp *keys.Keypair, password string, kdf kdfParams) ([]byte, error) {
	data, err := NewKeyfileData(kp).Marshal()
	if err != nil {
		return nil, err
	}
	if password == "" {
		return data, nil
	}
	sealed, err := sealNaCl(data, password, kdf)
	clear(data)
	return sealed, err
}
