package yuma

import "math/bits"

func mulU64(a, b uint64) (hi, lo uint64) { return bits.Mul64(a, b) }

func divU128(hi, lo, d uint64) (q, r uint64) { return bits.Div64(hi, lo, d) }
