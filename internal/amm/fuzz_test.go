package amm

import "testing"

// FuzzPowFast: the fast evaluation equals the step-for-step port.
func FuzzPowFast(f *testing.F) {
	f.Add(uint64(0), uint64(21e15), uint64(0), uint64(28e15), uint64(6e17), uint64(4e17), false)
	f.Add(uint64(0), uint64(1e13), uint64(0), uint64(1e13+1e9), uint64(500151693003541816), uint64(499848306996458184), false)
	f.Add(uint64(1<<20), uint64(12345), uint64(1<<19), uint64(999), uint64(25e16), uint64(1e18), true)
	f.Add(uint64(0), uint64(1000), uint64(0), uint64(1001000), uint64(99e16), uint64(1e16), false)
	f.Fuzz(func(t *testing.T, bnHi, bnLo, bdHi, bdLo, en, ed uint64, delta bool) {
		bn, bd := u128{bnHi >> 40, bnLo}, u128{bdHi >> 40, bdLo}
		if bd.isZero() || ed == 0 {
			return
		}
		prec := uint32(precisionSwap)
		if delta {
			prec = precisionDelta
		}
		fv, fc := powFast(bn, bd, en, ed, prec)
		rv, rc := powRef(bn, bd, en, ed, prec)
		if fv != rv || fc != rc {
			t.Fatalf("%s: fast %d/%d, reference %d/%d", powCase{bn, bd, en, ed, prec}, fv, fc, rv, rc)
		}
	})
}

// FuzzSwap: no panic; Swap equals SwapRef; a simulated swap changes nothing;
// a rejected swap changes nothing.
func FuzzSwap(f *testing.F) {
	f.Add(uint64(1e9), uint64(4e9), uint64(HalfWeight), uint16(33), uint64(1), uint64(123456), false, uint64(0), false, false)
	f.Add(uint64(1e12), uint64(4e12), uint64(driftedWeight), uint16(33), uint64(1e6), uint64(5e11), true, uint64(3e8), false, false)
	f.Add(uint64(1000), uint64(1000), uint64(HalfWeight), uint16(0), uint64(1), uint64(1000001), false, uint64(0), true, true)
	f.Add(uint64(1e15), uint64(1e13), uint64(1e16), uint16(10000), uint64(100), uint64(1e16), true, uint64(5e10), false, true)
	f.Fuzz(func(t *testing.T, tao, alpha, w uint64, fee uint16, minRes, amount uint64, sell bool, limit uint64, drop, sim bool) {
		p := NewPool(tao, alpha)
		p.QuoteWeight = MinWeight + Perquintill(w%uint64(PerquintillOne-2*MinWeight+1))
		p.FeeRate = fee % (MaxFeeRate + 1)
		p.MinimumReserve = minRes
		o := Order{Side: Buy, Amount: amount, DropFees: drop, Simulate: sim}
		if sell {
			o.Side = Sell
		}
		if limit != 0 {
			o = o.WithLimit(limit)
		}
		a, ap, aerr := p.Swap(o)
		b, bp, berr := p.SwapRef(o)
		if a != b || ap != bp || aerr != berr {
			t.Fatalf("pool %+v order %+v: fast %+v %+v %v, ref %+v %+v %v", p, o, a, ap, aerr, b, bp, berr)
		}
		if (sim || aerr != nil) && ap != p {
			t.Fatalf("pool changed by a simulated or rejected swap")
		}
	})
}
