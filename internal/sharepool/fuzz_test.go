package sharepool

import (
	"math/big"
	"testing"
)

// ulp returns 10^e as a rational.
func ulp(e int64) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(e)), nil)
	if e >= 0 {
		return new(big.Rat).SetInt(p)
	}
	return new(big.Rat).SetFrac(big.NewInt(1), p)
}

// tol2 is two units of the coarser of the result's last digit and the scale
// at which the operation truncated before normalising.
func tol2(resExp, opExp int64) *big.Rat {
	return new(big.Rat).Mul(big.NewRat(2, 1), ulp(max(resExp, opExp)))
}

func abs64(e int64) int64 {
	if e < 0 {
		return -e
	}
	return e
}

func checkNorm(t *testing.T, op string, f Float) {
	t.Helper()
	if f.IsZero() {
		if f.exp != 0 {
			t.Fatalf("%s: zero with exponent %d", op, f.exp)
		}
		return
	}
	m := f.mant()
	if m.Cmp(minMant) <= 0 || m.Cmp(maxMant) > 0 {
		t.Fatalf("%s: mantissa %v not normalised", op, m)
	}
}

// within reports lo ≤ got ≤ hi.
func within(got, lo, hi *big.Rat) bool { return got.Cmp(lo) >= 0 && got.Cmp(hi) <= 0 }

// FuzzSafeFloat checks every operation against exact rational arithmetic:
// results are normalised, truncate toward zero (add, div, mul_div never
// exceed the exact value and miss it by under two result ulps), sub stays
// within one ulp of the larger operand either side, and ToU64 is the floor.
func FuzzSafeFloat(f *testing.F) {
	f.Add(uint64(1), int64(0), uint64(3), int64(0), uint64(7), int64(0))
	f.Add(uint64(1000), int64(-18), uint64(999_999), int64(5), uint64(21_000_000_000_000_000), int64(-3))
	f.Add(uint64(1<<63), int64(30), uint64(1), int64(-40), uint64(12345), int64(2))
	f.Fuzz(func(t *testing.T, ma uint64, ea int64, mb uint64, eb int64, mc uint64, ec int64) {
		// Keep exponents where exact rationals stay cheap.
		ea, eb, ec = ea%60, eb%60, ec%60
		a, ok1 := New(0, ma, ea)
		b, ok2 := New(0, mb, eb)
		c, ok3 := New(0, mc, ec)
		if !ok1 || !ok2 || !ok3 {
			return // not representable: nothing to compare
		}
		ra, rb, rc := a.Rat(), b.Rat(), c.Rat()
		if r, ok := a.Add(b); ok {
			checkNorm(t, "add", r)
			exact := new(big.Rat).Add(ra, rb)
			lo := new(big.Rat).Sub(exact, tol2(r.exp, max(a.exp, b.exp)+1))
			if !r.IsZero() && !within(r.Rat(), lo, exact) {
				t.Fatalf("add %v+%v = %v (exact %v)", ra, rb, r.Rat(), exact)
			}
		}
		if r, ok := a.Sub(b); ok {
			checkNorm(t, "sub", r)
			exact := new(big.Rat).Sub(ra, rb)
			e := max(a.exp, b.exp)
			tol := new(big.Rat).Mul(big.NewRat(2, 1), ulp(e))
			if exact.Sign() < 0 {
				exact.SetInt64(0)
			}
			lo, hi := new(big.Rat).Sub(exact, tol), new(big.Rat).Add(exact, tol)
			if !within(r.Rat(), lo, hi) {
				t.Fatalf("sub %v-%v = %v (exact %v)", ra, rb, r.Rat(), exact)
			}
		}
		if r, ok := a.Div(c); ok {
			checkNorm(t, "div", r)
			exact := new(big.Rat).Quo(ra, rc)
			lo := new(big.Rat).Sub(exact, tol2(r.exp, a.exp-c.exp-MaxExp))
			if !within(r.Rat(), lo, exact) {
				t.Fatalf("div %v/%v = %v (exact %v)", ra, rc, r.Rat(), exact)
			}
		}
		if r, ok := a.MulDiv(b, c); ok {
			checkNorm(t, "mul_div", r)
			exact := new(big.Rat).Quo(new(big.Rat).Mul(ra, rb), rc)
			lo := new(big.Rat).Sub(exact, tol2(r.exp, a.exp+b.exp-c.exp))
			if !r.IsZero() && !within(r.Rat(), lo, exact) {
				t.Fatalf("mul_div %v*%v/%v = %v (exact %v)", ra, rb, rc, r.Rat(), exact)
			}
			// ToU64 is the floor, saturating.
			fl := new(big.Int).Quo(r.Rat().Num(), r.Rat().Denom())
			want := fl.Uint64()
			if fl.Cmp(u64Max) > 0 {
				want = ^uint64(0)
			}
			if got := r.ToU64(); got != want {
				t.Fatalf("to_u64(%v) = %d, want %d", r.Rat(), got, want)
			}
		}
		// The snapshot's gt has no zero special case (zero is stored with
		// exponent 0), so only normalised non-zero operands compare exactly.
		if !a.IsZero() && !b.IsZero() && a.Gt(b) != (ra.Cmp(rb) > 0) {
			t.Fatalf("gt(%v, %v) = %v", ra, rb, a.Gt(b))
		}
	})
}

// FuzzNativePaths checks the 128/256-bit native arithmetic against the
// math/big reference paths bit for bit: Knuth division on arbitrary
// operands, normalisation on arbitrary mantissas, and every operation on
// normalised values.
func FuzzNativePaths(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint64(3), uint64(4), uint64(5), uint64(6), int64(0), int64(-5))
	f.Add(uint64(54), uint64(3875820019684212736), uint64(54), uint64(3875820019684212736), uint64(5), uint64(7766279631452241921), int64(3), int64(-40))
	f.Add(^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), uint64(1), uint64(0), int64(1), int64(1))
	f.Fuzz(func(t *testing.T, ah, al, bh, bl, ch, cl uint64, ea, eb int64) {
		a, b, c := u128{ah, al}, u128{bh, bl}, u128{ch, cl}
		if q, ok := mulDivFast(a, b, c); ok {
			want := new(big.Int).Mul(u128Big(ah, al), u128Big(bh, bl))
			want.Quo(want, u128Big(ch, cl))
			if u128Big(q.hi, q.lo).Cmp(want) != 0 {
				t.Fatalf("mulDivFast(%v,%v,%v) = %v, want %v", a, b, c, u128Big(q.hi, q.lo), want)
			}
		} else if c.hi != 0 {
			want := new(big.Int).Mul(u128Big(ah, al), u128Big(bh, bl))
			if want.Quo(want, u128Big(ch, cl)).BitLen() <= 128 {
				t.Fatalf("mulDivFast refused a quotient that fits")
			}
		}
		// normalize128 agrees with the big normalisation.
		g1, ok1 := normalize128(a, ea)
		g2, ok2 := normalize(u128Big(ah, al), ea)
		if ok1 != ok2 || g1 != g2 {
			t.Fatalf("normalize(%v, %d): %v %v vs %v %v", a, ea, g1, ok1, g2, ok2)
		}
		// Operations on normalised values agree with the big paths.
		x, okx := New(ah%(1<<7), al, ea%80)
		y, oky := New(bh%(1<<7), bl, eb%80)
		z, okz := New(ch%(1<<7), cl, (ea+eb)%80)
		if !okx || !oky || !okz {
			return
		}
		eq := func(op string, f1 Float, o1 bool, f2 Float, o2 bool) {
			if o1 != o2 || f1 != f2 {
				t.Fatalf("%s: native %v %v, big %v %v", op, f1, o1, f2, o2)
			}
		}
		r1, o1 := x.Add(y)
		r2, o2 := addBig(x, y)
		if !x.IsZero() && !y.IsZero() {
			eq("add", r1, o1, r2, o2)
		}
		r1, o1 = x.Sub(y)
		r2, o2 = subBig(x, y)
		if !x.IsZero() && !y.IsZero() {
			eq("sub", r1, o1, r2, o2)
		}
		if !z.IsZero() {
			e, _ := addI64(x.exp, y.exp)
			e, ok := subI64(e, z.exp)
			if ok {
				r1, o1 = x.MulDiv(y, z)
				r2, o2 = mulDivBig(x, y, z, e)
				eq("mul_div", r1, o1, r2, o2)
			}
			r1, o1 = x.Div(z)
			r2, o2 = divBig(x, z, x.exp-z.exp-MaxExp)
			eq("div", r1, o1, r2, o2)
			// ToU64 agrees with the exact floor.
			fl := new(big.Int).Quo(r1.Rat().Num(), r1.Rat().Denom())
			want := fl.Uint64()
			if fl.Cmp(u64Max) > 0 {
				want = ^uint64(0)
			}
			if got := r1.ToU64(); o1 && got != want {
				t.Fatalf("to_u64(%v) = %d, want %d", r1.Rat(), got, want)
			}
		}
	})
}
