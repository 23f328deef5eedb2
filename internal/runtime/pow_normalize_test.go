package runtime

import (
	"math"
	"testing"

	"github.com/taokit/taokit/internal/fixed"
)

func u64f64Float(v fixed.U64F64) float64 {
	hi, lo := v.Bits()
	return float64(hi) + float64(lo)/math.Pow(2, 64)
}

// B18: z^p / Σ z^p, p = 1 on (2, 3, 5); and for p in [1, 2] each share
// within 1% of 2^p·/Σ.
func TestInplacePowNormalize(t *testing.T) {
	in := []float64{2, 3, 5}
	for _, p := range []float64{1, 1.25, 1.5, 2} {
		vals := make([]fixed.U64F64, len(in))
		for i, v := range in {
			vals[i] = fixed.U64F64FromFloat64(v)
		}
		InplacePowNormalize(vals, fixed.U64F64FromFloat64(p))
		var sum, want float64
		for _, v := range in {
			want += math.Pow(v, p)
		}
		for i, v := range vals {
			got := u64f64Float(v)
			sum += got
			exp := math.Pow(in[i], p) / want
			if p == 1 && math.Abs(got-exp) > 0.001 {
				t.Errorf("p=1 share %d = %v, want %v", i, got, exp)
			}
			if math.Abs(got-exp) > 0.01*exp {
				t.Errorf("p=%v share %d = %v, want %v ±1%%", p, i, got, exp)
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("p=%v shares sum to %v", p, sum)
		}
	}
	zeros := []fixed.U64F64{{}, {}}
	InplacePowNormalize(zeros, fixed.U64F64FromU64(1))
	if !zeros[0].IsZero() || !zeros[1].IsZero() {
		t.Error("all-zero flows must stay zero")
	}
}
