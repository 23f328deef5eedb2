package chain

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
	"github.com/vmihailenco/msgpack/v5"
	"golang.org/x/crypto/blake2b"
)

// Header is what the block producer decides for a block.
type Header struct {
	Height uint64 `json:"height"`
	Time   uint64 `json:"time"` // unix milliseconds, chosen by the producer; never read by the runtime
	Parent Hash   `json:"parent"`
}

// Receipt is the outcome of one transaction in a block.
type Receipt struct {
	Index  int             `json:"index"`
	Hash   Hash            `json:"hash"`
	Signer tx.AccountID    `json:"signer"`
	Nonce  uint64          `json:"nonce"`
	Call   string          `json:"call"`
	Valid  bool            `json:"valid"`           // false: not applied at all (bad signature, nonce, chain, fee)
	OK     bool            `json:"ok"`              // the call succeeded
	Error  string          `json:"error,omitempty"` // chain error name, or the validity error
	Fee    uint64          `json:"fee"`
	Events []runtime.Event `json:"events,omitempty"`
}

// BlockResult is what FinalizeBlock returns and Commit completes.
type BlockResult struct {
	Header   Header          `json:"header"`
	Receipts []Receipt       `json:"receipts"`
	Events   []runtime.Event `json:"events,omitempty"` // from the block hooks
	Root     Hash            `json:"state_root"`       // set by Commit
	Hash     Hash            `json:"hash"`             // set by Commit
}

// Options configure an App.
type Options struct {
	Logger          *slog.Logger
	CheckInvariants bool // verify the state invariants after every block (debug)
}

// App is the chain state machine over a store.
type App struct {
	mu       sync.RWMutex
	st       store.Store
	s        *state.State
	chain    [32]byte // genesis hash: the state root at genesis
	height   uint64   // last committed chain height
	lastHash [32]byte
	pending  *BlockResult
	opts     Options
	batch    *store.Batch
	recBuf   []byte      // block record encoding scratch
	checked  verifiedSet // txs whose signature CheckTx verified
}

// Open starts an App on st. An empty store is initialised from g (which
// must then be non-nil) and committed as chain height 0; otherwise the
// committed state is loaded and g is ignored.
func Open(st store.Store, g *Genesis, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	a := &App{st: st, opts: opts, batch: store.NewBatch()}
	if st.Height() == 0 {
		if g == nil {
			return nil, fmt.Errorf("%w: empty store and no genesis", ErrGenesis)
		}
		s, err := g.apply()
		if err != nil {
			return nil, err
		}
		a.s = s
		if err := a.checkInvariants(); err != nil {
			return nil, fmt.Errorf("genesis: %w", err)
		}
		if err := s.Flush(a.batch); err != nil {
			return nil, err
		}
		root, err := st.Commit(1, a.batch)
		if err != nil {
			return nil, fmt.Errorf("commit genesis: %w", err)
		}
		a.batch.Reset()
		a.chain = Hash(root)
		a.writeMeta()
		return a, a.persistMeta()
	}
	s, err := state.Load(st)
	if err != nil {
		return nil, err
	}
	a.s = s
	a.height = st.Height() - 2
	m, ok := s.Meta.Get(struct{}{})
	if !ok {
		return nil, fmt.Errorf("%w: store has no chain metadata", ErrGenesis)
	}
	a.chain, a.lastHash = Hash(m.GenesisHash), Hash(m.LastBlockHash)
	return a, nil
}

// writeMeta stages the chain metadata into state (it is part of the root).
func (a *App) writeMeta() {
	a.s.Meta.Set(struct{}{}, state.Meta{GenesisHash: a.chain, LastBlockHash: a.lastHash, Height: a.height})
}

// persistMeta commits the genesis metadata as its own height so that the
// genesis hash itself stays the pure genesis state root.
func (a *App) persistMeta() error {
	if err := a.s.Flush(a.batch); err != nil {
		return err
	}
	defer a.batch.Reset()
	if _, err := a.st.Commit(a.st.Height()+1, a.batch); err != nil {
		return fmt.Errorf("commit chain metadata: %w", err)
	}
	return nil
}

// Info is the last committed height, its state root and the chain id.
type Info struct {
	Height      uint64 `json:"height"`
	Root        Hash   `json:"state_root"`
	GenesisHash Hash   `json:"genesis_hash"`
	LastHash    Hash   `json:"last_block_hash"`
}

// Info reports the committed head.
func (a *App) Info() Info {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return Info{Height: a.height, Root: Hash(a.st.Root()), GenesisHash: a.chain, LastHash: a.lastHash}
}

// GenesisHash identifies the chain; transactions sign over it.
func (a *App) GenesisHash() [32]byte { return a.chain }

// Store returns the underlying store (for queries).
func (a *App) Store() store.Store { return a.st }

// StoreHeight maps a chain height to the store height holding its state.
func StoreHeight(chainHeight uint64) uint64 { return chainHeight + 2 }

// FinalizeBlock applies a block: the per-block hooks, then every
// transaction in order. Invalid transactions are recorded and skipped; a
// failed call keeps its fee and nonce and nothing else. The block is not
// persisted until Commit.
func (a *App) FinalizeBlock(h Header, txs [][]byte) (*BlockResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.pending != nil {
		return nil, fmt.Errorf("%w: block %d finalized but not committed", ErrHeight, a.pending.Header.Height)
	}
	if h.Height != a.height+1 {
		return nil, fmt.Errorf("%w: got %d, want %d", ErrHeight, h.Height, a.height+1)
	}
	res := &BlockResult{Header: h, Receipts: make([]Receipt, 0, len(txs))}
	hookCtx := runtime.NewCtx(a.s, h.Height, tx.AccountID{})
	hookCtx.Parent = a.lastHash
	if err := runtime.BeginBlock(hookCtx); err != nil {
		a.s.Revert(0)
		return nil, fmt.Errorf("block %d hooks: %w", h.Height, err)
	}
	res.Events = hookCtx.Events()
	dec := a.predecode(txs)
	for i, raw := range txs {
		res.Receipts = append(res.Receipts, a.deliver(h.Height, i, raw, &dec[i]))
	}
	endCtx := runtime.NewCtx(a.s, h.Height, tx.AccountID{})
	if err := runtime.EndBlock(endCtx); err != nil {
		a.s.Revert(0)
		return nil, fmt.Errorf("block %d end hooks: %w", h.Height, err)
	}
	res.Events = append(res.Events, endCtx.Events()...)
	if a.opts.CheckInvariants {
		if err := a.checkInvariants(); err != nil {
			a.s.Revert(0)
			return nil, fmt.Errorf("block %d: %w", h.Height, err)
		}
	}
	a.pending = res
	return res, nil
}

// decodedTx is a block transaction decoded ahead of delivery, with the
// outcome of its signature check.
type decodedTx struct {
	hash  [32]byte
	t     *tx.Tx
	call  tx.Call
	err   error // decoding error
	sigOK bool  // the signature is valid
}

// sigBatch is how many signatures predecode verifies together.
const sigBatch = 64

// predecode decodes a block's transactions and checks their signatures:
// those CheckTx verified are known good, the others are verified in
// batches (keys.VerifyBatch), and a batch that fails is verified one by one,
// so each transaction gets exactly its own verdict. Signature validity does
// not depend on the state, so checking ahead of delivery changes nothing
// but the cost.
func (a *App) predecode(txs [][]byte) []decodedTx {
	dec := make([]decodedTx, len(txs))
	var items []keys.BatchItem
	var idx []int
	flush := func() {
		if len(items) == 0 {
			return
		}
		ok := keys.VerifyBatch(items)
		for j, i := range idx {
			dec[i].sigOK = ok || keys.Verify(items[j].Pub, items[j].Msg, items[j].Sig)
		}
		items, idx = items[:0], idx[:0]
	}
	for i, raw := range txs {
		d := &dec[i]
		d.hash = tx.Hash(raw)
		if d.t, d.call, d.err = tx.Decode(raw); d.err != nil {
			continue
		}
		if a.checked.has(d.hash) {
			d.sigOK = true
			continue
		}
		items = append(items, keys.BatchItem{Pub: d.t.Signer, Msg: tx.SigningPayload(d.t.Chain, d.t.Signer, d.t.Nonce, d.t.Call), Sig: d.t.Sig[:]})
		idx = append(idx, i)
		if len(items) == sigBatch {
			flush()
		}
	}
	flush()
	return dec
}

// deliver applies one transaction.
func (a *App) deliver(height uint64, i int, raw []byte, d *decodedTx) Receipt {
	rc := Receipt{Index: i, Hash: d.hash}
	t, call, err := d.t, d.call, d.err
	if err != nil {
		rc.Error = err.Error()
		return rc
	}
	rc.Signer, rc.Nonce, rc.Call = t.Signer, t.Nonce, call.CallName()
	fee, err := a.validate(t, call, len(raw), true)
	if err == nil && !d.sigOK {
		err = ErrBadSignature
	}
	if err != nil {
		rc.Error = err.Error()
		return rc
	}
	rc.Valid, rc.Fee = true, fee
	// Fee and nonce are final whatever the call does.
	acc := a.s.Accounts.GetOr(t.Signer, state.Account{})
	acc.Nonce++
	acc.Free -= fee
	a.s.Accounts.Set(t.Signer, acc)
	if fee > 0 {
		g := a.s.G()
		g.TotalIssuance -= fee
		g.FeesBurned += fee
		a.s.SetG(g)
	}
	cp := a.s.Checkpoint()
	c := runtime.NewCtx(a.s, height, t.Signer)
	if err := runtime.Dispatch(c, call); err != nil {
		a.s.Revert(cp)
		name := runtime.ErrorName(err)
		if name == "" {
			// A Go error that is not a chain error is a bug in a handler:
			// record it rather than halt, with everything reverted.
			a.opts.Logger.Error("call failed without a chain error", "height", height, "tx", i, "call", rc.Call, "err", err)
			name = "Internal"
		}
		rc.Error = name
		return rc
	}
	rc.OK, rc.Events = true, c.Events()
	return rc
}

// validate checks a decoded transaction (size bytes) against the current
// state and returns its fee; the signature is checked by the caller, after
// validate. exact requires the nonce to be the account's next one (block
// inclusion); otherwise future nonces are reported as ErrFutureNonce.
func (a *App) validate(t *tx.Tx, call tx.Call, size int, exact bool) (uint64, error) {
	if t.Chain != a.chain {
		return 0, ErrWrongChain
	}
	if !runtime.Supported(call.CallName()) {
		return 0, fmt.Errorf("%w: %s", ErrUnsupportedCall, call.CallName())
	}
	acc := a.s.Accounts.GetOr(t.Signer, state.Account{})
	switch {
	case t.Nonce < acc.Nonce:
		return 0, fmt.Errorf("%w: %d, next is %d", ErrStaleNonce, t.Nonce, acc.Nonce)
	case t.Nonce > acc.Nonce:
		return 0, fmt.Errorf("%w: %d, next is %d", ErrFutureNonce, t.Nonce, acc.Nonce)
	}
	fee := Fee(a.s.P(), call.CallName(), size)
	if acc.Free < fee {
		return 0, fmt.Errorf("%w: fee %d, free %d", ErrCannotPayFee, fee, acc.Free)
	}
	return fee, nil
}

// Fee is the transaction fee rule (see the package doc).
func Fee(p state.Params, call string, size int) uint64 {
	if !runtime.PaysFee(call) {
		return 0
	}
	return p.TxBaseFee + p.TxByteFee*uint64(size)
}

// CheckResult is what CheckTx learns about a valid transaction.
type CheckResult struct {
	Hash   Hash
	Signer tx.AccountID
	Nonce  uint64
	Fee    uint64
	Call   string
	Future bool // nonce ahead of the account: valid later, not now
}

// CheckTx validates a transaction against the committed state without
// changing it: decoding, chain id, signature, nonce and fee payment.
func (a *App) CheckTx(raw []byte) (CheckResult, error) {
	t, call, err := tx.Decode(raw)
	if err != nil {
		return CheckResult{}, err
	}
	res := CheckResult{Hash: tx.Hash(raw), Signer: t.Signer, Nonce: t.Nonce, Call: call.CallName()}
	if t.Chain != a.chain {
		return res, ErrWrongChain
	}
	if !t.VerifySignature() {
		return res, ErrBadSignature
	}
	a.checked.add(res.Hash)
	a.mu.RLock()
	defer a.mu.RUnlock()
	fee, err := a.validate(t, call, len(raw), false)
	if errors.Is(err, ErrFutureNonce) {
		res.Future = true
		res.Fee = Fee(a.s.P(), call.CallName(), len(raw))
		return res, nil
	}
	res.Fee = fee
	return res, err
}

// Commit persists the finalized block atomically and returns the new root.
func (a *App) Commit() (*BlockResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	res := a.pending
	if res == nil {
		return nil, ErrNoPendingBlock
	}
	res.Hash = blockHash(res, a.lastHash)
	a.height, a.lastHash = res.Header.Height, res.Hash
	a.writeMeta()
	if err := a.s.Flush(a.batch); err != nil {
		return nil, fmt.Errorf("flush block %d: %w", res.Header.Height, err)
	}
	a.recBuf = appendBlockRecord(a.recBuf[:0], res)
	a.batch.Set(BlockKey(res.Header.Height), a.recBuf)
	// Block records older than the retention leave the state (they are part
	// of it, so this is deterministic): the state stays bounded.
	if keep := a.s.P().BlockRecordRetention; keep > 0 && res.Header.Height > keep {
		a.batch.Delete(BlockKey(res.Header.Height - keep))
	}
	root, err := a.st.Commit(StoreHeight(res.Header.Height), a.batch)
	a.batch.Reset()
	if err != nil {
		return nil, fmt.Errorf("commit block %d: %w", res.Header.Height, err)
	}
	res.Root = Hash(root)
	a.pending = nil
	return res, nil
}

// blockHash commits to the header, the previous block and every
// transaction outcome: blake2b-256 over a canonical msgpack encoding.
func blockHash(res *BlockResult, prev Hash) Hash {
	type rc struct {
		_msgpack struct{} `msgpack:",as_array"`
		Hash     [32]byte
		Valid    bool
		OK       bool
		Error    string
		Fee      uint64
	}
	rcs := make([]rc, len(res.Receipts))
	for i, r := range res.Receipts {
		rcs[i] = rc{Hash: [32]byte(r.Hash), Valid: r.Valid, OK: r.OK, Error: r.Error, Fee: r.Fee}
	}
	b, _ := msgpack.Marshal([]any{res.Header.Height, res.Header.Time, [32]byte(prev), rcs})
	return blake2b.Sum256(b)
}

// BlockKey is the store key of block h's record (its header, receipts and
// events without the root, which the store reports for that height; see
// blockrec.go for the encoding; the hash is included). Blocks live in the state so they commit
// atomically with it.
func BlockKey(h uint64) []byte {
	k := make([]byte, 9)
	k[0] = 'B'
	binary.BigEndian.PutUint64(k[1:], h)
	return k
}

// ReadBlock decodes block h from a store reader at or after h.
func ReadBlock(r store.Reader, h uint64) (*BlockResult, bool, error) {
	raw, ok, err := r.Get(BlockKey(h))
	if err != nil || !ok {
		return nil, ok, err
	}
	b, err := decodeBlockRecord(raw)
	if err != nil {
		return nil, false, fmt.Errorf("decode block %d: %w", h, err)
	}
	return b, true, nil
}

// WithState runs f with the live state under the read lock (tests, debug).
func (a *App) WithState(f func(*state.State)) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	f(a.s)
}
