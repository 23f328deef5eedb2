package runtime

import (
	"slices"

	"github.com/taokit/taokit/internal/state"
)

// UID assignment, immunity and pruning (dtao.md §6.3) [PS/subnets/uids.rs::
// append_neuron, replace_neuron, clear_neuron; PS/subnets/registration.rs::
// register_neuron, get_neuron_to_prune, get_immune_owner_tuples].

// ErrNoNeuronIdAvailable: the subnet is full and nothing can be pruned.
var ErrNoNeuronIdAvailable = newErr("NoNeuronIdAvailable")

// NeuronOut returns uid's last epoch outputs on n.
func NeuronOut(s *state.State, n state.NetUID, uid uint16) state.NeuronOutputs {
	o, _ := s.Outputs.Get(n)
	return o.At(uid)
}

// setNeuronOut sets uid's epoch outputs on n, keeping the subnet's vectors
// as long as its uid count.
func setNeuronOut(s *state.State, n state.NetUID, uid uint16, v state.NeuronOutputs) {
	o, _ := s.Outputs.Get(n)
	em, _ := s.Emissions.Get(n)
	s.Outputs.Set(n, o.With(int(em.N), uid, v))
}

// NeuronIsImmune reports get_neuron_is_immune: now − BlockAtRegistration < ImmunityPeriod.
func NeuronIsImmune(s *state.State, n state.NetUID, uid uint16, now uint64) bool {
	sn, _ := s.Subnets.Get(n)
	nr, _ := s.Neurons.Get(state.NeuronKey{Net: n, UID: uid})
	return satSubU64(now, nr.BlockAtRegistration) < uint64(sn.ImmunityPeriod)
}

// ImmuneOwnerUids is get_immune_owner_uids for the subnet owner's coldkey:
// the owner's registered hotkeys on n ordered by (BlockAtRegistration, uid),
// the subnet owner hotkey first if registered, truncated to
// ImmuneOwnerUidsLimit. These uids are never pruned.
func ImmuneOwnerUids(s *state.State, n state.NetUID) []uint16 {
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return nil
	}
	em, _ := s.Emissions.Get(n)
	type reg struct {
		block uint64
		uid   uint16
	}
	var owned []reg
	for uid := uint16(0); uid < em.N; uid++ {
		nr, ok := s.Neurons.Get(state.NeuronKey{Net: n, UID: uid})
		if !ok {
			continue
		}
		if hk, ok := s.Hotkeys.Get(nr.Hotkey); ok && hk.Owner == sn.Owner {
			owned = append(owned, reg{nr.BlockAtRegistration, uid})
		}
	}
	slices.SortFunc(owned, func(a, b reg) int {
		if a.block != b.block {
			if a.block < b.block {
				return -1
			}
			return 1
		}
		return int(a.uid) - int(b.uid)
	})
	limit := int(sn.ImmuneOwnerUidsLimit)
	out := make([]uint16, 0, min(len(owned), limit)+1)
	for _, r := range owned {
		if len(out) == limit {
			break
		}
		out = append(out, r.uid)
	}
	if ouid, ok := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: sn.OwnerHotkey}); ok && !slices.Contains(out, ouid) {
		out = slices.Insert(out, 0, ouid)
		if len(out) > limit {
			out = out[:limit]
		}
	}
	return out
}

// NeuronToPrune is get_neuron_to_prune at block now: skipping the owner's
// immortal uids, rank by (Emission, BlockAtRegistration, uid) ascending;
// take the best non-immune uid if more than MinNonImmuneUids non-immune
// uids exist, else the best immune one; false when there is no candidate.
func NeuronToPrune(s *state.State, n state.NetUID, now uint64) (uint16, bool) {
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return 0, false
	}
	em, _ := s.Emissions.Get(n)
	if em.N == 0 {
		return 0, false
	}
	immortal := ImmuneOwnerUids(s, n)
	outs, _ := s.Outputs.Get(n)
	type cand struct {
		emission, block uint64
		uid             uint16
		ok              bool
	}
	better := func(a, b cand) bool { // a beats b
		if !b.ok {
			return true
		}
		if a.emission != b.emission {
			return a.emission < b.emission
		}
		if a.block != b.block {
			return a.block < b.block
		}
		return a.uid < b.uid
	}
	var bestFree, bestImmune cand
	var free uint16
	for uid := uint16(0); uid < em.N; uid++ {
		nr, ok := s.Neurons.Get(state.NeuronKey{Net: n, UID: uid})
		if !ok || slices.Contains(immortal, uid) {
			continue
		}
		c := cand{outs.At(uid).Emission, nr.BlockAtRegistration, uid, true}
		if satSubU64(now, nr.BlockAtRegistration) < uint64(sn.ImmunityPeriod) {
			if better(c, bestImmune) {
				bestImmune = c
			}
		} else {
			free++
			if better(c, bestFree) {
				bestFree = c
			}
		}
	}
	if bestFree.ok && free > sn.MinNonImmuneUids {
		return bestFree.uid, true
	}
	if bestImmune.ok {
		return bestImmune.uid, true
	}
	return 0, false
}

// canRegisterNeuron is the capacity check before payment: MaxAllowedUids ≠ 0
// and, when full, a uid to prune exists.
func canRegisterNeuron(c *Ctx, n state.NetUID, sn state.Subnet) error {
	if sn.MaxAllowedUids == 0 {
		return ErrNoNeuronIdAvailable
	}
	em, _ := c.S.Emissions.Get(n)
	if em.N >= sn.MaxAllowedUids {
		if _, ok := NeuronToPrune(c.S, n, c.Block); !ok {
			return ErrNoNeuronIdAvailable
		}
	}
	return nil
}

// registerNeuron is register_neuron: append a uid while n < MaxAllowedUids,
// else replace the neuron to prune. Where subtensor's replace_neuron would
// silently skip (the uid holds SubnetOwnerHotkey, reachable only with an
// ImmuneOwnerUidsLimit of 0 set outside the bounds), this fails with
// NoNeuronIdAvailable instead of reporting a registration that did not happen.
func registerNeuron(c *Ctx, n state.NetUID, hotkey AccountID) (uint16, error) {
	sn, _ := c.S.Subnets.Get(n)
	em, _ := c.S.Emissions.Get(n)
	if em.N < sn.MaxAllowedUids {
		return appendNeuron(c, n, hotkey), nil
	}
	uid, ok := NeuronToPrune(c.S, n, c.Block)
	if !ok || !replaceNeuron(c, n, uid, hotkey) {
		return 0, ErrNoNeuronIdAvailable
	}
	return uid, nil
}

// replaceNeuron is replace_neuron + clear_neuron: the uid passes to hotkey
// registered at c.Block. It returns false, changing nothing, if the uid holds
// the subnet owner hotkey.
func replaceNeuron(c *Ctx, n state.NetUID, uid uint16, hotkey AccountID) bool {
	s := c.S
	key := state.NeuronKey{Net: n, UID: uid}
	old, _ := s.Neurons.Get(key)
	sn, _ := s.Subnets.Get(n)
	if old.Hotkey == sn.OwnerHotkey {
		return false
	}
	s.Uids.Delete(state.NetHotkey{Net: n, Hotkey: old.Hotkey})
	// The new neuron: axon and prometheus of the old hotkey gone, emission,
	// consensus, incentive, dividends zeroed, permit false, active, and the
	// weights-rate-limit clock at the registration block.
	s.Neurons.Set(key, state.Neuron{Hotkey: hotkey, BlockAtRegistration: c.Block, LastUpdate: c.Block})
	setNeuronOut(s, n, uid, state.NeuronOutputs{Active: true})
	s.Uids.Set(state.NetHotkey{Net: n, Hotkey: hotkey}, uid)
	clearNeuronWeights(s, n, uid)
	c.Emit("NeuronReplaced", "netuid", uint16(n), "uid", uid, "old_hotkey", old.Hotkey, "hotkey", hotkey)
	return true
}

// clearNeuronWeights deletes uid's weight and bond rows and zeroes every
// weight pointing at uid (the entries are kept). Bond columns are left to
// the epoch's mask.
func clearNeuronWeights(s *state.State, n state.NetUID, uid uint16) {
	key := state.NeuronKey{Net: n, UID: uid}
	s.Weights.Delete(key)
	s.Bonds.Delete(key)
	em, _ := s.Emissions.Get(n)
	for i := uint16(0); i < em.N; i++ {
		k := state.NeuronKey{Net: n, UID: i}
		row, ok := s.Weights.Get(k)
		if !ok {
			continue
		}
		j := slices.IndexFunc(row, func(w state.WeightEntry) bool { return w.UID == uid && w.Weight != 0 })
		if j < 0 {
			continue
		}
		nr := slices.Clone(row)
		for ; j < len(nr); j++ {
			if nr[j].UID == uid {
				nr[j].Weight = 0
			}
		}
		s.Weights.Set(k, nr)
	}
}
