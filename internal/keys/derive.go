package keys

import (
	"encoding/binary"
	"fmt"
	"strconv"

	schnorrkel "github.com/ChainSafe/go-schnorrkel"
	"golang.org/x/crypto/blake2b"
)

// Junction is one step of a derivation path: a 32-byte chain code, hard or soft.
type Junction struct {
	ChainCode [32]byte
	Hard      bool
}

// NewJunction builds the junction for the text between slashes of a path, as substrate
// does: a decimal u64 becomes its 8-byte little-endian encoding, anything else its SCALE
// string encoding (compact length ‖ UTF-8 bytes); the result is zero-padded to 32 bytes,
// or replaced by its blake2b-256 hash if longer.
func NewJunction(text string, hard bool) Junction {
	var enc []byte
	if n, ok := parseU64(text); ok {
		enc = binary.LittleEndian.AppendUint64(nil, n)
	} else {
		enc = appendCompact(nil, uint64(len(text)))
		enc = append(enc, text...)
	}
	j := Junction{Hard: hard}
	if len(enc) > len(j.ChainCode) {
		j.ChainCode = blake2b.Sum256(enc)
	} else {
		copy(j.ChainCode[:], enc)
	}
	return j
}

// parseU64 parses a decimal u64 the way Rust's str::parse::<u64> does (one optional '+').
func parseU64(s string) (uint64, bool) {
	if len(s) > 1 && s[0] == '+' {
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}

// appendCompact appends the SCALE compact encoding of n.
func appendCompact(b []byte, n uint64) []byte {
	switch {
	case n < 1<<6:
		return append(b, byte(n<<2))
	case n < 1<<14:
		return binary.LittleEndian.AppendUint16(b, uint16(n<<2|1))
	case n < 1<<30:
		return binary.LittleEndian.AppendUint32(b, uint32(n<<2|2))
	default:
		var tmp [8]byte
		binary.LittleEndian.PutUint64(tmp[:], n)
		size := 8
		for size > 4 && tmp[size-1] == 0 {
			size--
		}
		b = append(b, byte((size-4)<<2|3))
		return append(b, tmp[:size]...)
	}
}

// Derive walks the junctions from k and returns the derived key pair. Hard junctions
// derive a new mini secret (so the seed stays known); a soft junction makes the seed
// unknown. The soft-derived signing nonce is a keyed hash of the parent nonce and chain
// code (Rust schnorrkel draws it at random); it never affects the public key.
func (k *Keypair) Derive(path []Junction) (*Keypair, error) {
	if k == nil || k.sk == nil {
		return nil, fmt.Errorf("derive: %w: empty key pair", ErrInvalidSecretKey)
	}
	cur := k
	for i, j := range path {
		next, err := cur.deriveOne(j)
		if err != nil {
			return nil, fmt.Errorf("derive junction %d: %w", i+1, err)
		}
		cur = next
	}
	if cur == k {
		cp := *k
		return &cp, nil
	}
	return cur, nil
}

func (k *Keypair) deriveOne(j Junction) (*Keypair, error) {
	if j.Hard {
		msk, _, err := k.sk.HardDeriveMiniSecretKey(nil, j.ChainCode)
		if err != nil {
			return nil, fmt.Errorf("hard derive: %w", err)
		}
		child := FromSeed(msk.Encode()) // a fresh key: no phrase
		child.hasSeed = k.hasSeed
		if !k.hasSeed {
			child.seed = [32]byte{}
		}
		return child, nil
	}
	ext, err := schnorrkel.DeriveKeySoft(k.sk, nil, j.ChainCode)
	if err != nil {
		return nil, fmt.Errorf("soft derive: %w", err)
	}
	sk, err := ext.Secret()
	if err != nil {
		return nil, fmt.Errorf("soft derive: %w", err)
	}
	mac, _ := blake2b.New256(k.nonce[:]) // a 32-byte key is always accepted
	mac.Write([]byte("taokit soft nonce"))
	mac.Write(j.ChainCode[:])
	child, err := newKeypair(sk.Encode(), [32]byte(mac.Sum(nil)))
	if err != nil {
		return nil, fmt.Errorf("soft derive: %w", err)
	}
	return child, nil
}
