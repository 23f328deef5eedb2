package runtime

import (
	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// remove_stake, its limit variants and unstake_all (dtao.md §4.5–§4.7)
// [PS/staking/remove_stake.rs; PS/staking/stake_utils.rs::validate_remove_stake;
// PS/staking/helpers.rs::clear_small_nomination_if_required].

func callRemoveStake(c *Ctx, a tx.RemoveStake) error {
	return removeStake(c, a.Hotkey, state.NetUID(a.Netuid), a.Amount)
}

// removeStake is do_remove_stake.
func removeStake(c *Ctx, hotkey AccountID, n state.NetUID, alpha uint64) error {
	s := c.S
	if !subtokenEnabled(s, n) {
		return ErrSubtokenDisabled
	}
	// Capped at the available stake (fees may already have been paid in alpha).
	alpha = min(alpha, StakeOf(s, hotkey, c.Signer, n))
	if err := ensureRemoveWithinSwapLimit(s, n, alpha); err != nil {
		return err
	}
	if err := validateRemoveStake(s, c.Signer, hotkey, n, alpha, alpha, false); err != nil {
		return err
	}
	if _, err := UnstakeFromSubnet(c, hotkey, c.Signer, n, alpha, SwapOpts{}); err != nil {
		return err
	}
	return afterRemoveStake(c, hotkey, n)
}

// afterRemoveStake clears a small nomination and, when the hotkey's total
// stake fell below StakeThreshold, drops its pending child keys everywhere.
func afterRemoveStake(c *Ctx, hotkey AccountID, n state.NetUID) error {
	if err := clearSmallNomination(c, hotkey, c.Signer, n); err != nil {
		return err
	}
	s := c.S
	if TotalStakeForHotkey(s, hotkey) >= s.P().StakeThreshold {
		return nil
	}
	for _, m := range s.Subnets.Keys() {
		// PendingChildKeys::remove(netuid, hotkey): the schedule and its index.
		s.PendingChildKeys.Delete(state.NetHotkey{Net: m, Hotkey: hotkey})
		k := hkNet(hotkey, m)
		fam, ok := s.Families.Get(k)
		if !ok || (!fam.HasPending && len(fam.PendingChildren) == 0) {
			continue
		}
		fam.PendingChildren, fam.PendingAt, fam.HasPending = nil, 0, false
		s.Families.Set(k, fam)
	}
	return nil
}

// TotalStakeForHotkey is get_total_stake_for_hotkey: Σ over subnets of the
// hotkey's pool value times the subnet price (U64F64, saturating), floored.
func TotalStakeForHotkey(s *state.State, hotkey AccountID) uint64 {
	var sum fixed.U64F64
	for _, n := range s.Subnets.Keys() {
		v := TotalHotkeyAlpha(s, hotkey, n)
		if v == 0 {
			continue
		}
		sum = sum.SatAdd(fixed.U64F64FromU64(v).SatMul(Price(s, n)))
	}
	return sum.ToU64()
}

func callRemoveStakeLimit(c *Ctx, a tx.RemoveStakeLimit) error {
	return removeStakeLimit(c, a.Hotkey, state.NetUID(a.Netuid), a.Amount, a.LimitPrice, a.AllowPartial)
}

// removeStakeLimit is do_remove_stake_limit (no subtoken check, no cap).
func removeStakeLimit(c *Ctx, hotkey AccountID, n state.NetUID, alpha, limit uint64, allowPartial bool) error {
	s := c.S
	if err := ensureRemoveWithinSwapLimit(s, n, alpha); err != nil {
		return err
	}
	maxAmount, err := MaxAmountRemove(s, n, limit)
	if err != nil {
		return err
	}
	possible := min(alpha, maxAmount)
	if err := validateRemoveStake(s, c.Signer, hotkey, n, alpha, maxAmount, allowPartial); err != nil {
		return err
	}
	if _, err := UnstakeFromSubnet(c, hotkey, c.Signer, n, possible, SwapOpts{Limit: &limit}); err != nil {
		return err
	}
	return afterRemoveStake(c, hotkey, n)
}

func callRemoveStakeFullLimit(c *Ctx, a tx.RemoveStakeFullLimit) error {
	n := state.NetUID(a.Netuid)
	alpha := StakeOf(c.S, a.Hotkey, c.Signer, n)
	if a.LimitPrice != nil {
		return removeStakeLimit(c, a.Hotkey, n, alpha, *a.LimitPrice, false)
	}
	return removeStake(c, a.Hotkey, n, alpha)
}

// ensureRemoveWithinSwapLimit is ensure_remove_stake_input_within_swap_limit:
// a dynamic subnet refuses more than 1000·SubnetAlphaIn.
func ensureRemoveWithinSwapLimit(s *state.State, n state.NetUID, alpha uint64) error {
	if isDynamic(s, n) {
		pl, _ := s.Pools.Get(n)
		if alpha > satMulU64(pl.AlphaIn, amm.MaxInputReserveMultiplier) {
			return ErrInsufficientLiquidity
		}
	}
	return nil
}

// MaxAmountRemove is get_max_amount_remove (dtao.md §4.6): the most alpha a
// sell on n can spend without the price falling past limitRAO. Root and
// stable subnets: u64::MAX for a limit of at most 1.0, else 0.
func MaxAmountRemove(s *state.State, n state.NetUID, limitRAO uint64) (uint64, error) {
	if !isDynamic(s, n) {
		if limitRAO <= 1_000_000_000 {
			return ^uint64(0), nil
		}
		return 0, nil
	}
	return poolOf(s, n).MaxAmountRemove(limitRAO)
}

// validateRemoveStake is validate_remove_stake, in the chain's order (its
// subtoken check is commented out on the chain; locks are not modelled).
func validateRemoveStake(s *state.State, coldkey, hotkey AccountID, n state.NetUID, alpha, maxAmount uint64, allowPartial bool) error {
	if !s.Subnets.Has(n) {
		return ErrSubnetNotExists
	}
	if alpha == 0 {
		return ErrAmountTooLow
	}
	stake := StakeOf(s, hotkey, coldkey, n)
	if stake < alpha {
		return ErrNotEnoughStakeToWithdraw
	}
	r, err := simSwap(s, n, amm.Sell, alpha)
	if err != nil {
		return ErrInsufficientLiquidity
	}
	if stake-alpha != 0 && r.AmountPaidOut < s.P().DefaultMinStake {
		return ErrAmountTooLow
	}
	if !allowPartial && alpha > maxAmount {
		return ErrSlippageTooHigh
	}
	if !s.Hotkeys.Has(hotkey) {
		return ErrHotKeyAccountNotExists
	}
	return nil
}

// NominatorMinStake is get_nominator_min_required_stake:
// DefaultMinStake·NominatorMinRequiredStake/10^6.
func NominatorMinStake(s *state.State) uint64 {
	p := s.P()
	return satMulU64(p.DefaultMinStake, p.NominatorMinRequiredStake) / 1_000_000
}

// clearSmallNomination is clear_small_nomination_if_required: a nominator
// (not the hotkey's owner) left with a positive stake below the nominator
// minimum, in alpha at the current price, is unstaked at the minimum price;
// if that fails the stake is simply removed.
func clearSmallNomination(c *Ctx, hotkey, coldkey AccountID, n state.NetUID) error {
	s := c.S
	if hotkeyOwner(s, hotkey) == coldkey {
		return nil
	}
	stake := StakeOf(s, hotkey, coldkey, n)
	minAlpha := fixed.U64F64FromU64(NominatorMinStake(s)).SafeDiv(Price(s, n)).ToU64()
	if stake == 0 || stake >= minAlpha {
		return nil
	}
	cp := s.Checkpoint()
	mark := len(c.events)
	if _, err := UnstakeFromSubnet(c, hotkey, coldkey, n, stake, SwapOpts{}); err != nil {
		if ErrorName(err) == "" {
			return err
		}
		// The chain has no rollback here: only the swap's own storage
		// transaction is undone, the share decrease stays. Reproduce that:
		// undo everything, then drop the stake without a swap.
		s.Revert(cp)
		c.TruncateEvents(mark)
		left := StakeOf(s, hotkey, coldkey, n)
		if err := DecreaseStake(s, hotkey, coldkey, n, left); err != nil && ErrorName(err) == "" {
			return err
		}
	}
	return nil
}

func callUnstakeAll(c *Ctx, a tx.UnstakeAll) error {
	_, err := unstakeAll(c, a.Hotkey, false)
	return err
}

func callUnstakeAllAlpha(c *Ctx, a tx.UnstakeAllAlpha) error {
	total, err := unstakeAll(c, a.Hotkey, true)
	if err != nil {
		return err
	}
	_, err = StakeIntoSubnet(c, a.Hotkey, c.Signer, state.RootNet, total, SwapOpts{})
	return err
}

// unstakeAll is do_unstake_all / the loop of do_unstake_all_alpha: every
// subnet with its subtoken enabled (root skipped when alphaOnly) where the
// full stake passes validate_remove_stake is unstaked at the minimum price.
// It returns the TAO received.
func unstakeAll(c *Ctx, hotkey AccountID, alphaOnly bool) (uint64, error) {
	s := c.S
	if !s.Hotkeys.Has(hotkey) {
		return 0, ErrHotKeyAccountNotExists
	}
	var total uint64
	for _, n := range s.Subnets.Keys() {
		if !subtokenEnabled(s, n) || (alphaOnly && n == state.RootNet) {
			continue
		}
		alpha := StakeOf(s, hotkey, c.Signer, n)
		if validateRemoveStake(s, c.Signer, hotkey, n, alpha, alpha, false) != nil || alpha == 0 {
			continue
		}
		tao, err := UnstakeFromSubnet(c, hotkey, c.Signer, n, alpha, SwapOpts{})
		if err != nil {
			return 0, err
		}
		total = satAddU64(total, tao)
		if err := clearSmallNomination(c, hotkey, c.Signer, n); err != nil {
			return 0, err
		}
	}
	return total, nil
}
