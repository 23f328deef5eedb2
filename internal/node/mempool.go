package node

import (
	"container/heap"
	"fmt"
	"slices"
	"sync"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/tx"
)

// MempoolConfig bounds the mempool.
type MempoolConfig struct {
	MaxTxs        int // pending calls in all
	MaxBytes      int // encoded bytes in all
	MaxPerAccount int // pending calls per signer (ready and future nonces)
}

// DefaultMempoolConfig returns the default limits.
func DefaultMempoolConfig() MempoolConfig {
	return MempoolConfig{MaxTxs: 50_000, MaxBytes: 64 << 20, MaxPerAccount: 256}
}

// entry is one pending call.
type entry struct {
	raw    []byte
	hash   chain.Hash
	signer tx.AccountID
	nonce  uint64
	seq    uint64 // arrival order
}

// Mempool holds validated calls until a block includes them. Calls of one
// signer are kept in nonce order; a call whose nonce is ahead of the
// signer's next nonce waits until the gap is filled.
type Mempool struct {
	cfg MempoolConfig

	mu       sync.Mutex
	accounts map[tx.AccountID][]*entry // sorted by nonce
	byHash   map[chain.Hash]*entry
	bytes    int
	seq      uint64
	ready    chan struct{} // signalled (non-blocking) on every Add
}

// NewMempool returns an empty mempool.
func NewMempool(cfg MempoolConfig) *Mempool {
	d := DefaultMempoolConfig()
	if cfg.MaxTxs <= 0 {
		cfg.MaxTxs = d.MaxTxs
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = d.MaxBytes
	}
	if cfg.MaxPerAccount <= 0 {
		cfg.MaxPerAccount = d.MaxPerAccount
	}
	return &Mempool{cfg: cfg, accounts: map[tx.AccountID][]*entry{}, byHash: map[chain.Hash]*entry{}, ready: make(chan struct{}, 1)}
}

// Add queues a call that CheckTx accepted.
func (m *Mempool) Add(raw []byte, c chain.CheckResult) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byHash[c.Hash]; ok {
		return ErrKnown
	}
	list := m.accounts[c.Signer]
	i, found := slices.BinarySearchFunc(list, c.Nonce, func(e *entry, n uint64) int {
		switch {
		case e.nonce < n:
			return -1
		case e.nonce > n:
			return 1
		}
		return 0
	})
	if found {
		return fmt.Errorf("%w: nonce %d", ErrNonceTaken, c.Nonce)
	}
	switch {
	case len(list) >= m.cfg.MaxPerAccount:
		return fmt.Errorf("%w (%d)", ErrAccountLimit, m.cfg.MaxPerAccount)
	case len(m.byHash) >= m.cfg.MaxTxs:
		return fmt.Errorf("%w: %d calls", ErrMempoolFull, len(m.byHash))
	case m.bytes+len(raw) > m.cfg.MaxBytes:
		return fmt.Errorf("%w: %d bytes", ErrMempoolFull, m.bytes)
	}
	m.seq++
	e := &entry{raw: raw, hash: c.Hash, signer: c.Signer, nonce: c.Nonce, seq: m.seq}
	m.accounts[c.Signer] = slices.Insert(list, i, e)
	m.byHash[c.Hash] = e
	m.bytes += len(raw)
	select {
	case m.ready <- struct{}{}:
	default:
	}
	return nil
}

// Ready is signalled after calls were added.
func (m *Mempool) Ready() <-chan struct{} { return m.ready }

// Size returns the number of pending calls and their encoded bytes.
func (m *Mempool) Size() (count, bytes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byHash), m.bytes
}

// Has reports whether a call is pending.
func (m *Mempool) Has(h chain.Hash) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.byHash[h]
	return ok
}

// headHeap orders accounts' ready chains by the arrival of their next call.
type headHeap []chainCursor

type chainCursor struct {
	list []*entry
	i    int
}

func (h headHeap) Len() int           { return len(h) }
func (h headHeap) Less(i, j int) bool { return h[i].list[h[i].i].seq < h[j].list[h[j].i].seq }
func (h headHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *headHeap) Push(x any)        { *h = append(*h, x.(chainCursor)) }
func (h *headHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Reap selects the calls of the next block: for every signer, the run of
// consecutive nonces starting at its next nonce (as nextNonce reports from
// committed state), merged across signers in arrival order, within maxTxs
// calls and maxBytes bytes. Calls whose nonce is already used are removed
// and returned as stale. Reap does not remove the selected calls: Remove
// does, once the block is committed.
func (m *Mempool) Reap(maxTxs, maxBytes int, nextNonce func(tx.AccountID) (uint64, error)) (picked, stale []*entry, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := make(headHeap, 0, len(m.accounts))
	for signer, list := range m.accounts {
		next, err := nextNonce(signer)
		if err != nil {
			return nil, nil, err
		}
		k := 0
		for k < len(list) && list[k].nonce < next {
			stale = append(stale, list[k])
			k++
		}
		if k > 0 {
			for _, e := range list[:k] {
				delete(m.byHash, e.hash)
				m.bytes -= len(e.raw)
			}
			list = slices.Delete(list, 0, k)
			if len(list) == 0 {
				delete(m.accounts, signer)
				continue
			}
			m.accounts[signer] = list
		}
		if list[0].nonce == next {
			h = append(h, chainCursor{list: list})
		}
	}
	heap.Init(&h)
	size := 0
	for h.Len() > 0 && len(picked) < maxTxs {
		c := &h[0]
		e := c.list[c.i]
		if size+len(e.raw) > maxBytes {
			break
		}
		picked = append(picked, e)
		size += len(e.raw)
		if c.i+1 < len(c.list) && c.list[c.i+1].nonce == e.nonce+1 {
			c.i++
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return picked, stale, nil
}

// Remove drops calls (those a committed block included).
func (m *Mempool) Remove(es []*entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range es {
		if _, ok := m.byHash[e.hash]; !ok {
			continue
		}
		delete(m.byHash, e.hash)
		m.bytes -= len(e.raw)
		list := m.accounts[e.signer]
		if i := slices.Index(list, e); i >= 0 {
			list = slices.Delete(list, i, i+1)
		}
		if len(list) == 0 {
			delete(m.accounts, e.signer)
		} else {
			m.accounts[e.signer] = list
		}
	}
}
