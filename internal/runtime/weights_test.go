package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
	"github.com/taokit/taokit/internal/yuma"
)

// weightsSetup: commit-reveal off, no rate limit, //Bob//hot1 (uid 1, with a
// validator permit) and //Bob//hot2 (uid 2) registered.
func weightsSetup(t *testing.T, f *netFixture) {
	f.subnet(func(sn *state.Subnet) { sn.CommitRevealEnabled, sn.WeightsSetRateLimit = false, 0 })
	f.register(t, f.bob, hot(t, "//Bob", 1))
	f.register(t, f.bob, hot(t, "//Bob", 2))
	f.out(1, func(n *state.NeuronOutputs) { n.ValidatorPermit = true })
}

func withSetup(extra func(t *testing.T, f *netFixture)) func(t *testing.T, f *netFixture) {
	return func(t *testing.T, f *netFixture) {
		weightsSetup(t, f)
		if extra != nil {
			extra(t, f)
		}
	}
}

func sw(net uint16, dests, weights []uint16, vk uint64) func(*testing.T, *netFixture) tx.Call {
	return func(_ *testing.T, f *netFixture) tx.Call {
		if net == 0xFFFF {
			net = uint16(f.n)
		}
		return tx.SetWeights{Netuid: net, Dests: dests, Weights: weights, VersionKey: vk}
	}
}

const here = 0xFFFF

func TestSetWeightsErrors(t *testing.T) {
	v1 := func(*netFixture) AccountID { return cacct(t, "//Bob//hot1") }
	v2 := func(*netFixture) AccountID { return cacct(t, "//Bob//hot2") }
	owner := func(f *netFixture) AccountID { return f.ownerHot }
	runCases(t, []regCase{
		{name: "ok", setup: withSetup(nil), signer: v1, call: sw(here, []uint16{2, 0, 1}, []uint16{1, 0, 2}, 0)},
		{name: "cr on", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.CommitRevealEnabled = true })
		}), signer: v1, call: sw(here, []uint16{0}, []uint16{1}, 0), want: "CommitRevealEnabled"},
		{name: "no subnet (cr default on)", setup: withSetup(nil), signer: v1, call: sw(33, []uint16{0}, []uint16{1}, 0), want: "CommitRevealEnabled"},
		{name: "root", setup: withSetup(nil), signer: v1, call: sw(0, []uint16{0}, []uint16{1}, 0), want: "CanNotSetRootNetworkWeights"},
		{name: "sizes", setup: withSetup(nil), signer: v1, call: sw(here, []uint16{0, 1}, []uint16{1}, 0), want: "WeightVecNotEqualSize"},
		{name: "too long", setup: withSetup(nil), signer: v1, call: sw(here, []uint16{0, 1, 2, 3}, []uint16{1, 1, 1, 1}, 0), want: "UidsLengthExceedUidsInSubNet"},
		{name: "unregistered", setup: withSetup(nil), signer: func(*netFixture) AccountID { return cacct(t, "//Charlie//hot1") },
			call: sw(here, []uint16{0}, []uint16{1}, 0), want: "HotKeyNotRegisteredInSubNet"},
		{name: "stake", setup: withSetup(func(_ *testing.T, f *netFixture) {
			withParams(f.s, func(p *state.Params) { p.StakeThreshold = 1 })
		}), signer: v1, call: sw(here, []uint16{0}, []uint16{1}, 0), want: "NotEnoughStakeToSetWeights"},
		{name: "stake enough", setup: withSetup(func(t *testing.T, f *netFixture) {
			withParams(f.s, func(p *state.Params) { p.StakeThreshold = 1000 })
			setStake(f.s, cacct(t, "//Bob//hot1"), f.n, 1000)
		}), signer: v1, call: sw(here, []uint16{0}, []uint16{1}, 0)},
		{name: "stake owner exempt", setup: withSetup(func(_ *testing.T, f *netFixture) {
			withParams(f.s, func(p *state.Params) { p.StakeThreshold = 1 })
		}), signer: owner, call: sw(here, []uint16{1, 2}, []uint16{1, 1}, 0)},
		{name: "version", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.WeightsVersionKey = 5 })
		}), signer: v1, call: sw(here, []uint16{0}, []uint16{1}, 4), want: "IncorrectWeightVersionKey"},
		{name: "version newer ok", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.WeightsVersionKey = 5 })
		}), signer: v1, call: sw(here, []uint16{0}, []uint16{1}, 6)},
		{name: "too fast", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.WeightsSetRateLimit = 100 })
		}), signer: v1, call: sw(here, []uint16{0}, []uint16{1}, 0), want: "SettingWeightsTooFast"},
		{name: "no permit", setup: withSetup(nil), signer: v2, call: sw(here, []uint16{0}, []uint16{1}, 0), want: "NeuronNoValidatorPermit"},
		{name: "self weight without permit", setup: withSetup(nil), signer: v2, call: sw(here, []uint16{2}, []uint16{9}, 0)},
		{name: "owner without permit", setup: withSetup(nil), signer: owner, call: sw(here, []uint16{1}, []uint16{9}, 0)},
		{name: "duplicate", setup: withSetup(nil), signer: v1, call: sw(here, []uint16{0, 0}, []uint16{1, 2}, 0), want: "DuplicateUids"},
		{name: "invalid uid", setup: withSetup(nil), signer: v1, call: sw(here, []uint16{0, 65535}, []uint16{1, 2}, 0), want: "UidVecContainInvalidOne"},
		{name: "too short", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.MinAllowedWeights = 3 })
		}), signer: v1, call: sw(here, []uint16{0, 2}, []uint16{1, 2}, 0), want: "WeightVecLengthIsLow"},
		{name: "min capped at n", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.MinAllowedWeights = 1000 })
		}), signer: v1, call: sw(here, []uint16{0, 1, 2}, []uint16{1, 2, 3}, 0)},
		{name: "self weight short ok", setup: withSetup(func(_ *testing.T, f *netFixture) {
			f.subnet(func(sn *state.Subnet) { sn.MinAllowedWeights = 3 })
		}), signer: v1, call: sw(here, []uint16{1}, []uint16{1}, 0)},
	})
}

func TestMechanismDoesNotExist(t *testing.T) {
	f := newNetFixture(t)
	if err := internalSetWeights(NewCtx(f.s, 1, f.bob), 50, nil, nil, 0); ErrorName(err) != "MechanismDoesNotExist" {
		t.Fatalf("got %v", err)
	}
}

func TestSetWeightsStores(t *testing.T) {
	f := newNetFixture(t)
	weightsSetup(t, f)
	f.block = 500
	v1 := cacct(t, "//Bob//hot1")
	if e := callAs(t, f.s, f.block, v1, tx.SetWeights{Netuid: uint16(f.n), Dests: []uint16{2, 0, 1}, Weights: []uint16{100, 0, 50}}); e != "" {
		t.Fatal(e)
	}
	w, _ := f.s.Weights.Get(state.NeuronKey{Net: f.n, UID: 1})
	want := []state.WeightEntry{{UID: 2, Weight: 65535}, {UID: 0, Weight: 0}, {UID: 1, Weight: 32768}}
	if len(w) != 3 || w[0] != want[0] || w[1] != want[1] || w[2] != want[2] {
		t.Fatalf("stored %v, want %v (caller order, zeros kept, max-upscaled)", w, want)
	}
	nr, _ := f.s.Neurons.Get(state.NeuronKey{Net: f.n, UID: 1})
	if nr.LastUpdate != 500 {
		t.Fatalf("LastUpdate %d", nr.LastUpdate)
	}
	if PaysFee("set_weights") || PaysFee("serve_axon") || PaysFee("commit_weights") || PaysFee("reveal_weights") {
		t.Fatal("weights and serving calls are free")
	}
}

// D01: vec_max_upscale_to_u16.
func TestMaxUpscaleD01(t *testing.T) {
	cases := []struct {
		in   []float64
		want []uint16
	}{
		{[]float64{0, 1}, []uint16{0, 65535}},
		{[]float64{0, 0.000016, 1}, []uint16{0, 1, 65535}},
		{[]float64{0.000001, 0.000006, 0.000007, 0.0001, 0.001, 0.01, 0.1, 0.2, 0.3, 0.4}, []uint16{0, 1, 1, 16, 164, 1638, 16384, 32768, 49151, 65535}},
		{[]float64{0, 1, 65535}, []uint16{0, 1, 65535}},
		{[]float64{0, 0.5, 1, 1.5, 2, 32768}, []uint16{0, 1, 2, 3, 4, 65535}},
		{[]float64{16384}, []uint16{65535}},
		{[]float64{1e-9, 1e-9}, []uint16{65535, 65535}},
	}
	for i, c := range cases {
		in := make([]fixed.I32F32, len(c.in))
		for j, v := range c.in {
			in[j] = fixed.I32F32FromFloat64(v)
		}
		got := yuma.VecMaxUpscaleToU16(in)
		for j := range got {
			if got[j] != c.want[j] {
				t.Fatalf("case %d: %v, want %v", i, got, c.want)
			}
		}
	}
	if len(yuma.VecMaxUpscaleToU16(nil)) != 0 {
		t.Fatal("empty")
	}
	if got := yuma.MaxUpscaleU16([]uint16{0, 0}); got[0] != 0 || got[1] != 0 {
		t.Fatal("all zero")
	}
}

// D02: check_vec_max_limited.
func TestCheckVecMaxLimitedD02(t *testing.T) {
	cases := []struct {
		vec   []uint16
		limit uint16
		ok    bool
	}{
		{[]uint16{65535}, 65535, true}, {[]uint16{65535}, 65534, false}, {[]uint16{65535}, 0, false},
		{[]uint16{0}, 65535, true}, {[]uint16{0, 65535}, 65535, true}, {[]uint16{0, 65535, 65535}, 32767, false},
		{[]uint16{0, 65535, 65535}, 32768, true}, {[]uint16{0, 65535, 65535, 65535}, 21844, false},
		{[]uint16{0, 65535, 65535, 65535}, 21845, true},
	}
	for i, c := range cases {
		if got := yuma.CheckVecMaxLimited(c.vec, c.limit); got != c.ok {
			t.Errorf("case %d %v/%d: %v, want %v", i, c.vec, c.limit, got, c.ok)
		}
	}
}

// BenchmarkSetWeights dispatches set_weights over all 256 uids of a full subnet.
func BenchmarkSetWeights(b *testing.B) {
	s := newTestState(b, map[string]uint64{"//Alice": 5000 * tao})
	owner := cacct(b, "//Alice")
	n := newSubnet(b, s, 1, owner, cacct(b, "//Alice//owner"), true)
	sn, _ := s.Subnets.Get(n)
	sn.CommitRevealEnabled, sn.WeightsSetRateLimit, sn.MinAllowedWeights = false, 0, 256
	s.Subnets.Set(n, sn)
	c := NewCtx(s, 2, owner)
	for i := 1; i < 256; i++ {
		var h AccountID
		h[0], h[1], h[31] = byte(i), byte(i>>8), 7
		appendNeuron(c, n, h)
	}
	var v AccountID
	v[0], v[31] = 9, 7
	s.Neurons.Update(state.NeuronKey{Net: n, UID: 9}, func(nr state.Neuron) state.Neuron { nr.Hotkey = v; return nr })
	setNeuronOut(s, n, 9, state.NeuronOutputs{ValidatorPermit: true})
	s.Uids.Set(state.NetHotkey{Net: n, Hotkey: v}, 9)
	dests, weights := make([]uint16, 256), make([]uint16, 256)
	for i := range dests {
		dests[i], weights[i] = uint16(255-i), uint16(i*97+1)
	}
	call := tx.SetWeights{Netuid: uint16(n), Dests: dests, Weights: weights}
	s.Discard()
	b.ReportAllocs()
	for b.Loop() {
		c := NewCtx(s, 1000, v)
		if err := Dispatch(c, call); err != nil {
			b.Fatal(err)
		}
		s.Discard()
	}
}
