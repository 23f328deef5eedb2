package amm

import "math/big"

// Constants of safe-bigmath's pow_ratio_scaled (src/integer.rs @013c4998).
const (
	powDefaultMaxIters  = 4096 // DEFAULT_MAX_ITERS
	powMaxExactExponent = 1024 // MAX_EXACT_EXPONENT
	powGuardBits        = 24   // guard_bits of the fallback path
)

// PowRatioScaledRef is safe-bigmath's SafeInt::pow_ratio_scaled(bn, bd, en,
// ed, precision, scale) ported step for step on math/big (dtao.md §3.6). It
// approximates scale·(bn/bd)^(en/ed) and is the specification the fast
// evaluation (PowRatioScaled) is proven against. ok is false where the
// original returns None (a zero denominator, a negative input or scale).
func PowRatioScaledRef(bn, bd, en, ed *big.Int, precision uint32, scale *big.Int) (*big.Int, bool) {
	if bd.Sign() == 0 || ed.Sign() == 0 {
		return nil, false
	}
	if bn.Sign() == 0 {
		return new(big.Int), true
	}
	if scale.Sign() < 0 || bn.Sign() < 0 || bd.Sign() < 0 || en.Sign() < 0 || ed.Sign() < 0 {
		return nil, false
	}
	expNum := new(big.Int).Set(en)
	expDen := new(big.Int).Set(ed)
	if expNum.Sign() == 0 {
		return new(big.Int).Set(scale), true
	}
	g := new(big.Int).GCD(nil, nil, expNum, expDen)
	if g.Cmp(big.NewInt(1)) > 0 {
		expNum.Quo(expNum, g)
		expDen.Quo(expDen, g)
	}
	scaleBits := uint32(min(scale.BitLen(), 1<<32-1))

	if expNum.BitLen() <= 32 && expDen.BitLen() <= 32 {
		n, d := uint32(expNum.Uint64()), uint32(expDen.Uint64())
		if n <= powMaxExactExponent && d <= powMaxExactExponent {
			target := new(big.Int).Exp(bn, big.NewInt(int64(n)), nil)
			target.Mul(target, new(big.Int).Exp(scale, big.NewInt(int64(d)), nil))
			targetDen := new(big.Int).Exp(bd, big.NewInt(int64(n)), nil)
			return nthRootRatioFloor(target, targetDen, d), true
		}
	}
	return powFallbackRef(bn, bd, expNum, expDen, precision, scaleBits, scale), true
}

// powFallbackRef is the ln/exp series path of pow_ratio_scaled_with_max_iters
// with the default iteration cap.
func powFallbackRef(bn, bd, expNum, expDen *big.Int, precision, scaleBits uint32, scale *big.Int) *big.Int {
	rp := max(precision, 32, satAddU32(scaleBits, 8))
	ip := satAddU32(rp, powGuardBits)
	maxIters := max(min(powDefaultMaxIters, int(ip)+128), 1)

	targetScale := new(big.Int).Lsh(big.NewInt(1), uint(rp))
	guard := new(big.Int).Lsh(big.NewInt(1), powGuardBits)
	internalScale := new(big.Int).Lsh(targetScale, powGuardBits)

	negHalf := new(big.Int).Rsh(internalScale, 1)
	negHalf.Neg(negHalf)
	ln2 := ln1pFixed(negHalf, internalScale, guard, maxIters)
	ln2.Neg(ln2)

	lnBase := lnBigRef(bn, ip, internalScale, guard, ln2, maxIters)
	lnBase.Sub(lnBase, lnBigRef(bd, ip, internalScale, guard, ln2, maxIters))

	lnScaled := lnBase.Mul(lnBase, expNum)
	floorDiv(lnScaled, lnScaled, expDen)
	e := expFixed(lnScaled, internalScale, guard, maxIters)
	er := roundToPrecision(e, guard)
	er.Mul(er, scale)
	return floorDiv(er, er, targetScale)
}

func satAddU32(a, b uint32) uint32 {
	if s := a + b; s >= a {
		return s
	}
	return 1<<32 - 1
}

// floorDiv sets z = ⌊a/b⌋ (rounding toward −∞) for b > 0 and returns z.
// math/big's Div is Euclidean, which equals floor division for b > 0.
func floorDiv(z, a, b *big.Int) *big.Int {
	m := new(big.Int)
	z.DivMod(a, b, m)
	return z
}

// nthRootRatioFloor is nth_root_ratio_floor: the largest m with
// m^q·den ≤ num, found by doubling an upper bound and bisecting.
func nthRootRatioFloor(num, den *big.Int, q uint32) *big.Int {
	if q == 0 {
		return new(big.Int)
	}
	qq := big.NewInt(int64(q))
	fits := func(m *big.Int) bool {
		t := new(big.Int).Exp(m, qq, nil)
		t.Mul(t, den)
		return t.Cmp(num) <= 0
	}
	low := new(big.Int)
	high := big.NewInt(1)
	for fits(high) {
		high.Lsh(high, 1)
	}
	one := big.NewInt(1)
	for low.Cmp(high) < 0 {
		mid := new(big.Int).Add(low, high)
		mid.Add(mid, one)
		mid.Rsh(mid, 1)
		if fits(mid) {
			low = mid
		} else {
			high = mid.Sub(mid, one)
		}
	}
	return low
}

// ln1pFixed is ln1p_fixed: the Taylor series of ln(1+x) in fixed point with
// scale S, stopping at a zero term, a term below the guard factor, an
// unchanged value at the target precision, or maxIters.
func ln1pFixed(x, scale, guard *big.Int, maxIters int) *big.Int {
	term := new(big.Int).Set(x)
	result := new(big.Int).Set(term)
	prev := roundToPrecision(result, guard)
	next := new(big.Int)
	nb := new(big.Int)
	for n := 2; n <= maxIters; n++ {
		term.Mul(term, x)
		floorDiv(term, term, scale)
		if term.Sign() == 0 {
			break
		}
		floorDiv(next, term, nb.SetInt64(int64(n)))
		if next.Sign() == 0 {
			break
		}
		if n%2 == 0 {
			result.Sub(result, next)
		} else {
			result.Add(result, next)
		}
		rounded := roundToPrecision(result, guard)
		if next.CmpAbs(guard) < 0 || rounded.Cmp(prev) == 0 {
			break
		}
		prev = rounded
	}
	return result
}

// expFixed is exp_fixed: S + Σ term with term = ⌊term·x/(S·n)⌋ and the same
// stopping rules as ln1pFixed.
func expFixed(x, scale, guard *big.Int, maxIters int) *big.Int {
	term := new(big.Int).Set(scale)
	result := new(big.Int).Set(term)
	prev := roundToPrecision(result, guard)
	den := new(big.Int)
	for n := 1; n <= maxIters; n++ {
		den.Mul(scale, big.NewInt(int64(n)))
		term.Mul(term, x)
		floorDiv(term, term, den)
		if term.Sign() == 0 {
			break
		}
		result.Add(result, term)
		rounded := roundToPrecision(result, guard)
		if term.CmpAbs(guard) < 0 || rounded.Cmp(prev) == 0 {
			break
		}
		prev = rounded
	}
	return result
}

// lnBigRef is ln_biguint: ln(v) for an integer v ≥ 1 with the mantissa
// normalised into [0.75, 1.5) and ln(v) = ln1p(m − S) + shift·ln2.
func lnBigRef(v *big.Int, ip uint32, internalScale, guard, ln2 *big.Int, maxIters int) *big.Int {
	shift := uint(v.BitLen() - 1)
	m := new(big.Int).Lsh(v, uint(ip))
	m.Rsh(m, shift)
	half := new(big.Int).Rsh(internalScale, 1)
	if m.Cmp(half.Add(half, internalScale)) >= 0 {
		m.Rsh(m, 1)
		shift++
	}
	m.Sub(m, internalScale)
	r := ln1pFixed(m, internalScale, guard, maxIters)
	return r.Add(r, new(big.Int).Mul(ln2, new(big.Int).SetUint64(uint64(shift))))
}

// roundToPrecision is round_to_precision: value/guard rounded half away
// from zero (the quotient truncates toward zero first).
func roundToPrecision(v, guard *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(v, guard, new(big.Int))
	if r.Sign() != 0 {
		r2 := new(big.Int).Abs(r)
		r2.Lsh(r2, 1)
		if r2.CmpAbs(guard) >= 0 {
			q.Add(q, big.NewInt(int64(r.Sign())))
		}
	}
	return q
}
