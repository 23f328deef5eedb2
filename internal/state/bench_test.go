package state

import (
	"testing"

	"github.com/taokit/taokit/internal/store"
)

const (
	benchNets    = 64
	benchNeurons = 64 // per subnet: 4096 neurons and stake pools in all
)

func benchHotkey(n, u int) AccountID {
	var h AccountID
	h[0], h[1], h[2] = byte(n), byte(u), byte(u>>8)
	return h
}

// benchWrite sets every hot value of a simulated block with an epoch on
// every subnet (outputs, stake pools, shares), deriving the values from round r.
func benchWrite(s *State, r uint64) {
	g := s.G()
	g.TotalIssuance += r
	s.SetG(g)
	for n := range benchNets {
		net := NetUID(n)
		s.Pools.Set(net, Pool{TaoReserve: r * 1_000_000_000, AlphaIn: r << 20, Volume: [2]uint64{r, 1 << 40}, Initialized: true})
		s.Emissions.Set(net, Emission{TaoInEmission: r, PendingServer: r << 30, LastEpochBlock: r, N: benchNeurons, Burn: 1_000_000_000})
		out := EpochOutputs{Active: make([]bool, benchNeurons), Emission: make([]uint64, benchNeurons),
			Incentive: make([]uint16, benchNeurons), Dividends: make([]uint16, benchNeurons)}
		for u := range benchNeurons {
			out.Active[u], out.Emission[u], out.Incentive[u], out.Dividends[u] = true, r*uint64(u), uint16(u*100), uint16(r)
		}
		s.Outputs.Set(net, out)
		for u := range benchNeurons {
			h := benchHotkey(n, u)
			s.Stakes.Set(HotkeyNet{h, net}, StakePool{Value: r * 1_000_000_000_000, Denom: SafeFloat{MantLo: 10_000_000_000_000_000_000, Exp: -9}, AlphaDividends: r})
			s.Shares.Set(ShareKey{h, net, h}, SafeFloat{MantHi: 1, MantLo: r, Exp: 3})
		}
	}
}

// BenchmarkFlush measures one block's writes to the hot tables (64 subnets,
// 4096 uids) and their flush into a store batch.
func BenchmarkFlush(b *testing.B) {
	s := New()
	benchWrite(s, 1)
	batch := store.NewBatch()
	if err := s.Flush(batch); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := range b.N {
		batch.Reset()
		benchWrite(s, uint64(i)+2)
		if err := s.Flush(batch); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetRevert measures journaled writes rolled back to a checkpoint:
// 64 Emission writes and 256 Neuron writes per op.
func BenchmarkSetRevert(b *testing.B) {
	s := New()
	for n := range benchNets {
		s.Emissions.Set(NetUID(n), Emission{N: 1})
	}
	for u := range 256 {
		s.Neurons.Set(NeuronKey{1, uint16(u)}, Neuron{LastUpdate: 1})
	}
	s.Discard()
	b.ReportAllocs()
	for i := range b.N {
		cp := s.Checkpoint()
		for n := range benchNets {
			s.Emissions.Update(NetUID(n), func(e Emission) Emission { e.TaoInEmission = uint64(i); return e })
		}
		for u := range 256 {
			s.Neurons.Set(NeuronKey{1, uint16(u)}, Neuron{LastUpdate: uint64(i)})
		}
		s.Revert(cp)
	}
}
