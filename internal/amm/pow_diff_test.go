package amm

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
)

// randWeight returns quote-weight parts in [0.01, 0.99], mostly "drifted"
// (arbitrary parts), sometimes round values that take the exact path.
func randWeight(r *rand.Rand) Perquintill {
	switch r.IntN(10) {
	case 0:
		round := []Perquintill{HalfWeight, 25e16, 75e16, 4e17, 6e17, 2e17, 8e17, 1e16, 99e16, 1e17}
		return round[r.IntN(len(round))]
	case 1:
		// Near ½, as injections leave it.
		return HalfWeight + Perquintill(r.Uint64N(2e15)) - 1e15
	}
	return MinWeight + Perquintill(r.Uint64N(uint64(PerquintillOne-2*MinWeight)+1))
}

// randReserve returns a reserve from 1 RAO to near u64::MAX, log-uniform.
func randReserve(r *rand.Rand) uint64 {
	b := r.IntN(64)
	return 1<<b | r.Uint64N(1<<b)
}

// randInput returns a swap input up to 1000× the reserve, log-uniform.
func randInput(r *rand.Rand, reserve uint64) uint64 {
	maxIn := satMul(reserve, MaxInputReserveMultiplier)
	b := r.IntN(64 - bitsLen(maxIn) + bitsLen(maxIn))
	if b >= bitsLen(maxIn) {
		b = bitsLen(maxIn) - 1
	}
	if b < 0 {
		return 0
	}
	v := uint64(1)<<b | r.Uint64N(uint64(1)<<b)
	return min(v, maxIn)
}

func bitsLen(v uint64) int { return new(big.Int).SetUint64(v).BitLen() }

// powCase is one pow_ratio_scaled input as the balancer produces it.
type powCase struct {
	bn, bd    u128
	en, ed    uint64
	precision uint32
}

func (c powCase) String() string {
	return fmt.Sprintf("pow(%s, %s, %d, %d, %d)", c.bn.big(), c.bd.big(), c.en, c.ed, c.precision)
}

// randPowCase draws swap-shaped inputs (x/(x+dx) with w1/w2 or w2/w1 at
// precision 256) and limit-shaped inputs (price-bit ratios with w/10^18 at
// precision 1024).
func randPowCase(r *rand.Rand) powCase {
	w := randWeight(r)
	w1 := PerquintillOne - w
	if r.IntN(4) == 0 {
		// calculate_*_delta_in: ratio of two U64F64 prices, exponent w or w1.
		a := u128{r.Uint64N(1 << 20), r.Uint64()}
		if a.isZero() {
			a.lo = 1
		}
		// A limit up to ~e^7 away, as partial fills produce.
		f := 1 + r.Uint64N(1100)
		hi, lo := mulU128Sat(f, a.hi, a.lo)
		b := u128{hi, lo}
		b.lo = b.lo/1000*1000 + r.Uint64N(1000)
		if r.IntN(2) == 0 {
			a, b = b, a
		}
		if b.isZero() {
			b.lo = 1
		}
		e := uint64(w)
		if r.IntN(2) == 0 {
			e = uint64(w1)
		}
		return powCase{a, b, e, uint64(PerquintillOne), precisionDelta}
	}
	x := randReserve(r)
	dx := randInput(r, x)
	en, ed := uint64(w1), uint64(w)
	if r.IntN(2) == 0 {
		en, ed = ed, en
	}
	return powCase{u128{0, x}, u128{0, satAdd(x, dx)}, en, ed, precisionSwap}
}

// TestPowFastMatchesReference is the differential proof at the pow level.
func TestPowFastMatchesReference(t *testing.T) {
	n := diffSize(300, 1_500)
	r := rand.New(rand.NewPCG(1, 2))
	before := powFallbacks.Load()
	for i := range n {
		c := randPowCase(r)
		fv, fc := powFast(c.bn, c.bd, c.en, c.ed, c.precision)
		rv, rc := powRef(c.bn, c.bd, c.en, c.ed, c.precision)
		if fv != rv || fc != rc {
			t.Fatalf("case %d %s: fast %d/%d, reference %d/%d", i, c, fv, fc, rv, rc)
		}
	}
	t.Logf("%d cases identical; %d decided by the reference fallback", n, powFallbacks.Load()-before)
}

// TestPowApproxErrorBound measures the fast approximation's error against a
// far more precise evaluation and checks it stays below the bound powApprox
// assumes, with the margin reported.
func TestPowApproxErrorBound(t *testing.T) {
	n := diffSize(100, 500)
	r := rand.New(rand.NewPCG(3, 4))
	scale128 := new(big.Int).Lsh(new(big.Int).SetUint64(powScale), 128)
	var worst float64
	for range n {
		c := randPowCase(r)
		g := gcd64(c.en, c.ed)
		en, ed := c.en/g, c.ed/g
		if c.bn == c.bd {
			continue
		}
		fastTablesOnce.Do(initFastTables)
		sn, fn := lnParts(c.bn)
		sd, fd := lnParts(c.bd)
		lr := mulLn2(sn - sd).add(w192FromQ(fn)).sub(w192FromQ(fd))
		neg := lr.neg()
		m := lr
		if neg {
			m = lr.negate()
		}
		lm, ok := m.mulDiv(en, ed)
		if !ok || lm.w2 >= 40 {
			continue
		}
		l := lm
		if neg {
			l = lm.negate()
		}
		ihi, ilo, f, ok := expScaledQ(l)
		if !ok || ihi != 0 {
			continue
		}
		// A·2^128 from the approximation; T·2^128 from the reference at 512
		// bits with scale 10^18·2^128 (its error is far below one unit).
		a := new(big.Int).SetUint64(ilo)
		a.Lsh(a, 64).Or(a, new(big.Int).SetUint64(f.hi))
		a.Lsh(a, 64).Or(a, new(big.Int).SetUint64(f.lo))
		tv, _ := PowRatioScaledRef(c.bn.big(), c.bd.big(), new(big.Int).SetUint64(en),
			new(big.Int).SetUint64(ed), 512, scale128)
		diff := new(big.Int).Sub(a, tv)
		diff.Abs(diff)
		// The fast error powApprox assumes (before its 2^10 factor):
		// A·2·(256·ratio + 401)·2^-128 relative plus 2^8 units of 2^-128.
		ratio := en/ed + 1
		allow := new(big.Int).Mul(tv, big.NewInt(int64(2*(256*ratio+401))))
		allow.Rsh(allow, 128)
		allow.Add(allow, big.NewInt(1<<8))
		q, _ := new(big.Rat).SetFrac(diff, allow).Float64()
		worst = max(worst, q)
		if diff.Cmp(allow) > 0 {
			t.Fatalf("%s: |A−T| = %s units of 2^-128 exceeds the bound %s", c, diff, allow)
		}
	}
	t.Logf("worst observed error / bound (before the 2^10 factor) = %.5f", worst)
}

// TestPerquintillFromRationalWide: the 128-bit path of
// PerquintillFromRational equals ⌊p·10¹⁸/q⌋ computed with math/big, on
// random and edge operands (q just above p, q a power of two, p tiny).
func TestPerquintillFromRationalWide(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	one := new(big.Int).SetUint64(uint64(PerquintillOne))
	u128 := func(hi, lo uint64) *big.Int {
		v := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		return v.Or(v, new(big.Int).SetUint64(lo))
	}
	check := func(pHi, pLo, qHi, qLo uint64) {
		t.Helper()
		p, q := u128(pHi, pLo), u128(qHi, qLo)
		if qHi == 0 || p.Cmp(q) >= 0 {
			return
		}
		want := new(big.Int).Quo(new(big.Int).Mul(p, one), q).Uint64()
		if got := PerquintillFromRational(pHi, pLo, qHi, qLo); uint64(got) != want {
			t.Fatalf("%v/%v: %d, want %d", p, q, got, want)
		}
	}
	for range 300_000 {
		qHi := rng.Uint64() >> rng.IntN(64)
		if qHi == 0 {
			qHi = 1
		}
		qLo := rng.Uint64()
		check(rng.Uint64()%(qHi+1), rng.Uint64(), qHi, qLo) // p < q mostly
		check(qHi, qLo-1, qHi, qLo)                         // p = q−1
		check(qHi>>1, qLo, qHi, qLo)
		check(0, rng.Uint64()>>rng.IntN(64), qHi, qLo)
	}
	for s := range 64 {
		check(1<<s-1, ^uint64(0), 1<<s, 0)
		check(0, 1, 1<<s, 0)
		check(^uint64(0)>>1, 0, ^uint64(0), ^uint64(0))
		check(^uint64(0), ^uint64(0)-1, ^uint64(0), ^uint64(0))
	}
}
