package runtime

import (
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// Stake weight used by consensus and the set_weights / set_children stake
// gates (dtao.md §2.8, §4.12) [PS/staking/stake_utils.rs::
// get_inherited_for_hotkey_on_subnet, get_tao_inherited_for_hotkey_on_subnet,
// get_stake_weights_for_network, get_stake_weights_for_hotkey_on_subnet].

var u96U64Max = fixed.U96F32FromU64(^uint64(0))

// ownAlpha is TotalHotkeyAlpha[hotkey][n] (get_stake_for_hotkey_on_subnet).
func ownAlpha(s *state.State, hotkey AccountID, n state.NetUID) uint64 {
	return s.Stakes.GetOr(state.HotkeyNet{Hotkey: hotkey, Net: n}, state.StakePool{}).Value
}

// inherited is the U96F32 inheritance recipe on subnet n's child-key graph
// with the stake read on subnet from: own − Σ_children own·π + Σ_parents
// parent·π, each π = proportion/u64::MAX, floored to u64 (saturating).
func inherited(s *state.State, hotkey AccountID, n, from state.NetUID) uint64 {
	initial := fixed.U96F32FromU64(ownAlpha(s, hotkey, from))
	fam, _ := s.Families.Get(state.HotkeyNet{Hotkey: hotkey, Net: n})
	var toChildren, fromParents fixed.U96F32
	for _, ch := range fam.Children {
		p := fixed.U96F32FromU64(ch.Proportion).SafeDiv(u96U64Max)
		toChildren = toChildren.SatAdd(initial.SatMul(p))
	}
	for _, pa := range fam.Parents {
		p := fixed.U96F32FromU64(pa.Proportion).SafeDiv(u96U64Max)
		fromParents = fromParents.SatAdd(fixed.U96F32FromU64(ownAlpha(s, pa.Key, from)).SatMul(p))
	}
	return initial.SatSub(toChildren).SatAdd(fromParents).ToU64()
}

// InheritedAlpha is get_inherited_for_hotkey_on_subnet: hotkey's alpha on n
// after giving its children their proportions and taking its parents'.
func InheritedAlpha(s *state.State, hotkey AccountID, n state.NetUID) uint64 {
	return inherited(s, hotkey, n, n)
}

// InheritedTao is get_tao_inherited_for_hotkey_on_subnet: the same recipe
// over root (netuid 0) stake, with subnet n's children and parents.
func InheritedTao(s *state.State, hotkey AccountID, n state.NetUID) uint64 {
	return inherited(s, hotkey, n, state.RootNet)
}

// taoWeightI64F64 is get_tao_weight (U96F32(TaoWeight)/U96F32(u64::MAX))
// converted to I64F64 as the stake-weight sum uses it.
func taoWeightI64F64(s *state.State) fixed.I64F64 {
	return fixed.U96F32FromU64(s.P().TaoWeight).SafeDiv(u96U64Max).ToI64F64()
}

func stakeTotal(alpha, tao uint64, tw fixed.I64F64) fixed.I64F64 {
	return fixed.I64F64FromU64(alpha).SatAdd(fixed.I64F64FromU64(tao).SatMul(tw))
}

// HotkeyStakeWeight is get_stake_weights_for_hotkey_on_subnet: the
// inherited alpha and TAO of hotkey on n and the stake weight
// alpha + tao_weight·tao (I64F64, saturating).
func HotkeyStakeWeight(s *state.State, hotkey AccountID, n state.NetUID) (alpha, tao uint64, total fixed.I64F64) {
	alpha, tao = InheritedAlpha(s, hotkey, n), InheritedTao(s, hotkey, n)
	return alpha, tao, stakeTotal(alpha, tao, taoWeightI64F64(s))
}

// StakeWeights is get_stake_weights_for_network: per uid of subnet n
// (0..SubnetworkN), the inherited alpha, the inherited TAO and the stake
// weight alpha + tao_weight·tao. A uid without a neuron gets zeros. The
// epoch builds its stake input from these.
func StakeWeights(s *state.State, n state.NetUID) (alpha, tao []uint64, total []fixed.I64F64) {
	em, _ := s.Emissions.Get(n)
	size := int(em.N)
	alpha, tao, total = make([]uint64, size), make([]uint64, size), make([]fixed.I64F64, size)
	tw := taoWeightI64F64(s)
	for uid := 0; uid < size; uid++ {
		nr, ok := s.Neurons.Get(state.NeuronKey{Net: n, UID: uint16(uid)})
		if !ok {
			continue
		}
		alpha[uid], tao[uid] = InheritedAlpha(s, nr.Hotkey, n), InheritedTao(s, nr.Hotkey, n)
		total[uid] = stakeTotal(alpha[uid], tao[uid], tw)
	}
	return alpha, tao, total
}

// meetsStakeThreshold is check_weights_min_stake: stake weight ≥ StakeThreshold.
func meetsStakeThreshold(s *state.State, hotkey AccountID, n state.NetUID) bool {
	_, _, total := HotkeyStakeWeight(s, hotkey, n)
	return !total.Less(fixed.I64F64FromU64(s.P().StakeThreshold))
}
