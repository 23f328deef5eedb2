package tx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/taokit/taokit/internal/codec"
	"github.com/vmihailenco/msgpack/v5"
)

type refList struct {
	A []uint16 `json:"a"`
}

type fastList struct {
	A U16s `json:"a"`
}

// decodeBoth decodes raw with both decoders. The reflection one only runs on
// complete values (codec.CheckMsgpack): on a truncated array header it would
// allocate the declared length (see CheckMsgpack). On a truncated value the
// hand decoder must fail on its own (both errors are then non-nil); on other
// input CheckMsgpack refuses (trailing bytes, invalid codes) the two results
// are made to agree, as only a crash would matter.
func decodeBoth(raw []byte) (refList, error, fastList, error) {
	var r refList
	var f fastList
	df := msgpack.NewDecoder(bytes.NewReader(raw))
	df.SetCustomStructTag("json")
	errF := df.Decode(&f)
	if err := codec.CheckMsgpack(raw); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return r, err, f, errF
		}
		return r, err, f, err
	}
	dr := msgpack.NewDecoder(bytes.NewReader(raw))
	dr.SetCustomStructTag("json")
	errR := dr.Decode(&r)
	return r, errR, f, errF
}

// randList encodes {"a": [...]} with every msgpack integer form (and a few
// non-integers) as elements, nil or empty lists, and random truncation.
func randList(rng *rand.Rand) []byte {
	var b bytes.Buffer
	e := msgpack.NewEncoder(&b)
	_ = e.EncodeMapLen(1)
	_ = e.EncodeString("a")
	switch rng.IntN(8) {
	case 0:
		_ = e.EncodeNil()
		return b.Bytes()
	case 1:
		_ = e.EncodeArrayLen(0)
		return b.Bytes()
	case 2:
		_ = e.EncodeString("not a list")
		return b.Bytes()
	}
	n := rng.IntN(40)
	if rng.IntN(10) == 0 {
		n = 70000 // array32 header; the elements stop early (truncated)
	}
	_ = e.EncodeArrayLen(n)
	for range min(n, 300) {
		switch rng.IntN(12) {
		case 0:
			_ = e.EncodeInt(-int64(rng.Uint64() >> rng.IntN(64)))
		case 1:
			_ = e.EncodeUint8(uint8(rng.Uint32()))
		case 2:
			_ = e.EncodeUint16(uint16(rng.Uint32()))
		case 3:
			_ = e.EncodeUint32(rng.Uint32())
		case 4:
			_ = e.EncodeUint64(rng.Uint64())
		case 5:
			_ = e.EncodeInt8(int8(rng.Uint32()))
		case 6:
			_ = e.EncodeInt64(int64(rng.Uint64()))
		case 7:
			if rng.IntN(20) == 0 {
				_ = e.EncodeFloat64(1.5)
			} else {
				_ = e.EncodeNil()
			}
		default:
			_ = e.EncodeUint(uint64(rng.IntN(70000)))
		}
	}
	raw := b.Bytes()
	if rng.IntN(6) == 0 {
		raw = raw[:rng.IntN(len(raw)+1)]
	}
	return raw
}

// TestU16sMatchesReflection: the hand decoder accepts and refuses exactly
// what msgpack's reflection decoder does for []uint16 (with codec's strict
// integers, registered by importing codec), with the same values.
func TestU16sMatchesReflection(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		raw := randList(rng)
		r, errR, f, errF := decodeBoth(raw)
		if (errR == nil) != (errF == nil) {
			t.Fatalf("case %d %x: reflection err %v, hand err %v", i, raw, errR, errF)
		}
		if errR == nil && !reflect.DeepEqual([]uint16(f.A), r.A) {
			t.Fatalf("case %d %x: reflection %v, hand %v", i, raw, r.A, f.A)
		}
	}
}

// TestU16sEncodingUnchanged: calls with U16s encode (msgpack and JSON)
// exactly as with []uint16.
func TestU16sEncodingUnchanged(t *testing.T) {
	for _, v := range [][]uint16{nil, {}, {1, 2, 65535}, make([]uint16, 300)} {
		a, _ := msgpack.Marshal(refList{v})
		b, _ := msgpack.Marshal(fastList{v})
		ja, _ := json.Marshal(refList{v})
		jb, _ := json.Marshal(fastList{v})
		if !bytes.Equal(a, b) || !bytes.Equal(ja, jb) {
			t.Fatalf("%v: msgpack %x / %x, json %s / %s", v, a, b, ja, jb)
		}
	}
}

func FuzzU16s(f *testing.F) {
	f.Add([]byte{0x81, 0xa1, 'a', 0x93, 1, 0xcd, 0xff, 0xff, 0xd0, 0x80})
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, errR, fl, errF := decodeBoth(raw)
		if (errR == nil) != (errF == nil) || errR == nil && !reflect.DeepEqual([]uint16(fl.A), r.A) {
			t.Fatalf("%x: reflection %v %v, hand %v %v", raw, r.A, errR, fl.A, errF)
		}
	})
}

// TestDecodeCallHostileLength: a call whose list claims 2³² elements in a
// few bytes is refused as malformed, without allocating for the claim
// (msgpack's reflection decoder would, see codec.CheckMsgpack).
func TestDecodeCallHostileLength(t *testing.T) {
	for _, name := range []string{"claim_root", "set_weights"} {
		field := map[string]string{"claim_root": "subnets", "set_weights": "dests"}[name]
		var b bytes.Buffer
		e := msgpack.NewEncoder(&b)
		_ = e.EncodeArrayLen(2)
		_ = e.EncodeString(name)
		_ = e.EncodeMapLen(1)
		_ = e.EncodeString(field)
		raw := append(b.Bytes(), 0xdd, 0xff, 0xff, 0xff, 0xf0, 0x01, 0x02)
		if _, err := DecodeCall(raw); !errors.Is(err, ErrMalformed) {
			t.Fatalf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

// BenchmarkDecodeSetWeights decodes a set_weights call with 96 weights, as a
// validator of a 256-uid subnet sends after each epoch.
func BenchmarkDecodeSetWeights(b *testing.B) {
	var dests, ws []uint16
	for u := 65; u < 256; u += 2 {
		dests, ws = append(dests, uint16(u)), append(ws, uint16(u*250))
	}
	raw, err := EncodeCall(SetWeights{Netuid: 7, Dests: dests, Weights: ws})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeCall(raw); err != nil {
			b.Fatal(err)
		}
	}
}
