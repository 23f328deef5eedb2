package amm

import (
	"math/big"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

// lnPrecise returns ln(v)·2^300 through the reference's own series at 300
// bits (far beyond what any property here needs).
func lnPrecise(v uint64) *big.Int {
	const ip = 300
	s := new(big.Int).Lsh(big.NewInt(1), ip)
	g := new(big.Int).Lsh(big.NewInt(1), 8)
	lnPreciseOnce.Do(func() {
		half := new(big.Int).Rsh(s, 1)
		lnPrecise2 = ln1pFixed(half.Neg(half), s, g, 4096)
		lnPrecise2.Neg(lnPrecise2)
	})
	return lnBigRef(new(big.Int).SetUint64(v), ip, s, g, lnPrecise2, 4096)
}

var (
	lnPreciseOnce sync.Once
	lnPrecise2    *big.Int
)

// invariantDelta returns sign(w1·ln(x'/x) + w2·ln(y'/y)), treating
// |value| < 2^-200 as 0: the change of ln(x^w1·y^w2) through a swap.
func invariantDelta(w2 Perquintill, x, y, x2, y2 uint64) int {
	w1 := PerquintillOne - w2
	a := new(big.Int).Sub(lnPrecise(x2), lnPrecise(x))
	a.Mul(a, new(big.Int).SetUint64(uint64(w1)))
	b := new(big.Int).Sub(lnPrecise(y2), lnPrecise(y))
	b.Mul(b, new(big.Int).SetUint64(uint64(w2)))
	a.Add(a, b)
	if a.CmpAbs(new(big.Int).Lsh(big.NewInt(1), 100+60)) < 0 {
		return 0
	}
	return a.Sign()
}

// TestSwapProperties checks, over random pools and orders: the invariant
// x^w1·y^w2 never decreases beyond the documented rounding, the price moves
// the right way, a partial fill stops at (not beyond) the limit, and a
// simulated swap changes nothing and agrees with the real one.
//
// The rounding: the fee leaves the pool (it goes to the block author), so
// only floors protect the invariant, and one of them works against it. The
// chain floors e = (x/(x+Δ))^w to 10^-18 and then to U64F64 before paying
// out ⌊R·(1 − e)⌋ from the output reserve R (dtao.md §3.3), which can pay up
// to R·(10^-18 + 2^-64) RAO more than the exact curve. So the property is:
// with the output reserve credited back ⌈R·1.06·10^-18⌉ RAO, x^w1·y^w2 is
// at least what it was. The same slack applies to the limit check.
func TestSwapProperties(t *testing.T) {
	n := diffSize(200, 1_000)
	r := rand.New(rand.NewPCG(5, 6))
	checked := map[string]int{}
	for i := range n {
		p := randPool(r)
		p.Initialized = true
		if r.IntN(3) == 0 {
			// Keep a share of pools in the realistic range.
			p.TAO, p.Alpha = 1e9+r.Uint64N(1e16), 1e9+r.Uint64N(1e16)
		}
		o := randOrder(r, p)
		o.Simulate = false
		res, q, err := p.Swap(o)
		// Simulation changes nothing and agrees where the liquidity check
		// does not apply.
		so := o
		so.Simulate = true
		sres, sq, serr := p.Swap(so)
		if sq != p {
			t.Fatalf("case %d: simulate changed the pool: %+v → %+v", i, p, sq)
		}
		if err == nil && (serr != nil || sres != res) {
			t.Fatalf("case %d: simulate %+v %v, real %+v", i, sres, serr, res)
		}
		if err != nil {
			if q != p {
				t.Fatalf("case %d: rejected swap changed the pool", i)
			}
			continue
		}
		checked["ok"]++
		before, after := p.Price(), q.Price()
		// A swap that empties a side (the series-cap regime of dtao.md §9.4
		// can pay out a whole reserve) leaves price 0 by definition.
		drained := q.Alpha == 0 || q.TAO == 0
		if drained {
			checked["drained"]++
		}
		if !drained && (o.Side == Buy && after.Less(before) || o.Side == Sell && before.Less(after)) {
			t.Fatalf("case %d: %s moved the price the wrong way: %s → %s", i, o.Side, before, after)
		}
		full := res.AmountPaidIn+res.FeePaid == o.Amount || res.AmountPaidIn == o.Amount-p.FeeAmount(o.Amount, o.DropFees)
		if !full && o.HasLimit {
			checked["partial"]++
			lim := LimitPrice(o.LimitRAO)
			// With the slack credited back, the price is not beyond the limit.
			var slacked fixed.U64F64
			if o.Side == Buy {
				slacked = balancerPrice(q.QuoteWeight, satAdd(q.Alpha, roundingSlack(p.Alpha)), q.TAO)
			} else {
				slacked = balancerPrice(q.QuoteWeight, q.Alpha, satAdd(q.TAO, roundingSlack(p.TAO)))
			}
			if o.Side == Buy && lim.Less(slacked) || o.Side == Sell && slacked.Less(lim) {
				t.Fatalf("case %d: partial %s went beyond the limit %s: %s", i, o.Side, lim, after)
			}
		}
		// paid_*_reserve_delta_i64 clamps the reserve change to i64 (dtao.md
		// §3.7): past that the pool books less than it swapped.
		clamped := res.AmountPaidIn > 1<<63-1 || res.AmountPaidOut > 1<<63
		if clamped {
			checked["clamped"]++
		}
		if !clamped && p.TAO > 0 && p.Alpha > 0 && q.TAO > 0 && q.Alpha > 0 {
			checked["invariant"]++
			qx, qy := q.Alpha, q.TAO
			if o.Side == Buy {
				qx = satAdd(qx, roundingSlack(p.Alpha))
			} else {
				qy = satAdd(qy, roundingSlack(p.TAO))
			}
			if invariantDelta(p.QuoteWeight, p.Alpha, p.TAO, qx, qy) < 0 {
				t.Fatalf("case %d: x^w1·y^w2 decreased: pool %+v order %+v result %+v → %+v", i, p, o, res, q)
			}
		}
	}
	t.Logf("%d cases: %v", n, checked)
}

// TestInjectKeepsPrice checks that an accepted injection changes the price
// by no more than the documented rounding: the weight is floored to one
// Perquintill part (relative ≤ 10^-18/(w1·w2) ≤ 1.02·10^-16), q1 and q2 are
// rounded to integers (relative ≤ 1/q1 + 1/q2), and each price is floored
// to U64F64 (2^-64 absolute, twice, plus the floors inside the product).
func TestInjectKeepsPrice(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	n := diffSize(1_000, 5_000)
	var worst float64
	accepted := 0
	for range n {
		p := NewPool(1e6+r.Uint64N(1e16), 1e6+r.Uint64N(1e16))
		p.QuoteWeight = HalfWeight + Perquintill(r.Uint64N(2e17)) - 1e17
		dt, da := r.Uint64N(p.TAO/10+1), r.Uint64N(p.Alpha/10+1)
		addedT, addedA, q := p.Inject(dt, da)
		if addedT != dt || addedA != da {
			continue
		}
		accepted++
		before, after := ratOf(p.Price()), ratOf(q.Price())
		diff := new(big.Rat).Sub(after, before)
		diff.Abs(diff)
		w2 := new(big.Rat).SetFrac64(int64(p.QuoteWeight), 1e18)
		w1 := new(big.Rat).Sub(big.NewRat(1, 1), w2)
		q1 := new(big.Rat).Mul(w1, new(big.Rat).SetInt(new(big.Int).Mul(big.NewInt(0).SetUint64(p.TAO), new(big.Int).SetUint64(q.Alpha))))
		q2 := new(big.Rat).Mul(w2, new(big.Rat).SetInt(new(big.Int).Mul(big.NewInt(0).SetUint64(p.Alpha), new(big.Int).SetUint64(q.TAO))))
		rel := new(big.Rat).Quo(big.NewRat(1, 1e18), new(big.Rat).Mul(w1, w2))
		rel.Add(rel, new(big.Rat).Inv(q1))
		rel.Add(rel, new(big.Rat).Inv(q2))
		bound := new(big.Rat).Mul(rel, before)
		// Flooring: each price is r·q (r = w1/w2, q = y/x), both factors
		// floored to 2^-64 and the product floored again: ≤ 2^-64·(1 + q + r).
		ulp := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), 64))
		for _, pp := range []Pool{p, q} {
			r := new(big.Rat).Quo(new(big.Rat).SetFrac64(int64(PerquintillOne-pp.QuoteWeight), 1), new(big.Rat).SetFrac64(int64(pp.QuoteWeight), 1))
			qq := new(big.Rat).SetFrac(new(big.Int).SetUint64(pp.TAO), new(big.Int).SetUint64(pp.Alpha))
			f := new(big.Rat).Add(big.NewRat(1, 1), r)
			bound.Add(bound, f.Add(f, qq).Mul(f, ulp))
		}
		if diff.Cmp(bound) > 0 {
			t.Fatalf("pool %+v inject (%d, %d): price %s → %s, diff %s > bound %s", p, dt, da,
				p.Price(), q.Price(), diff.FloatString(30), bound.FloatString(30))
		}
		if bound.Sign() > 0 {
			f, _ := new(big.Rat).Quo(diff, bound).Float64()
			worst = max(worst, f)
		}
	}
	t.Logf("%d injections accepted of %d; worst price change / bound = %.4f", accepted, n, worst)
}

// roundingSlack is ⌈R·1.06·10^-18⌉: the most the floors of e can overpay
// from an output reserve R.
func roundingSlack(reserve uint64) uint64 {
	return reserve/943_000_000_000_000_000 + 1
}

func ratOf(p fixed.U64F64) *big.Rat {
	return new(big.Rat).SetFrac(p.RawBig(), new(big.Int).Lsh(big.NewInt(1), 64))
}

// TestInjectRefusesOutOfRange: an injection that would push a weight below
// 0.01 adds nothing and leaves the pool unchanged.
func TestInjectRefusesOutOfRange(t *testing.T) {
	p := NewPool(1e12, 1e12)
	dt, da, q := p.Inject(1e15, 0)
	if dt != 0 || da != 0 || q != p {
		t.Fatalf("got %d %d %+v", dt, da, q)
	}
	if _, err := WeightForAddedLiquidity(HalfWeight, 1e12, 1e12, 1e15, 0); ErrorName(err) != "InvalidValue" {
		t.Fatalf("err %v", err)
	}
}
