package pow

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

var two256 = new(big.Int).Lsh(big.NewInt(1), 256)

// bigMeets is the reference rule: W·d < 2²⁵⁶ with math/big.
func bigMeets(seal [32]byte, d uint64, order Endian) bool {
	b := seal
	if order == LittleEndian {
		for i := 0; i < 16; i++ {
			b[i], b[31-i] = b[31-i], b[i]
		}
	}
	w := new(big.Int).SetBytes(b[:])
	w.Mul(w, new(big.Int).SetUint64(d))
	return w.Cmp(two256) < 0
}

// encode writes the 256-bit v as seal bytes in the given order.
func encode(v *big.Int, order Endian) [32]byte {
	var b [32]byte
	v.FillBytes(b[:])
	if order == LittleEndian {
		for i := 0; i < 16; i++ {
			b[i], b[31-i] = b[31-i], b[i]
		}
	}
	return b
}

func TestDifficultyBoundary(t *testing.T) {
	t.Parallel()
	m := new(big.Int).Sub(two256, big.NewInt(1))
	for _, d := range []uint64{2, 3, 5, 1000, 1_000_000, 10_000_000, 1 << 32, math.MaxUint64 / 4, math.MaxUint64} {
		for _, order := range []Endian{LittleEndian, BigEndian} {
			tmax := new(big.Int).Quo(m, new(big.Int).SetUint64(d))
			if got := Threshold(d).Big(); got.Cmp(tmax) != 0 {
				t.Fatalf("Threshold(%d) = %v, want %v", d, got, tmax)
			}
			at := encode(tmax, order)
			above := encode(new(big.Int).Add(tmax, big.NewInt(1)), order)
			if !MeetsDifficultyOrder(at, d, order) {
				t.Errorf("d=%d %s: W = ⌊(2²⁵⁶−1)/d⌋ must pass", d, order)
			}
			if MeetsDifficultyOrder(above, d, order) {
				t.Errorf("d=%d %s: W = ⌊(2²⁵⁶−1)/d⌋+1 must fail", d, order)
			}
			if !NewWork(Problem{Difficulty: d, Order: order}).Meets(at) || NewWork(Problem{Difficulty: d, Order: order}).Meets(above) {
				t.Errorf("d=%d %s: Work.Meets disagrees at the boundary", d, order)
			}
		}
	}
}

func TestDifficultyCases(t *testing.T) {
	t.Parallel()
	var allFF, zero, lastFF, firstFF [32]byte
	for i := range allFF {
		allFF[i] = 0xff
	}
	lastFF[31] = 0xff
	firstFF[0] = 0xff
	// (2²⁵⁶−1)/3 = 0x5555…55: W·3 = 2²⁵⁶−1 exactly, which the chain accepts
	// (no overflow) and the old clients' strict "< 2²⁵⁶−1" rejected.
	var fives [32]byte
	for i := range fives {
		fives[i] = 0x55
	}
	fivesPlus := fives
	fivesPlus[0], fivesPlus[31] = 0x56, 0x56 // +1 in either order's top... any larger value
	for _, tc := range []struct {
		name  string
		seal  [32]byte
		d     uint64
		order Endian
		want  bool
	}{
		{"difficulty 0 accepts all-ff", allFF, 0, LittleEndian, true},
		{"difficulty 1 accepts all-ff", allFF, 1, BigEndian, true},
		{"difficulty 2 rejects all-ff", allFF, 2, LittleEndian, false},
		{"zero seal meets max difficulty", zero, math.MaxUint64, LittleEndian, true},
		{"W·3 = 2²⁵⁶−1 passes (le)", fives, 3, LittleEndian, true},
		{"W·3 = 2²⁵⁶−1 passes (be)", fives, 3, BigEndian, true},
		{"just above passes not (le)", fivesPlus, 3, LittleEndian, false},
		{"just above passes not (be)", fivesPlus, 3, BigEndian, false},
		// The endianness trap: the same bytes, opposite verdicts.
		{"trap: ff in last byte is huge little-endian", lastFF, 1000, LittleEndian, false},
		{"trap: ff in last byte is tiny big-endian", lastFF, 1000, BigEndian, true},
		{"trap: ff in first byte is tiny little-endian", firstFF, 1000, LittleEndian, true},
		{"trap: ff in first byte is huge big-endian", firstFF, 1000, BigEndian, false},
		{"spec nonce 0 seal at 1000 (le)", mustHex32("8f451590e942a76be6bad67804a7858b8ac3d5c04d1aa6204a10ff61c601b03f"), 1000, LittleEndian, false},
	} {
		if got := MeetsDifficultyOrder(tc.seal, tc.d, tc.order); got != tc.want {
			t.Errorf("%s: MeetsDifficultyOrder = %v, want %v", tc.name, got, tc.want)
		}
		if got := bigMeets(tc.seal, tc.d, tc.order); got != tc.want {
			t.Errorf("%s: reference = %v, want %v (bad test case)", tc.name, got, tc.want)
		}
		if tc.order == ChainOrder && MeetsDifficulty(tc.seal, tc.d) != tc.want {
			t.Errorf("%s: MeetsDifficulty disagrees", tc.name)
		}
	}
}

func TestMaxDifficulty(t *testing.T) {
	t.Parallel()
	var zero [32]byte
	if got := MaxDifficulty(zero, LittleEndian); got != math.MaxUint64 {
		t.Fatalf("MaxDifficulty(0) = %d", got)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 1000; i++ {
		var s [32]byte
		for j := 0; j < 4; j++ {
			binary.LittleEndian.PutUint64(s[8*j:], r.Uint64()>>uint(r.IntN(64)))
		}
		for _, order := range []Endian{LittleEndian, BigEndian} {
			md := MaxDifficulty(s, order)
			if !MeetsDifficultyOrder(s, md, order) {
				t.Fatalf("%x %s: fails its own MaxDifficulty %d", s, order, md)
			}
			if md != math.MaxUint64 && MeetsDifficultyOrder(s, md+1, order) {
				t.Fatalf("%x %s: meets MaxDifficulty+1 = %d", s, order, md+1)
			}
		}
	}
}

func TestEndianString(t *testing.T) {
	t.Parallel()
	if LittleEndian.String() != "little-endian" || BigEndian.String() != "big-endian" || Endian(9).String() != "Endian(9)" {
		t.Fatal("Endian.String")
	}
}

// FuzzMeetsDifficulty checks the limb arithmetic (overflow test, threshold
// test, the hot path's word form) against math/big.
func FuzzMeetsDifficulty(f *testing.F) {
	f.Add(make([]byte, 32), uint64(0), false)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, uint64(2), true)
	f.Add(mustHex32Slice("8f451590e942a76be6bad67804a7858b8ac3d5c04d1aa6204a10ff61c601b03f"), uint64(1000), false)
	f.Add(mustHex32Slice("0014f6c1000000000000000000000000000000000000000000000000000000ff"), uint64(1000), true)
	f.Fuzz(func(t *testing.T, b []byte, d uint64, be bool) {
		var seal [32]byte
		copy(seal[:], b)
		order := LittleEndian
		if be {
			order = BigEndian
		}
		want := bigMeets(seal, d, order)
		w := SealValue(seal, order)
		if got := !MulOverflows(w, d); got != want {
			t.Fatalf("MulOverflows(%x, %d) says pass=%v, big says %v", seal, d, got, want)
		}
		if got := w.Cmp(Threshold(d)) <= 0; got != want {
			t.Fatalf("threshold test (%x, %d) = %v, big says %v", seal, d, got, want)
		}
		o := [4]uint64{}
		for i := range o {
			o[i] = binary.LittleEndian.Uint64(seal[8*i:])
		}
		if wordsValue(o[0], o[1], o[2], o[3], order) != w {
			t.Fatalf("wordsValue disagrees with SealValue for %x %s", seal, order)
		}
		if w.Big().Cmp(new(big.Int).SetBytes(encodeBE(w))) != 0 {
			t.Fatal("U256.Big")
		}
	})
}

func encodeBE(w U256) []byte {
	b := make([]byte, 32)
	for i := 0; i < 4; i++ {
		binary.BigEndian.PutUint64(b[24-8*i:], w[i])
	}
	return b
}

func mustHex32Slice(s string) []byte {
	b := mustHex32(s)
	return b[:]
}
