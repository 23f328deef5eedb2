package runtime

import (
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Root (netuid 0) registration (dtao.md §4.10) [PS/coinbase/root.rs::do_root_register;
// PS/subnets/registration.rs (root interval reset); RT/ SubtensorInitial*].

// Root registration limits: the runtime defaults of MaxRegistrationsPerBlock
// and TargetRegistrationsPerInterval (no call sets them for root).
const (
	rootMaxRegistrationsPerBlock       = 1
	rootTargetRegistrationsPerInterval = 2
	// rootDelegateTake is the take root registration gives a hotkey that is
	// not yet a delegate (18%).
	rootDelegateTake uint16 = 11_796
	// maxTempo is MAX_TEMPO, the scheduler's safety net.
	maxTempo = 50_400
)

// Root registration errors.
var (
	ErrTooManyRegistrationsThisBlock    = newErr("TooManyRegistrationsThisBlock")
	ErrTooManyRegistrationsThisInterval = newErr("TooManyRegistrationsThisInterval")
	ErrStakeTooLowForRoot               = newErr("StakeTooLowForRoot")
)

func init() {
	register(callRootRegister, false)
	registerBeginHook(StageRegistration, "root_registration_interval", resetRootInterval)
}

// rootEpochDue is should_run_epoch for the root subnet under the stateful
// scheduler: a pending trigger, the MAX_TEMPO safety net, or tempo blocks
// since the last epoch.
func rootEpochDue(s *state.State, block uint64) bool {
	sn, _ := s.Subnets.Get(state.RootNet)
	if sn.Tempo == 0 {
		return false
	}
	em, _ := s.Emissions.Get(state.RootNet)
	if em.PendingEpochAt > 0 && block >= em.PendingEpochAt {
		return true
	}
	if em.BlocksSinceLastStep > maxTempo {
		return true
	}
	return satSubU64(block, em.LastEpochBlock) >= uint64(sn.Tempo)
}

// resetRootInterval resets root's RegistrationsThisInterval on a root epoch
// boundary (the registration-price hook of on_initialize).
func resetRootInterval(c *Ctx) error {
	s := c.S
	if !s.Subnets.Has(state.RootNet) || !rootEpochDue(s, c.Block) {
		return nil
	}
	if s.RootRegistrations.GetOr(struct{}{}, 0) != 0 {
		s.RootRegistrations.Delete(struct{}{})
	}
	return nil
}

func callRootRegister(c *Ctx, a tx.RootRegister) error {
	s := c.S
	root, ok := s.Subnets.Get(state.RootNet)
	if !ok {
		return ErrRootNetworkDoesNotExist
	}
	coldkey, hotkey := c.Signer, a.Hotkey
	em, _ := s.Emissions.Get(state.RootNet)
	if em.RegistrationsThisBlk >= rootMaxRegistrationsPerBlock {
		return ErrTooManyRegistrationsThisBlock
	}
	interval := s.RootRegistrations.GetOr(struct{}{}, 0)
	if interval >= 3*rootTargetRegistrationsPerInterval {
		return ErrTooManyRegistrationsThisInterval
	}
	if s.Uids.Has(state.NetHotkey{Net: state.RootNet, Hotkey: hotkey}) {
		return ErrHotKeyAlreadyRegisteredInSubNet
	}
	// create_account_if_non_existent: a new hotkey becomes the signer's;
	// an existing one is registered whoever owns it.
	if hotkey.IsZero() {
		return ErrCannotUseSystemAccount
	}
	if !s.Hotkeys.Has(hotkey) {
		ensureHotkeyOwner(s, hotkey, coldkey)
		indexStakingHotkey(s, coldkey, hotkey)
	}
	var uid uint16
	if em.N < root.MaxAllowedUids {
		uid = appendNeuron(c, state.RootNet, hotkey)
	} else {
		lowest, lowestUID := ^uint64(0), uint16(0)
		for i := uint16(0); i < em.N; i++ {
			nr, ok := s.Neurons.Get(state.NeuronKey{Net: state.RootNet, UID: i})
			if !ok {
				continue
			}
			if st := TotalHotkeyAlpha(s, nr.Hotkey, state.RootNet); st < lowest {
				lowest, lowestUID = st, i
			}
		}
		if lowest >= TotalHotkeyAlpha(s, hotkey, state.RootNet) {
			return ErrStakeTooLowForRoot
		}
		if !replaceNeuron(c, state.RootNet, lowestUID, hotkey) {
			return ErrNoNeuronIdAvailable
		}
		uid = lowestUID
	}
	if h, _ := s.Hotkeys.Get(hotkey); !h.TakeSet {
		h.Take, h.TakeSet = rootDelegateTake, true
		s.Hotkeys.Set(hotkey, h)
	}
	s.RootRegistrations.Set(struct{}{}, interval+1)
	em, _ = s.Emissions.Get(state.RootNet)
	em.RegistrationsThisBlk++
	s.Emissions.Set(state.RootNet, em)
	c.Emit("NeuronRegistered", "netuid", uint16(state.RootNet), "uid", uid, "hotkey", hotkey)
	return nil
}
