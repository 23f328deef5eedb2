package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/query/querytest"
	"github.com/taokit/taokit/internal/store"
)

// TestMetagraphEncoding: the metagraph's hand-written msgpack encoding is
// byte for byte the reflection encoder's, and JSON is json.Marshal's.
func TestMetagraphEncoding(t *testing.T) {
	st := store.NewMemory(store.Options{})
	if err := querytest.Build(st, querytest.Subnet{Net: 1, UIDs: 70, Weights: 3}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []query.MetagraphOptions{{}, {Weights: true, Bonds: true, Stakers: true}} {
		mg, err := query.ReadMetagraph(st, 1, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []*query.Metagraph{mg, {Height: 3}, {Neurons: []query.Neuron{}}} {
			var want bytes.Buffer
			enc := msgpack.NewEncoder(&want)
			enc.SetCustomStructTag("json")
			enc.UseCompactInts(true)
			if err := enc.Encode(m); err != nil {
				t.Fatal(err)
			}
			got, err := marshalMsgpack(m)
			if err != nil || !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("msgpack (%v):\ngot  %x\nwant %x", err, got[:min(len(got), 200)], want.Bytes()[:min(want.Len(), 200)])
			}
			var back query.Metagraph
			dec := msgpack.NewDecoder(bytes.NewReader(got))
			dec.SetCustomStructTag("json")
			if err := dec.Decode(&back); err != nil || len(back.Neurons) != len(m.Neurons) {
				t.Fatalf("decode: %v", err)
			}
			wantJSON, _ := json.Marshal(m)
			req := httptest.NewRequest("GET", "/v1/subnets/1/metagraph", nil)
			body, ctype, err := encodeTo(getBuf(), req, m)
			if err != nil || ctype != MediaJSON || !bytes.Equal(body, append(wantJSON, '\n')) {
				t.Fatalf("json (%v, %s) differs", err, ctype)
			}
		}
	}
}
