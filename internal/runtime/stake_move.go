package runtime

import (
	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// move_stake, transfer_stake, swap_stake, swap_stake_limit (dtao.md §4.8)
// [PS/staking/move_stake.rs; PS/staking/stake_utils.rs::validate_stake_transition,
// transfer_stake_within_subnet].

func callMoveStake(c *Ctx, a tx.MoveStake) error {
	on, dn := state.NetUID(a.OriginNetuid), state.NetUID(a.DestNetuid)
	tao, err := transitionStake(c, c.Signer, c.Signer, a.OriginHotkey, a.DestHotkey, on, dn, a.Amount, nil, nil, false)
	if err != nil {
		return err
	}
	c.Emit("StakeMoved", "coldkey", c.Signer, "origin_hotkey", a.OriginHotkey, "origin_netuid", a.OriginNetuid,
		"destination_hotkey", a.DestHotkey, "destination_netuid", a.DestNetuid, "tao", tao)
	return nil
}

func callTransferStake(c *Ctx, a tx.TransferStake) error {
	on, dn := state.NetUID(a.OriginNetuid), state.NetUID(a.DestNetuid)
	tao, err := transitionStake(c, c.Signer, a.DestColdkey, a.Hotkey, a.Hotkey, on, dn, a.Amount, nil, nil, true)
	if err != nil {
		return err
	}
	c.Emit("StakeTransferred", "origin_coldkey", c.Signer, "destination_coldkey", a.DestColdkey, "hotkey", a.Hotkey,
		"origin_netuid", a.OriginNetuid, "destination_netuid", a.DestNetuid, "tao", tao)
	return nil
}

func callSwapStake(c *Ctx, a tx.SwapStake) error {
	on, dn := state.NetUID(a.OriginNetuid), state.NetUID(a.DestNetuid)
	tao, err := transitionStake(c, c.Signer, c.Signer, a.Hotkey, a.Hotkey, on, dn, a.Amount, nil, nil, false)
	if err != nil {
		return err
	}
	c.Emit("StakeSwapped", "coldkey", c.Signer, "hotkey", a.Hotkey, "origin_netuid", a.OriginNetuid,
		"destination_netuid", a.DestNetuid, "tao", tao)
	return nil
}

func callSwapStakeLimit(c *Ctx, a tx.SwapStakeLimit) error {
	on, dn := state.NetUID(a.OriginNetuid), state.NetUID(a.DestNetuid)
	limit, partial := a.LimitPrice, a.AllowPartial
	tao, err := transitionStake(c, c.Signer, c.Signer, a.Hotkey, a.Hotkey, on, dn, a.Amount, &limit, &partial, false)
	if err != nil {
		return err
	}
	c.Emit("StakeSwapped", "coldkey", c.Signer, "hotkey", a.Hotkey, "origin_netuid", a.OriginNetuid,
		"destination_netuid", a.DestNetuid, "tao", tao)
	return nil
}

// transitionStake is transition_stake_internal: it returns the TAO moved
// (the TAO unstaked across subnets, the TAO equivalent within one).
func transitionStake(c *Ctx, oc, dc, oh, dh AccountID, on, dn state.NetUID, alpha uint64, limit *uint64, allowPartial *bool, checkToggle bool) (uint64, error) {
	s := c.S
	alpha = min(alpha, StakeOf(s, oh, oc, on))
	maxAmount := alpha
	if on != dn && limit != nil {
		m, err := MaxAmountMove(s, on, dn, *limit)
		if err != nil {
			return 0, err
		}
		maxAmount = m
	}
	if err := validateStakeTransition(s, oc, dc, oh, dh, on, dn, alpha, maxAmount, allowPartial, checkToggle); err != nil {
		return 0, err
	}
	move := min(alpha, maxAmount)
	if on == dn {
		return transferStakeWithinSubnet(c, oc, oh, dc, dh, on, move)
	}
	dropOrigin := on == state.RootNet
	tao, err := UnstakeFromSubnet(c, oh, oc, on, move, SwapOpts{DropFees: dropOrigin})
	if err != nil {
		return 0, err
	}
	if oc != dc {
		if err := transferBalance(c, oc, dc, tao, false); err != nil {
			return 0, err
		}
	}
	if tao >= s.P().DefaultMinStake {
		if hotkeyOwner(s, dh) != dc {
			maybeBecomeDelegate(s, dh)
		}
		if _, err := StakeIntoSubnet(c, dh, dc, dn, tao, SwapOpts{DropFees: !dropOrigin}); err != nil {
			return 0, err
		}
	}
	return tao, nil
}

// MaxAmountMove is get_max_amount_move (dtao.md §4.8): the most alpha that can
// move from origin to dest keeping the relative price origin/dest at or above
// limitRAO·10^-9; root counts as stable.
func MaxAmountMove(s *state.State, origin, dest state.NetUID, limitRAO uint64) (uint64, error) {
	op, dp := poolOf(s, origin), poolOf(s, dest)
	if origin == state.RootNet {
		op.Mechanism = amm.Stable
	}
	if dest == state.RootNet {
		dp.Mechanism = amm.Stable
	}
	return amm.MaxAmountMove(op, dp, limitRAO)
}

// validateStakeTransition is validate_stake_transition, in the chain's order
// (locks are not modelled).
func validateStakeTransition(s *state.State, oc, dc, oh, dh AccountID, on, dn state.NetUID, alpha, maxAmount uint64, allowPartial *bool, checkToggle bool) error {
	if oc == dc && oh == dh && on == dn {
		return ErrSameNetuid
	}
	if !s.Subnets.Has(on) || (on != dn && !s.Subnets.Has(dn)) {
		return ErrSubnetNotExists
	}
	if !subtokenEnabled(s, on) || !subtokenEnabled(s, dn) {
		return ErrSubtokenDisabled
	}
	if !s.Hotkeys.Has(oh) || !s.Hotkeys.Has(dh) {
		return ErrHotKeyAccountNotExists
	}
	if alpha > StakeOf(s, oh, oc, on) {
		return ErrNotEnoughStakeToWithdraw
	}
	if on != dn {
		r, err := simSwap(s, on, amm.Sell, alpha)
		if err != nil {
			return ErrInsufficientLiquidity
		}
		if r.AmountPaidOut <= s.P().DefaultMinStake {
			return ErrAmountTooLow
		}
		if allowPartial != nil && !*allowPartial && alpha > maxAmount {
			return ErrSlippageTooHigh
		}
	}
	if checkToggle {
		osn, _ := s.Subnets.Get(on)
		dsn, _ := s.Subnets.Get(dn)
		if !osn.TransferToggle || (on != dn && !dsn.TransferToggle) {
			return ErrTransferDisallowed
		}
	}
	return nil
}

// transferStakeWithinSubnet is transfer_stake_within_subnet: shares move
// without a swap or fee; the TAO equivalent at the current price must reach
// DefaultMinStake.
func transferStakeWithinSubnet(c *Ctx, oc, oh, dc, dh AccountID, n state.NetUID, alpha uint64) (uint64, error) {
	s := c.S
	if err := DecreaseStake(s, oh, oc, n, alpha); err != nil && ErrorName(err) == "" {
		return 0, err
	}
	if n == state.RootNet {
		AdjustRootClaimed(s, oh, oc, alpha, false)
	}
	if err := IncreaseStake(s, dh, dc, n, alpha); err != nil {
		return 0, err
	}
	if n == state.RootNet {
		AdjustRootClaimed(s, dh, dc, alpha, true)
	}
	tao := Price(s, n).SatMul(fixed.U64F64FromU64(alpha)).ToU64()
	if tao < s.P().DefaultMinStake {
		return 0, ErrAmountTooLow
	}
	c.Emit("StakeRemoved", "coldkey", oc, "hotkey", oh, "tao", tao, "alpha", alpha, "netuid", uint16(n), "fee", uint64(0))
	c.Emit("StakeAdded", "coldkey", dc, "hotkey", dh, "tao", tao, "alpha", alpha, "netuid", uint16(n), "fee", uint64(0))
	return tao, nil
}
