package state

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/store"
	"github.com/vmihailenco/msgpack/v5"
)

// src supplies the field values that fill builds a value from.
type src interface {
	u64() uint64
	// sliceLen returns a slice length, or -1 for a nil slice.
	sliceLen() int
}

// boundaries are the integers where msgpack's encodings change width.
var boundaries = []uint64{
	0, 1, 15, 16, 31, 32, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
	math.MaxInt32, math.MaxInt32 + 1, math.MaxUint32, math.MaxUint32 + 1,
	math.MaxInt64, math.MaxInt64 + 1, ^uint64(31), ^uint64(32), math.MaxUint64,
}

// randSrc draws boundary values, values of random bit length, nil and empty
// slices and, rarely, slices too long for fixarray or array16.
type randSrc struct{ r *rand.Rand }

func (s randSrc) u64() uint64 {
	switch s.r.IntN(3) {
	case 0:
		return boundaries[s.r.IntN(len(boundaries))]
	case 1:
		return s.r.Uint64() >> s.r.IntN(64)
	default:
		return s.r.Uint64()
	}
}

func (s randSrc) sliceLen() int {
	switch n := s.r.IntN(100); {
	case n < 10:
		return -1
	case n < 20:
		return 0
	case n < 30:
		return 15 + s.r.IntN(3)
	case n < 31:
		return 65535 + s.r.IntN(2)
	default:
		return 1 + s.r.IntN(20)
	}
}

// byteSrc reads values from fuzz input; exhausted input reads as zeros.
type byteSrc struct{ b []byte }

func (s *byteSrc) next(n int) []byte {
	var buf [8]byte
	k := copy(buf[8-n:], s.b)
	s.b = s.b[k:]
	if k < n {
		// Short read: keep the bytes read as the low-order end.
		copy(buf[8-k:], buf[8-n:8-n+k])
		clear(buf[:8-k])
	}
	return buf[:]
}

func (s *byteSrc) u64() uint64 {
	w := s.next(1)[7] % 9 // value width in bytes: 0..8
	if w == 0 {
		return 0
	}
	return binary.BigEndian.Uint64(s.next(int(w)))
}

func (s *byteSrc) sliceLen() int {
	n := int(s.next(1)[7])
	if n == 255 {
		return -1
	}
	return n
}

// fill sets every exported field of v, recursively, from s.
func fill(v reflect.Value, s src) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(s.u64()&1 == 1)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(s.u64())
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(s.u64()))
	case reflect.String:
		b := make([]byte, max(s.sliceLen(), 0))
		for i := range b {
			b[i] = 'a' + byte(s.u64()%26)
		}
		v.SetString(string(b))
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), s)
		}
	case reflect.Slice:
		n := s.sliceLen()
		if n < 0 {
			v.SetZero()
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fill(v.Index(i), s)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				fill(v.Field(i), s)
			}
		}
	default:
		panic("fill: unsupported kind " + v.Kind().String())
	}
}

// encCase checks one hand-encoded type on a value built from a src.
type encCase struct {
	name  string
	check func(t *testing.T, s src)
}

func caseOf[V any](name string, hand func([]byte, *V) []byte) encCase {
	return encCase{name, func(t *testing.T, s src) {
		t.Helper()
		var v V
		fill(reflect.ValueOf(&v).Elem(), s)
		checkEncoding(t, &v, hand)
	}}
}

// checkEncoding compares the hand encoder and appendValue with
// msgpack.Marshal on *v, and decodes the result back with msgpack.
func checkEncoding[V any](t *testing.T, v *V, hand func([]byte, *V) []byte) {
	t.Helper()
	want, err := msgpack.Marshal(*v)
	if err != nil {
		t.Fatal(err)
	}
	prefix := []byte{0xa5, 0x5a}
	got := hand(bytes.Clone(prefix), v)
	if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
		t.Fatalf("%T: hand encoder differs from msgpack: %s", *v, firstDiff(got[len(prefix):], want))
	}
	viaTable, err := appendValue(nil, v)
	if err != nil || !bytes.Equal(viaTable, want) {
		t.Fatalf("%T: appendValue (err %v) differs from msgpack: %s", *v, err, firstDiff(viaTable, want))
	}
	var back V
	if err := msgpack.Unmarshal(want, &back); err != nil {
		t.Fatalf("%T: decode: %v", *v, err)
	}
	if !reflect.DeepEqual(back, *v) {
		t.Fatalf("%T: round trip changed the value", *v)
	}
}

// firstDiff describes where got and want first differ.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("lengths %d/%d, first difference at byte %d: got %x, want %x",
		len(got), len(want), i, got[i:min(i+16, len(got))], want[i:min(i+16, len(want))])
}

var encCases = []encCase{
	caseOf("Pool", appendPool),
	caseOf("Emission", appendEmission),
	caseOf("Globals", appendGlobals),
	caseOf("Meta", appendMeta),
	caseOf("Account", appendAccount),
	caseOf("AxonInfo", appendAxonInfo),
	caseOf("Neuron", appendNeuron),
	caseOf("EpochOutputs", appendEpochOutputs),
	caseOf("SafeFloat", appendSafeFloat),
	caseOf("StakePool", appendStakePool),
	caseOf("Hotkey", appendHotkey),
	caseOf("Coldkey", appendColdkey),
	caseOf("Family", appendFamily),
	caseOf("RootClaim", appendRootClaim),
	caseOf("Weights", func(b []byte, v *[]WeightEntry) []byte { return appendWeights(b, *v) }),
	caseOf("U64Pair", appendU64Pair),
	caseOf("Bin32", appendBin32),
	caseOf("uint64", func(b []byte, v *uint64) []byte { return codec.AppendU64(b, *v) }),
	caseOf("uint16", func(b []byte, v *uint16) []byte { return codec.AppendU16(b, *v) }),
}

func TestHandEncodersMatchMsgpack(t *testing.T) {
	for i, c := range encCases {
		t.Run(c.name, func(t *testing.T) {
			s := randSrc{rand.New(rand.NewPCG(uint64(i), 0x5eed))}
			for range 150 { // with 1% of lists 65535+ long; the fuzz target goes on
				c.check(t, s)
			}
		})
	}
}

// TestEncodeFallback checks that types without a hand encoder still encode
// through msgpack.Marshal.
func TestEncodeFallback(t *testing.T) {
	s := randSrc{rand.New(rand.NewPCG(7, 7))}
	for range 50 {
		var sub Subnet
		fill(reflect.ValueOf(&sub).Elem(), s)
		want, err := msgpack.Marshal(sub)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendValue([]byte{1}, &sub)
		if err != nil || !bytes.Equal(got[1:], want) || got[0] != 1 {
			t.Fatalf("Subnet: %x, %v; want %x", got, err, want)
		}
	}
}

// TestFlushLoad flushes hand-encoded tables to a store and loads them back.
func TestFlushLoad(t *testing.T) {
	s := New()
	e := Emission{TaoInEmission: 300, N: 70, RootPropBits: [2]uint64{1, math.MaxUint64}}
	s.Emissions.Set(3, e)
	s.Weights.Set(NeuronKey{3, 1}, []WeightEntry{{UID: 2, Weight: 65535}})
	s.Weights.Set(NeuronKey{3, 2}, []WeightEntry{{UID: 2, Weight: 1}})
	s.Weights.Delete(NeuronKey{3, 2})
	s.Stakes.Set(HotkeyNet{Net: 1}, StakePool{Value: 5, Denom: SafeFloat{Exp: -20}})
	s.Uids.Set(NetHotkey{Net: 1}, 300)
	l := flushLoad(t, s, store.NewMemory(store.Options{}), 1)
	if got, _ := l.Emissions.Get(3); got != e {
		t.Errorf("emission %+v, want %+v", got, e)
	}
	if w, _ := l.Weights.Get(NeuronKey{3, 1}); len(w) != 1 || w[0] != (WeightEntry{UID: 2, Weight: 65535}) {
		t.Errorf("weights %+v", w)
	}
	if l.Weights.Has(NeuronKey{3, 2}) {
		t.Error("deleted weights flushed")
	}
	if p, _ := l.Stakes.Get(HotkeyNet{Net: 1}); p.Value != 5 || p.Denom.Exp != -20 {
		t.Errorf("stake %+v", p)
	}
	if u, _ := l.Uids.Get(NetHotkey{Net: 1}); u != 300 {
		t.Errorf("uid %d", u)
	}
}

func FuzzHandEncoders(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{1, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 128})
	f.Add([]byte{10, 17, 1, 200, 3, 1, 0, 0, 255})
	f.Add([]byte{13, 16, 2, 0, 128, 2, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		c := encCases[int(data[0])%len(encCases)]
		c.check(t, &byteSrc{data[1:]})
	})
}
