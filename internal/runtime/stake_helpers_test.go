package runtime

import (
	"sync"
	"testing"

	"github.com/taokit/taokit/internal/sharepool"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

const rTAO = 1_000_000_000

// stakeEnv is a chain with three subnets owned by //Alice: n1 and n2 started
// (pools of 100 and 200 TAO at price 1), n3 registered but not started.
// //Bob and //Carol are funded stakers; //Bob//hot is a hotkey owned by Bob.
type stakeEnv struct {
	s                 *state.State
	block             uint64
	alice, bob, carol AccountID
	aHot1, aHot2      AccountID // owner hotkeys of n1, n2
	aHot3, bHot       AccountID
	n1, n2, n3        state.NetUID
	st                *store.MemStore
	height            uint64
}

// stAccounts caches key derivations (slow under the race detector).
var stAccounts sync.Map

// stAcct is acct with a cache.
func stAcct(t testing.TB, suri string) AccountID {
	if v, ok := stAccounts.Load(suri); ok {
		return v.(AccountID)
	}
	a := acct(t, suri)
	stAccounts.Store(suri, a)
	return a
}

// stNewState is newTestState with cached accounts: //Alice (sudo) holds
// 100 000 TAO, //Bob and //Carol 10 000 TAO each.
func stNewState(t testing.TB) *state.State {
	t.Helper()
	s := state.New()
	s.Params.Set(struct{}{}, state.DefaultParams())
	g := state.Globals{Sudo: stAcct(t, "//Alice")}
	for _, f := range []struct {
		name string
		v    uint64
	}{{"//Alice", 100_000 * rTAO}, {"//Bob", 10_000 * rTAO}, {"//Carol", 10_000 * rTAO}} {
		s.Accounts.Set(stAcct(t, f.name), state.Account{Free: f.v})
		g.TotalIssuance += f.v
	}
	s.SetG(g)
	if err := InitGenesis(s, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func newStakeEnv(t testing.TB) *stakeEnv {
	t.Helper()
	s := stNewState(t)
	withParams(s, func(p *state.Params) {
		p.NetworkMinLockCost = 100 * rTAO
		p.NetworkRateLimit = 0
	})
	e := &stakeEnv{s: s, block: 10,
		alice: stAcct(t, "//Alice"), bob: stAcct(t, "//Bob"), carol: stAcct(t, "//Carol"),
		aHot1: stAcct(t, "//Alice//h1"), aHot2: stAcct(t, "//Alice//h2"), aHot3: stAcct(t, "//Alice//h3"),
		bHot: stAcct(t, "//Bob//hot"),
	}
	e.n1 = newSubnet(t, s, 1, e.alice, e.aHot1, true)
	e.n2 = newSubnet(t, s, 2, e.alice, e.aHot2, true)
	e.n3 = newSubnet(t, s, 3, e.alice, e.aHot3, false)
	ensureHotkeyOwner(s, e.bHot, e.bob)
	s.Discard()
	mustInvariants(t, s)
	return e
}

// do dispatches call as signer at the env's block.
func (e *stakeEnv) do(t testing.TB, signer AccountID, call tx.Call) string {
	t.Helper()
	return callAs(t, e.s, e.block, signer, call)
}

// mustDo dispatches and fails the test on a chain error.
func (e *stakeEnv) mustDo(t testing.TB, signer AccountID, call tx.Call) {
	t.Helper()
	if name := e.do(t, signer, call); name != "" {
		t.Fatalf("%s: %s", call.CallName(), name)
	}
	mustInvariants(t, e.s)
}

// stake adds rTAO as signer to hotkey on n and returns the alpha held after.
func (e *stakeEnv) stake(t testing.TB, signer, hotkey AccountID, n state.NetUID, amount uint64) uint64 {
	t.Helper()
	e.mustDo(t, signer, tx.AddStake{Hotkey: hotkey, Netuid: uint16(n), Amount: amount})
	return StakeOf(e.s, hotkey, signer, n)
}

// root flushes the state's changes into the env's memory store and returns
// the store's state root: equal roots mean equal states.
func (e *stakeEnv) root(t testing.TB) store.Hash {
	t.Helper()
	if e.st == nil {
		e.st = store.NewMemory(store.Options{Retain: 1})
	}
	b := store.NewBatch()
	if err := e.s.Flush(b); err != nil {
		t.Fatal(err)
	}
	e.height++
	r, err := e.st.Commit(e.height, b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// stCase is one row of a call table test.
type stCase struct {
	name   string
	setup  func(t *testing.T, e *stakeEnv)
	signer func(e *stakeEnv) AccountID // default //Bob
	call   func(e *stakeEnv) tx.Call
	want   string // chain error name, "" for success
	check  func(t *testing.T, e *stakeEnv)
}

// stRun runs each row on a fresh environment: the call must fail
// with want leaving the state unchanged, or succeed keeping the invariants
// and pass check.
func stRun(t *testing.T, cases []stCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newStakeEnv(t)
			if tc.setup != nil {
				tc.setup(t, e)
			}
			signer := e.bob
			if tc.signer != nil {
				signer = tc.signer(e)
			}
			before := e.root(t)
			got := e.do(t, signer, tc.call(e))
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if tc.want != "" {
				if after := e.root(t); after != before {
					t.Fatalf("failed call changed state: root %x → %x", before, after)
				}
				return
			}
			mustInvariants(t, e.s)
			if tc.check != nil {
				tc.check(t, e)
			}
		})
	}
}

// stSetPool edits subnet n's pool reserves directly (test setup only).
func stSetPool(s *state.State, n state.NetUID, f func(*state.Pool)) {
	pl, _ := s.Pools.Get(n)
	f(&pl)
	s.Pools.Set(n, pl)
}

// stValueless gives hotkey a pool with shares but no value on n, the
// state in which the snapshot's share pool refuses deposits.
func stValueless(s *state.State, hotkey AccountID, n state.NetUID) {
	s.Stakes.Set(hkNet(hotkey, n), state.StakePool{Denom: sharepool.FromU64(5).State()})
}

func txRemove(h AccountID, n state.NetUID, amount uint64) tx.Call {
	return tx.RemoveStake{Hotkey: h, Netuid: uint16(n), Amount: amount}
}
