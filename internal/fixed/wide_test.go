package fixed

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

var allFormats = []struct {
	name string
	f    format
}{
	{"I64F64", fmtI64F64}, {"I96F32", fmtI96F32}, {"I110F18", fmtI110F18},
	{"U64F64", fmtU64F64}, {"U96F32", fmtU96F32}, {"I32F32wide", fmtI32F32Wide},
}

// inRange reports whether v is representable as a raw value of f.
func inRange(v *big.Int, f format) bool {
	_, ok := rawFromBig(v, f)
	return ok
}

func refMul(a, b *big.Int, f format) *big.Int {
	p := new(big.Int).Mul(a, b)
	return p.Rsh(p, f.frac) // big.Int.Rsh floors negative values
}

func refDiv(a, b *big.Int, f format) *big.Int {
	n := new(big.Int).Lsh(a, f.frac)
	return n.Quo(n, b) // truncates toward zero
}

// wrap reduces v modulo 2^128 into the raw layout.
func wrap(v *big.Int) u128 {
	m := new(big.Int).Mod(v, two128)
	return bigToU128(m)
}

func randRaw(r *rand.Rand, f format) u128 {
	var x u128
	switch r.IntN(6) {
	case 0:
		x = u128{0, r.Uint64() >> r.IntN(64)}
	case 1:
		x = u128{r.Uint64() >> r.IntN(64), r.Uint64()}
	case 2:
		edges := []u128{{}, {0, 1}, u128Max, i128Max, i128MinMag, {1, 0}, {0, 1 << 63}, {0, ^uint64(0)}}
		x = edges[r.IntN(len(edges))]
	case 3:
		x = u128{0, 1}.shl(uint(r.IntN(128)))
	default:
		x = u128{r.Uint64(), r.Uint64()}
	}
	if f.signed && r.IntN(2) == 0 {
		x = x.negate()
	}
	if f == fmtI32F32Wide { // keep within int64 for the narrow type
		v := int64(x.lo)
		x = u128{0, uint64(v)}
		if v < 0 {
			x.hi = ^uint64(0)
		}
	}
	return x
}

func checkBinary(t *testing.T, name string, f format, a, b u128) {
	t.Helper()
	ba, bb := rawBig(a, f), rawBig(b, f)

	want := refMul(ba, bb, f)
	got, ok := f.mul(a, b)
	if ok != inRange(want, f) || got != wrap(want) {
		t.Fatalf("%s mul(%v,%v): got %v ok=%v, want %v", name, ba, bb, rawBig(got, f), ok, want)
	}
	sat := f.satMul(a, b)
	if ok && sat != got {
		t.Fatalf("%s satMul differs when in range", name)
	}
	if !ok {
		wantSat := f.max()
		if want.Sign() < 0 {
			wantSat = f.min()
		}
		if sat != wantSat {
			t.Fatalf("%s satMul(%v,%v) = %v", name, ba, bb, rawBig(sat, f))
		}
	}

	if bb.Sign() != 0 {
		wantQ := refDiv(ba, bb, f)
		gotQ, ok := f.div(a, b)
		if ok != inRange(wantQ, f) || (ok && gotQ != wrap(wantQ)) {
			t.Fatalf("%s div(%v,%v): got %v ok=%v, want %v", name, ba, bb, rawBig(gotQ, f), ok, wantQ)
		}
	} else if _, ok := f.div(a, b); ok {
		t.Fatalf("%s div by zero succeeded", name)
	}

	sum := new(big.Int).Add(ba, bb)
	gotS, ok := f.add(a, b)
	if ok != inRange(sum, f) || gotS != wrap(sum) {
		t.Fatalf("%s add(%v,%v) = %v ok=%v", name, ba, bb, rawBig(gotS, f), ok)
	}
	diff := new(big.Int).Sub(ba, bb)
	gotD, ok := f.sub(a, b)
	if ok != inRange(diff, f) || gotD != wrap(diff) {
		t.Fatalf("%s sub(%v,%v) = %v ok=%v", name, ba, bb, rawBig(gotD, f), ok)
	}
	if c := f.cmp(a, b); c != ba.Cmp(bb) {
		t.Fatalf("%s cmp(%v,%v) = %d", name, ba, bb, c)
	}
	// Conversions into every other layout floor extra fractional bits.
	for _, g := range allFormats {
		want := new(big.Int).Set(ba)
		if g.f.frac >= f.frac {
			want.Lsh(want, g.f.frac-f.frac)
		} else {
			want.Rsh(want, f.frac-g.f.frac)
		}
		got, ok := f.convert(a, g.f)
		if ok != inRange(want, g.f) || (ok && got != wrap(want)) {
			t.Fatalf("%s convert %v to %s: got %v ok=%v want %v", name, ba, g.name, rawBig(got, g.f), ok, want)
		}
	}
}

func TestWideArithmeticAgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tf := range allFormats {
		t.Run(tf.name, func(t *testing.T) {
			for range 20000 {
				checkBinary(t, tf.name, tf.f, randRaw(r, tf.f), randRaw(r, tf.f))
			}
		})
	}
}

func TestDiv256By128AgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var n u256
		for i := range n {
			if r.IntN(4) != 0 {
				n[i] = r.Uint64() >> r.IntN(64)
			}
		}
		d := u128{r.Uint64() >> r.IntN(64), r.Uint64() >> r.IntN(64)}
		if r.IntN(8) == 0 {
			d = u128{1 << 63, 0}
		}
		if d.isZero() {
			continue
		}
		bn := new(big.Int)
		for i := 3; i >= 0; i-- {
			bn.Lsh(bn, 64).Or(bn, new(big.Int).SetUint64(n[i]))
		}
		want := new(big.Int).Quo(bn, rawBig(d, fmtU64F64))
		q := div256by128(n, d)
		got := new(big.Int)
		for i := 3; i >= 0; i-- {
			got.Lsh(got, 64).Or(got, new(big.Int).SetUint64(q[i]))
		}
		if got.Cmp(want) != 0 {
			t.Fatalf("%v / %v = %v, want %v", bn, rawBig(d, fmtU64F64), got, want)
		}
	}
}

func FuzzWideArithmetic(f *testing.F) {
	f.Add(uint8(0), uint64(0), uint64(1), uint64(0), uint64(3))
	f.Add(uint8(3), uint64(1<<63), uint64(0), ^uint64(0), ^uint64(0))
	f.Add(uint8(1), uint64(1), uint64(1), uint64(0), uint64(1<<40))
	f.Fuzz(func(t *testing.T, which uint8, ahi, alo, bhi, blo uint64) {
		tf := allFormats[int(which)%len(allFormats)]
		a, b := u128{ahi, alo}, u128{bhi, blo}
		if tf.f == fmtI32F32Wide {
			a, b = u128{0, alo}, u128{0, blo}
			if int64(alo) < 0 {
				a.hi = ^uint64(0)
			}
			if int64(blo) < 0 {
				b.hi = ^uint64(0)
			}
		}
		checkBinary(t, tf.name, tf.f, a, b)
	})
}
