package fixed

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func randI32F32(r *rand.Rand) I32F32 {
	switch r.IntN(5) {
	case 0:
		return []I32F32{0, 1, -1, I32F32One, -I32F32One, I32F32Max, I32F32Min, 1 << 31, -(1 << 31)}[r.IntN(9)]
	case 1:
		return I32F32(int64(r.Uint64()) >> r.IntN(64))
	}
	return I32F32(r.Uint64())
}

func checkI32F32(t *testing.T, a, b I32F32) {
	t.Helper()
	ba, bb := big.NewInt(int64(a)), big.NewInt(int64(b))
	minB, maxB := big.NewInt(math.MinInt64), big.NewInt(math.MaxInt64)
	fits := func(v *big.Int) bool { return v.Cmp(minB) >= 0 && v.Cmp(maxB) <= 0 }
	low := func(v *big.Int) I32F32 { return I32F32(int64(wrap(v).lo)) }

	want := new(big.Int).Rsh(new(big.Int).Mul(ba, bb), 32)
	got, ok := a.CheckedMul(b)
	if ok != fits(want) || got != low(want) || a.Mul(b) != low(want) {
		t.Fatalf("mul(%d,%d) = %d ok=%v want %v", a, b, got, ok, want)
	}
	if !ok {
		s := a.SatMul(b)
		if (want.Sign() < 0 && s != I32F32Min) || (want.Sign() > 0 && s != I32F32Max) {
			t.Fatalf("satmul(%d,%d) = %d", a, b, s)
		}
	}
	if b != 0 {
		wq := new(big.Int).Quo(new(big.Int).Lsh(ba, 32), bb)
		q, ok := a.CheckedDiv(b)
		if ok != fits(wq) || (ok && q != I32F32(wq.Int64())) {
			t.Fatalf("div(%d,%d) = %d ok=%v want %v", a, b, q, ok, wq)
		}
		if !ok && a.SafeDiv(b) != 0 {
			t.Fatalf("safe_div overflow must be 0")
		}
	} else if a.SafeDiv(b) != 0 {
		t.Fatalf("safe_div by zero must be 0")
	}
	sum := new(big.Int).Add(ba, bb)
	if s, ok := a.CheckedAdd(b); ok != fits(sum) || s != low(sum) {
		t.Fatalf("add(%d,%d)", a, b)
	}
	if !fits(sum) && a.SatAdd(b) != map[bool]I32F32{true: I32F32Min, false: I32F32Max}[sum.Sign() < 0] {
		t.Fatalf("satadd(%d,%d)", a, b)
	}
	diff := new(big.Int).Sub(ba, bb)
	if fits(diff) && a.SatSub(b) != I32F32(diff.Int64()) {
		t.Fatalf("satsub(%d,%d)", a, b)
	}
	if !fits(diff) && a.SatSub(b) != map[bool]I32F32{true: I32F32Min, false: I32F32Max}[diff.Sign() < 0] {
		t.Fatalf("satsub(%d,%d) overflow", a, b)
	}
}

func TestI32F32AgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		checkI32F32(t, randI32F32(r), randI32F32(r))
	}
}

func FuzzI32F32(f *testing.F) {
	f.Add(int64(1<<32), int64(3))
	f.Add(int64(math.MinInt64), int64(-1))
	f.Fuzz(func(t *testing.T, a, b int64) { checkI32F32(t, I32F32(a), I32F32(b)) })
}

func TestI32F32Conversions(t *testing.T) {
	tests := []struct {
		name string
		got  I32F32
		want int64
	}{
		{"from_num(0.1 f64)", I32F32FromFloat64(0.1), 429496730},
		{"from_num(0.5)", I32F32FromFloat64(0.5), 1 << 31},
		{"from_num(1e-9)", I32F32FromFloat64(1e-9), 4},
		{"from_num(0.1 f32)", I32F32FromFloat32(0.1), 429496736},
		{"ties to even up", I32F32FromFloat64(3.0 / (1 << 33)), 2},   // 1.5 ulp -> 2
		{"ties to even down", I32F32FromFloat64(1.0 / (1 << 33)), 0}, // 0.5 ulp -> 0
		{"negative tie", I32F32FromFloat64(-3.0 / (1 << 33)), -2},
		{"saturate", I32F32FromFloat64(1e30), math.MaxInt64},
		{"from int", I32F32FromInt(65535), 65535 << 32},
		{"from int saturates", I32F32FromInt(1 << 40), math.MaxInt64},
		{"round half away", I32F32FromFloat64(2.5).Round(), 3 << 32},
		{"round neg half away", I32F32FromFloat64(-2.5).Round(), -3 << 32},
		{"round down", I32F32FromFloat64(2.4999).Round(), 2 << 32},
		{"i64f64 narrow floors", I64F64FromBits(0, 1<<31).ToI32F32(), 0},
		{"i64f64 narrow saturates", I64F64FromU64(1 << 40).ToI32F32(), math.MaxInt64},
		{"i64f64(u32::MAX) saturates", I64F64FromU64(math.MaxUint32).ToI32F32(), math.MaxInt64},
		{"i64f64(i32::MIN) exact", I64F64FromInt(math.MinInt32).ToI32F32(), math.MinInt32 << 32},
		{"i64f64 negative floors", I64F64FromBits(^uint64(0), ^uint64(0)).ToI32F32(), -1},
	}
	for _, tc := range tests {
		if int64(tc.got) != tc.want {
			t.Errorf("%s: got %d want %d", tc.name, tc.got, tc.want)
		}
	}
	if I32F32FromInt(-1).ToU64() != 0 || I32F32FromFloat64(7.9).ToU64() != 7 {
		t.Error("ToU64 must floor and clamp negatives to 0")
	}
	if I64F64FromInt(-1).ToU64() != 0 || I64F64FromU64(math.MaxUint64).ToU64() != math.MaxInt64 {
		t.Error("I64F64.ToU64 bounds")
	}
}

func TestWideConversions(t *testing.T) {
	// U64F64 price converted to U96F32 loses 32 fractional bits.
	p := U64F64FromBits(1, 0xFFFF_FFFF_FFFF_FFFF)
	if hi, lo := p.ToU96F32().Bits(); hi != 0 || lo != 1<<32|0xFFFF_FFFF {
		t.Errorf("U64F64→U96F32 = %x %x", hi, lo)
	}
	// 1/3 in U64F64 truncates.
	third := U64F64FromU64(1).SafeDiv(U64F64FromU64(3))
	if hi, lo := third.Bits(); hi != 0 || lo != 0x5555_5555_5555_5555 {
		t.Errorf("1/3 = %x %x", hi, lo)
	}
	if !U64F64FromU64(1).SafeDiv(U64F64{}).IsZero() {
		t.Error("safe_div by zero must be 0")
	}
	if got := U64F64FromU64(5).SafeDivOr(U64F64{}, U64F64FromU64(9)); got != U64F64FromU64(9) {
		t.Error("SafeDivOr default")
	}
	// Unsigned subtraction saturates at zero.
	if !U96F32FromU64(1).SatSub(U96F32FromU64(2)).IsZero() {
		t.Error("U96F32 SatSub must clamp to 0")
	}
	if U96F32FromInt(-5) != (U96F32{}) {
		t.Error("negative into unsigned saturates to 0")
	}
	if got := I96F32FromFloat64(-1.5).String(); got != "-1.5" {
		t.Errorf("String = %q", got)
	}
	if got := U64F64FromFloat64(0.25).String(); got != "0.25" {
		t.Errorf("String = %q", got)
	}
	if got := I32F32FromFloat64(1.0 / 3).String(); got != "0.3333333333" {
		t.Errorf("String = %q", got)
	}
	v, ok := I64F64FromRawBig(big.NewInt(-7))
	if !ok || v.RawBig().Int64() != -7 {
		t.Error("raw big round trip")
	}
	if _, ok := U64F64FromRawBig(big.NewInt(-1)); ok {
		t.Error("negative raw into unsigned must fail")
	}
}

// Vectors from yuma-vectors.json math_exp_safe (raw I32F32 outputs).
func TestExpSafeVectors(t *testing.T) {
	tests := []struct {
		in   I32F32
		want int64
	}{
		{0, 4294967296},
		{I32F32FromInt(1), 11674931200},
		{I32F32FromInt(-20), 8},
		{I32F32FromInt(-21), 8},
		{I32F32Min, 8},
		{I32F32FromInt(20), 2066907302758576256},
		{I32F32FromInt(21), 2066907302758576256},
		{I32F32Max, 2066907302758576256},
		{I32F32FromInt(5), 637429664624},
		{I32F32FromInt(-5), 28939262},
	}
	for _, tc := range tests {
		if got := ExpSafe(tc.in); int64(got) != tc.want {
			t.Errorf("exp_safe(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
	if _, ok := Exp(I32F32FromInt(40)); ok {
		t.Error("exp(40) must overflow")
	}
}

func BenchmarkI32F32Mul(b *testing.B) {
	x, y := I32F32FromFloat64(0.3), I32F32FromFloat64(0.7)
	for b.Loop() {
		x = x.Mul(y) + 1
	}
}

func BenchmarkI32F32Div(b *testing.B) {
	x, y := I32F32FromFloat64(0.3), I32F32FromFloat64(0.7)
	for b.Loop() {
		x = x.SafeDiv(y) | 1
	}
}

func BenchmarkU64F64Mul(b *testing.B) {
	x, y := U64F64FromFloat64(1.3), U64F64FromFloat64(0.7)
	for b.Loop() {
		x = x.Mul(y).Add(U64F64FromU64(1))
	}
}

func BenchmarkU64F64Div(b *testing.B) {
	x, y := U64F64FromFloat64(12345.3), U64F64FromFloat64(1.7)
	for b.Loop() {
		x = x.SafeDiv(y).Add(U64F64FromU64(1 << 20))
	}
}

func BenchmarkExpSafe(b *testing.B) {
	x := I32F32FromFloat64(-3.7)
	for b.Loop() {
		_ = ExpSafe(x)
	}
}
