package wallet

import (
	"bytes"
	"fmt"
)

// Format is how a keyfile's content is stored.
type Format int

// Keyfile formats, detected by prefix as btwallet does.
const (
	FormatPlain        Format = iota // unencrypted JSON or bare account
	FormatNaCl                       // "$NACL" ‖ nonce ‖ secretbox (current)
	FormatAnsibleVault               // "$ANSIBLE_VAULT" 1.1 AES256 (older)
	FormatFernet                     // "gAAAAA" Fernet token (oldest Python SDK)
)

var formatNames = [...]string{"plain", "nacl", "ansible-vault", "fernet"}

// String returns a short lower-case name for the format.
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// Encrypted reports whether the format needs a password.
func (f Format) Encrypted() bool { return f != FormatPlain }

// DetectFormat tells the keyfile format from its first bytes.
func DetectFormat(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte(naclPrefix)):
		return FormatNaCl
	case bytes.HasPrefix(data, []byte(ansiblePrefix)):
		return FormatAnsibleVault
	case bytes.HasPrefix(data, []byte(fernetPrefix)):
		return FormatFernet
	default:
		return FormatPlain
	}
}

// Decrypt opens keyfile content in any supported encrypted format. Plain content is
// returned unchanged. Errors wrap ErrWrongPassword, ErrCorruptKeyfile or
// ErrUnsupportedFormat.
func Decrypt(data []byte, password string) ([]byte, error) {
	return decryptWith(data, password, defaultKDF)
}

func decryptWith(data []byte, password string, kdf kdfParams) ([]byte, error) {
	switch f := DetectFormat(data); f {
	case FormatNaCl:
		return openNaCl(data, password, kdf)
	case FormatAnsibleVault:
		return openAnsibleVault(data, password)
	case FormatFernet:
		return openFernet(data, password)
	default:
		return data, nil
	}
}

// Encrypt seals keyfile content in the current $NACL format with btwallet's Argon2i
// parameters. It costs about 512 MiB of memory and a few seconds of CPU.
func Encrypt(plain []byte, password string) ([]byte, error) {
	return sealNaCl(plain, password, defaultKDF)
}
