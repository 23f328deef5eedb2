package runtime

import (
	"github.com/taokit/taokit/internal/pow"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Neuron registration (dtao.md §6.1–§6.2).
var (
	ErrNotEnoughBalanceToStake         = newErr("NotEnoughBalanceToStake")
	ErrRegistrationPriceLimitExceeded  = newErr("RegistrationPriceLimitExceeded")
	ErrTransactorAccountShouldBeHotKey = newErr("TransactorAccountShouldBeHotKey")
	ErrInvalidWorkBlock                = newErr("InvalidWorkBlock")
	ErrInvalidDifficulty               = newErr("InvalidDifficulty")
	ErrInvalidSeal                     = newErr("InvalidSeal")
	ErrWorkRepeated                    = newErr("WorkRepeated")
)

// BlockHashRetention is how many recent block hashes the state keeps for
// PoW seals (work is only valid for pow.WorkValidityBlocks blocks).
const BlockHashRetention = 256

// RecordBlockHash stores the hash of block height (frame_system's BlockHash)
// and forgets the hash of height − BlockHashRetention. A begin-block hook
// records each block's parent hash from Ctx.Parent; a PoW seal for block b uses the hash recorded for b, or
// the zero hash when none is (as frame_system::block_hash does).
func RecordBlockHash(s *state.State, height uint64, hash [32]byte) {
	s.BlockHashes.Set(height, hash)
	if height >= BlockHashRetention {
		s.BlockHashes.Delete(height - BlockHashRetention)
	}
}

// recordParentHash is frame_system's initialize step BlockHash[n−1] =
// parent_hash: at block n the hash of block n−1 (Ctx.Parent) becomes
// available to PoW seals. The block's own hash is never known inside it
// (block_hash(now) is the zero hash, as in substrate).
func recordParentHash(c *Ctx) error {
	if c.Block > 0 && c.Parent != ([32]byte{}) {
		RecordBlockHash(c.S, c.Block-1, c.Parent)
	}
	return nil
}

// BlockHash returns the recorded hash of block height, or the zero hash.
func BlockHash(s *state.State, height uint64) [32]byte {
	return s.BlockHashes.GetOr(height, [32]byte{})
}

// pruneUsedWork forgets work that can no longer be accepted: work for block
// b is valid only while now − b < pow.WorkValidityBlocks.
func pruneUsedWork(s *state.State, now uint64) {
	if s.UsedWork.Len() == 0 {
		return
	}
	for _, w := range s.UsedWork.Keys() {
		if b, _ := s.UsedWork.Get(w); now >= b && now-b >= pow.WorkValidityBlocks {
			s.UsedWork.Delete(w)
		}
	}
}

// burnedRegister is do_register / do_register_limit (limit non-nil): the
// checks in the chain's order, the payment (burn → pool swap at max price →
// bought alpha recycled), the uid, the price bump and the counters.
//
// The swap's fee would go to the block author; taokit has none, so it is
// burned (TotalIssuance and FeesBurned), like the transaction fee.
func burnedRegister(c *Ctx, n state.NetUID, hotkey AccountID, limit *uint64) error {
	s, coldkey := c.S, c.Signer
	if n == state.RootNet {
		return ErrRegistrationNotPermittedOnRootNet
	}
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return ErrSubnetNotExists
	}
	em, _ := s.Emissions.Get(n)
	cost := em.Burn
	if limit != nil && cost > *limit {
		return ErrRegistrationPriceLimitExceeded
	}
	if !sn.NetworkRegistrationAllowed {
		return ErrSubNetRegistrationDisabled
	}
	if s.Uids.Has(state.NetHotkey{Net: n, Hotkey: hotkey}) {
		return ErrHotKeyAlreadyRegisteredInSubNet
	}
	// Keep-alive spendable balance: free − existential deposit.
	if satSubU64(Free(s, coldkey), s.P().ExistentialDeposit) < cost {
		return ErrNotEnoughBalanceToStake
	}
	if err := pairHotkey(s, coldkey, hotkey); err != nil {
		return err
	}
	if err := canRegisterNeuron(c, n, sn); err != nil {
		return err
	}
	if err := payRegistration(c, n, coldkey, cost); err != nil {
		return err
	}
	uid, err := registerNeuron(c, n, hotkey)
	if err != nil {
		return err
	}
	em, _ = s.Emissions.Get(n)
	em.Burn = BumpedBurn(em.Burn, sn)
	if em.RegistrationsThisBlk != ^uint16(0) {
		em.RegistrationsThisBlk++
	}
	em.RAORecycledForReg = satAddU64(em.RAORecycledForReg, cost)
	s.Emissions.Set(n, em)
	c.Emit("NeuronRegistered", "netuid", uint16(n), "uid", uid, "hotkey", hotkey)
	return nil
}

// pairHotkey is create_account_if_non_existent + coldkey_owns_hotkey. The
// all-zero account stands for subtensor's system (subnet) accounts, which
// cannot be hotkeys.
func pairHotkey(s *state.State, coldkey, hotkey AccountID) error {
	if hotkey.IsZero() {
		return ErrCannotUseSystemAccount
	}
	ensureHotkeyOwner(s, hotkey, coldkey)
	if h, _ := s.Hotkeys.Get(hotkey); h.Owner != coldkey {
		return ErrNonAssociatedColdKey
	}
	return nil
}

// payRegistration moves cost from coldkey (keep-alive) into subnet n's pool
// as a buy at max price and recycles the alpha bought.
func payRegistration(c *Ctx, n state.NetUID, coldkey AccountID, cost uint64) error {
	if cost == 0 {
		return nil
	}
	s := c.S
	if err := Debit(s, coldkey, cost, true); err != nil {
		return err
	}
	r, err := SwapTaoForAlpha(s, n, cost, SwapOpts{})
	if err != nil {
		return err
	}
	pl, _ := s.Pools.Get(n)
	pl.AlphaOut = satSubU64(pl.AlphaOut, r.AmountPaidOut)
	s.Pools.Set(n, pl)
	g := s.G()
	burned := r.FeeToBlockAuthor
	if left := satSubU64(cost, satAddU64(r.AmountPaidIn, r.FeePaid)); left > 0 {
		// Never with the max-price limit (a full fill); returned if it were.
		if err := Credit(s, coldkey, left); err != nil {
			return err
		}
	}
	if unrouted := satSubU64(r.FeePaid, r.FeeToBlockAuthor); unrouted > 0 {
		burned = satAddU64(burned, unrouted)
	}
	g.TotalIssuance = satSubU64(g.TotalIssuance, burned)
	g.FeesBurned = satAddU64(g.FeesBurned, burned)
	s.SetG(g)
	return nil
}

func callBurnedRegister(c *Ctx, a tx.BurnedRegister) error {
	return burnedRegister(c, state.NetUID(a.Netuid), a.Hotkey, nil)
}

func callRegisterLimit(c *Ctx, a tx.RegisterLimit) error {
	limit := a.LimitPrice
	return burnedRegister(c, state.NetUID(a.Netuid), a.Hotkey, &limit)
}

// callRegisterPow is proof-of-work registration, a per-subnet option
// (PowRegistrationAllowed, Difficulty) following subtensor's historical
// do_registration (dtao.md §6.2, ecosystem.md §4), in this order:
//
//  1. signed by the hotkey (TransactorAccountShouldBeHotKey);
//  2. not root (RegistrationNotPermittedOnRootSubnet), the subnet exists
//     (SubnetNotExists), PoW registration allowed (SubNetRegistrationDisabled);
//  3. the hotkey is not registered (HotKeyAlreadyRegisteredInSubNet);
//  4. block_number ≤ now and now − block_number < 3 (InvalidWorkBlock);
//  5. work is 32 bytes read as a BIG-endian U256 W (pow.ChainOrder: taokit's
//     adopted rule, ecosystem.md §4.2, so the Python client's and cubit's
//     seals carry over; subtensor since mid 2025 reads little-endian) with
//     W·Difficulty not overflowing 2²⁵⁶ (InvalidDifficulty; a work of
//     another length is InvalidSeal);
//  6. work == keccak256(sha256(nonce_le8 ‖ keccak256(block_hash ‖ hotkey)))
//     where block_hash is the hash RecordBlockHash stored for block_number,
//     or 32 zero bytes (InvalidSeal) — exactly internal/pow's Verify with
//     pow.ChainOrder;
//  7. the work was not used before (WorkRepeated). Subtensor recorded
//     UsedWork but never checked it, so the same seal could register again
//     after a deregistration within its 3-block window; taokit refuses it;
//  8. the coldkey pairing (CannotUseSystemAccount, NonAssociatedColdKey) and
//     capacity (NoNeuronIdAvailable).
//
// No burn is paid and the burn price is not bumped. The historical per-block
// and per-interval registration caps are not enforced (the current chain
// has none for subnets).
func callRegisterPow(c *Ctx, a tx.RegisterPow) error {
	s := c.S
	if c.Signer != a.Hotkey {
		return ErrTransactorAccountShouldBeHotKey
	}
	n := state.NetUID(a.Netuid)
	if n == state.RootNet {
		return ErrRegistrationNotPermittedOnRootNet
	}
	sn, ok := s.Subnets.Get(n)
	if !ok {
		return ErrSubnetNotExists
	}
	if !sn.PowRegistrationAllowed {
		return ErrSubNetRegistrationDisabled
	}
	if s.Uids.Has(state.NetHotkey{Net: n, Hotkey: a.Hotkey}) {
		return ErrHotKeyAlreadyRegisteredInSubNet
	}
	if pow.CheckWorkBlock(a.BlockNumber, c.Block) != nil {
		return ErrInvalidWorkBlock
	}
	if len(a.Work) != 32 {
		return ErrInvalidSeal
	}
	work := [32]byte(a.Work)
	p := pow.Problem{BlockHash: BlockHash(s, a.BlockNumber), Hotkey: a.Hotkey, Difficulty: sn.Difficulty, Order: pow.ChainOrder}
	if err := pow.Verify(p, a.Nonce, work); err != nil {
		if !pow.MeetsDifficultyOrder(work, sn.Difficulty, pow.ChainOrder) {
			return ErrInvalidDifficulty
		}
		return ErrInvalidSeal
	}
	if s.UsedWork.Has(work) {
		return ErrWorkRepeated
	}
	if err := pairHotkey(s, a.Coldkey, a.Hotkey); err != nil {
		return err
	}
	if err := canRegisterNeuron(c, n, sn); err != nil {
		return err
	}
	uid, err := registerNeuron(c, n, a.Hotkey)
	if err != nil {
		return err
	}
	s.UsedWork.Set(work, a.BlockNumber)
	em, _ := s.Emissions.Get(n)
	if em.RegistrationsThisBlk != ^uint16(0) {
		em.RegistrationsThisBlk++
	}
	s.Emissions.Set(n, em)
	c.Emit("NeuronRegistered", "netuid", uint16(n), "uid", uid, "hotkey", a.Hotkey)
	return nil
}

func init() {
	registerBeginHook(StageRegistration, "record_parent_hash", recordParentHash)
	register(callBurnedRegister, false)
	register(callRegisterLimit, false)
	register(callRegisterPow, true) // work, not TAO, pays for it: a new hotkey has no balance
}
