package wallet

import "errors"

// ErrWrongPassword means an encrypted keyfile did not authenticate with the given password.
// The NaCl and Ansible Vault formats cannot tell a wrong password from a tampered
// ciphertext; both report this error.
var ErrWrongPassword = errors.New("wrong password")

// ErrCorruptKeyfile means a keyfile is malformed: truncated, bad encoding, not valid keyfile
// JSON, or a secret that does not match the public key recorded with it.
var ErrCorruptKeyfile = errors.New("corrupt keyfile")

// ErrUnsupportedFormat means a keyfile uses an encryption format this package cannot read.
var ErrUnsupportedFormat = errors.New("unsupported keyfile format")

// ErrKeyfileNotFound means the wallet or key file does not exist.
var ErrKeyfileNotFound = errors.New("keyfile not found")

// ErrKeyfileExists means a create or regenerate would overwrite a file without Overwrite set.
var ErrKeyfileExists = errors.New("keyfile already exists")

// ErrNoSecret means a keyfile holds only public parts where a secret key was needed.
var ErrNoSecret = errors.New("keyfile holds no secret key")

// ErrNoPassword means an encrypted keyfile was read without a password provider, or an
// encryption was asked for without a password.
var ErrNoPassword = errors.New("no password")

// ErrInvalidName means a wallet or hotkey name is empty or contains path separators.
var ErrInvalidName = errors.New("invalid wallet or hotkey name")
