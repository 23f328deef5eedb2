package runtime

import (
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Owner tempo controls (dtao.md §2.6) [PS/coinbase/tempo_control.rs::
// do_set_tempo, do_trigger_epoch].
var (
	ErrTempoOutOfBounds                  = newErr("TempoOutOfBounds")
	ErrEpochTriggerAlreadyPending        = newErr("EpochTriggerAlreadyPending")
	ErrDynamicTempoBlockedByCommitReveal = newErr("DynamicTempoBlockedByCommitReveal")
)

// Bounds and rate limit of the owner's set_tempo (MIN_TEMPO, MAX_TEMPO,
// TransactionType::TempoUpdate).
const (
	OwnerTempoMin       = 360
	OwnerTempoMax       = 50_400
	TempoSetRateLimit   = 360
	triggerEpochParamID = 255 // ParamSet slot of trigger_epoch's owner rate limit
)

// ensureSubnetOwner is ensure_subnet_owner: the subnet exists
// (SubnetNotExists) and the signer is its owner coldkey (BadOrigin).
func ensureSubnetOwner(c *Ctx, n state.NetUID) (state.Subnet, error) {
	sn, ok := c.S.Subnets.Get(n)
	if !ok {
		return sn, ErrSubnetNotExists
	}
	if sn.Owner != c.Signer {
		return sn, ErrBadOrigin
	}
	return sn, nil
}

// callSetTempo: owner only; tempo in [360, 50 400] (TempoOutOfBounds); not
// in the admin freeze window (AdminActionProhibitedDuringWeightsWindow);
// once per 360 blocks (TxRateLimitExceeded). It resets the epoch cycle:
// LastEpochBlock = now.
func callSetTempo(c *Ctx, a tx.SetTempo) error {
	n := state.NetUID(a.Netuid)
	sn, err := ensureSubnetOwner(c, n)
	if err != nil {
		return err
	}
	if a.Tempo < OwnerTempoMin || a.Tempo > OwnerTempoMax {
		return ErrTempoOutOfBounds
	}
	if inFreezeWindow(c, n, sn) {
		return ErrAdminActionProhibitedDuringWeights
	}
	em, _ := c.S.Emissions.Get(n)
	if em.LastTempoSetBlock != 0 && satSubU64(c.Block, em.LastTempoSetBlock) < TempoSetRateLimit {
		return ErrTxRateLimitExceeded
	}
	sn.Tempo = a.Tempo
	c.S.Subnets.Set(n, sn)
	em.LastEpochBlock = c.Block
	em.LastTempoSetBlock = c.Block
	c.S.Emissions.Set(n, em)
	c.Emit("TempoSet", "netuid", a.Netuid, "tempo", a.Tempo)
	return nil
}

// callTriggerEpoch: owner only; refused while commit-reveal is on
// (DynamicTempoBlockedByCommitReveal) or a trigger is pending
// (EpochTriggerAlreadyPending); owner hyperparameter rate limit
// (TxRateLimitExceeded). The epoch fires at now + AdminFreezeWindow.
func callTriggerEpoch(c *Ctx, a tx.TriggerEpoch) error {
	n := state.NetUID(a.Netuid)
	sn, err := ensureSubnetOwner(c, n)
	if err != nil {
		return err
	}
	if sn.CommitRevealEnabled {
		return ErrDynamicTempoBlockedByCommitReveal
	}
	em, _ := c.S.Emissions.Get(n)
	if em.PendingEpochAt != 0 {
		return ErrEpochTriggerAlreadyPending
	}
	p := c.S.P()
	key := state.ParamKey{Net: n, Param: triggerEpochParamID}
	if last, ok := c.S.ParamSet.Get(key); ok && last != 0 && satSubU64(c.Block, last) < p.OwnerHyperparamRateLimit*uint64(sn.Tempo) {
		return ErrTxRateLimitExceeded
	}
	c.S.ParamSet.Set(key, c.Block)
	em.PendingEpochAt = satAddU64(c.Block, p.AdminFreezeWindow)
	c.S.Emissions.Set(n, em)
	c.Emit("EpochTriggered", "netuid", a.Netuid, "by", c.Signer, "fires_at", em.PendingEpochAt)
	return nil
}

func init() {
	register(callSetTempo, false)
	register(callTriggerEpoch, false)
}
