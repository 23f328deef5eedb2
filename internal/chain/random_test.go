package chain

import (
	"math/rand/v2"
	"testing"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// TestRandomCallSequences applies long random sequences of valid and
// invalid transactions from many accounts, checks the invariants after
// every block (the App's debug option) and that replaying the exact same
// blocks on a fresh store gives the same state root.
func TestRandomCallSequences(t *testing.T) {
	blocks, perBlock := 120, 12
	if testing.Short() {
		blocks = 40
	}
	for _, seed := range []uint64{1, 2, 3} {
		r := rand.New(rand.NewPCG(seed, 99))
		g := DevGenesis()
		g.Subnets = []runtime.GenesisSubnet{{Owner: "//Alice", Hotkey: "//Alice//owner", Started: true, EmissionEnabled: true,
			Hyperparameters: map[string]int64{"tempo": 7, "commit_reveal_weights_enabled": 0, "weights_rate_limit": 0}}}
		users := make([]*keys.Keypair, 8)
		for i := range users {
			users[i] = seeded("user", int(seed), i)
			g.Accounts = append(g.Accounts, GenesisAccount{Address: users[i].AccountID().String(), Balance: 50_000_000_000_000})
		}
		hots := make([]*keys.Keypair, 6)
		for i := range hots {
			hots[i] = seeded("hot", int(seed), i)
		}
		a, err := Open(store.NewMemory(store.Options{}), g, Options{CheckInvariants: true})
		if err != nil {
			t.Fatal(err)
		}
		nonces := map[keys.AccountID]uint64{}
		sign := func(kp *keys.Keypair, c tx.Call) []byte {
			n := nonces[kp.AccountID()]
			raw, err := tx.Sign(kp, a.GenesisHash(), n, c)
			if err != nil {
				t.Fatal(err)
			}
			nonces[kp.AccountID()] = n + 1
			return raw
		}
		var history [][][]byte
		var invalid, failed, ok int
		for b := 0; b < blocks; b++ {
			var txs [][]byte
			for range perBlock {
				u := users[r.IntN(len(users))]
				h := hots[r.IntN(len(hots))]
				amount := uint64(r.IntN(5_000)) * 1_000_000
				var raw []byte
				switch r.IntN(12) {
				case 0:
					raw = sign(u, tx.Transfer{Dest: users[r.IntN(len(users))].AccountID(), Value: amount})
				case 1:
					raw = sign(u, tx.TransferKeepAlive{Dest: h.AccountID(), Value: amount})
				case 2:
					raw = sign(u, tx.BurnedRegister{Netuid: uint16(1 + r.IntN(2)), Hotkey: h.AccountID()})
				case 3:
					raw = sign(u, tx.AddStake{Hotkey: h.AccountID(), Netuid: uint16(r.IntN(3)), Amount: amount})
				case 4:
					raw = sign(u, tx.RemoveStake{Hotkey: h.AccountID(), Netuid: uint16(r.IntN(3)), Amount: amount})
				case 5:
					raw = sign(u, tx.AddStakeLimit{Hotkey: h.AccountID(), Netuid: 1, Amount: amount, LimitPrice: uint64(r.IntN(3_000_000_000)), AllowPartial: r.IntN(2) == 0})
				case 6:
					raw = sign(h, tx.SetWeights{Netuid: 1, Dests: []uint16{uint16(r.IntN(4)), uint16(r.IntN(4))}, Weights: []uint16{uint16(r.IntN(65536)), 7}})
				case 7:
					raw = sign(h, tx.ServeAxon{Netuid: 1, Version: 1, IP: "198.51.100.9", Port: uint16(1 + r.IntN(60000)), IPType: 4})
				case 8:
					raw = sign(u, tx.RegisterNetwork{Hotkey: h.AccountID()})
				case 9:
					raw = sign(u, tx.MoveStake{OriginHotkey: h.AccountID(), DestHotkey: hots[r.IntN(len(hots))].AccountID(), OriginNetuid: 1, DestNetuid: uint16(r.IntN(3)), Amount: amount})
				case 10: // invalid: a stale nonce, a tampered signature or a wrong chain
					raw = sign(u, tx.Transfer{Dest: h.AccountID(), Value: 1})
					switch r.IntN(3) {
					case 0:
						nonces[u.AccountID()]-- // the next signed tx reuses it: one of the two is stale
					case 1:
						raw = append([]byte(nil), raw...)
						raw[len(raw)-1-r.IntN(64)] ^= 0x40
						nonces[u.AccountID()]--
					default:
						other, _ := tx.Sign(u, [32]byte{9}, nonces[u.AccountID()], tx.Transfer{Dest: h.AccountID(), Value: 1})
						raw = other
						nonces[u.AccountID()]--
					}
				default: // truncated garbage
					raw = sign(u, tx.Transfer{Dest: h.AccountID(), Value: 1})
					raw = raw[:r.IntN(len(raw))]
					nonces[u.AccountID()]--
				}
				txs = append(txs, raw)
			}
			history = append(history, txs)
			res := block(t, a, txs...)
			for _, rc := range res.Receipts {
				switch {
				case !rc.Valid:
					invalid++
				case !rc.OK:
					failed++
				default:
					ok++
				}
			}
		}
		if ok == 0 || failed == 0 || invalid == 0 {
			t.Fatalf("seed %d: ok %d failed %d invalid %d: the mix does not exercise all outcomes", seed, ok, failed, invalid)
		}
		replay, err := Open(store.NewMemory(store.Options{}), g, Options{CheckInvariants: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, txs := range history {
			block(t, replay, txs...)
		}
		if replay.Info() != a.Info() {
			t.Fatalf("seed %d: replay differs:\n%+v\n%+v", seed, replay.Info(), a.Info())
		}
	}
}
