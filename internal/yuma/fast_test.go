package yuma

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

// TestSelectWeightedMatchesSort checks the branch-free quick-select against
// the sort-based selection on random columns with many ties.
func TestSelectWeightedMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for it := range 20000 {
		m := 1 + r.IntN(300)
		vals := 1 + r.IntN(m+1) // few distinct values: many ties
		col := make([]medItem, m)
		var total fixed.I32F32
		for k := range col {
			col[k] = medItem{fixed.I32F32(r.IntN(vals)) << 20, fixed.I32F32(r.IntN(1 << 24))}
			total += col[k].s
		}
		need := fixed.I32F32(r.Int64N(int64(total) + 1))
		a := append([]medItem(nil), col...)
		b := append([]medItem(nil), col...)
		if got, want := selectWeighted(a, need), sortedSelect(b, need, 0); got != want {
			t.Fatalf("case %d: got %d, want %d", it, got, want)
		}
	}
}

// TestU16Recip checks u16Recip against the hardware division.
func TestU16Recip(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	check := func(U, u uint64) {
		if got, want := newU16Recip(U).quo(u), fixed.I32F32(u<<32/U); got != want {
			t.Fatalf("U=%d u=%d: got %d, want %d", U, u, got, want)
		}
	}
	for U := uint64(1); U <= 1<<12; U++ {
		for u := range min(U, 65535) + 1 {
			check(U, u)
		}
	}
	for range 200000 {
		U := 1 + r.Uint64N(1<<31-1)
		if r.IntN(4) == 0 {
			U = 1<<r.UintN(31) + r.Uint64N(3) - 1 // near powers of two
			U = max(U, 1)
		}
		m := min(U, 65535)
		check(U, m)
		check(U, r.Uint64N(m+1))
	}
}

// TestDivSlice checks divisor.divSlice against divisor.div, in and out of
// the fast range, and fracQuo against the 128-bit division.
func TestDivSlice(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	src := make([]fixed.I32F32, 64)
	dst := make([]fixed.I32F32, 64)
	for it := range 20000 {
		d := fixed.I32F32(r.Uint64() >> r.UintN(64))
		if it%7 == 0 {
			d = -d
		}
		q := newDivisor(d)
		for k := range src {
			switch r.IntN(4) {
			case 0:
				src[k] = fixed.I32F32(r.Uint64())
			case 1:
				src[k] = d
			default:
				if d > 0 {
					src[k] = fixed.I32F32(r.Uint64N(uint64(d) + 1))
				}
			}
		}
		q.divSlice(dst, src)
		for k, a := range src {
			if want := q.div(a); dst[k] != want {
				t.Fatalf("d=%d a=%d: got %d, want %d", d, a, dst[k], want)
			}
			if d > 0 && a >= 0 && a <= d {
				hi, lo := uint64(a)>>32, uint64(a)<<32
				want, _ := bits.Div64(hi, lo, uint64(d))
				if got := q.fracQuo(uint64(a)); got != want {
					t.Fatalf("fracQuo d=%d a=%d: got %d, want %d", d, a, got, want)
				}
			}
		}
	}
}

func TestYuma3Bond(t *testing.T) {
	for u := range 1 << 16 {
		if got, want := yuma3Bond(uint16(u)), fixed.I32F32((uint64(u)<<32)/65535); got != want {
			t.Fatalf("yuma3Bond(%d) = %d, want %d", u, got, want)
		}
	}
}

// TestUnitDiv checks unitDiv.quo against the 128-bit division, around powers
// of two and at the ends of its range.
func TestUnitDiv(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	check := func(d, a uint64) {
		q := newDivisor(fixed.I32F32(d))
		u := newUnitDiv(&q)
		want, _ := bits.Div64(a>>32, a<<32, d)
		if got := u.quo(a); got != want {
			t.Fatalf("d=%d a=%d: got %d, want %d", d, a, got, want)
		}
	}
	for range 200000 {
		d := r.Uint64()>>1>>r.UintN(63) | 1
		switch r.IntN(4) {
		case 0:
			d = 1 << r.UintN(63)
		case 1:
			d = max(1<<r.UintN(63)+r.Uint64N(5)-2, 1) & (1<<63 - 1)
		}
		d = max(d, 1)
		for _, a := range []uint64{0, 1, d, d - 1, d / 2, r.Uint64N(d + 1)} {
			if a <= d {
				check(d, a)
			}
		}
	}
}
