package yuma

import (
	"cmp"
	"math"
	"slices"

	"github.com/taokit/taokit/internal/fixed"
)

// This file and the other chainmath_*.go files are literal ports of the
// helpers in subtensor's epoch/math.rs. The epoch itself uses the faster
// equivalents in epoch_*.go; these serve the math vectors, the reference
// epoch the tests compare against, and callers such as set_weights.

func sumFixed(x []fixed.I32F32) fixed.I32F32 {
	var s fixed.I32F32
	for _, v := range x {
		s += v // iter().sum(): wraps in the release runtime
	}
	return s
}

// VecMaxUpscaleToU16 is vec_max_upscale_to_u16: scale so the largest value
// becomes 65535 (rounding half away from zero).
func VecMaxUpscaleToU16(vec []fixed.I32F32) []uint16 {
	u16max := fixed.I32F32FromInt(65535)
	threshold := fixed.I32F32FromInt(32768)
	out := make([]uint16, len(vec))
	if len(vec) == 0 {
		return out
	}
	mx := slices.Max(vec)
	toU16 := func(x fixed.I32F32) uint16 {
		v := x.FloorInt()
		switch {
		case x < 0:
			return 0
		case v > math.MaxUint16:
			return math.MaxUint16
		}
		return uint16(v)
	}
	for i, e := range vec {
		switch {
		case mx == 0:
			out[i] = toU16(e.SatMul(u16max))
		case mx > threshold:
			out[i] = toU16(e.SatMul(u16max.SafeDiv(mx)).Round())
		default:
			out[i] = toU16(e.SatMul(u16max).SafeDiv(mx).Round())
		}
	}
	return out
}

// MaxUpscaleU16 is vec_u16_max_upscale_to_u16, which set_weights applies to
// the values before storing them.
func MaxUpscaleU16(vec []uint16) []uint16 {
	f := make([]fixed.I32F32, len(vec))
	for i, v := range vec {
		f[i] = fixed.I32F32FromInt(int64(v))
	}
	return VecMaxUpscaleToU16(f)
}

// CheckVecMaxLimited is check_vec_max_limited: the largest normalized value
// is at most maxLimit/65535 (true for an empty vector).
func CheckVecMaxLimited(vec []uint16, maxLimit uint16) bool {
	limit := u16Proportion(maxLimit)
	f := make([]fixed.I32F32, len(vec))
	for i, v := range vec {
		f[i] = fixed.I32F32FromInt(int64(v))
	}
	f = normalize(f)
	return len(f) == 0 || slices.Max(f) <= limit
}

// isTopK is is_topk.
func isTopK(v []fixed.I32F32, k int) []bool {
	out := make([]bool, len(v))
	for i := range out {
		out[i] = true
	}
	return clearBottom(out, v, k)
}

// isTopKNonzero is is_topk_nonzero, literally.
func isTopKNonzero(v []fixed.I32F32, k int) []bool {
	out := make([]bool, len(v))
	for i, x := range v {
		out[i] = x != 0
	}
	return clearBottom(out, v, k)
}

func clearBottom(out []bool, v []fixed.I32F32, k int) []bool {
	n := len(v)
	if n < k {
		return out
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(v[a], v[b]) })
	for _, i := range idx[:n-k] {
		out[i] = false
	}
	return out
}

// normalize returns a normalized copy (unchanged when the sum is 0).
func normalize(x []fixed.I32F32) []fixed.I32F32 {
	out := slices.Clone(x)
	s := sumFixed(x)
	if s == 0 {
		return out
	}
	for i, v := range x {
		out[i] = v.SafeDiv(s)
	}
	return out
}

// inplaceNormalize64 is inplace_normalize_64.
func inplaceNormalize64(x []fixed.I64F64) {
	var s fixed.I64F64
	for _, v := range x {
		s = s.Add(v)
	}
	if s.IsZero() {
		return
	}
	for i, v := range x {
		x[i] = v.SafeDiv(s)
	}
}

// vecdiv is x/y element-wise, 0 where y is 0 or missing.
func vecdiv(x, y []fixed.I32F32) []fixed.I32F32 {
	out := make([]fixed.I32F32, len(x))
	for i, v := range x {
		var d fixed.I32F32
		if i < len(y) {
			d = y[i]
		}
		out[i] = v.SafeDiv(d)
	}
	return out
}

// vecMul is vec_mul: checked products, 0 on overflow, min length.
func vecMul(a, b []fixed.I32F32) []fixed.I32F32 {
	out := make([]fixed.I32F32, min(len(a), len(b)))
	for i := range out {
		if p, ok := a[i].CheckedMul(b[i]); ok {
			out[i] = p
		}
	}
	return out
}

// maskVector is inplace_mask_vector (a missing mask entry masks).
func maskVector(mask []bool, v []fixed.I32F32) {
	if len(mask) == 0 {
		return
	}
	for i := range v {
		if i >= len(mask) || mask[i] {
			v[i] = 0
		}
	}
}

// sigmoidSafe is sigmoid_safe: 1/(1+exp_safe(−rho·(x−kappa))).
func sigmoidSafe(x, rho, kappa fixed.I32F32) fixed.I32F32 {
	one := fixed.I32F32One
	offset := x.SatSub(kappa)
	negRho := rho.SatMul(fixed.I32F32(0).SatSub(one))
	e := fixed.ExpSafe(negRho.SatMul(offset))
	return one.SafeDiv(e.SatAdd(one))
}

// SplitEmissions is split_emissions: divide alpha among count mechanisms,
// evenly (remainder to mechanism 0) or, with split (u16 parts summing to
// 65535), each ⌊alpha·s/65535⌋ with the rounding loss added to mechanism 0.
func SplitEmissions(alpha uint64, count int, split []uint16) []uint64 {
	if count <= 0 {
		return nil
	}
	out := make([]uint64, count)
	if split == nil {
		per := alpha / uint64(count)
		for i := range out {
			out[i] = per
		}
		out[0] += alpha - per*uint64(count)
		return out
	}
	// The chain truncates or zero-pads the split to count entries.
	var total uint64
	for i := range out {
		if i < len(split) {
			// u128 product; alpha < 2^64 and s < 2^16, so hi·2^64+lo fits.
			out[i] = mulDivU64(alpha, uint64(split[i]), 65535)
		}
		total += out[i]
	}
	out[0] = satAddU64(out[0], satSubU64(alpha, total)) // sums wrap only past 2^64 mechanisms·alpha
	return out
}

// mulDivU64 returns ⌊a·b/c⌋ for a result that fits in 64 bits.
func mulDivU64(a, b, c uint64) uint64 {
	hi, lo := mulU64(a, b)
	if hi >= c {
		return math.MaxUint64
	}
	q, _ := divU128(hi, lo, c)
	return q
}
