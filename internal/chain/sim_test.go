package chain

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
	"golang.org/x/crypto/blake2b"
)

// sim is a chain with populated subnets whose validators set weights
// through signed transactions after every epoch of their subnet.
type sim struct {
	tb     testing.TB
	a      *App
	vals   map[state.NetUID][]*keys.Keypair
	uids   int
	nonces map[keys.AccountID]uint64
	txs    [][]byte // extra transactions for the next block
	// sign, when set, wraps signing so a test can reuse signatures
	// (sr25519 signatures are randomised).
	sign func(kp *keys.Keypair, nonce uint64, raw func() []byte) []byte
	// pause and resume, when set, bracket the clients' work (signing) so a
	// benchmark times only the chain.
	pause, resume func()
}

type simConfig struct {
	subnets, uids, validators int
	tempo                     int64
	stake                     uint64 // TAO per validator (RAO)
	lock                      uint64 // pool seed per subnet (RAO); 0 = the minimum lock
	permits                   bool   // validators hold permits from genesis
	genesis                   func(*Genesis)
}

// synthetic returns a deterministic account with no known secret.
func synthetic(label string, i, j int) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:], uint64(i))
	binary.BigEndian.PutUint64(b[8:], uint64(j))
	h := blake2b.Sum256(append([]byte(label), b[:]...))
	return keys.AccountID(h).String()
}

func seeded(label string, i, j int) *keys.Keypair {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:], uint64(i))
	binary.BigEndian.PutUint64(b[8:], uint64(j))
	return keys.FromSeed(blake2b.Sum256(append([]byte(label), b[:]...)))
}

func newSim(tb testing.TB, st store.Store, cfg simConfig) *sim {
	tb.Helper()
	g := DevGenesis()
	sm := &sim{tb: tb, vals: map[state.NetUID][]*keys.Keypair{}, uids: cfg.uids, nonces: map[keys.AccountID]uint64{}}
	for n := 1; n <= cfg.subnets; n++ {
		gs := runtime.GenesisSubnet{
			Owner: "//Alice", Hotkey: synthetic("owner", n, 0), Started: true, EmissionEnabled: true, Lock: cfg.lock,
			Hyperparameters: map[string]int64{
				"tempo": cfg.tempo, "commit_reveal_weights_enabled": 0, "weights_rate_limit": 0,
				"max_allowed_validators": int64(cfg.validators),
			},
		}
		for u := 1; u < cfg.uids; u++ {
			if u <= cfg.validators {
				kp := seeded("validator", n, u)
				sm.vals[state.NetUID(n)] = append(sm.vals[state.NetUID(n)], kp)
				gs.Neurons = append(gs.Neurons, runtime.GenesisNeuron{Hotkey: kp.AccountID().String(), Coldkey: synthetic("vcold", n, u), Stake: cfg.stake * uint64(1+u%4), ValidatorPermit: cfg.permits})
				continue
			}
			gs.Neurons = append(gs.Neurons, runtime.GenesisNeuron{Hotkey: synthetic("miner", n, u), Coldkey: synthetic("mcold", n, u)})
		}
		g.Subnets = append(g.Subnets, gs)
	}
	if cfg.genesis != nil {
		cfg.genesis(g)
	}
	a, err := Open(st, g, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	sm.a = a
	return sm
}

// weightsTx is validator v's weights on subnet n: every other miner, the
// higher uids weighted more.
func (sm *sim) weightsTx(n state.NetUID, v int) []byte {
	kp := sm.vals[n][v]
	var dests, ws []uint16
	for u := len(sm.vals[n]) + 1; u < sm.uids; u += 2 {
		dests = append(dests, uint16(u))
		ws = append(ws, uint16(u))
	}
	nonce := sm.nonces[kp.AccountID()]
	mk := func() []byte {
		raw, err := tx.Sign(kp, sm.a.GenesisHash(), nonce, tx.SetWeights{Netuid: uint16(n), Dests: dests, Weights: ws})
		if err != nil {
			sm.tb.Fatal(err)
		}
		return raw
	}
	sm.nonces[kp.AccountID()] = nonce + 1
	if sm.sign != nil {
		return sm.sign(kp, nonce, mk)
	}
	return mk()
}

// step builds one block: the queued transactions plus weights from the
// validators (those holding a permit) of every subnet whose epoch ran in
// the previous block.
func (sm *sim) step() *BlockResult {
	sm.tb.Helper()
	h := sm.a.Info().Height + 1
	txs := sm.txs
	sm.txs = nil
	if sm.pause != nil {
		sm.pause()
	}
	sm.a.WithState(func(s *state.State) {
		for _, n := range s.Subnets.Keys() {
			em, _ := s.Emissions.Get(n)
			if n == state.RootNet || h < 2 || em.LastEpochBlock != h-1 {
				continue
			}
			for v, kp := range sm.vals[n] {
				// Like cmd/validate, a validator without a permit does
				// not submit weights (the chain would refuse them).
				uid, _ := s.Uids.Get(state.NetHotkey{Net: n, Hotkey: kp.AccountID()})
				if !runtime.NeuronOut(s, n, uid).ValidatorPermit {
					continue
				}
				txs = append(txs, sm.weightsTx(n, v))
			}
		}
	})
	if sm.resume != nil {
		sm.resume()
	}
	if _, err := sm.a.FinalizeBlock(Header{Height: h}, txs); err != nil {
		sm.tb.Fatal(err)
	}
	res, err := sm.a.Commit()
	if err != nil {
		sm.tb.Fatal(err)
	}
	return res
}

func (sm *sim) state(f func(*state.State)) { sm.a.WithState(f) }

func mustOK(tb testing.TB, res *BlockResult) {
	tb.Helper()
	for _, rc := range res.Receipts {
		if !rc.Valid || !rc.OK {
			tb.Fatalf("block %d: receipt %+v", res.Header.Height, rc)
		}
	}
}

var _ = fmt.Sprint
