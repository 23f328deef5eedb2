package fixed

import (
	"math/rand/v2"
	"testing"
)

func TestU64F64Quotient(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	edge := []uint64{0, 1, 2, 3, 1e9, 1e18, 65535, 1<<63 - 1, 1 << 63, ^uint64(0)}
	check := func(a, b uint64) {
		want := U64F64FromU64(a).SafeDiv(U64F64FromU64(b))
		if got := U64F64Quotient(a, b); got != want {
			t.Fatalf("%d/%d: got %v, want %v", a, b, got, want)
		}
	}
	for _, a := range edge {
		for _, b := range edge {
			check(a, b)
		}
	}
	for range 200_000 {
		check(r.Uint64()>>r.IntN(64), r.Uint64()>>r.IntN(64))
	}
}

func TestU64F64MulU64Floor(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	check := func(x uint64, v U64F64) {
		want := U64F64FromU64(x).SatMul(v).ToU64()
		if got := v.MulU64Floor(x); got != want {
			t.Fatalf("%d·%v: got %d, want %d", x, v, got, want)
		}
	}
	edge := []uint64{0, 1, 2, 1e9, 1e18, 1<<63 - 1, 1 << 63, ^uint64(0)}
	for _, x := range edge {
		for _, hi := range edge {
			for _, lo := range edge {
				check(x, U64F64FromBits(hi, lo))
			}
		}
	}
	for range 200_000 {
		check(r.Uint64()>>r.IntN(64), U64F64FromBits(r.Uint64()>>r.IntN(65), r.Uint64()))
	}
}

func TestU64F64SatMulU(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	check := func(a, b U64F64) {
		if got, want := a.SatMulU(b), a.SatMul(b); got != want {
			t.Fatalf("%v·%v: got %v, want %v", a, b, got, want)
		}
	}
	edge := []uint64{0, 1, 2, 1e9, 1 << 32, 1<<63 - 1, 1 << 63, ^uint64(0)}
	for _, ah := range edge {
		for _, al := range edge {
			for _, bh := range edge {
				for _, bl := range edge {
					check(U64F64FromBits(ah, al), U64F64FromBits(bh, bl))
				}
			}
		}
	}
	for range 300_000 {
		check(U64F64FromBits(r.Uint64()>>r.IntN(65), r.Uint64()), U64F64FromBits(r.Uint64()>>r.IntN(65), r.Uint64()))
	}
}
