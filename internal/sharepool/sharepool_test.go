package sharepool

import (
	"encoding/json"
	"math"
	"math/big"
	"os"
	"testing"
)

func mustNew(t testing.TB, m uint64, e int64) Float {
	t.Helper()
	f, ok := New(0, m, e)
	if !ok {
		t.Fatalf("New(%d, %d) failed", m, e)
	}
	return f
}

func bigMant(s string) (hi, lo uint64) {
	b, _ := new(big.Int).SetString(s, 10)
	lo = new(big.Int).And(b, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	hi = new(big.Int).Rsh(b, 64).Uint64()
	return
}

func newS(t testing.TB, m string, e int64) Float {
	t.Helper()
	hi, lo := bigMant(m)
	f, ok := New(hi, lo, e)
	if !ok {
		t.Fatalf("New(%s, %d) failed", m, e)
	}
	return f
}

func mantString(f Float) string { return u128Big(f.hi, f.lo).String() }

// The normalisation and addition tables of the chain's own tests
// (primitives/share-pool tests::test_safefloat_normalize, test_safefloat_add).
func TestNormalizeTable(t *testing.T) {
	for _, c := range []struct {
		m  string
		e  int64
		wm string
		we int64
	}{
		{"1", 0, "1000000000000000000000", -21},
		{"0", 0, "0", 0},
		{"10", 0, "1000000000000000000000", -20},
		{"1000", 0, "1000000000000000000000", -18},
		{"100000000000000000000", 0, "1000000000000000000000", -1},
		{"1000000000000000000000", 0, "1000000000000000000000", 0},
	} {
		f := newS(t, c.m, c.e)
		if mantString(f) != c.wm || f.exp != c.we {
			t.Errorf("normalize(%s,%d) = %s e%d, want %s e%d", c.m, c.e, mantString(f), f.exp, c.wm, c.we)
		}
	}
	if hi, lo := bigMant("1000000000000000000001"); func() bool { _, ok := New(hi, lo, 0); return ok }() {
		t.Error("mantissa above SAFE_FLOAT_MAX must fail")
	}
}

func TestAddTable(t *testing.T) {
	const max = "1000000000000000000000"
	for _, c := range []struct {
		ma string
		ea int64
		mb string
		eb int64
		wm string
		we int64
	}{
		{"1", 0, "1", 0, "200000000000000000000", -20},
		{"0", 0, "1", 0, max, -21},
		{"0", 0, "1", -1, max, -22},
		{"1", -1000, "1", -1, max, -22},
		{max, 0, max, 0, "200000000000000000000", 1},
		{"1", 0, max, 1, max, 1},
		{"1", 0, "1", 22, max, 1},
		{"1", 0, "1", 23, max, 2},
		{"123", 0, "1", 23, max, 2},
		{"123", 1, "1", 23, "100000000000000000001", 3},
		{"42", 0, "1", 22, max, 1},
		{"999999999999999999999", 0, "1", 22, "109999999999999999999", 2},
		{"42", 0, "1", 23, max, 2},
		{"4200", 0, "1", 23, "100000000000000000004", 3},
		{"999999999999999999999", 0, "1", 23, "100999999999999999999", 3},
		{"999999", 1, "1", 23, "100000000000000009999", 3},
		{"1", 24, "1", 0, max, 3},
		{"1", 24, "123456789012345678901", 0, "100012345678901234567", 4},
		{"1", 22, "1", 23, "110000000000000000000", 3},
		{"999999999999999999999", 22, "1", 22, max, 22},
	} {
		a, b := newS(t, c.ma, c.ea), newS(t, c.mb, c.eb)
		for _, r := range []Float{must(a.Add(b)), must(b.Add(a))} {
			if mantString(r) != c.wm || r.exp != c.we {
				t.Errorf("%s e%d + %s e%d = %s e%d, want %s e%d", c.ma, c.ea, c.mb, c.eb, mantString(r), r.exp, c.wm, c.we)
			}
		}
	}
}

func must(f Float, ok bool) Float {
	if !ok {
		panic("unexpected SafeFloat failure")
	}
	return f
}

func TestDivMulDivEdges(t *testing.T) {
	one := mustNew(t, 1, 0)
	if _, ok := one.Div(Zero); ok {
		t.Error("division by zero must fail")
	}
	if _, ok := one.MulDiv(one, Zero); ok {
		t.Error("mul_div by zero must fail")
	}
	// Exponent overflow fails rather than wrapping.
	big1, _ := New(0, 5, math.MaxInt64-30)
	if _, ok := big1.MulDiv(big1, one); ok {
		t.Error("exponent overflow must fail")
	}
	// 1/3 keeps 21 digits, truncated.
	r := must(one.Div(mustNew(t, 3, 0)))
	if mantString(r) != "333333333333333333333" || r.exp != -21 {
		t.Errorf("1/3 = %s e%d", mantString(r), r.exp)
	}
	if got := must(mustNew(t, 7, 0).MulDiv(mustNew(t, 3, 0), mustNew(t, 7, 0))).ToU64(); got != 3 {
		t.Errorf("7*3/7 = %d", got)
	}
}

func TestToU64(t *testing.T) {
	for _, c := range []struct {
		m    string
		e    int64
		want uint64
	}{
		{"123", 0, 123},
		{"1", 19, 10_000_000_000_000_000_000},
		{"2", 19, math.MaxUint64},
		{"1", 40, math.MaxUint64},
		{"999999999999999999999", -21, 0},
		{"1", -30, 0},
		{"18446744073709551615", 0, math.MaxUint64},
	} {
		if got := newS(t, c.m, c.e).ToU64(); got != c.want {
			t.Errorf("%s e%d → %d, want %d", c.m, c.e, got, c.want)
		}
	}
}

func TestGt(t *testing.T) {
	a, b := mustNew(t, 10, 0), mustNew(t, 9, 0)
	if !a.Gt(b) || b.Gt(a) || a.Gt(a) {
		t.Error("gt ordering")
	}
	if !mustNew(t, 1, 5).Gt(mustNew(t, 1, 0)) || mustNew(t, 1, 0).Gt(mustNew(t, 1, 5)) {
		t.Error("gt across exponents")
	}
}

// Share-pool vectors E01, E02, E04 (dtao-vectors.json).
type vecFile struct {
	Cases []struct {
		ID       string          `json:"id"`
		Inputs   json.RawMessage `json:"inputs"`
		Expected struct {
			Values map[string]uint64 `json:"values"`
		} `json:"expected"`
	} `json:"cases"`
}

func loadVectors(t *testing.T) map[string]map[string]uint64 {
	t.Helper()
	// The shared vectors when checked out beside the repo, else the copy in testdata.
	raw, err := os.ReadFile("../../../shared/vectors/dtao-vectors.json")
	if err != nil {
		raw, err = os.ReadFile("../../testdata/amm/dtao-vectors.json")
	}
	if err != nil {
		t.Fatalf("dtao vectors: %v", err)
	}
	var v vecFile
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]uint64{}
	for _, c := range v.Cases {
		out[c.ID] = c.Expected.Values
	}
	return out
}

type mockPool struct {
	p      Pool
	shares map[int]Float
}

func (m *mockPool) one(k int, u int64) { m.shares[k] = m.p.UpdateForOne(m.shares[k], u) }
func (m *mockPool) val(k int) uint64   { return m.p.ValueOf(m.shares[k]) }

func TestShareVectors(t *testing.T) {
	want := loadVectors(t)
	// E01: get_value.
	m := &mockPool{p: Pool{Value: 100, Denom: FromU64(10)}, shares: map[int]Float{1: FromU64(3), 2: FromU64(7)}}
	if m.val(1) != want["E01_share_pool_get_value"]["1"] || m.val(2) != want["E01_share_pool_get_value"]["2"] {
		t.Errorf("E01: %d %d", m.val(1), m.val(2))
	}
	// E02: denominator precision.
	m = &mockPool{shares: map[int]Float{}}
	m.one(1, 1000)
	if m.val(1) != 1000 {
		t.Fatalf("E02 first stake %d", m.val(1))
	}
	m.one(1, -990)
	m.one(2, 1000)
	m.one(2, -990)
	if m.val(1) != want["E02_share_pool_denom_precision"]["1"] || m.val(2) != want["E02_share_pool_denom_precision"]["2"] {
		t.Errorf("E02: %d %d", m.val(1), m.val(2))
	}
	// E04: many small unstakes; exact.
	m = &mockPool{shares: map[int]Float{}}
	m.one(1, 1)
	m.one(2, 1)
	m.p.UpdateForAll(1_000_000_000_000_000)
	for range 1000 {
		m.one(1, -500_000_000)
		m.one(2, -500_000_000)
	}
	m.p.UpdateForAll(1_000_000_000_000_000)
	m.one(1, 1_000_000_000_000)
	m.one(2, 1_000_000_000_000)
	e4 := want["E04_share_pool_many_small_unstakes"]
	for k := 1; k <= 2; k++ {
		got, w := m.val(k), e4[string(rune('0'+k))]
		d := int64(got) - int64(w)
		if d < -1 || d > 1 {
			t.Errorf("E04 key %d: %d, want %d (abs 1)", k, got, w)
		} else if d != 0 {
			t.Logf("E04 key %d: %d, vector %d (within tolerance, not exact)", k, got, w)
		}
	}
}

// The chain's test_denom_high_precision.
func TestDenomHighPrecision(t *testing.T) {
	m := &mockPool{shares: map[int]Float{}}
	m.one(1, 1)
	m.one(2, 1)
	m.p.UpdateForAll(999_999_999_999_998)
	m.one(1, -499_999_999_999_990)
	m.one(2, -499_999_999_999_990)
	m.p.UpdateForAll(999_999_999_999_980)
	m.one(1, 1_000_000_000_000)
	m.one(2, 1_000_000_000_000)
	for k := 1; k <= 2; k++ {
		if d := int64(m.val(k)) - 501_000_000_000_000; d < -1 || d > 1 {
			t.Errorf("key %d: %d", k, m.val(k))
		}
	}
}

func TestPoolEdges(t *testing.T) {
	var p Pool
	if p.ValueOf(FromU64(5)) != 0 {
		t.Error("zero denominator values to 0")
	}
	if !p.SimUpdateForOne(5) {
		t.Error("empty pool accepts any deposit")
	}
	// Shares with no value behind them: a deposit buys zero shares.
	p = Pool{Value: 0, Denom: FromU64(5)}
	if p.SimUpdateForOne(100) {
		t.Error("valueless pool: sim must report zero shares")
	}
	p = Pool{Value: 10}
	p.UpdateForAll(-20)
	if p.Value != 0 {
		t.Error("update_for_all saturates at 0")
	}
	p.Value = math.MaxUint64 - 1
	p.UpdateForAll(5)
	if p.Value != math.MaxUint64 {
		t.Error("update_for_all saturates at max")
	}
	p.UpdateForAll(math.MinInt64)
	if p.Value != math.MaxUint64-(1<<63) {
		t.Errorf("update_for_all min int64: %d", p.Value)
	}
}
