package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/taokit/taokit/internal/wallet"
)

// minPasswordLen is btwallet's minimum password length at creation.
const minPasswordLen = 6

// password returns the coldkey password from, in order: --password-file,
// $TAO_PASSWORD, or a prompt when stdin is a terminal. It never blocks on a
// non-terminal stdin: without a source it fails with errPassword.
// With confirm (creating a key) a prompted password is asked twice and the
// minimum length is enforced for every source.
func (e *runEnv) password(what string, confirm bool) (string, error) {
	pw, err := e.passwordRaw(what, confirm)
	if err != nil {
		return "", err
	}
	if confirm && len(pw) < minPasswordLen {
		return "", fmt.Errorf("%w: the password must have at least %d characters", errPassword, minPasswordLen)
	}
	return pw, nil
}

func (e *runEnv) passwordRaw(what string, confirm bool) (string, error) {
	if f := e.c.String(flagPasswordFile); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("%w: --password-file: %w", errPassword, err)
		}
		pw := strings.TrimRight(string(b), "\r\n")
		if pw == "" {
			return "", fmt.Errorf("%w: --password-file %s is empty", errPassword, f)
		}
		return pw, nil
	}
	if pw, ok := os.LookupEnv(passwordEnv); ok && pw != "" {
		return pw, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", fmt.Errorf("%w: %s needs a password and stdin is not a terminal: use --password-file FILE or set %s",
			errPassword, what, passwordEnv)
	}
	fmt.Fprintf(e.stderr, "Enter password for %s: ", what)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("%w: read password: %w", errPassword, err)
	}
	if !confirm {
		return string(b), nil
	}
	fmt.Fprintf(e.stderr, "Retype password: ")
	b2, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("%w: read password: %w", errPassword, err)
	}
	if string(b) != string(b2) {
		return "", fmt.Errorf("%w: the passwords do not match", errPassword)
	}
	return string(b), nil
}

// passwordFunc is a wallet.PasswordFunc that asks only when a keyfile is
// encrypted, and says that unlocking takes a while (Argon2i, 512 MiB).
func (e *runEnv) passwordFunc(what string) wallet.PasswordFunc {
	return func() (string, error) {
		pw, err := e.password(what, false)
		if err != nil {
			return "", err
		}
		e.log.Info("unlocking key (Argon2i, 512 MiB; takes a few seconds)", "key", what)
		return pw, nil
	}
}
