package runtime

import (
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
	"github.com/taokit/taokit/internal/yuma"
)

// set_weights (dtao.md §6.5; yuma.md §3.12) [PS/macros/dispatches.rs::set_weights;
// PS/subnets/weights.rs::internal_set_weights].
var (
	ErrCanNotSetRootNetworkWeights  = newErr("CanNotSetRootNetworkWeights")
	ErrWeightVecNotEqualSize        = newErr("WeightVecNotEqualSize")
	ErrUidsLengthExceedUidsInSubNet = newErr("UidsLengthExceedUidsInSubNet")
	ErrNotEnoughStakeToSetWeights   = newErr("NotEnoughStakeToSetWeights")
	ErrIncorrectWeightVersionKey    = newErr("IncorrectWeightVersionKey")
	ErrSettingWeightsTooFast        = newErr("SettingWeightsTooFast")
	ErrNeuronNoValidatorPermit      = newErr("NeuronNoValidatorPermit")
	ErrDuplicateUids                = newErr("DuplicateUids")
	ErrUidVecContainInvalidOne      = newErr("UidVecContainInvalidOne")
	ErrWeightVecLengthIsLow         = newErr("WeightVecLengthIsLow")
	ErrMaxWeightExceeded            = newErr("MaxWeightExceeded")
)

// maxWeightLimit is get_max_weight_limit, hard-coded to u16::MAX at HEAD, so
// the MaxWeightExceeded check never runs (the storage item is ignored).
const maxWeightLimit = uint16(65535)

// commitRevealOn is CommitRevealWeightsEnabled with its storage default
// (true) for a subnet that does not exist.
func commitRevealOn(s *state.State, n state.NetUID) bool {
	sn, ok := s.Subnets.Get(n)
	return !ok || sn.CommitRevealEnabled
}

// weightsRateOK is check_rate_limit: LastUpdate == 0 or now − LastUpdate ≥ WeightsSetRateLimit.
func weightsRateOK(sn state.Subnet, nr state.Neuron, now uint64) bool {
	return nr.LastUpdate == 0 || satSubU64(now, nr.LastUpdate) >= sn.WeightsSetRateLimit
}

// ownerUID returns the uid of the subnet owner hotkey, if registered.
func ownerUID(s *state.State, n state.NetUID, sn state.Subnet) (uint16, bool) {
	return s.Uids.Get(state.NetHotkey{Net: n, Hotkey: sn.OwnerHotkey})
}

func callSetWeights(c *Ctx, a tx.SetWeights) error {
	n := state.NetUID(a.Netuid)
	if commitRevealOn(c.S, n) {
		return ErrCommitRevealEnabled
	}
	return internalSetWeights(c, n, a.Dests, a.Weights, a.VersionKey)
}

// internalSetWeights is internal_set_weights for mechanism 0, with the
// signer as the hotkey, its checks in the chain's order.
func internalSetWeights(c *Ctx, n state.NetUID, uids, values []uint16, versionKey uint64) error {
	s, hotkey := c.S, c.Signer
	if n == state.RootNet {
		return ErrCanNotSetRootNetworkWeights
	}
	if len(uids) != len(values) {
		return ErrWeightVecNotEqualSize
	}
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return ErrMechanismDoesNotExist
	}
	em, _ := s.Emissions.Get(n)
	if len(uids) > int(em.N) {
		return ErrUidsLengthExceedUidsInSubNet
	}
	uid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: hotkey})
	if !ok {
		return ErrHotKeyNotRegisteredInSubNet
	}
	ouid, hasOwner := ownerUID(s, n, sn)
	isOwner := hasOwner && ouid == uid
	if !isOwner && !meetsStakeThreshold(s, hotkey, n) {
		return ErrNotEnoughStakeToSetWeights
	}
	if sn.WeightsVersionKey != 0 && versionKey < sn.WeightsVersionKey {
		return ErrIncorrectWeightVersionKey
	}
	key := state.NeuronKey{Net: n, UID: uid}
	nr, _ := s.Neurons.Get(key)
	if !sn.CommitRevealEnabled && !weightsRateOK(sn, nr, c.Block) {
		return ErrSettingWeightsTooFast
	}
	self := len(uids) == 1 && uids[0] == uid
	if !self && !isOwner && !NeuronOut(s, n, uid).ValidatorPermit {
		return ErrNeuronNoValidatorPermit
	}
	var seen [1024]uint64
	for _, u := range uids {
		if seen[u>>6]&(1<<(u&63)) != 0 {
			return ErrDuplicateUids
		}
		seen[u>>6] |= 1 << (u & 63)
	}
	for _, u := range uids {
		if u >= em.N {
			return ErrUidVecContainInvalidOne
		}
	}
	if !self && len(uids) < int(min(sn.MinAllowedWeights, em.N)) {
		return ErrWeightVecLengthIsLow
	}
	up := yuma.MaxUpscaleU16(values)
	row := make([]state.WeightEntry, len(uids))
	for i, u := range uids {
		row[i] = state.WeightEntry{UID: u, Weight: up[i]}
	}
	if !self && maxWeightLimit != 65535 {
		norm := make([]uint16, len(row))
		for i, e := range row {
			norm[i] = e.Weight
		}
		if !yuma.CheckVecMaxLimited(norm, maxWeightLimit) {
			return ErrMaxWeightExceeded
		}
	}
	s.Weights.Set(key, row)
	if !sn.CommitRevealEnabled {
		nr.LastUpdate = c.Block
		s.Neurons.Set(key, nr)
	}
	c.Emit("WeightsSet", "netuid", uint16(n), "uid", uid)
	return nil
}

func init() {
	register(callSetWeights, true)
}
