package chain

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/runtime"
	"github.com/vmihailenco/msgpack/v5"
)

func randEvents(rng *rand.Rand, max int) []runtime.Event {
	n := rng.IntN(max + 1)
	if n == 0 {
		return nil
	}
	evs := make([]runtime.Event, n)
	for i := range evs {
		evs[i].Name = randStr(rng)
		if k := rng.IntN(9); k > 0 {
			evs[i].Attrs = make([]runtime.Attr, k)
			for j := range evs[i].Attrs {
				evs[i].Attrs[j] = runtime.Attr{Key: randStr(rng), Value: randStr(rng)}
			}
		}
	}
	return evs
}

func randStr(rng *rand.Rand) string {
	lens := []int{0, 1, 31, 32, 255, 256, 70000}
	n := lens[rng.IntN(len(lens))]
	if rng.IntN(4) > 0 {
		n = rng.IntN(60)
	}
	return strings.Repeat(string(rune('a'+rng.IntN(26))), n)
}

func randU64(rng *rand.Rand) uint64 {
	edges := []uint64{0, 127, 128, 255, 256, 65535, 65536, 1<<32 - 1, 1 << 32, ^uint64(0)}
	if rng.IntN(2) == 0 {
		return edges[rng.IntN(len(edges))]
	}
	return rng.Uint64() >> rng.IntN(64)
}

// TestBlockRecordRoundTrip: every field of a block result survives the
// stored encoding (the root and hash are not part of it).
func TestBlockRecordRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		res := &BlockResult{Header: Header{Height: randU64(rng), Time: randU64(rng)}, Events: randEvents(rng, 20)}
		for i := range res.Header.Parent {
			res.Header.Parent[i], res.Hash[i] = byte(rng.Uint32()), byte(rng.Uint32())
		}
		res.Receipts = []Receipt{}
		if n := rng.IntN(20); n > 0 {
			res.Receipts = make([]Receipt, n)
			for i := range res.Receipts {
				r := &res.Receipts[i]
				r.Index, r.Nonce, r.Fee = rng.IntN(1<<31), randU64(rng), randU64(rng)
				r.Hash[3], r.Signer[31] = byte(i), byte(rng.Uint32())
				r.Call, r.Error = randStr(rng), randStr(rng)
				r.Valid, r.OK = rng.IntN(2) == 0, rng.IntN(2) == 0
				r.Events = randEvents(rng, 3)
			}
		}
		raw := appendBlockRecord(nil, res)
		got, err := decodeBlockRecord(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, res) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, res)
		}
		// The record is plain msgpack: a generic decoder reads it too.
		var v any
		if err := msgpack.Unmarshal(raw, &v); err != nil {
			t.Fatalf("generic decode: %v", err)
		}
		for _, cut := range []int{0, 1, len(raw) / 2, len(raw) - 1} {
			if _, err := decodeBlockRecord(raw[:cut]); err == nil {
				t.Fatalf("truncated record (%d of %d bytes) decoded", cut, len(raw))
			}
		}
	}
}

func FuzzBlockRecord(f *testing.F) {
	f.Add(appendBlockRecord(nil, &BlockResult{Header: Header{Height: 7}, Events: []runtime.Event{runtime.NewEvent("X", "a", uint64(1))}}))
	f.Add([]byte{0x97, 1, 1, 1, 0xc4, 0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := decodeBlockRecord(raw)
		if err != nil {
			return
		}
		again, err := decodeBlockRecord(appendBlockRecord(nil, res))
		if err != nil || !reflect.DeepEqual(again, res) {
			t.Fatalf("re-encoding a decoded record: %v", err)
		}
	})
}
