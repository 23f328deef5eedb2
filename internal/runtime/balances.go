package runtime

import (
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Free returns an account's free balance.
func Free(s *state.State, a AccountID) uint64 { return s.Accounts.GetOr(a, state.Account{}).Free }

// Credit adds amount to a's free balance. The caller accounts for where it
// came from (issuance, a pool, another account).
func Credit(s *state.State, a AccountID, amount uint64) error {
	if amount == 0 {
		return nil
	}
	acc := s.Accounts.GetOr(a, state.Account{})
	if acc.Free+amount < acc.Free {
		return ErrBalanceOverflow
	}
	acc.Free += amount
	s.Accounts.Set(a, acc)
	return nil
}

// Debit removes amount from a's free balance; keepAlive refuses to leave a
// non-zero balance below the existential deposit. When the balance left is
// dust (below the existential deposit) and keepAlive is false, the dust is
// removed too and issuance reduced by it (the account is reaped; its nonce
// is kept so transactions can never replay).
func Debit(s *state.State, a AccountID, amount uint64, keepAlive bool) error {
	acc := s.Accounts.GetOr(a, state.Account{})
	if acc.Free < amount {
		return ErrInsufficientBalance
	}
	left := acc.Free - amount
	ed := s.P().ExistentialDeposit
	if left > 0 && left < ed {
		if keepAlive {
			return ErrExpendability
		}
		g := s.G()
		g.TotalIssuance -= min(left, g.TotalIssuance)
		s.SetG(g)
		left = 0
	}
	acc.Free = left
	s.Accounts.Set(a, acc)
	return nil
}

// transferBalance moves value from one account to another with
// pallet-balances' existential-deposit rules.
func transferBalance(c *Ctx, from, to AccountID, value uint64, keepAlive bool) error {
	if value == 0 {
		return nil
	}
	if from == to {
		if Free(c.S, from) < value {
			return ErrInsufficientBalance
		}
		return nil
	}
	dest := Free(c.S, to)
	if dest == 0 && value < c.S.P().ExistentialDeposit {
		return ErrExistentialDeposit
	}
	if err := Debit(c.S, from, value, keepAlive); err != nil {
		return err
	}
	if err := Credit(c.S, to, value); err != nil {
		return err
	}
	c.Emit("Transfer", "from", from, "to", to, "amount", value)
	return nil
}

func callTransfer(c *Ctx, a tx.Transfer) error {
	return transferBalance(c, c.Signer, a.Dest, a.Value, false)
}

func callTransferKeepAlive(c *Ctx, a tx.TransferKeepAlive) error {
	return transferBalance(c, c.Signer, a.Dest, a.Value, true)
}

func callTransferAll(c *Ctx, a tx.TransferAll) error {
	free := Free(c.S, c.Signer)
	if a.KeepAlive {
		ed := c.S.P().ExistentialDeposit
		if free <= ed {
			return nil
		}
		free -= ed
	}
	return transferBalance(c, c.Signer, a.Dest, free, a.KeepAlive)
}
