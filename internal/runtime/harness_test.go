package runtime

import (
	"testing"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/state"
)

// Shared test harness for the call families.

// acct returns the account of a secret URI such as "//Alice" or "//Alice//hot".
func acct(t testing.TB, suri string) AccountID {
	t.Helper()
	kp, err := keys.FromSURI(suri)
	if err != nil {
		t.Fatal(err)
	}
	return kp.AccountID()
}

// newTestState returns a genesis state with the root subnet and the given
// accounts funded (RAO), total issuance matching.
func newTestState(t testing.TB, funded map[string]uint64) *state.State {
	t.Helper()
	s := state.New()
	s.Params.Set(struct{}{}, state.DefaultParams())
	g := state.Globals{Sudo: acct(t, "//Alice")}
	for _, name := range sortedKeys(funded) {
		s.Accounts.Set(acct(t, name), state.Account{Free: funded[name]})
		g.TotalIssuance += funded[name]
	}
	s.SetG(g)
	if err := InitGenesis(s, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// withParams edits the chain parameters.
func withParams(s *state.State, f func(*state.Params)) {
	p := s.P()
	f(&p)
	s.Params.Set(struct{}{}, p)
}

// callAs dispatches a call as signer at block and reverts it on error, like
// the chain does, returning the chain error name ("" on success).
func callAs(t testing.TB, s *state.State, block uint64, signer AccountID, call interface{ CallName() string }) string {
	t.Helper()
	c := NewCtx(s, block, signer)
	cp := s.Checkpoint()
	if err := Dispatch(c, call.(txCall)); err != nil {
		s.Revert(cp)
		name := ErrorName(err)
		if name == "" {
			t.Fatalf("%s: non-chain error %v", call.CallName(), err)
		}
		return name
	}
	return ""
}

// mustInvariants fails the test if a state invariant is broken.
func mustInvariants(t testing.TB, s *state.State) {
	t.Helper()
	if err := CheckInvariants(s); err != nil {
		t.Fatal(err)
	}
}

// newSubnet registers a subnet owned by owner with hotkey at block and
// returns its netuid; started makes it stakeable (start_call).
func newSubnet(t testing.TB, s *state.State, block uint64, owner, hotkey AccountID, started bool) state.NetUID {
	t.Helper()
	n := nextNetuid(s)
	if e := callAs(t, s, block, owner, txRegisterNetwork(hotkey)); e != "" {
		t.Fatalf("register_network: %s", e)
	}
	if started {
		if e := callAs(t, s, block, owner, txStartCall(n)); e != "" {
			t.Fatalf("start_call: %s", e)
		}
	}
	return n
}
