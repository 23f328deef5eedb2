// Package querytest builds chain stores with large subnets directly
// through the state tables, for query tests and benchmarks (no thousands
// of registrations needed).
package querytest

import (
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// Account returns a deterministic fake account id (tag, i).
func Account(tag byte, i int) state.AccountID {
	var a state.AccountID
	a[0] = tag
	binary.BigEndian.PutUint64(a[24:], uint64(i))
	return a
}

// Float returns v as a SafeFloat (mantissa normalised into (1e20, 1e21]).
func Float(v uint64) state.SafeFloat {
	if v == 0 {
		return state.SafeFloat{}
	}
	m := new(big.Int).SetUint64(v)
	exp := int64(0)
	lo, hi := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil), new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	for m.Cmp(lo) <= 0 {
		m.Mul(m, big.NewInt(10))
		exp--
	}
	for m.Cmp(hi) > 0 {
		m.Quo(m, big.NewInt(10))
		exp++
	}
	w := new(big.Int).Rsh(m, 64)
	return state.SafeFloat{MantHi: w.Uint64(), MantLo: new(big.Int).And(m, new(big.Int).SetUint64(^uint64(0))).Uint64(), Exp: exp}
}

// Subnet describes a subnet to build.
type Subnet struct {
	Net     state.NetUID
	UIDs    int
	Weights int // weight and bond entries per uid
}

// Build commits a chain state holding the given subnets to st (which must
// be empty) as chain height 0: genesis metadata, params, a root subnet,
// and for each subnet a pool, emission record and UIDs neurons, each with
// a hotkey Account('h', uid) owned by Account('c', uid), an alpha stake of
// (uid+1) TAO held by that coldkey (one share) and a root stake, an IPv4
// axon, and weight and bond rows.
func Build(st store.Store, subnets ...Subnet) error {
	s := state.New()
	p := state.DefaultParams()
	s.Params.Set(struct{}{}, p)
	s.SetG(state.Globals{TotalIssuance: 1 << 50})
	s.Meta.Set(struct{}{}, state.Meta{GenesisHash: [32]byte{0xfe}, Height: 0})
	s.Subnets.Set(state.RootNet, state.Subnet{Tempo: 100, MaxAllowedUids: 64})
	s.Pools.Set(state.RootNet, state.Pool{})
	s.Emissions.Set(state.RootNet, state.Emission{})
	for _, sn := range subnets {
		n := sn.Net
		s.Subnets.Set(n, state.Subnet{
			Owner: Account('c', 0), OwnerHotkey: Account('h', 0), Mechanism: 1, Name: fmt.Sprintf("bench%d", n),
			Tempo: 360, MaxAllowedUids: uint16(min(sn.UIDs, 65535)), MaxAllowedValidators: 64, FeeRate: 33,
			ImmunityPeriod: 5000, MinBurn: 500_000, MaxBurn: 100_000_000_000, Kappa: 32767, Rho: 10,
		})
		s.Pools.Set(n, state.Pool{TaoReserve: 10_000 * 1e9, AlphaIn: 20_000 * 1e9, AlphaOut: 5_000 * 1e9, QuoteWeight: 500_000_000_000_000_000})
		s.Emissions.Set(n, state.Emission{N: uint16(sn.UIDs), Burn: 1e9, PendingServer: 7, LastEpochBlock: 0})
		out := state.EpochOutputs{
			Active: make([]bool, sn.UIDs), ValidatorPermit: make([]bool, sn.UIDs), Emission: make([]uint64, sn.UIDs),
			Incentive: make([]uint16, sn.UIDs), Consensus: make([]uint16, sn.UIDs), Dividends: make([]uint16, sn.UIDs),
			ValidatorTrust: make([]uint16, sn.UIDs), StakeWeight: make([]uint16, sn.UIDs),
		}
		for uid := range sn.UIDs {
			out.Active[uid], out.ValidatorPermit[uid], out.Emission[uid] = true, uid < 64, uint64(uid)*1000
			out.Incentive[uid], out.Consensus[uid], out.Dividends[uid] = uint16(uid), uint16(uid), uint16(uid)
			out.ValidatorTrust[uid], out.StakeWeight[uid] = uint16(uid), uint16(uid)
		}
		s.Outputs.Set(n, out)
		for uid := range sn.UIDs {
			hk, ck := Account('h', uid), Account('c', uid)
			s.Neurons.Set(state.NeuronKey{Net: n, UID: uint16(uid)}, state.Neuron{
				Hotkey: hk, BlockAtRegistration: uint64(uid), LastUpdate: 100,
				Axon: state.AxonInfo{Block: 5, Version: 1, IP: [2]uint64{0, 0x0a000001 + uint64(uid)}, Port: 8091, IPType: 4, Protocol: 4},
			})
			s.Uids.Set(state.NetHotkey{Net: n, Hotkey: hk}, uint16(uid))
			s.Hotkeys.Set(hk, state.Hotkey{Owner: ck})
			ckRec := s.Coldkeys.GetOr(ck, state.Coldkey{})
			ckRec.OwnedHotkeys = []state.AccountID{hk}
			ckRec.StakingHotkeys = []state.AccountID{hk}
			s.Coldkeys.Set(ck, ckRec)
			v := uint64(uid+1) * 1e9
			s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: n}, state.StakePool{Value: v, Denom: Float(v)})
			s.Shares.Set(state.ShareKey{Hotkey: hk, Net: n, Coldkey: ck}, Float(v))
			s.Stakes.Set(state.HotkeyNet{Hotkey: hk, Net: state.RootNet}, state.StakePool{Value: 1e9, Denom: Float(1e9)})
			if sn.Weights > 0 {
				row := make([]state.WeightEntry, sn.Weights)
				for i := range row {
					row[i] = state.WeightEntry{UID: uint16((uid + i) % sn.UIDs), Weight: 1000}
				}
				s.Weights.Set(state.NeuronKey{Net: n, UID: uint16(uid)}, row)
				s.Bonds.Set(state.NeuronKey{Net: n, UID: uint16(uid)}, row)
			}
		}
	}
	b := store.NewBatch()
	if err := s.Flush(b); err != nil {
		return err
	}
	if _, err := st.Commit(1, b); err != nil {
		return err
	}
	// Chain height 0 lives at store height 2 (chain.StoreHeight).
	_, err := st.Commit(2, store.NewBatch())
	return err
}
