package fixed

import "math/bits"

// Fast unsigned U64F64 paths for the AMM's hot loop (internal/amm). Each is
// bit-identical to the composition of generic operations it names; see
// amm_extra_test.go.

// U64F64Quotient returns U64F64::from_num(a).safe_div(U64F64::from_num(b)):
// ⌊a·2^64/b⌋ as raw bits, or 0 when b = 0. It never overflows because a < 2^64.
func U64F64Quotient(a, b uint64) U64F64 {
	if b == 0 {
		return U64F64{}
	}
	if a < b {
		lo, _ := bits.Div64(a, 0, b)
		return U64F64{u128{0, lo}}
	}
	hi, r := bits.Div64(0, a, b)
	lo, _ := bits.Div64(r, 0, b)
	return U64F64{u128{hi, lo}}
}

// MulU64Floor returns U64F64::from_num(x).saturating_mul(v).saturating_to_num::<u64>():
// ⌊x·v⌋, saturating at u64::MAX.
func (v U64F64) MulU64Floor(x uint64) uint64 {
	// x·raw(v) is a 192-bit integer; the result is its bits 64..127 unless
	// bits 128.. are set.
	h0, _ := bits.Mul64(x, v.raw.lo)
	h1, l1 := bits.Mul64(x, v.raw.hi)
	mid, c := bits.Add64(l1, h0, 0)
	if h1+c != 0 {
		return ^uint64(0)
	}
	return mid
}

// SatMulU is SatMul for U64F64 without the generic format machinery:
// ⌊a·b/2^64⌋, saturating at the maximum.
func (a U64F64) SatMulU(b U64F64) U64F64 {
	// a·b = hh·2^128 + (hl + lh)·2^64 + ll; the result is bits 64..191.
	hh1, hh0 := bits.Mul64(a.raw.hi, b.raw.hi)
	hl1, hl0 := bits.Mul64(a.raw.hi, b.raw.lo)
	lh1, lh0 := bits.Mul64(a.raw.lo, b.raw.hi)
	ll1, _ := bits.Mul64(a.raw.lo, b.raw.lo)
	if hh1 != 0 {
		return U64F64{u128Max}
	}
	lo, c1 := bits.Add64(ll1, hl0, 0)
	lo, c2 := bits.Add64(lo, lh0, 0)
	hi, c3 := bits.Add64(hh0, hl1, c1)
	hi, c4 := bits.Add64(hi, lh1, c2)
	if c3|c4 != 0 {
		return U64F64{u128Max}
	}
	return U64F64{u128{hi, lo}}
}
