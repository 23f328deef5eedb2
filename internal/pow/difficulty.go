package pow

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"math/bits"
)

// Endian says how the 32 seal bytes are read as the 256-bit integer W that
// the difficulty check multiplies. See the package documentation.
type Endian uint8

const (
	// BigEndian reads seal[0] as the most significant byte: the Python
	// client, cubit, subtensor before June 2025, and taokit's chain. It is
	// the zero value.
	BigEndian Endian = iota
	// LittleEndian reads seal[31] as the most significant byte: subtensor
	// since mid 2025 (U256::from_little_endian), which rejects the seals
	// clients find (subtensor issue #1974).
	LittleEndian
)

// ChainOrder is the rule taokit's chain applies to proof-of-work
// registrations (ecosystem spec §4.2: define the big-endian rule, so the
// well-known clients and GPU kernels carry over).
const ChainOrder = BigEndian

// String returns "little-endian" or "big-endian".
func (e Endian) String() string {
	switch e {
	case LittleEndian:
		return "little-endian"
	case BigEndian:
		return "big-endian"
	default:
		return fmt.Sprintf("Endian(%d)", uint8(e))
	}
}

// U256 is an unsigned 256-bit integer as four 64-bit limbs, least
// significant first: the value is Σ U256[i]·2^(64i).
type U256 [4]uint64

// maxU256 is 2²⁵⁶−1.
var maxU256 = U256{math.MaxUint64, math.MaxUint64, math.MaxUint64, math.MaxUint64}

// Cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x U256) Cmp(y U256) int {
	for i := 3; i >= 0; i-- {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Big returns x as a *big.Int.
func (x U256) Big() *big.Int {
	var b [32]byte
	for i := 0; i < 4; i++ {
		binary.BigEndian.PutUint64(b[24-8*i:], x[i])
	}
	return new(big.Int).SetBytes(b[:])
}

// SealValue returns the seal read as a 256-bit integer in the given order.
func SealValue(seal [32]byte, order Endian) U256 {
	var w U256
	if order == BigEndian {
		for i := 0; i < 4; i++ {
			w[3-i] = binary.BigEndian.Uint64(seal[8*i:])
		}
		return w
	}
	for i := 0; i < 4; i++ {
		w[i] = binary.LittleEndian.Uint64(seal[8*i:])
	}
	return w
}

// wordsValue turns seal words (seal[8i:8i+8] = LittleEndian(oi)) into W.
func wordsValue(o0, o1, o2, o3 uint64, order Endian) U256 {
	if order == BigEndian {
		return U256{bits.ReverseBytes64(o3), bits.ReverseBytes64(o2), bits.ReverseBytes64(o1), bits.ReverseBytes64(o0)}
	}
	return U256{o0, o1, o2, o3}
}

// MulOverflows reports whether w·d overflows 256 bits: the chain's
// formulation of the difficulty check, a seal passing iff it does not.
func MulOverflows(w U256, d uint64) bool {
	var carry uint64
	for i := 0; i < 4; i++ {
		hi, lo := bits.Mul64(w[i], d)
		var c uint64
		_, c = bits.Add64(lo, carry, 0)
		carry = hi + c // hi ≤ 2⁶⁴−2, so no wrap
	}
	return carry != 0
}

// Threshold returns ⌊(2²⁵⁶−1)/d⌋, the largest W that meets difficulty d
// (2²⁵⁶−1 for d = 0, which accepts everything).
func Threshold(d uint64) U256 {
	if d <= 1 {
		return maxU256
	}
	var q U256
	var r uint64
	for i := 3; i >= 0; i-- {
		q[i], r = bits.Div64(r, math.MaxUint64, d)
	}
	return q
}

// MeetsDifficulty reports whether seal meets difficulty under taokit's
// chain rule (ChainOrder, big-endian): W·difficulty does not overflow 2²⁵⁶.
func MeetsDifficulty(seal [32]byte, difficulty uint64) bool {
	return MeetsDifficultyOrder(seal, difficulty, ChainOrder)
}

// MeetsDifficultyOrder is MeetsDifficulty with W read in the given order.
func MeetsDifficultyOrder(seal [32]byte, difficulty uint64, order Endian) bool {
	return !MulOverflows(SealValue(seal, order), difficulty)
}

// MaxDifficulty returns the largest difficulty the seal meets in the given
// order, ⌊(2²⁵⁶−1)/W⌋ capped at 2⁶⁴−1. Progress reports use it to express
// the best seal so far as one number comparable with the target.
func MaxDifficulty(seal [32]byte, order Endian) uint64 {
	return maxDifficultyOf(SealValue(seal, order))
}

func maxDifficultyOf(w U256) uint64 {
	if w[3] == 0 { // W < 2¹⁹² ⇒ (2²⁵⁶−1)/W ≥ 2⁶⁴
		return math.MaxUint64
	}
	q := maxU256.Big()
	q.Quo(q, w.Big())
	if !q.IsUint64() {
		return math.MaxUint64
	}
	return q.Uint64()
}
