package runtime

import (
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Delegate take (dtao.md §4.13) [PS/staking/increase_take.rs, decrease_take.rs;
// PS/utils/misc.rs::do_take_checks; PS/utils/rate_limiting.rs::
// exceeds_tx_delegate_take_rate_limit].

// Take errors.
var (
	ErrDelegateTakeTooLow          = newErr("DelegateTakeTooLow")
	ErrDelegateTakeTooHigh         = newErr("DelegateTakeTooHigh")
	ErrDelegateTxRateLimitExceeded = newErr("DelegateTxRateLimitExceeded")
)

func init() {
	register(callIncreaseTake, true)
	register(callDecreaseTake, true)
}

// takeChecks is do_take_checks: the hotkey exists and the signer owns it.
func takeChecks(s *state.State, coldkey, hotkey AccountID) (state.Hotkey, error) {
	h, ok := s.Hotkeys.Get(hotkey)
	if !ok {
		return h, ErrHotKeyAccountNotExists
	}
	if h.Owner != coldkey {
		return h, ErrNonAssociatedColdKey
	}
	return h, nil
}

// takeRateLimited is exceeds_tx_delegate_take_rate_limit.
func takeRateLimited(s *state.State, last, now uint64) bool {
	limit := s.P().TxDelegateTakeRateLimit
	if limit == 0 || last == 0 {
		return false
	}
	return satSubU64(now, last) <= limit
}

func callIncreaseTake(c *Ctx, a tx.IncreaseTake) error {
	s := c.S
	h, err := takeChecks(s, c.Signer, a.Hotkey)
	if err != nil {
		return err
	}
	if h.TakeSet && a.Take <= h.Take {
		return ErrDelegateTakeTooLow
	}
	if a.Take > s.P().MaxDelegateTake {
		return ErrDelegateTakeTooHigh
	}
	if takeRateLimited(s, h.LastTakeChange, c.Block) {
		return ErrDelegateTxRateLimitExceeded
	}
	h.Take, h.TakeSet, h.LastTakeChange = a.Take, true, c.Block
	s.Hotkeys.Set(a.Hotkey, h)
	c.Emit("TakeIncreased", "coldkey", c.Signer, "hotkey", a.Hotkey, "take", a.Take)
	return nil
}

func callDecreaseTake(c *Ctx, a tx.DecreaseTake) error {
	s := c.S
	h, err := takeChecks(s, c.Signer, a.Hotkey)
	if err != nil {
		return err
	}
	if h.TakeSet && a.Take >= h.Take {
		return ErrDelegateTakeTooLow
	}
	if a.Take < s.P().MinDelegateTake {
		return ErrDelegateTakeTooLow
	}
	h.Take, h.TakeSet, h.LastTakeChange = a.Take, true, c.Block
	s.Hotkeys.Set(a.Hotkey, h)
	c.Emit("TakeDecreased", "coldkey", c.Signer, "hotkey", a.Hotkey, "take", a.Take)
	return nil
}
