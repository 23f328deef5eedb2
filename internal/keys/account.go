package keys

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// AccountID is a 32-byte sr25519 public key, the identity of a Bittensor account.
// It prints and serialises (text, JSON) as an SS58 address with prefix 42.
type AccountID [32]byte

// String returns the SS58 address (prefix 42).
func (a AccountID) String() string { return cachedSS58(a) }

// SS58 returns the SS58 address with the given network prefix.
func (a AccountID) SS58(prefix uint16) (string, error) {
	return SS58Encode(a, prefix)
}

// Hex returns the key as 0x-prefixed lower-case hex, the keyfile accountId form.
func (a AccountID) Hex() string {
	return "0x" + hex.EncodeToString(a[:])
}

// Bytes returns a copy of the raw 32 bytes.
func (a AccountID) Bytes() []byte {
	b := make([]byte, 32)
	copy(b, a[:])
	return b
}

// IsZero reports whether every byte is zero.
func (a AccountID) IsZero() bool {
	return a == AccountID{}
}

// MarshalText encodes the account as its SS58 address (prefix 42).
func (a AccountID) MarshalText() ([]byte, error) {
	return []byte(a.String()), nil
}

// UnmarshalText decodes an SS58 address with prefix 42.
func (a *AccountID) UnmarshalText(text []byte) error {
	pub, err := SS58DecodePrefix(string(text), DefaultSS58Prefix)
	if err != nil {
		return fmt.Errorf("parse account id: %w", err)
	}
	*a = pub
	return nil
}

// ParseAccountID parses an SS58 address with prefix 42.
func ParseAccountID(s string) (AccountID, error) {
	var a AccountID
	err := a.UnmarshalText([]byte(s))
	return a, err
}

// ParseAccountIDAny parses either an SS58 address with any prefix or 0x-prefixed (or bare)
// 64-digit hex, the forms found in keyfiles and raw coldkeypub.txt files.
func ParseAccountIDAny(s string) (AccountID, error) {
	s = strings.TrimSpace(s)
	h := strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if len(h) == 64 {
		if b, err := hex.DecodeString(h); err == nil {
			return AccountIDFromBytes(b)
		}
	}
	pub, _, err := SS58Decode(s)
	if err != nil {
		return AccountID{}, fmt.Errorf("parse account id: %w", err)
	}
	return pub, nil
}

// AccountIDFromBytes copies a raw 32-byte public key into an AccountID.
func AccountIDFromBytes(b []byte) (AccountID, error) {
	var a AccountID
	if len(b) != len(a) {
		return a, fmt.Errorf("account id from bytes: %w: %d bytes, want 32", ErrBadLength, len(b))
	}
	copy(a[:], b)
	return a, nil
}
