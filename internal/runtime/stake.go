package runtime

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/sharepool"
	"github.com/taokit/taokit/internal/state"
)

// The staking family (dtao.md §4) [PS/staking/*.rs]. Modelling choices:
//   - taokit has no block author: swap fees are burned (TotalIssuance and
//     FeesBurned), the alpha fee of a sell after a fee-free sale for TAO, so
//     pools evolve as on a chain with an author;
//   - a subnet's TAO is pure accounting (Pool.TaoReserve); TAO the chain
//     would strand in a subnet account (a buy's partial fill) is recycled;
//   - locks (§4.11) are not modelled, so StakeUnavailable never occurs;
//   - transaction fees paid in alpha (§4.2, §7) belong to the fee layer;
//   - SubnetTaoFlow and LastColdkeyHotkeyStakeBlock are not recorded (no
//     reader in the current chain).

// Staking errors, named as pallet-subtensor names them.
// NotEnoughBalanceToStake is shared with registration (registration.go).
var (
	ErrAmountTooLow             = newErr("AmountTooLow")
	ErrNotEnoughStakeToWithdraw = newErr("NotEnoughStakeToWithdraw")
	ErrSlippageTooHigh          = newErr("SlippageTooHigh")
	ErrInsufficientLiquidity    = newErr("InsufficientLiquidity")
	ErrSameNetuid               = newErr("SameNetuid")
	ErrTransferDisallowed       = newErr("TransferDisallowed")
	// ErrBelowMinimum is TokenError::BelowMinimum: a fungible transfer out
	// of a subnet account that would create an account below the
	// existential deposit.
	ErrBelowMinimum = newErr("BelowMinimum")
)

// Staking calls pay the transaction fee (Pays::Yes); take changes are free.
func init() {
	register(callAddStake, false)
	register(callAddStakeLimit, false)
	register(callRemoveStake, false)
	register(callRemoveStakeLimit, false)
	register(callRemoveStakeFullLimit, false)
	register(callUnstakeAll, false)
	register(callUnstakeAllAlpha, false)
	register(callMoveStake, false)
	register(callTransferStake, false)
	register(callSwapStake, false)
	register(callSwapStakeLimit, false)
	extraInvariants = append(extraInvariants, checkStakeInvariants)
}

// --- Share-pool storage (HotkeyAlphaSharePoolDataOperations) ---

func hkNet(h AccountID, n state.NetUID) state.HotkeyNet { return state.HotkeyNet{Hotkey: h, Net: n} }

func shareKey(h, c AccountID, n state.NetUID) state.ShareKey {
	return state.ShareKey{Hotkey: h, Net: n, Coldkey: c}
}

// loadPool returns the stored (hotkey, subnet) pool and its share-pool view.
func loadPool(s *state.State, h AccountID, n state.NetUID) (state.StakePool, sharepool.Pool) {
	sp := s.Stakes.GetOr(hkNet(h, n), state.StakePool{})
	return sp, sharepool.PoolFromState(sp)
}

// storePool writes the pool totals back; a pool with nothing left is
// deleted (the chain removes TotalHotkeyAlpha and TotalHotkeySharesV2 when
// they are zero).
func storePool(s *state.State, h AccountID, n state.NetUID, sp state.StakePool, p sharepool.Pool) {
	sp.Value, sp.Denom = p.Value, p.Denom.State()
	if sp == (state.StakePool{}) {
		s.Stakes.Delete(hkNet(h, n))
		return
	}
	s.Stakes.Set(hkNet(h, n), sp)
}

// setShare stores a member's share; zero deletes it (AlphaV2 removal).
func setShare(s *state.State, k state.ShareKey, f sharepool.Float) {
	if f.IsZero() {
		s.Shares.Delete(k)
		return
	}
	s.Shares.Set(k, f.State())
}

// StakeOf is get_stake_for_hotkey_and_coldkey_on_subnet: the alpha coldkey
// holds through hotkey on subnet n (0 when it holds no share).
func StakeOf(s *state.State, hotkey, coldkey AccountID, n state.NetUID) uint64 {
	sh, ok := s.Shares.Get(shareKey(hotkey, coldkey, n))
	if !ok {
		return 0
	}
	_, p := loadPool(s, hotkey, n)
	return p.ValueOf(sharepool.FromState(sh))
}

// TotalHotkeyAlpha is get_stake_for_hotkey_on_subnet: the value of hotkey's
// share pool on subnet n.
func TotalHotkeyAlpha(s *state.State, hotkey AccountID, n state.NetUID) uint64 {
	return s.Stakes.GetOr(hkNet(hotkey, n), state.StakePool{}).Value
}

// toI64 is the chain's `amount as i64`; amounts above i64::MAX cannot arise
// from a real alpha supply and are refused rather than wrapped.
func toI64(alpha uint64) (int64, error) {
	if alpha > math.MaxInt64 {
		return 0, fmt.Errorf("stake amount %d overflows i64", alpha)
	}
	return int64(alpha), nil
}

// IncreaseStake is increase_stake_for_hotkey_and_coldkey_on_subnet: it buys
// alpha worth of shares for coldkey in hotkey's pool on n and, for a
// positive amount, indexes hotkey in the coldkey's StakingHotkeys.
func IncreaseStake(s *state.State, hotkey, coldkey AccountID, n state.NetUID, alpha uint64) error {
	u, err := toI64(alpha)
	if err != nil {
		return err
	}
	if alpha > 0 {
		indexStakingHotkey(s, coldkey, hotkey)
	}
	k := shareKey(hotkey, coldkey, n)
	sp, p := loadPool(s, hotkey, n)
	share := p.UpdateForOne(sharepool.FromState(s.Shares.GetOr(k, state.SafeFloat{})), u)
	setShare(s, k, share)
	storePool(s, hotkey, n, sp, p)
	return nil
}

// DecreaseStake is decrease_stake_for_hotkey_and_coldkey_on_subnet: it sells
// alpha worth of coldkey's shares. When coldkey holds less than alpha (or no
// share) nothing changes and ErrNotEnoughStakeToWithdraw is returned; the
// chain silently skips that case, and callers reproducing it ignore the error.
func DecreaseStake(s *state.State, hotkey, coldkey AccountID, n state.NetUID, alpha uint64) error {
	u, err := toI64(alpha)
	if err != nil {
		return err
	}
	k := shareKey(hotkey, coldkey, n)
	sh, ok := s.Shares.Get(k)
	if !ok {
		return ErrNotEnoughStakeToWithdraw
	}
	sp, p := loadPool(s, hotkey, n)
	cur := sharepool.FromState(sh)
	if p.ValueOf(cur) < alpha {
		return ErrNotEnoughStakeToWithdraw
	}
	setShare(s, k, p.UpdateForOne(cur, -u))
	storePool(s, hotkey, n, sp, p)
	return nil
}

// IncreaseStakeForAll is increase_stake_for_hotkey_on_subnet: alpha paid
// into hotkey's pool on n for all its stakers pro rata (emission); shares
// are unchanged.
func IncreaseStakeForAll(s *state.State, hotkey AccountID, n state.NetUID, alpha uint64) error {
	u, err := toI64(alpha)
	if err != nil {
		return err
	}
	sp, p := loadPool(s, hotkey, n)
	p.UpdateForAll(u)
	storePool(s, hotkey, n, sp, p)
	return nil
}

// canIncreaseStake is try_increase_stake_for_hotkey_and_coldkey_on_subnet
// (sim_update_value_for_one): whether alpha would buy a non-zero share.
func canIncreaseStake(s *state.State, hotkey AccountID, n state.NetUID, alpha uint64) bool {
	u, err := toI64(alpha)
	if err != nil {
		return false
	}
	_, p := loadPool(s, hotkey, n)
	return p.SimUpdateForOne(u)
}

func indexStakingHotkey(s *state.State, coldkey, hotkey AccountID) {
	ck := s.Coldkeys.GetOr(coldkey, state.Coldkey{})
	next := insertSorted(ck.StakingHotkeys, hotkey)
	if len(next) != len(ck.StakingHotkeys) {
		ck.StakingHotkeys = next
		s.Coldkeys.Set(coldkey, ck)
	}
}

// burnTao removes TAO that left a subnet account for nobody: swap fees
// (no block author in taokit, so they are burned as the chain burns fees
// without one) go to FeesBurned, other stranded TAO to Recycled.
func burnTao(s *state.State, fee, stranded uint64) {
	if fee == 0 && stranded == 0 {
		return
	}
	g := s.G()
	g.TotalIssuance = satSubU64(g.TotalIssuance, satAddU64(fee, stranded))
	g.FeesBurned = satAddU64(g.FeesBurned, fee)
	g.Recycled = satAddU64(g.Recycled, stranded)
	s.SetG(g)
}

// StakeIntoSubnet is stake_into_subnet (dtao.md §4.3 execution): move up to
// tao from coldkey's free balance into subnet n (keeping the account alive;
// InsufficientBalance when nothing can move), swap it for alpha with o,
// credit the alpha to (hotkey, coldkey) and burn the TAO fee. It returns
// the alpha staked. A partial fill's unswapped TAO, which the chain leaves
// stranded in the subnet account, is recycled so issuance stays equal to
// free balances plus pool reserves.
func StakeIntoSubnet(c *Ctx, hotkey, coldkey AccountID, n state.NetUID, tao uint64, o SwapOpts) (uint64, error) {
	s := c.S
	staked := uint64(0)
	if tao > 0 {
		if !s.Subnets.Has(n) {
			return 0, ErrSubnetNotExists
		}
		staked = min(tao, satSubU64(Free(s, coldkey), s.P().ExistentialDeposit))
		if staked == 0 {
			return 0, ErrInsufficientBalance
		}
		if err := Debit(s, coldkey, staked, true); err != nil {
			return 0, err
		}
	}
	o.Simulate = false
	r, err := SwapTaoForAlpha(s, n, staked, o)
	if err != nil {
		return 0, err
	}
	if r.AmountPaidOut == 0 {
		return 0, ErrAmountTooLow
	}
	if !canIncreaseStake(s, hotkey, n, r.AmountPaidOut) {
		return 0, ErrInsufficientLiquidity
	}
	if err := IncreaseStake(s, hotkey, coldkey, n, r.AmountPaidOut); err != nil {
		return 0, err
	}
	burnTao(s, r.FeeToBlockAuthor, satSubU64(staked, satAddU64(r.AmountPaidIn, r.FeeToBlockAuthor)))
	if n == state.RootNet {
		AdjustRootClaimed(s, hotkey, coldkey, r.AmountPaidOut, true)
	}
	c.Emit("StakeAdded", "coldkey", coldkey, "hotkey", hotkey, "tao", staked, "alpha", r.AmountPaidOut, "netuid", uint16(n), "fee", r.FeePaid)
	return r.AmountPaidOut, nil
}

// UnstakeFromSubnet is unstake_from_subnet (dtao.md §4.5 execution): sell
// alpha of coldkey's stake on n through hotkey with o, re-stake the unswapped
// part of a partial fill, credit the TAO to coldkey, and sell the alpha fee
// fee-free at the minimum price, burning the TAO (the block author's share
// on the chain). It returns the TAO paid to coldkey. Like the chain, the
// stake is decreased before the swap, and a decrease the stake cannot cover
// is skipped silently (the callers validate the amount first).
func UnstakeFromSubnet(c *Ctx, hotkey, coldkey AccountID, n state.NetUID, alpha uint64, o SwapOpts) (uint64, error) {
	s := c.S
	if err := DecreaseStake(s, hotkey, coldkey, n, alpha); err != nil && ErrorName(err) == "" {
		return 0, err
	}
	o.Simulate = false
	r, err := SwapAlphaForTao(s, n, alpha, o)
	if err != nil {
		return 0, err
	}
	if refund := satSubU64(alpha, satAddU64(r.AmountPaidIn, r.FeePaid)); refund > 0 {
		if err := IncreaseStake(s, hotkey, coldkey, n, refund); err != nil {
			return 0, err
		}
	}
	if err := creditFromSubnet(s, coldkey, r.AmountPaidOut); err != nil {
		return 0, err
	}
	if fee := r.FeeToBlockAuthor; fee > 0 {
		fr, err := SwapAlphaForTao(s, n, fee, SwapOpts{DropFees: true})
		if err != nil {
			return 0, err
		}
		burnTao(s, fr.AmountPaidOut, 0)
	}
	if n == state.RootNet {
		AdjustRootClaimed(s, hotkey, coldkey, alpha, false)
	}
	c.Emit("StakeRemoved", "coldkey", coldkey, "hotkey", hotkey, "tao", r.AmountPaidOut, "alpha", r.AmountPaidIn, "netuid", uint16(n), "fee", r.FeePaid)
	return r.AmountPaidOut, nil
}

// creditFromSubnet is transfer_tao_from_subnet: an expendable transfer out
// of the subnet account, refused (BelowMinimum) when it would create an
// account below the existential deposit.
func creditFromSubnet(s *state.State, to AccountID, amount uint64) error {
	if amount == 0 {
		return nil
	}
	if Free(s, to) == 0 && amount < s.P().ExistentialDeposit {
		return ErrBelowMinimum
	}
	return Credit(s, to, amount)
}

// simSwap is sim_swap: a simulated swap with fees at the default limit on a
// dynamic subnet; other mechanisms trade 1:1 with no fee.
func simSwap(s *state.State, n state.NetUID, side amm.Side, amount uint64) (amm.SwapResult, error) {
	sn, _ := s.Subnets.Get(n)
	if sn.Mechanism != MechanismDynamic {
		return amm.SwapResult{AmountPaidIn: amount, AmountPaidOut: amount}, nil
	}
	if side == amm.Sell {
		return SwapAlphaForTao(s, n, amount, SwapOpts{Simulate: true})
	}
	return SwapTaoForAlpha(s, n, amount, SwapOpts{Simulate: true})
}

func isDynamic(s *state.State, n state.NetUID) bool {
	sn, _ := s.Subnets.Get(n)
	return n != state.RootNet && sn.Mechanism == MechanismDynamic
}

func subtokenEnabled(s *state.State, n state.NetUID) bool {
	sn, _ := s.Subnets.Get(n)
	return sn.SubtokenEnabled
}

// maybeBecomeDelegate is maybe_become_delegate: a hotkey without an explicit
// Delegates entry gets one at its current take.
func maybeBecomeDelegate(s *state.State, hotkey AccountID) {
	h, ok := s.Hotkeys.Get(hotkey)
	if !ok || h.TakeSet {
		return
	}
	h.TakeSet = true
	s.Hotkeys.Set(hotkey, h)
}

// hotkeyOwner returns the coldkey owning hotkey (zero when unknown).
func hotkeyOwner(s *state.State, hotkey AccountID) AccountID {
	return s.Hotkeys.GetOr(hotkey, state.Hotkey{}).Owner
}

// AdjustRootClaimed is the RootClaimed seam of dtao.md §2.9, called on every
// change of root stake: for each subnet i with RootClaimable[hotkey][i], the
// high-water mark RootClaimed[(i, hotkey, coldkey)] rises (add) or falls
// (remove, skipping root itself) by ⌊rate·amount⌋, saturating
// [add_stake_adjust_root_claimed_for_hotkey_and_coldkey,
// remove_stake_adjust_root_claimed_for_hotkey_and_coldkey].
func AdjustRootClaimed(s *state.State, hotkey, coldkey AccountID, amount uint64, add bool) {
	for _, i := range s.Subnets.Keys() {
		rc, ok := s.RootDivs.Get(hkNet(hotkey, i))
		if !ok || (!add && i == state.RootNet) {
			continue
		}
		rate := fixed.I96F32FromBits(rc.RateBits[0], rc.RateBits[1])
		d := rate.SatMul(fixed.I96F32FromU64(amount))
		var dHi, dLo uint64
		if !d.IsNeg() {
			dHi, dLo = d.FloorU128()
		}
		k := shareKey(hotkey, coldkey, i)
		cur := s.Claimed.GetOr(k, [2]uint64{})
		var next [2]uint64
		if add {
			next = satAddU128(cur, [2]uint64{dHi, dLo})
		} else {
			next = satSubU128(cur, [2]uint64{dHi, dLo})
		}
		s.Claimed.Set(k, next)
	}
}

func satAddU128(a, b [2]uint64) [2]uint64 {
	lo, c := bits.Add64(a[1], b[1], 0)
	hi, c := bits.Add64(a[0], b[0], c)
	if c != 0 {
		return [2]uint64{math.MaxUint64, math.MaxUint64}
	}
	return [2]uint64{hi, lo}
}

func satSubU128(a, b [2]uint64) [2]uint64 {
	lo, bw := bits.Sub64(a[1], b[1], 0)
	hi, bw := bits.Sub64(a[0], b[0], bw)
	if bw != 0 {
		return [2]uint64{}
	}
	return [2]uint64{hi, lo}
}

// checkStakeInvariants: no (hotkey, subnet) share pool owes its coldkeys
// more than its value, and the alpha staked on a subnet never exceeds its
// outstanding alpha (SubnetAlphaOut).
func checkStakeInvariants(s *state.State) error {
	owed := map[state.HotkeyNet]uint64{}
	var err error
	s.Shares.Each(func(k state.ShareKey, sh state.SafeFloat) {
		if err != nil {
			return
		}
		hn := hkNet(k.Hotkey, k.Net)
		_, p := loadPool(s, k.Hotkey, k.Net)
		v := p.ValueOf(sharepool.FromState(sh))
		if owed[hn]+v < owed[hn] {
			err = fmt.Errorf("stake pool %v/%d: owed alpha overflows", k.Hotkey, k.Net)
			return
		}
		owed[hn] += v
	})
	if err != nil {
		return err
	}
	staked := map[state.NetUID]uint64{}
	s.Stakes.Each(func(k state.HotkeyNet, sp state.StakePool) {
		if err != nil {
			return
		}
		if !s.Pools.Has(k.Net) && sp.Value > 0 {
			err = fmt.Errorf("subnet %d: alpha staked on a subnet without a pool", k.Net)
			return
		}
		if o := owed[k]; o > sp.Value {
			err = fmt.Errorf("stake pool %v on subnet %d owes %d alpha but holds %d", k.Hotkey, k.Net, o, sp.Value)
			return
		}
		staked[k.Net] = satAddU64(staked[k.Net], sp.Value)
	})
	if err != nil {
		return err
	}
	for _, n := range s.Pools.Keys() {
		if pl, _ := s.Pools.Get(n); staked[n] > pl.AlphaOut {
			return fmt.Errorf("subnet %d: %d alpha staked but only %d outstanding", n, staked[n], pl.AlphaOut)
		}
	}
	return nil
}
