package codec

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
)

func TestU128StringParse(t *testing.T) {
	t.Parallel()
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	cases := []U128{
		{}, {Lo: 1}, {Lo: math.MaxUint64}, {Hi: 1}, {Hi: 1, Lo: 1},
		{Hi: 0x8000000000000000}, MaxU128, {Hi: 12345, Lo: 0xdeadbeefcafebabe},
		{Hi: 0x36, Lo: 0x35c9adc5dea00000}, // 1e21: zero-padded middle limb
	}
	for _, u := range cases {
		want := new(big.Int).Add(new(big.Int).Mul(new(big.Int).SetUint64(u.Hi), two64), new(big.Int).SetUint64(u.Lo)).String()
		if got := u.String(); got != want {
			t.Errorf("String(%#v) = %s, want %s", u, got, want)
		}
		back, err := ParseU128(want)
		if err != nil || back != u {
			t.Errorf("ParseU128(%s) = %#v, %v", want, back, err)
		}
		if u.Big().String() != want {
			t.Errorf("Big(%#v) = %s", u, u.Big())
		}
		if fb, err := U128FromBig(u.Big()); err != nil || fb != u {
			t.Errorf("U128FromBig = %#v, %v", fb, err)
		}
	}
	for _, bad := range []string{"", "-1", "+1", "1.0", "1e3", " 1", "0x10", "340282366920938463463374607431768211456", "9999999999999999999999999999999999999999"} {
		if _, err := ParseU128(bad); err == nil {
			t.Errorf("ParseU128(%q) succeeded", bad)
		}
	}
	if _, err := U128FromBig(big.NewInt(-1)); err == nil {
		t.Error("U128FromBig(-1) succeeded")
	}
	if U128From64(5).Cmp(U128{Hi: 1}) != -1 || MaxU128.Cmp(MaxU128) != 0 || (U128{Hi: 1}).Cmp(U128{Lo: math.MaxUint64}) != 1 {
		t.Error("Cmp")
	}
	if v, ok := U128From64(7).Uint64(); !ok || v != 7 {
		t.Error("Uint64")
	}
	if _, ok := (U128{Hi: 1}).Uint64(); ok {
		t.Error("Uint64 should not fit")
	}
}

func TestI128StringParse(t *testing.T) {
	t.Parallel()
	cases := map[string]I128{
		"0":                    {},
		"-1":                   I128From64(-1),
		"9223372036854775807":  I128From64(math.MaxInt64),
		"-9223372036854775808": I128From64(math.MinInt64),
		"170141183460469231731687303715884105727":  {Hi: math.MaxInt64, Lo: math.MaxUint64},
		"-170141183460469231731687303715884105728": {Hi: 1 << 63},
		"-18446744073709551616":                    {Hi: math.MaxUint64},
	}
	for s, want := range cases {
		got, err := ParseI128(s)
		if err != nil || got != want {
			t.Errorf("ParseI128(%s) = %#v, %v; want %#v", s, got, err, want)
		}
		if want.String() != s {
			t.Errorf("String(%#v) = %s, want %s", want, want.String(), s)
		}
	}
	for _, bad := range []string{"", "-", "170141183460469231731687303715884105728", "-170141183460469231731687303715884105729", "--1"} {
		if _, err := ParseI128(bad); err == nil {
			t.Errorf("ParseI128(%q) succeeded", bad)
		}
	}
}

type u128Holder struct {
	Amount U128            `json:"amount"`
	Ptr    *U128           `json:"ptr,omitempty"`
	List   []U128          `json:"list"`
	ByName map[string]U128 `json:"by_name"`
	Signed I128            `json:"signed"`
}

func TestU128RoundTrip(t *testing.T) {
	t.Parallel()
	p := U128{Hi: 3, Lo: 4}
	in := u128Holder{
		Amount: MaxU128, Ptr: &p, List: []U128{{}, {Lo: 1}, MaxU128},
		ByName: map[string]U128{"a": {Hi: 1}, "b": U128From64(math.MaxUint64)},
		Signed: I128{Hi: 1 << 63},
	}
	for _, f := range []Format{Msgpack, JSON} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			w := NewWriter(&buf, f)
			// Struct by value, bare value, bare map: none is addressable.
			for _, v := range []any{in, MaxU128, map[string]U128{"x": MaxU128}, &in} {
				if err := w.Write(v); err != nil {
					t.Fatalf("write %T: %v", v, err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if f == JSON && !strings.Contains(buf.String(), `"amount":"340282366920938463463374607431768211455"`) {
				t.Errorf("json: %s", buf.String())
			}
			r := NewReader(&buf)
			var h1, h4 u128Holder
			var bare U128
			var mp map[string]U128
			for i, v := range []any{&h1, &bare, &mp, &h4} {
				if err := r.Next(v); err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
			}
			for _, h := range []u128Holder{h1, h4} {
				if h.Amount != in.Amount || *h.Ptr != p || len(h.List) != 3 || h.List[2] != MaxU128 ||
					h.ByName["a"] != in.ByName["a"] || h.ByName["b"] != in.ByName["b"] || h.Signed != in.Signed {
					t.Errorf("got %+v", h)
				}
			}
			if bare != MaxU128 || mp["x"] != MaxU128 {
				t.Errorf("bare %v map %v", bare, mp)
			}
		})
	}
}

func TestU128MsgpackWire(t *testing.T) {
	t.Parallel()
	data := msgpackOf(t, U128{Hi: 0x0102030405060708, Lo: 0x090a0b0c0d0e0f10})
	want := []byte{0xd8, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	if !bytes.Equal(data, want) {
		t.Fatalf("wire = % x, want % x", data, want)
	}
	// Decoding into interface{} yields a U128 value.
	var v any
	if err := NewReader(bytes.NewReader(data)).Next(&v); err != nil {
		t.Fatal(err)
	}
	if u, ok := v.(U128); !ok || u.Lo != 0x090a0b0c0d0e0f10 {
		t.Fatalf("got %#v", v)
	}
}

func TestU128WrongPayloadLength(t *testing.T) {
	t.Parallel()
	// {"amount": fixext8(type 1, 8 bytes)}
	data := []byte{0x81, 0xa6, 'a', 'm', 'o', 'u', 'n', 't', 0xd7, 0x01, 0, 0, 0, 0, 0, 0, 0, 1}
	var h u128Holder
	err := NewReader(bytes.NewReader(data)).Next(&h)
	var re *RecordError
	if !errors.As(err, &re) || re.Field != "amount" || !errors.Is(err, ErrMalformed) || !errors.Is(err, ErrExtLength) {
		t.Fatalf("got %v", err)
	}
	// Same into interface{}.
	var v any
	if err := NewReader(bytes.NewReader(data)).Next(&v); !errors.Is(err, ErrExtLength) {
		t.Fatalf("into any: got %v", err)
	}
	// The wrong ext type is an error too.
	data[9] = 2
	if err := NewReader(bytes.NewReader(data)).Next(&h); !errors.Is(err, ErrMalformed) {
		t.Fatalf("wrong ext type: got %v", err)
	}
}

func TestU128JSONInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want U128
		ok   bool
	}{
		{`{"amount":"18446744073709551616"}`, U128{Hi: 1}, true},
		{`{"amount":18446744073709551616}`, U128{Hi: 1}, true}, // bare number, exact
		{`{"amount":null}`, U128{}, true},
		{`{"amount":"-1"}`, U128{}, false},
		{`{"amount":1.5}`, U128{}, false},
		{`{"amount":"340282366920938463463374607431768211456"}`, U128{}, false},
		{`{"amount":true}`, U128{}, false},
	}
	for _, tc := range cases {
		var h u128Holder
		err := NewReader(strings.NewReader(tc.in)).Next(&h)
		if tc.ok && (err != nil || h.Amount != tc.want) {
			t.Errorf("%s: got %v, %v", tc.in, h.Amount, err)
		}
		if !tc.ok && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", tc.in, err)
		}
	}
}

func TestStrictInts(t *testing.T) {
	t.Parallel()
	type rec struct {
		I8  int8     `json:"i8"`
		I64 int64    `json:"i64"`
		U8  uint8    `json:"u8"`
		U   uint     `json:"u"`
		Arr []uint16 `json:"arr"`
	}
	cases := []struct {
		in    any
		field string
	}{
		{m{"i8": 200}, "i8"},
		{m{"i8": -129}, "i8"},
		{m{"i64": uint64(math.MaxUint64)}, "i64"},
		{m{"u8": 256}, "u8"},
		{m{"u": -5}, "u"},
		{m{"arr": []int{1, -1}}, "arr"},
	}
	for _, tc := range cases {
		for _, data := range [][]byte{msgpackOf(t, tc.in), jsonOf(t, tc.in)} {
			var r rec
			err := NewReader(bytes.NewReader(data)).Next(&r)
			var re *RecordError
			if !errors.As(err, &re) || re.Field != tc.field || !errors.Is(err, ErrMalformed) {
				t.Errorf("%v: got %v, want error at %q", tc.in, err, tc.field)
			}
		}
	}
	in := rec{I8: -128, I64: math.MinInt64, U8: 255, U: math.MaxUint, Arr: []uint16{0, 65535}}
	var out rec
	if err := NewReader(bytes.NewReader(msgpackOf(t, in))).Next(&out); err != nil || out.I64 != in.I64 || out.I8 != in.I8 || out.U != in.U || out.Arr[1] != 65535 {
		t.Errorf("round trip: %+v, %v", out, err)
	}
}
