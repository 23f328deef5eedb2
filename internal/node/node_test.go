package node

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

func devKey(t *testing.T, name string) *keys.Keypair {
	kp, ok := keys.DevKeyByName(name)
	if !ok {
		t.Fatal(name)
	}
	return kp
}

func newNode(t *testing.T, cfg Config) *Node {
	t.Helper()
	app, err := chain.Open(store.NewMemory(store.Options{}), chain.DevGenesis(), chain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(app, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func transfer(t *testing.T, n *Node, from *keys.Keypair, nonce, value uint64) []byte {
	t.Helper()
	raw, err := tx.Sign(from, n.App().GenesisHash(), nonce, tx.Transfer{Dest: devKey(t, "Ferdie").AccountID(), Value: value})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func entryFor(signer tx.AccountID, nonce uint64, tag byte) (chain.CheckResult, []byte) {
	raw := []byte{tag, byte(nonce)}
	return chain.CheckResult{Hash: chain.Hash(tx.Hash(append(signer[:], raw...))), Signer: signer, Nonce: nonce}, raw
}

func TestMempoolReapOrder(t *testing.T) {
	m := NewMempool(MempoolConfig{MaxTxs: 100, MaxBytes: 1000, MaxPerAccount: 10})
	a, b := tx.AccountID{1}, tx.AccountID{2}
	add := func(s tx.AccountID, nonce uint64) {
		c, raw := entryFor(s, nonce, s[0])
		if err := m.Add(raw, c); err != nil {
			t.Fatal(err)
		}
	}
	add(a, 6) // future, with a gap
	add(b, 3)
	add(a, 5)
	add(b, 4)
	add(a, 4) // stale: next is 5
	next := func(s tx.AccountID) (uint64, error) { return map[tx.AccountID]uint64{a: 5, b: 3}[s], nil }
	picked, stale, err := m.Reap(100, 1000, next)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range picked {
		got = append(got, string(rune('a'+e.signer[0]-1))+string(rune('0'+e.nonce)))
	}
	// Ready calls go in arrival order: b3 (2nd) before a5 (3rd); a6 came
	// first but waits for a5, then goes before b4 (4th).
	if strings.Join(got, ",") != "b3,a5,a6,b4" {
		t.Fatalf("reaped %v", got)
	}
	if len(stale) != 1 || stale[0].nonce != 4 {
		t.Fatalf("stale %v", stale)
	}
	if c, _ := m.Size(); c != 4 {
		t.Fatalf("size %d after dropping the stale call", c)
	}
	// Limits on one reap.
	if p, _, _ := m.Reap(2, 1000, next); len(p) != 2 {
		t.Fatalf("maxTxs: %d", len(p))
	}
	if p, _, _ := m.Reap(100, 5, next); len(p) != 2 {
		t.Fatalf("maxBytes: %d", len(p))
	}
	m.Remove(picked[:2])
	if c, bytes := m.Size(); c != 2 || bytes != 4 {
		t.Fatalf("after remove: %d calls %d bytes", c, bytes)
	}
	// A gap holds the rest back.
	next2 := func(s tx.AccountID) (uint64, error) { return map[tx.AccountID]uint64{a: 5, b: 4}[s], nil }
	if p, _, _ := m.Reap(100, 1000, next2); len(p) != 1 || p[0].signer != b {
		t.Fatalf("with a gap for a: %v", p)
	}
}

func TestMempoolLimits(t *testing.T) {
	m := NewMempool(MempoolConfig{MaxTxs: 3, MaxBytes: 7, MaxPerAccount: 2})
	a, b, c := tx.AccountID{1}, tx.AccountID{2}, tx.AccountID{3}
	try := func(s tx.AccountID, nonce uint64, tag byte) error {
		cr, raw := entryFor(s, nonce, tag)
		return m.Add(raw, cr)
	}
	if err := try(a, 0, 1); err != nil {
		t.Fatal(err)
	}
	if err := try(a, 0, 1); !errors.Is(err, ErrKnown) {
		t.Fatalf("duplicate: %v", err)
	}
	if err := try(a, 0, 2); !errors.Is(err, ErrNonceTaken) {
		t.Fatalf("nonce reuse: %v", err)
	}
	if err := try(a, 1, 1); err != nil {
		t.Fatal(err)
	}
	if err := try(a, 2, 1); !errors.Is(err, ErrAccountLimit) {
		t.Fatalf("per account: %v", err)
	}
	if err := try(b, 0, 1); err != nil {
		t.Fatal(err)
	}
	if err := try(c, 0, 1); !errors.Is(err, ErrMempoolFull) {
		t.Fatalf("count: %v", err)
	}
	m2 := NewMempool(MempoolConfig{MaxTxs: 10, MaxBytes: 3, MaxPerAccount: 5})
	cr, raw := entryFor(a, 0, 1)
	_ = m2.Add(raw, cr)
	cr, raw = entryFor(b, 0, 1)
	if err := m2.Add(raw, cr); !errors.Is(err, ErrMempoolFull) {
		t.Fatalf("bytes: %v", err)
	}
}

func TestProducerTimerAndClock(t *testing.T) {
	var mu sync.Mutex
	clock := time.UnixMilli(1_000_000)
	n := newNode(t, Config{BlockTime: 10 * time.Millisecond, Clock: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(-time.Second) // a clock going backwards
		return clock
	}})
	sub := n.Hub().Subscribe(100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	var last *chain.BlockResult
	for range 5 {
		b := <-sub.C
		if last != nil && (b.Header.Height != last.Header.Height+1 || b.Header.Time < last.Header.Time || b.Header.Parent != last.Hash) {
			t.Fatalf("block %+v after %+v", b.Header, last.Header)
		}
		last = b
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n.App().Info().Height < 5 {
		t.Fatal("timer mode made too few blocks")
	}
	if last.Header.Time != 999_000 {
		t.Fatalf("header time %d: must never go below the first block's", last.Header.Time)
	}
}

func TestProducerInstantWaitAndDrop(t *testing.T) {
	n := newNode(t, Config{Instant: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	defer func() { cancel(); <-done }()
	alice := devKey(t, "Alice")
	_, inc, err := n.SubmitWait(ctx, transfer(t, n, alice, 0, 10))
	if err != nil || !inc.Receipt.OK || inc.Height != 1 {
		t.Fatalf("%+v %v", inc, err)
	}
	time.Sleep(20 * time.Millisecond)
	if h := n.App().Info().Height; h != 1 {
		t.Fatalf("instant mode made empty blocks: height %d", h)
	}
	if _, _, err := n.SubmitWait(ctx, transfer(t, n, alice, 0, 10)); !errors.Is(err, chain.ErrStaleNonce) {
		t.Fatalf("stale: %v", err)
	}
	// A pending future call waits; the node stopping releases the waiter.
	wctx, wcancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer wcancel()
	if _, _, err := n.SubmitWait(wctx, transfer(t, n, alice, 5, 10)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("future call wait: %v", err)
	}
	m := &strings.Builder{}
	if err := n.Metrics().Write(m, 1, 100, 0); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"taod_height 1", `taod_calls_applied_total{call="transfer"} 1`, `taod_submit_rejected_total{reason="StaleNonce"} 1`, "taod_mempool_txs 1"} {
		if !strings.Contains(m.String(), want) {
			t.Fatalf("metrics lack %q:\n%s", want, m)
		}
	}
}

func TestDroppedWhenNonceTakenElsewhere(t *testing.T) {
	n := newNode(t, Config{BlockTime: time.Hour})
	alice := devKey(t, "Alice")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, _, err := n.SubmitWait(ctx, transfer(t, n, alice, 0, 10))
		errc <- err
	}()
	for n.Waiters() == 0 || !func() bool { c, _ := n.Mempool().Size(); return c == 1 }() {
		time.Sleep(time.Millisecond)
	}
	// Another nonce-0 call reaches a block without this mempool.
	h := chain.Header{Height: 1, Time: 1, Parent: n.App().Info().LastHash}
	if _, err := n.App().FinalizeBlock(h, [][]byte{transfer(t, n, alice, 0, 11)}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.App().Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := n.ProduceBlock(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, ErrDropped) {
		t.Fatalf("waiter: %v", err)
	}
	if c, _ := n.Mempool().Size(); c != 0 {
		t.Fatalf("stale call kept: %d", c)
	}
}

func TestHubLagged(t *testing.T) {
	h := NewHub()
	slow := h.Subscribe(1)
	fast := h.Subscribe(10)
	for i := range 3 {
		h.Publish(&chain.BlockResult{Header: chain.Header{Height: uint64(i + 1)}})
	}
	if !slow.Lagged() {
		t.Fatal("slow subscriber not cut off")
	}
	got := 0
	for range slow.C {
		got++
	}
	if got != 1 || fast.Lagged() || len(fast.C) != 3 || h.Count() != 1 {
		t.Fatalf("slow got %d, fast %d lagged %v, count %d", got, len(fast.C), fast.Lagged(), h.Count())
	}
	fast.Close()
	fast.Close()
	h.Close()
	if _, ok := <-h.Subscribe(1).C; ok {
		t.Fatal("subscription after Close is open")
	}
}

func TestVerifyRoot(t *testing.T) {
	st := store.NewMemory(store.Options{})
	if _, err := chain.Open(st, chain.DevGenesis(), chain.Options{}); err != nil {
		t.Fatal(err)
	}
	h, root, err := VerifyRoot(st)
	if err != nil || h != 2 || root != st.Root() {
		t.Fatalf("%d %x %v", h, root, err)
	}
}

func TestReason(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{chain.ErrBadSignature, "BadSignature"},
		{tx.ErrMalformed, "Malformed"},
		{ErrMempoolFull, "MempoolFull"},
		{errors.New("x"), "Other"},
	} {
		if got := Reason(tc.err); got != tc.want {
			t.Errorf("Reason(%v) = %s", tc.err, got)
		}
	}
	if got := receiptError(chain.Receipt{Error: chain.ErrStaleNonce.Error() + ": 3, next is 4"}); got != "StaleNonce" {
		t.Errorf("receipt label %s", got)
	}
	if got := receiptError(chain.Receipt{Valid: true, Error: "InsufficientBalance"}); got != "InsufficientBalance" {
		t.Errorf("receipt label %s", got)
	}
}
