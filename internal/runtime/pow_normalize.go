package runtime

import "github.com/taokit/taokit/internal/fixed"

// InplacePowNormalize is subtensor's inplace_pow_normalize, the TaoFlow-era
// share normaliser still in subnet_emissions.rs (dtao.md §2.2 history, vector
// B18): the values are scaled so the largest is 1, scaled again so that
// count·max^2 fits I32F32, raised to p through exp(p·ln(·)) in I32F32, and
// normalised to sum to 1. All zero or too small to represent: unchanged
// after the first scaling. Current emission uses price shares instead.
func InplacePowNormalize(values []fixed.U64F64, p fixed.U64F64) {
	zero := fixed.U64F64{}
	// inplace_scale: max becomes 1.
	maxV := zero
	for _, v := range values {
		if maxV.Less(v) {
			maxV = v
		}
	}
	factor := fixed.U64F64FromU64(1).SafeDiv(maxV)
	for i := range values {
		values[i] = factor.SatMul(values[i])
	}
	maxV = zero
	for _, v := range values {
		if maxV.Less(v) {
			maxV = v
		}
	}
	maxTimesCount := fixed.U64F64FromU64(uint64(len(values))).SatMul(maxV.SatMul(maxV))
	i32Max := fixed.U64F64FromU64(1<<31 - 1)
	precisionMin := i32Max.SafeDiv(fixed.U64F64FromU64(^uint64(0)))
	if maxTimesCount.Less(precisionMin) {
		return
	}
	eps := fixed.U64F64FromU64(1).SafeDiv(fixed.U64F64FromU64(1000))
	scale, ok := i32Max.SafeDiv(maxTimesCount).CheckedSqrt(eps)
	if !ok {
		scale = zero
	}
	sum := zero
	for _, v := range values {
		sum = sum.Add(safePow(scale.SatMul(v), p))
	}
	for i, v := range values {
		values[i] = safePow(scale.SatMul(v), p).SafeDiv(sum)
	}
}

// safePow is safe_pow: exp(p·ln(v)) in I32F32, 0 when ln fails, I32F32::MAX
// when exp overflows.
func safePow(v, p fixed.U64F64) fixed.U64F64 {
	ln, ok := fixed.Ln(v.ToI32F32())
	if !ok {
		return fixed.U64F64{}
	}
	r, ok := fixed.Exp(p.ToI32F32().SatMul(ln))
	if !ok {
		r = fixed.I32F32FromInt(1<<31 - 1)
	}
	return r.ToU64F64()
}
