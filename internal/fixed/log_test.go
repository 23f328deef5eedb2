package fixed

import (
	"math"
	"testing"
)

func TestLog2AndLn(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		log2 float64
	}{
		{1, 0}, {2, 1}, {8, 3}, {0.5, -1}, {0.25, -2}, {3, math.Log2(3)}, {1000, math.Log2(1000)}, {0.001, math.Log2(0.001)}, {1.5, math.Log2(1.5)},
	} {
		got, ok := Log2(I32F32FromFloat64(tc.x))
		if !ok {
			t.Fatalf("log2(%v) failed", tc.x)
		}
		if d := math.Abs(float64(got)/(1<<32) - tc.log2); d > 1e-7 {
			t.Errorf("log2(%v) = %v, want %v", tc.x, got, tc.log2)
		}
		ln, ok := Ln(I32F32FromFloat64(tc.x))
		// ln divides by LOG2_E truncated to 23 bits: relative error ≈ 1e-7.
		if want := math.Log(tc.x); !ok || math.Abs(float64(ln)/(1<<32)-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("ln(%v) = %v, want %v", tc.x, ln, want)
		}
	}
	if _, ok := Log2(0); ok {
		t.Error("log2(0) must fail")
	}
	if _, ok := Ln(-I32F32One); ok {
		t.Error("ln(-1) must fail")
	}
	// Exact powers of two have exact logarithms.
	if l, _ := Log2(I32F32FromInt(1 << 20)); l != I32F32FromInt(20) {
		t.Errorf("log2(2^20) = %v", l)
	}
}

func TestLog2FloorRounding(t *testing.T) {
	one := I96F32FromU64(1)
	if n, ok := one.Log2Floor(); !ok || n != 0 {
		t.Fatalf("log2(1) floor %d", n)
	}
	if n, _ := I96F32FromU64(2).Log2Floor(); n != 1 {
		t.Fatalf("log2(2) floor %d", n)
	}
	// 4 − 2^-32: exactly 2 − ulp after one halving would be below 2, but the
	// halving rounds the odd raw value up to exactly 2 (substrate-fixed's rs).
	x := I96F32FromBits(0, 4<<32-1)
	if n, _ := x.Log2Floor(); n != 2 {
		t.Fatalf("floor log2(4-ulp) = %d, want the chain's 2", n)
	}
	// 4 − 2·2^-32 is even: no rounding, floor 1.
	if n, _ := I96F32FromBits(0, 4<<32-2).Log2Floor(); n != 1 {
		t.Fatalf("floor log2(4-2ulp) = %d", n)
	}
	if _, ok := I96F32FromBits(0, 1<<31).Log2Floor(); ok {
		t.Fatal("log2 floor below 1 must fail")
	}
}

func TestCheckedSqrt(t *testing.T) {
	eps := U64F64FromU64(1).SafeDiv(U64F64FromU64(1000))
	for _, v := range []float64{0, 0.25, 1, 2, 9, 1e6, 12345.678} {
		r, ok := U64F64FromFloat64(v).CheckedSqrt(eps)
		if !ok {
			t.Fatal("sqrt failed")
		}
		got := float64(r.raw.hi) + float64(r.raw.lo)/math.Pow(2, 64)
		if math.Abs(got-math.Sqrt(v)) > 2e-3*math.Max(1, math.Sqrt(v)) {
			t.Errorf("sqrt(%v) = %v", v, got)
		}
	}
}
