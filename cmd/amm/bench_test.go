package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"
)

// genStream returns scenarios records with opsPer operations each: buys,
// sells (some with limits) and injections on pools with drifted weights.
func genStream(scenarios, opsPer int) []byte {
	r := rand.New(rand.NewPCG(42, 43))
	var b bytes.Buffer
	for i := range scenarios {
		w := 450_000_000_000_000_000 + r.Uint64N(100_000_000_000_000_000)
		fmt.Fprintf(&b, `{"id":"s%d","tao_reserve":%d,"alpha_reserve":%d,"quote_weight_parts":%d,"ops":[`,
			i, 1e12+r.Uint64N(1e15), 1e12+r.Uint64N(1e15), w)
		for j := range opsPer {
			if j > 0 {
				b.WriteByte(',')
			}
			switch k := r.IntN(20); {
			case k == 0:
				fmt.Fprintf(&b, `{"inject":{"tao":%d,"alpha":%d}}`, r.Uint64N(1e9), r.Uint64N(4e9))
			case k < 10:
				fmt.Fprintf(&b, `{"buy_tao":%d}`, 1+r.Uint64N(1e11))
			case k < 12:
				fmt.Fprintf(&b, `{"sell_alpha":%d,"limit_price_rao":%d}`, 1+r.Uint64N(1e11), r.Uint64N(3e8))
			default:
				fmt.Fprintf(&b, `{"sell_alpha":%d}`, 1+r.Uint64N(1e11))
			}
		}
		b.WriteString("]}\n")
	}
	return b.Bytes()
}

// BenchmarkRun1M runs `amm run` end to end (decode, swap, encode) on a
// stream of 1 000 000 operations: 1000 scenarios of 1000 ops each.
func BenchmarkRun1M(b *testing.B) {
	in := genStream(1000, 1000)
	for _, o := range []string{"json", "msgpack"} {
		b.Run(o, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			var d time.Duration
			n := 0
			for b.Loop() {
				start := time.Now()
				code := Main([]string{"amm", "run", "-o", o}, bytes.NewReader(in), io.Discard, io.Discard)
				d += time.Since(start)
				n++
				if code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(d.Nanoseconds())/float64(n)/1e6, "ns/swap-op")
		})
	}
}

func TestGeneratedStreamRuns(t *testing.T) {
	in := genStream(3, 50)
	out, errOut, code := runMain(t, string(in), "run", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if n := len(jsonLines(t, out)); n != 150 {
		t.Fatalf("%d records, want 150", n)
	}
}
