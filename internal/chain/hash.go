package chain

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Hash is a 32-byte digest (block, transaction, state root) that prints and
// serialises as 0x-prefixed hex.
type Hash [32]byte

// String returns 0x-prefixed lower-case hex.
func (h Hash) String() string { return "0x" + hex.EncodeToString(h[:]) }

// MarshalText encodes the hash as 0x-hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText decodes 0x-hex (the prefix is optional).
func (h *Hash) UnmarshalText(b []byte) error {
	s := strings.TrimPrefix(string(b), "0x")
	if len(s) != 64 {
		return fmt.Errorf("hash %q: want 64 hex digits", b)
	}
	_, err := hex.Decode(h[:], []byte(s))
	if err != nil {
		return fmt.Errorf("hash %q: %w", b, err)
	}
	return nil
}
