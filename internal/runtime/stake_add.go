package runtime

import (
	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// add_stake and add_stake_limit (dtao.md §4.3–§4.4)
// [PS/staking/add_stake.rs; PS/staking/stake_utils.rs::validate_add_stake].

func callAddStake(c *Ctx, a tx.AddStake) error {
	n := state.NetUID(a.Netuid)
	if err := ensureAddWithinSwapLimit(c.S, n, a.Amount); err != nil {
		return err
	}
	if err := validateAddStake(c.S, c.Signer, a.Hotkey, n, a.Amount, a.Amount, false); err != nil {
		return err
	}
	_, err := StakeIntoSubnet(c, a.Hotkey, c.Signer, n, a.Amount, SwapOpts{})
	return err
}

func callAddStakeLimit(c *Ctx, a tx.AddStakeLimit) error {
	s := c.S
	n := state.NetUID(a.Netuid)
	if err := ensureAddWithinSwapLimit(s, n, a.Amount); err != nil {
		return err
	}
	maxAmount, err := MaxAmountAdd(s, n, a.LimitPrice)
	if err != nil {
		return err
	}
	possible := min(a.Amount, maxAmount)
	if err := validateAddStake(s, c.Signer, a.Hotkey, n, a.Amount, maxAmount, a.AllowPartial); err != nil {
		return err
	}
	if hotkeyOwner(s, a.Hotkey) != c.Signer {
		maybeBecomeDelegate(s, a.Hotkey)
	}
	limit := a.LimitPrice
	_, err = StakeIntoSubnet(c, a.Hotkey, c.Signer, n, possible, SwapOpts{Limit: &limit})
	return err
}

// ensureAddWithinSwapLimit is ensure_add_stake_input_within_swap_limit: a
// dynamic subnet refuses more than 1000·SubnetTAO.
func ensureAddWithinSwapLimit(s *state.State, n state.NetUID, tao uint64) error {
	if isDynamic(s, n) {
		pl, _ := s.Pools.Get(n)
		if tao > satMulU64(pl.TaoReserve, amm.MaxInputReserveMultiplier) {
			return ErrInsufficientLiquidity
		}
	}
	return nil
}

// MaxAmountAdd is get_max_amount_add (dtao.md §4.4): the most TAO a buy on
// n can spend without moving the price past limitRAO (RAO per alpha). Root
// and stable subnets: u64::MAX for a limit of at least 1.0, else 0.
func MaxAmountAdd(s *state.State, n state.NetUID, limitRAO uint64) (uint64, error) {
	if !isDynamic(s, n) {
		if limitRAO >= 1_000_000_000 {
			return ^uint64(0), nil
		}
		return 0, nil
	}
	return poolOf(s, n).MaxAmountAdd(limitRAO)
}

// minAddAmount is validate_add_stake's minimum: DefaultMinStake plus the
// simulated fee on it (approx_fee_amount when the simulation fails).
func minAddAmount(s *state.State, n state.NetUID) uint64 {
	minStake := s.P().DefaultMinStake
	fee := uint64(0)
	if r, err := simSwap(s, n, amm.Buy, minStake); err == nil {
		fee = r.FeePaid
	} else {
		fee = poolOf(s, n).FeeAmount(minStake, false)
	}
	return satAddU64(minStake, fee)
}

// validateAddStake is validate_add_stake, in the chain's order.
func validateAddStake(s *state.State, coldkey, hotkey AccountID, n state.NetUID, tao, maxAmount uint64, allowPartial bool) error {
	if !s.Subnets.Has(n) {
		return ErrSubnetNotExists
	}
	if !subtokenEnabled(s, n) {
		return ErrSubtokenDisabled
	}
	minStake := s.P().DefaultMinStake
	if tao < minAddAmount(s, n) {
		return ErrAmountTooLow
	}
	if !allowPartial {
		if tao > maxAmount {
			return ErrSlippageTooHigh
		}
	} else {
		tao = min(maxAmount, tao)
	}
	if tao > Free(s, coldkey) {
		return ErrNotEnoughBalanceToStake
	}
	if !s.Hotkeys.Has(hotkey) {
		return ErrHotKeyAccountNotExists
	}
	r, err := simSwap(s, n, amm.Buy, tao)
	if err != nil {
		return ErrInsufficientLiquidity
	}
	if r.AmountPaidIn < minStake {
		return ErrAmountTooLow
	}
	if r.AmountPaidOut == 0 {
		return ErrInsufficientLiquidity
	}
	if !canIncreaseStake(s, hotkey, n, r.AmountPaidOut) {
		return ErrInsufficientLiquidity
	}
	return nil
}
