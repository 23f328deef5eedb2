package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

func TestTransferCalls(t *testing.T) {
	const ed = 500
	for _, tc := range []struct {
		name      string
		call      func(alice, bob, carol AccountID) tx.Call
		signer    string
		err       string
		wantAlice uint64
		wantDest  uint64
	}{
		{"transfer", func(_, b, _ AccountID) tx.Call { return tx.Transfer{Dest: b, Value: 400_000} }, "//Alice", "", 600_000, 400_000},
		{"insufficient balance", func(_, b, _ AccountID) tx.Call { return tx.Transfer{Dest: b, Value: 1_000_001} }, "//Alice", "InsufficientBalance", 1_000_000, 0},
		{"below existential deposit to a new account", func(_, _, c AccountID) tx.Call { return tx.Transfer{Dest: c, Value: ed - 1} }, "//Alice", "ExistentialDeposit", 1_000_000, 0},
		{"dust to an existing account is fine", func(a, _, _ AccountID) tx.Call { return tx.Transfer{Dest: a, Value: 1} }, "//Bob", "", 1_000_000, 0},
		{"reap leaves no dust", func(_, b, _ AccountID) tx.Call { return tx.Transfer{Dest: b, Value: 1_000_000 - 100} }, "//Alice", "", 0, 999_900},
		{"keep alive refuses to reap", func(_, b, _ AccountID) tx.Call { return tx.TransferKeepAlive{Dest: b, Value: 1_000_000 - 100} }, "//Alice", "Expendability", 1_000_000, 0},
		{"keep alive", func(_, b, _ AccountID) tx.Call { return tx.TransferKeepAlive{Dest: b, Value: 1_000} }, "//Alice", "", 999_000, 1_000},
		{"transfer all", func(_, b, _ AccountID) tx.Call { return tx.TransferAll{Dest: b} }, "//Alice", "", 0, 1_000_000},
		{"transfer all keep alive", func(_, b, _ AccountID) tx.Call { return tx.TransferAll{Dest: b, KeepAlive: true} }, "//Alice", "", ed, 1_000_000 - ed},
		{"to self", func(a, _, _ AccountID) tx.Call { return tx.Transfer{Dest: a, Value: 10} }, "//Alice", "", 1_000_000, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestState(t, map[string]uint64{"//Alice": 1_000_000, "//Bob": 1_000_000})
			alice, bob, carol := acct(t, "//Alice"), acct(t, "//Bob"), acct(t, "//Carol")
			before := s.G().TotalIssuance
			c := tc.call(alice, bob, carol)
			if e := callAs(t, s, 1, acct(t, tc.signer), c); e != tc.err {
				t.Fatalf("error %q, want %q", e, tc.err)
			}
			if tc.signer != "//Alice" {
				return
			}
			if got := Free(s, alice); got != tc.wantAlice {
				t.Errorf("alice %d, want %d", got, tc.wantAlice)
			}
			if tc.wantDest > 0 {
				d := bob
				if got := Free(s, d) - 1_000_000; got != tc.wantDest {
					t.Errorf("dest received %d, want %d", got, tc.wantDest)
				}
			}
			// Reaping removes the dust from issuance; nothing else changes it.
			wantIss := before
			if tc.name == "reap leaves no dust" {
				wantIss -= 100
			}
			if s.G().TotalIssuance != wantIss {
				t.Errorf("issuance %d, want %d", s.G().TotalIssuance, wantIss)
			}
			mustInvariants(t, s)
		})
	}
}

func TestReapedAccountKeepsNonce(t *testing.T) {
	s := newTestState(t, map[string]uint64{"//Alice": 1_000_000, "//Bob": 1_000_000})
	alice := acct(t, "//Alice")
	acc := s.Accounts.GetOr(alice, state.Account{})
	acc.Nonce = 7
	s.Accounts.Set(alice, acc)
	if e := callAs(t, s, 1, alice, tx.TransferAll{Dest: acct(t, "//Bob")}); e != "" {
		t.Fatal(e)
	}
	if got := s.Accounts.GetOr(alice, state.Account{}); got.Free != 0 || got.Nonce != 7 {
		t.Fatalf("reaped account %+v: the nonce must survive", got)
	}
}
