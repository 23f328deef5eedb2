package query

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/taokit/taokit/internal/query/querytest"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// irregularState is a chain state where the metagraph's ordered walks
// meet every case: hotkeys in random key order, interleaved with hotkeys
// of other subnets and hotkeys on several subnets, dense and sparse
// stretches, missing hotkey records and root pools, explicit takes,
// several stakers per pool, rows on some uids only.
func irregularState(rng *rand.Rand) *state.State {
	s := state.New()
	p := state.DefaultParams()
	s.Params.Set(struct{}{}, p)
	s.SetG(state.Globals{TotalIssuance: 1 << 50})
	s.Meta.Set(struct{}{}, state.Meta{GenesisHash: [32]byte{0xfe}, Height: 7})
	s.Subnets.Set(state.RootNet, state.Subnet{Tempo: 100, MaxAllowedUids: 64})
	s.Pools.Set(state.RootNet, state.Pool{})
	s.Emissions.Set(state.RootNet, state.Emission{})
	randKey := func() state.AccountID {
		var a state.AccountID
		for i := range a {
			a[i] = byte(rng.IntN(256))
		}
		if rng.IntN(3) == 0 { // a dense cluster
			a[0], a[1] = 0x42, 0x42
		}
		return a
	}
	shared := []state.AccountID{randKey(), randKey(), randKey()}
	for _, sn := range []struct {
		net  state.NetUID
		uids int
	}{{1, 300}, {2, 40}, {3, 0}, {4, 1}} {
		n := sn.net
		s.Subnets.Set(n, state.Subnet{Tempo: 20, MaxAllowedUids: 4096, Name: "irr", Symbol: "β", RevealPeriodEpochs: 2, CommitRevealEnabled: true})
		s.Pools.Set(n, state.Pool{TaoReserve: 7_000 * 1e9, AlphaIn: 20_000 * 1e9, AlphaOut: 5_000 * 1e9, QuoteWeight: 400_000_000_000_000_000})
		s.Emissions.Set(n, state.Emission{N: uint16(sn.uids), EpochIndex: uint64(n) * 3, LastEpochBlock: 1})
		var outs state.EpochOutputs
		for uid := range sn.uids {
			outs = outs.With(sn.uids, uint16(uid), state.NeuronOutputs{
				ValidatorPermit: rng.IntN(2) == 0, Active: rng.IntN(2) == 0, Emission: rng.Uint64(),
				Incentive: uint16(rng.Uint32()), Dividends: uint16(rng.Uint32()),
			})
		}
		if sn.uids != 40 { // subnet 2 has no outputs record: every uid reads as zero
			s.Outputs.Set(n, outs)
		}
		for uid := range sn.uids {
			hk := randKey()
			if uid < len(shared) {
				hk = shared[uid]
			}
			s.Neurons.Set(state.NeuronKey{Net: n, UID: uint16(uid)}, state.Neuron{
				Hotkey: hk, BlockAtRegistration: uint64(uid), LastUpdate: rng.Uint64N(1000),
				Axon:       state.AxonInfo{Block: 5, IP: [2]uint64{0, rng.Uint64N(1 << 32)}, Port: 8091, IPType: 4},
				Prometheus: state.AxonInfo{IP: [2]uint64{rng.Uint64(), rng.Uint64()}, IPType: 6, Port: 9},
			})
			if rng.IntN(10) > 0 {
				s.Hotkeys.Set(hk, state.Hotkey{Owner: randKey(), Take: uint16(rng.Uint32()), TakeSet: rng.IntN(2) == 0})
			}
			if rng.IntN(10) > 0 {
				v := rng.Uint64N(1e15) + 1
				s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: n}, state.StakePool{Value: v, Denom: querytest.Float(v), AlphaDividends: rng.Uint64N(1e9), AlphaLastEpoch: rng.Uint64N(1e9)})
				for range rng.IntN(4) {
					s.Shares.Set(state.ShareKey{Hotkey: hk, Net: n, Coldkey: randKey()}, querytest.Float(rng.Uint64N(v)+1))
				}
			}
			if rng.IntN(4) > 0 {
				v := rng.Uint64N(1e13)
				s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: state.RootNet}, state.StakePool{Value: v, Denom: querytest.Float(v + 1)})
			}
			if rng.IntN(3) == 0 { // a pool on a subnet the hotkey has no uid on
				s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: 9}, state.StakePool{Value: 5, Denom: querytest.Float(5)})
				s.Shares.Set(state.ShareKey{Hotkey: hk, Net: 9, Coldkey: randKey()}, querytest.Float(5))
			}
			if rng.IntN(2) == 0 {
				row := []state.WeightEntry{{UID: 0, Weight: uint16(uid)}, {UID: uint16(uid), Weight: 7}}
				s.Weights.Set(state.NeuronKey{Net: n, UID: uint16(uid)}, row)
			}
			if rng.IntN(3) == 0 {
				s.Bonds.Set(state.NeuronKey{Net: n, UID: uint16(uid)}, []state.WeightEntry{{UID: 1, Weight: 2}})
			}
		}
	}
	for range 500 { // unrelated hotkeys between the subnet's ones
		hk := randKey()
		s.Hotkeys.Set(hk, state.Hotkey{Owner: randKey()})
		s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: 1 + state.NetUID(rng.IntN(2))}, state.StakePool{Value: 9, Denom: querytest.Float(9)})
	}
	return s
}

func commitState(t *testing.T, st store.Store, h uint64, s *state.State) {
	t.Helper()
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(h, b); err != nil {
		t.Fatal(err)
	}
}

// TestMetagraphMatchesPointReads compares ReadMetagraph with the uid by
// uid point reads it replaced, on a memory and a bbolt store, at the head
// and at a past height (whose reads merge the history), with every
// option, with cold and warm decode caches.
func TestMetagraphMatchesPointReads(t *testing.T) {
	bolt, err := store.OpenBolt(filepath.Join(t.TempDir(), "chain.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bolt.Close()
	for _, st := range []store.Store{store.NewMemory(store.Options{}), bolt} {
		rng := rand.New(rand.NewPCG(1, 2))
		s := irregularState(rng)
		commitState(t, st, 1, s)
		// Height 2 changes part of subnet 1: stakes, owners, a neuron.
		for uid := range 100 {
			k := state.NeuronKey{Net: 1, UID: uint16(uid * 3)}
			nr, _ := s.Neurons.Get(k)
			nr.LastUpdate++
			s.Neurons.Set(k, nr)
			outs, _ := s.Outputs.Get(1)
			o := outs.At(k.UID)
			o.Emission++
			s.Outputs.Set(1, outs.With(0, k.UID, o))
			hn := state.HotkeyNet{Hotkey: nr.Hotkey, Net: 1}
			if uid%2 == 0 {
				s.Stakes.Delete(hn)
			} else {
				s.Stakes.Set(hn, state.StakePool{Value: uint64(uid), Denom: querytest.Float(uint64(uid))})
			}
			if uid%5 == 0 {
				s.Hotkeys.Delete(nr.Hotkey)
			}
		}
		s.Meta.Set(struct{}{}, state.Meta{GenesisHash: [32]byte{0xfe}, Height: 8})
		commitState(t, st, 2, s)
		past, err := st.At(1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []store.Reader{st, past} {
			for _, n := range []uint16{0, 1, 2, 3, 4} {
				for _, o := range []MetagraphOptions{{}, {Weights: true, Bonds: true, Stakers: true}} {
					want, err := refReadMetagraph(r, n, o)
					if err != nil {
						t.Fatal(err)
					}
					for range 2 { // cold, then warm caches
						got, err := ReadMetagraph(r, n, o)
						if err != nil {
							t.Fatalf("subnet %d: %v", n, err)
						}
						if !reflect.DeepEqual(got, want) {
							for i := range want.Neurons {
								if !reflect.DeepEqual(got.Neurons[i], want.Neurons[i]) {
									t.Fatalf("height %d subnet %d %+v uid %d:\ngot  %+v\nwant %+v", r.Height(), n, o, i, got.Neurons[i], want.Neurons[i])
								}
							}
							t.Fatalf("height %d subnet %d %+v: got %+v\nwant %+v", r.Height(), n, o, got.Subnet, want.Subnet)
						}
					}
					ResetDecodeCaches()
				}
			}
		}
		past.Release()
	}
}

// TestMetagraphMissingNeuron: a uid below num_uids without a neuron is
// reported, not skipped.
func TestMetagraphMissingNeuron(t *testing.T) {
	s := irregularState(rand.New(rand.NewPCG(3, 4)))
	s.Neurons.Delete(state.NeuronKey{Net: 2, UID: 17})
	s.Neurons.Delete(state.NeuronKey{Net: 4, UID: 0})
	st := store.NewMemory(store.Options{})
	commitState(t, st, 1, s)
	for _, n := range []uint16{2, 4} {
		if _, err := ReadMetagraph(st, n, MetagraphOptions{}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("subnet %d: %v", n, err)
		}
	}
}

// TestScanPrefixes checks the walk against a plain filter, for dense,
// sparse and duplicate prefixes and entries past the last one.
func TestScanPrefixes(t *testing.T) {
	st := store.NewMemory(store.Options{})
	b := store.NewBatch()
	rng := rand.New(rand.NewPCG(5, 6))
	var all [][]byte
	for range 3000 {
		k := []byte{byte(rng.IntN(64)), byte(rng.IntN(256)), byte(rng.IntN(4))}
		b.Set(k, k)
		all = append(all, k)
	}
	if _, err := st.Commit(1, b); err != nil {
		t.Fatal(err)
	}
	for _, nprefix := range []int{1, 5, 60, 600, 5000} {
		var prefixes [][]byte
		for range nprefix {
			prefixes = append(prefixes, []byte{byte(rng.IntN(64)), byte(rng.IntN(256))})
		}
		prefixes = append(prefixes, prefixes[0]) // a duplicate
		sortBytes(prefixes)
		want := map[string]int{}
		if err := st.Iterate(store.All, func(k, _ []byte) error {
			for i, p := range prefixes {
				if string(k[:2]) == string(p) {
					want[string(k)] = i
					break
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		if err := scanPrefixes(st, prefixes, func(i int, k, v []byte) error {
			if _, dup := got[string(k)]; dup {
				t.Fatalf("key %x reported twice", k)
			}
			got[string(k)] = i
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d prefixes: got %d keys, want %d", nprefix, len(got), len(want))
		}
	}
}

func sortBytes(b [][]byte) {
	slices.SortFunc(b, bytes.Compare)
}
