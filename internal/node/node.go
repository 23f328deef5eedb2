package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// Config configures a Node.
type Config struct {
	BlockTime     time.Duration // timer mode: one block per interval (default 12 s)
	Instant       bool          // a block as soon as calls are ready, none while idle
	MaxBlockTxs   int           // calls per block (default 10 000)
	MaxBlockBytes int           // encoded call bytes per block (default 8 MiB)
	Mempool       MempoolConfig
	Clock         func() time.Time // header time source (default time.Now)
	Logger        *slog.Logger
}

// Inclusion is where a call landed.
type Inclusion struct {
	Height    uint64        `json:"height"`
	BlockHash chain.Hash    `json:"block_hash"`
	Receipt   chain.Receipt `json:"receipt"`
}

type waitResult struct {
	inc Inclusion
	err error
}

// Node produces blocks on an App.
type Node struct {
	app  *chain.App
	st   store.Store
	cfg  Config
	log  *slog.Logger
	pool *Mempool
	hub  *Hub
	met  *Metrics

	produceMu sync.Mutex // one block at a time
	lastTime  uint64

	waitMu  sync.Mutex
	waiters map[chain.Hash][]chan waitResult
}

var accounts = state.New().Accounts // decoder for committed nonces

// New returns a node over app; it verifies that the store's state root
// recomputes from its contents (see VerifyRoot).
func New(app *chain.App, cfg Config) (*Node, error) {
	if cfg.BlockTime <= 0 {
		cfg.BlockTime = 12 * time.Second
	}
	if cfg.MaxBlockTxs <= 0 {
		cfg.MaxBlockTxs = 10_000
	}
	if cfg.MaxBlockBytes <= 0 {
		cfg.MaxBlockBytes = 8 << 20
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	n := &Node{
		app: app, st: app.Store(), cfg: cfg, log: cfg.Logger,
		pool: NewMempool(cfg.Mempool), hub: NewHub(), met: newMetrics(),
		waiters: map[chain.Hash][]chan waitResult{},
	}
	info := app.Info()
	n.met.setHead(info.Height, 0, 0)
	if info.Height > 0 {
		b, ok, err := chain.ReadBlock(n.st, info.Height)
		if err != nil {
			return nil, fmt.Errorf("read head block %d: %w", info.Height, err)
		}
		if ok {
			n.lastTime = b.Header.Time
			n.met.setHead(info.Height, b.Header.Time, 0)
		}
	}
	return n, nil
}

// VerifyRoot recomputes the committed state root from the store's contents
// and compares it with the root the store recorded; it returns the verified
// height and root.
func VerifyRoot(st store.Store) (uint64, store.Hash, error) {
	snap, err := st.Snapshot()
	if err != nil {
		return 0, store.Hash{}, err
	}
	defer snap.Release()
	got, err := store.RecomputeRoot(snap)
	if err != nil {
		return 0, store.Hash{}, fmt.Errorf("recompute root: %w", err)
	}
	if got != snap.Root() {
		return snap.Height(), snap.Root(), fmt.Errorf("%w: store height %d records %x, contents give %x", ErrRootMismatch, snap.Height(), snap.Root(), got)
	}
	return snap.Height(), got, nil
}

// App returns the chain application.
func (n *Node) App() *chain.App { return n.app }

// Store returns the chain store (for queries).
func (n *Node) Store() store.Store { return n.st }

// Hub returns the block publisher.
func (n *Node) Hub() *Hub { return n.hub }

// Metrics returns the node's counters.
func (n *Node) Metrics() *Metrics { return n.met }

// Mempool returns the mempool.
func (n *Node) Mempool() *Mempool { return n.pool }

// Submit validates a call (CheckTx) and queues it. A call with a nonce
// ahead of the signer's next nonce is held until the gap is filled.
// ErrKnown is returned (with a valid result) when the same call is pending.
func (n *Node) Submit(raw []byte) (chain.CheckResult, error) {
	res, err := n.app.CheckTx(raw)
	if err != nil {
		n.met.submitRejected(err)
		return res, err
	}
	if err := n.pool.Add(raw, res); err != nil {
		if !errors.Is(err, ErrKnown) {
			n.met.submitRejected(err)
		}
		return res, err
	}
	n.met.submitAccepted()
	return res, nil
}

// SubmitWait submits a call and waits until a committed block includes it
// (or it is dropped, or ctx ends). A call already pending is waited for.
func (n *Node) SubmitWait(ctx context.Context, raw []byte) (chain.CheckResult, Inclusion, error) {
	h := chain.Hash(tx.Hash(raw))
	ch := n.addWaiter(h)
	res, err := n.Submit(raw)
	if err != nil && !errors.Is(err, ErrKnown) {
		if errors.Is(err, chain.ErrStaleNonce) {
			// The call may be in the block being committed right now (it
			// was pending already): that block's waiters are notified
			// before produceMu is released.
			n.produceMu.Lock()
			n.produceMu.Unlock()
			select {
			case w := <-ch:
				return res, w.inc, w.err
			default:
			}
		}
		n.removeWaiter(h, ch)
		return res, Inclusion{}, err
	}
	select {
	case w := <-ch:
		return res, w.inc, w.err
	case <-ctx.Done():
		n.removeWaiter(h, ch)
		return res, Inclusion{}, ctx.Err()
	}
}

// Waiters is the number of calls someone waits on.
func (n *Node) Waiters() int {
	n.waitMu.Lock()
	defer n.waitMu.Unlock()
	c := 0
	for _, l := range n.waiters {
		c += len(l)
	}
	return c
}

func (n *Node) addWaiter(h chain.Hash) chan waitResult {
	ch := make(chan waitResult, 1)
	n.waitMu.Lock()
	n.waiters[h] = append(n.waiters[h], ch)
	n.waitMu.Unlock()
	return ch
}

func (n *Node) removeWaiter(h chain.Hash, ch chan waitResult) {
	n.waitMu.Lock()
	defer n.waitMu.Unlock()
	list := n.waiters[h]
	for i, c := range list {
		if c == ch {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(n.waiters, h)
	} else {
		n.waiters[h] = list
	}
}

func (n *Node) notify(h chain.Hash, w waitResult) {
	n.waitMu.Lock()
	list := n.waiters[h]
	delete(n.waiters, h)
	n.waitMu.Unlock()
	for _, ch := range list {
		ch <- w
	}
}

// ProduceBlock builds, finalizes and commits one block from the mempool
// (possibly empty) and publishes it.
func (n *Node) ProduceBlock() (*chain.BlockResult, error) {
	return n.produce(false)
}

// produce makes a block; with onlyIfReady it makes none (nil, nil) when no
// call is ready.
func (n *Node) produce(onlyIfReady bool) (*chain.BlockResult, error) {
	n.produceMu.Lock()
	defer n.produceMu.Unlock()
	start := time.Now()
	snap, err := n.st.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	picked, stale, err := n.pool.Reap(n.cfg.MaxBlockTxs, n.cfg.MaxBlockBytes, func(a tx.AccountID) (uint64, error) {
		acc, _, err := accounts.Read(snap, a)
		return acc.Nonce, err
	})
	snap.Release() // before Commit: bbolt's read/remap rule
	if err != nil {
		return nil, fmt.Errorf("reap mempool: %w", err)
	}
	for _, e := range stale {
		n.notify(e.hash, waitResult{err: fmt.Errorf("%w: nonce %d is stale", ErrDropped, e.nonce)})
	}
	if onlyIfReady && len(picked) == 0 {
		return nil, nil
	}
	txs := make([][]byte, len(picked))
	for i, e := range picked {
		txs[i] = e.raw
	}
	info := n.app.Info()
	now := uint64(max(n.cfg.Clock().UnixMilli(), 0))
	now = max(now, n.lastTime) // header times never go backwards
	h := chain.Header{Height: info.Height + 1, Time: now, Parent: info.LastHash}
	if _, err := n.app.FinalizeBlock(h, txs); err != nil {
		return nil, fmt.Errorf("finalize block %d: %w", h.Height, err)
	}
	res, err := n.app.Commit()
	if err != nil {
		return nil, fmt.Errorf("commit block %d: %w", h.Height, err)
	}
	prev := n.lastTime
	n.lastTime = now
	n.pool.Remove(picked)
	n.met.block(res, prev, time.Since(start))
	for _, rc := range res.Receipts {
		n.notify(rc.Hash, waitResult{inc: Inclusion{Height: res.Header.Height, BlockHash: res.Hash, Receipt: rc}})
	}
	n.hub.Publish(res)
	n.log.Debug("block committed", "height", res.Header.Height, "txs", len(txs), "root", res.Root.String(), "took", time.Since(start))
	return res, nil
}

// Run produces blocks until ctx ends: every BlockTime, or in instant mode
// whenever calls are ready. A block being produced when ctx ends is
// finished and committed; nothing is left half-written. An error from the
// App (a bug or a store failure) stops the node.
func (n *Node) Run(ctx context.Context) error {
	defer n.failWaiters()
	if n.cfg.Instant {
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-n.pool.Ready():
			}
			for ctx.Err() == nil {
				b, err := n.produce(true)
				if err != nil {
					return err
				}
				if b == nil {
					break
				}
			}
		}
	}
	t := time.NewTicker(n.cfg.BlockTime)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if _, err := n.produce(false); err != nil {
				return err
			}
		}
	}
}

// failWaiters releases every waiter when the producer stops.
func (n *Node) failWaiters() {
	n.waitMu.Lock()
	all := n.waiters
	n.waiters = map[chain.Hash][]chan waitResult{}
	n.waitMu.Unlock()
	for _, list := range all {
		for _, ch := range list {
			ch <- waitResult{err: ErrStopped}
		}
	}
}
