package chain

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

func devKey(t testing.TB, name string) *keys.Keypair {
	t.Helper()
	kp, ok := keys.DevKeyByName(name)
	if !ok {
		t.Fatalf("no dev key %s", name)
	}
	return kp
}

func newDevApp(t testing.TB, st store.Store) *App {
	t.Helper()
	a, err := Open(st, DevGenesis(), Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func signed(t testing.TB, a *App, kp *keys.Keypair, nonce uint64, c tx.Call) []byte {
	t.Helper()
	raw, err := tx.Sign(kp, a.GenesisHash(), nonce, c)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func block(t testing.TB, a *App, txs ...[]byte) *BlockResult {
	t.Helper()
	h := Header{Height: a.Info().Height + 1}
	if _, err := a.FinalizeBlock(h, txs); err != nil {
		t.Fatal(err)
	}
	res, err := a.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func free(a *App, id keys.AccountID) (v uint64) {
	a.WithState(func(s *state.State) { v = s.Accounts.GetOr(id, state.Account{}).Free })
	return v
}

func TestTransferAndFees(t *testing.T) {
	a := newDevApp(t, store.NewMemory(store.Options{}))
	alice, bob := devKey(t, "Alice"), devKey(t, "Bob")
	before := free(a, alice.AccountID())
	raw := signed(t, a, alice, 0, tx.Transfer{Dest: bob.AccountID(), Value: 5_000_000_000})
	res := block(t, a, raw)
	rc := res.Receipts[0]
	if !rc.Valid || !rc.OK {
		t.Fatalf("receipt %+v", rc)
	}
	wantFee := Fee(state.DefaultParams(), "transfer", len(raw))
	if rc.Fee != wantFee || free(a, alice.AccountID()) != before-5_000_000_000-wantFee {
		t.Fatalf("fee %d (want %d), alice %d", rc.Fee, wantFee, free(a, alice.AccountID()))
	}
	// Replaying the same transaction is stale now.
	res = block(t, a, raw)
	if res.Receipts[0].Valid {
		t.Fatal("replayed tx accepted")
	}
	if _, err := a.CheckTx(raw); !errors.Is(err, ErrStaleNonce) {
		t.Fatalf("CheckTx replay: %v", err)
	}
	// A failed call keeps its fee and nonce, nothing else.
	before = free(a, alice.AccountID())
	raw = signed(t, a, alice, 1, tx.Transfer{Dest: bob.AccountID(), Value: before * 2})
	rc = block(t, a, raw).Receipts[0]
	if !rc.Valid || rc.OK || rc.Error != "InsufficientBalance" {
		t.Fatalf("receipt %+v", rc)
	}
	if free(a, alice.AccountID()) != before-rc.Fee {
		t.Fatal("failed call changed more than the fee")
	}
	if err := a.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckTxRejects(t *testing.T) {
	a := newDevApp(t, store.NewMemory(store.Options{}))
	alice, bob := devKey(t, "Alice"), devKey(t, "Bob")
	other, err := tx.Sign(alice, [32]byte{1}, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CheckTx(other); !errors.Is(err, ErrWrongChain) {
		t.Errorf("wrong chain: %v", err)
	}
	good := signed(t, a, alice, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1})
	tampered := append([]byte(nil), good...)
	tampered[len(tampered)-3] ^= 0xff
	if _, err := a.CheckTx(tampered); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered: %v", err)
	}
	fut := signed(t, a, alice, 5, tx.Transfer{Dest: bob.AccountID(), Value: 1})
	if r, err := a.CheckTx(fut); err != nil || !r.Future {
		t.Errorf("future nonce: %+v %v", r, err)
	}
	if _, err := a.CheckTx(good[:10]); !errors.Is(err, tx.ErrMalformed) {
		t.Errorf("truncated: %v", err)
	}
	poor, _ := keys.FromSURI("//Nobody")
	broke := signed(t, a, poor, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1})
	if _, err := a.CheckTx(broke); !errors.Is(err, ErrCannotPayFee) {
		t.Errorf("no funds: %v", err)
	}
}

func TestRestartKeepsRootAndHeight(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chain.db")
	st, err := store.OpenBolt(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := newDevApp(t, st)
	alice, bob := devKey(t, "Alice"), devKey(t, "Bob")
	for i := range 3 {
		block(t, a, signed(t, a, alice, uint64(i), tx.Transfer{Dest: bob.AccountID(), Value: 1_000_000_000}))
	}
	info := a.Info()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2, err := store.OpenBolt(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	b, err := Open(st2, nil, Options{CheckInvariants: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.Info() != info {
		t.Fatalf("after restart %+v, before %+v", b.Info(), info)
	}
	block(t, b, signed(t, b, alice, 3, tx.Transfer{Dest: bob.AccountID(), Value: 1}))
}

func TestSameCallsSameRoot(t *testing.T) {
	// Signatures are randomised, so sign once and replay the same bytes.
	alice, bob := devKey(t, "Alice"), devKey(t, "Bob")
	probe := newDevApp(t, store.NewMemory(store.Options{}))
	var txs [][]byte
	for i := range 5 {
		txs = append(txs, signed(t, probe, alice, uint64(i), tx.Transfer{Dest: bob.AccountID(), Value: uint64(i+1) * 1_000_000}))
	}
	run := func(st store.Store) Info {
		a := newDevApp(t, st)
		for _, raw := range txs {
			block(t, a, raw)
		}
		return a.Info()
	}
	m := run(store.NewMemory(store.Options{}))
	st, err := store.OpenBolt(filepath.Join(t.TempDir(), "c.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := run(st)
	if m.Root != b.Root || m.Height != b.Height {
		t.Fatalf("memory %x vs bolt %x", m.Root, b.Root)
	}
}

func TestBlocksAreStored(t *testing.T) {
	a := newDevApp(t, store.NewMemory(store.Options{}))
	alice, bob := devKey(t, "Alice"), devKey(t, "Bob")
	res := block(t, a, signed(t, a, alice, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1_000_000}))
	got, ok, err := ReadBlock(a.Store(), 1)
	if err != nil || !ok {
		t.Fatalf("read block: %v %v", ok, err)
	}
	if got.Hash != res.Hash || len(got.Receipts) != 1 || !got.Receipts[0].OK || got.Receipts[0].Events[0].Name != "Transfer" {
		t.Fatalf("stored block %+v", got)
	}
	snap, err := a.Store().At(StoreHeight(0))
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Release()
	if _, ok, _ := ReadBlock(snap, 1); ok {
		t.Fatal("block 1 visible at height 0")
	}
}

func TestVerifiedSetForgetsOldest(t *testing.T) {
	var v verifiedSet
	key := func(i int) (h [32]byte) {
		h[0], h[1], h[2] = byte(i), byte(i>>8), byte(i>>16)
		return h
	}
	for i := range verifiedCap + 10 {
		v.add(key(i))
	}
	first, last := key(0), key(verifiedCap+9)
	if v.has(first) || !v.has(last) || len(v.set) != verifiedCap {
		t.Fatalf("has(first)=%v has(last)=%v size %d", v.has(first), v.has(last), len(v.set))
	}
}

// A transaction first seen by CheckTx and then tampered with in the block
// is still rejected: the remembered hash covers the signature bytes.
func TestCheckedTxStillVerifiedWhenTampered(t *testing.T) {
	a := newDevApp(t, store.NewMemory(store.Options{}))
	alice, bob := devKey(t, "Alice"), devKey(t, "Bob")
	raw := signed(t, a, alice, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1_000_000})
	if _, err := a.CheckTx(raw); err != nil {
		t.Fatal(err)
	}
	bad := append([]byte(nil), raw...)
	bad[len(bad)-1] ^= 1
	if rc := block(t, a, bad).Receipts[0]; rc.Valid {
		t.Fatal("tampered tx applied")
	}
	if rc := block(t, a, raw).Receipts[0]; !rc.Valid || !rc.OK {
		t.Fatalf("checked tx: %+v", rc)
	}
}

func TestOldBlockRecordsLeaveState(t *testing.T) {
	g := DevGenesis()
	g.Params = map[string]uint64{"block_record_retention": 3}
	a, err := Open(store.NewMemory(store.Options{}), g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		block(t, a)
	}
	for h, want := range map[uint64]bool{1: false, 2: false, 3: true, 4: true, 5: true} {
		if _, ok, err := ReadBlock(a.Store(), h); err != nil || ok != want {
			t.Errorf("block %d stored %v, want %v (%v)", h, ok, want, err)
		}
	}
}

// TestBlockSignatureBatches: a block's signatures are verified in batches;
// a tampered transaction among valid ones (in the first batch, in a later
// one, in a final batch of two) is refused with ErrBadSignature and only it,
// and a transaction CheckTx already verified is accepted without a batch.
func TestBlockSignatureBatches(t *testing.T) {
	n := 2*sigBatch + 2
	payers := make([]*keys.Keypair, n)
	for i := range payers {
		payers[i] = seeded("batch", i, 0)
	}
	g := DevGenesis()
	payerGenesis(payers)(g)
	a, err := Open(store.NewMemory(store.Options{}), g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bob := devKey(t, "Bob")
	bad := map[int]bool{3: true, sigBatch + 5: true, 2*sigBatch + 1: true}
	var txs [][]byte
	for i, p := range payers {
		raw := signed(t, a, p, 0, tx.Transfer{Dest: bob.AccountID(), Value: 1})
		if i == 1 {
			if _, err := a.CheckTx(raw); err != nil {
				t.Fatal(err)
			}
		}
		if bad[i] {
			raw = append([]byte(nil), raw...)
			raw[len(raw)-3] ^= 0xff
		}
		txs = append(txs, raw)
	}
	res := block(t, a, txs...)
	for i, rc := range res.Receipts {
		if bad[i] != (rc.Error == ErrBadSignature.Error()) || bad[i] == rc.OK {
			t.Errorf("tx %d (tampered %v): receipt %+v", i, bad[i], rc)
		}
	}
}
