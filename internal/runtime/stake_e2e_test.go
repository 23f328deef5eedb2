package runtime_test

import (
	"testing"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

const e2eTAO = 1_000_000_000

func e2eGenesis() *chain.Genesis {
	g := chain.DevGenesis()
	g.Subnets = []runtime.GenesisSubnet{{Owner: "//Alice", Hotkey: "//Alice//hot", Lock: 1_000 * e2eTAO, Started: true}}
	return g
}

func openE2E(t *testing.T) *chain.App {
	t.Helper()
	a, err := chain.Open(store.NewMemory(store.Options{}), e2eGenesis(), chain.Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestStakingEndToEnd drives the staking calls through the ABCI-shaped app:
// signed transactions, fees, blocks, commits and the invariant check after
// every block. Signatures are randomised, so the blocks are signed once and
// replayed on a second fresh store, which must reach the same state root.
func TestStakingEndToEnd(t *testing.T) {
	probe := openE2E(t)
	alice, _ := keys.DevKeyByName("Alice")
	bob, _ := keys.DevKeyByName("Bob")
	hot, err := keys.FromSURI("//Alice//hot")
	if err != nil {
		t.Fatal(err)
	}
	h := hot.AccountID()
	nonces := map[keys.AccountID]uint64{}
	sign := func(kp *keys.Keypair, c tx.Call) []byte {
		raw, err := tx.Sign(kp, probe.GenesisHash(), nonces[kp.AccountID()], c)
		if err != nil {
			t.Fatal(err)
		}
		nonces[kp.AccountID()]++
		return raw
	}
	blocks := [][][]byte{
		{
			sign(bob, tx.AddStake{Hotkey: h, Netuid: 1, Amount: 100 * e2eTAO}),
			sign(bob, tx.AddStake{Hotkey: h, Netuid: 0, Amount: 5 * e2eTAO}),
		},
		{
			sign(bob, tx.RemoveStake{Hotkey: h, Netuid: 1, Amount: 30 * e2eTAO}),
			sign(bob, tx.MoveStake{OriginHotkey: h, DestHotkey: h, OriginNetuid: 1, DestNetuid: 0, Amount: 20 * e2eTAO}),
			sign(alice, tx.DecreaseTake{Hotkey: h, Take: 1_000}),
		},
		{sign(alice, tx.DissolveNetwork{Netuid: 1})},
	}
	var roots [2]chain.Hash
	for i := range roots {
		a := openE2E(t)
		var last *chain.BlockResult
		for _, txs := range blocks {
			if _, err := a.FinalizeBlock(chain.Header{Height: a.Info().Height + 1}, txs); err != nil {
				t.Fatal(err)
			}
			res, err := a.Commit()
			if err != nil {
				t.Fatal(err)
			}
			for _, rc := range res.Receipts {
				if !rc.OK {
					t.Fatalf("block %d: %s failed: %s", a.Info().Height, rc.Call, rc.Error)
				}
			}
			if a.Info().Height == 1 {
				if ev := res.Receipts[0].Events; len(ev) == 0 || ev[len(ev)-1].Name != "StakeAdded" {
					t.Fatalf("add_stake events %+v", ev)
				}
			}
			last = res
		}
		if ev := last.Receipts[0].Events; ev[len(ev)-1].Name != "NetworkRemoved" {
			t.Fatalf("dissolve events %+v", ev)
		}
		a.WithState(func(s *state.State) {
			if s.Subnets.Has(1) || runtime.StakeOf(s, h, bob.AccountID(), 1) != 0 {
				t.Fatal("subnet not dissolved")
			}
			if runtime.StakeOf(s, h, bob.AccountID(), 0) < 20*e2eTAO {
				t.Fatal("root stake lost")
			}
		})
		if err := a.CheckInvariants(); err != nil {
			t.Fatal(err)
		}
		roots[i] = a.Info().Root
	}
	if roots[0] != roots[1] {
		t.Fatalf("same blocks, different roots: %x vs %x", roots[0], roots[1])
	}
}
