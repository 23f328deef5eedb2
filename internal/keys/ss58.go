package keys

import (
	"fmt"

	"golang.org/x/crypto/blake2b"
)

// DefaultSS58Prefix is the generic Substrate network prefix that Bittensor uses.
const DefaultSS58Prefix uint16 = 42

// MaxSS58Prefix is the largest prefix SS58 can encode (14 bits, two-byte form).
const MaxSS58Prefix uint16 = 16383

const ss58ChecksumLen = 2

// SS58Encode encodes a 32-byte public key as an SS58 address with the given prefix.
// Prefixes 0–63 use the one-byte form and 64–16383 the two-byte form.
func SS58Encode(pub [32]byte, prefix uint16) (string, error) {
	head, err := ss58PrefixBytes(prefix)
	if err != nil {
		return "", fmt.Errorf("ss58 encode: %w", err)
	}
	payload := make([]byte, 0, len(head)+32+ss58ChecksumLen)
	payload = append(payload, head...)
	payload = append(payload, pub[:]...)
	sum := ss58Checksum(payload)
	payload = append(payload, sum[:ss58ChecksumLen]...)
	return base58Encode(payload), nil
}

// SS58Decode decodes an SS58 address holding a 32-byte public key and returns the key and
// its network prefix. Errors wrap ErrBadChar, ErrBadLength, ErrBadPrefix or ErrBadChecksum.
func SS58Decode(addr string) ([32]byte, uint16, error) {
	var pub [32]byte
	// A 32-byte key with a two-byte prefix never needs more than 50 base58 digits;
	// refusing longer input up front keeps hostile input cheap.
	if len(addr) == 0 || len(addr) > 64 {
		return pub, 0, fmt.Errorf("ss58 decode: %w: %d characters", ErrBadLength, len(addr))
	}
	raw, err := base58Decode(addr)
	if err != nil {
		return pub, 0, fmt.Errorf("ss58 decode: %w", err)
	}
	if len(raw) == 0 {
		return pub, 0, fmt.Errorf("ss58 decode: %w: empty payload", ErrBadLength)
	}
	prefix, plen, err := ss58ParsePrefix(raw)
	if err != nil {
		return pub, 0, fmt.Errorf("ss58 decode: %w", err)
	}
	if len(raw) != plen+32+ss58ChecksumLen {
		return pub, 0, fmt.Errorf("ss58 decode: %w: %d bytes, want %d", ErrBadLength, len(raw), plen+32+ss58ChecksumLen)
	}
	body := raw[:plen+32]
	sum := ss58Checksum(body)
	if sum[0] != raw[plen+32] || sum[1] != raw[plen+33] {
		return pub, 0, fmt.Errorf("ss58 decode: %w", ErrBadChecksum)
	}
	copy(pub[:], raw[plen:plen+32])
	return pub, prefix, nil
}

// SS58DecodePrefix decodes an SS58 address and checks that it uses the wanted prefix;
// a mismatch wraps ErrWrongPrefix.
func SS58DecodePrefix(addr string, want uint16) ([32]byte, error) {
	pub, got, err := SS58Decode(addr)
	if err != nil {
		return pub, err
	}
	if got != want {
		return [32]byte{}, fmt.Errorf("ss58 decode: %w: got %d, want %d", ErrWrongPrefix, got, want)
	}
	return pub, nil
}

// ss58PrefixBytes returns the one- or two-byte encoding of a network prefix.
func ss58PrefixBytes(prefix uint16) ([]byte, error) {
	switch {
	case prefix < 64:
		return []byte{byte(prefix)}, nil
	case prefix <= MaxSS58Prefix:
		first := byte((prefix&0xfc)>>2) | 0x40
		second := byte(prefix>>8) | byte((prefix&0x03)<<6)
		return []byte{first, second}, nil
	default:
		return nil, fmt.Errorf("%w: %d exceeds %d", ErrBadPrefix, prefix, MaxSS58Prefix)
	}
}

// ss58ParsePrefix reads the network prefix at the start of raw and returns it with its length.
func ss58ParsePrefix(raw []byte) (uint16, int, error) {
	switch b := raw[0]; {
	case b < 64:
		return uint16(b), 1, nil
	case b < 128:
		if len(raw) < 2 {
			return 0, 0, fmt.Errorf("%w: truncated two-byte prefix", ErrBadLength)
		}
		lower := (b << 2) | (raw[1] >> 6)
		upper := raw[1] & 0x3f
		prefix := uint16(lower) | uint16(upper)<<8
		if prefix < 64 {
			return 0, 0, fmt.Errorf("%w: %d in the two-byte form", ErrBadPrefix, prefix)
		}
		return prefix, 2, nil
	default:
		return 0, 0, fmt.Errorf("%w: first byte %#x", ErrBadPrefix, b)
	}
}

// ss58Checksum returns blake2b-512("SS58PRE" ‖ body).
func ss58Checksum(body []byte) [64]byte {
	h, _ := blake2b.New512(nil) // cannot fail without a key
	h.Write([]byte("SS58PRE"))
	h.Write(body)
	var out [64]byte
	h.Sum(out[:0])
	return out
}
