package query

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

// TestNeuronAppendMsgpack: the hand-written encoding is byte for byte the
// reflection encoder's with the API's settings, for extreme and random
// values and every combination of the optional rows.
func TestNeuronAppendMsgpack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ints := []uint64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxUint64}
	pick := func() uint64 {
		if rng.IntN(2) == 0 {
			return ints[rng.IntN(len(ints))]
		}
		return rng.Uint64() >> rng.IntN(64)
	}
	addr := func() Address {
		var a Address
		for i := range a {
			a[i] = byte(rng.IntN(256))
		}
		return a
	}
	axon := func() Axon {
		ips := []string{"", "10.0.0.1", "2001:db8::1", "340282366920938463463374607431768211455", strings.Repeat("x", 40), strings.Repeat("y", 300)}
		return Axon{Block: pick(), Version: uint32(pick()), IP: ips[rng.IntN(len(ips))], Port: uint16(pick()), IPType: uint8(pick()), Protocol: uint8(pick())}
	}
	rows := func() []Weight {
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			return []Weight{}
		}
		out := make([]Weight, rng.IntN(40))
		for i := range out {
			out[i] = Weight{UID: uint16(pick()), Value: uint16(pick())}
		}
		return out
	}
	for i := range 2000 {
		n := Neuron{
			UID: uint16(pick()), Hotkey: addr(), Coldkey: addr(), Active: rng.IntN(2) == 0, ValidatorPermit: rng.IntN(2) == 0,
			BlockAtRegistration: pick(), LastUpdate: pick(), Emission: pick(), Incentive: uint16(pick()), Consensus: uint16(pick()),
			Dividends: uint16(pick()), ValidatorTrust: uint16(pick()), StakeWeight: uint16(pick()), Take: uint16(pick()),
			AlphaStake: pick(), AlphaStakeTAO: pick(), RootStake: pick(), TotalStake: pick(), AlphaDividends: pick(), AlphaLastEpoch: pick(),
			Axon: axon(), Prometheus: axon(), Weights: rows(), Bonds: rows(),
		}
		if k := rng.IntN(20); k > 0 {
			for range k - 1 {
				n.Stakers = append(n.Stakers, Staker{Coldkey: addr(), Alpha: pick()})
			}
		}
		var want bytes.Buffer
		enc := msgpack.NewEncoder(&want)
		enc.SetCustomStructTag("json")
		enc.UseCompactInts(true)
		if err := enc.Encode(n); err != nil {
			t.Fatal(err)
		}
		if got := n.AppendMsgpack(nil); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("neuron %d %+v:\ngot  %x\nwant %x", i, n, got, want.Bytes())
		}
	}
}
