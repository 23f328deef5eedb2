package node

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/tx"
)

// reasons maps the errors a call can be rejected with to stable names.
var reasons = []struct {
	err  error
	name string
}{
	{chain.ErrWrongChain, "WrongChain"},
	{chain.ErrBadSignature, "BadSignature"},
	{chain.ErrStaleNonce, "StaleNonce"},
	{chain.ErrFutureNonce, "FutureNonce"},
	{chain.ErrCannotPayFee, "CannotPayFee"},
	{chain.ErrUnsupportedCall, "UnsupportedCall"},
	{tx.ErrMalformed, "Malformed"},
	{tx.ErrTooLarge, "TooLarge"},
	{tx.ErrBadVersion, "BadVersion"},
	{tx.ErrUnknownCall, "UnknownCall"},
	{ErrMempoolFull, "MempoolFull"},
	{ErrAccountLimit, "AccountLimit"},
	{ErrNonceTaken, "NonceTaken"},
	{ErrKnown, "Known"},
	{ErrDropped, "Dropped"},
	{ErrStopped, "Stopped"},
}

// Reason names why a call was refused: one of a fixed set of names
// (StaleNonce, BadSignature, MempoolFull, …), or "Other".
func Reason(err error) string {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.name
		}
	}
	return "Other"
}

// receiptError is a bounded label for a receipt's error: the chain error
// name for a failed call, the validity error's name for an invalid one.
func receiptError(rc chain.Receipt) string {
	if rc.Valid {
		return rc.Error
	}
	for _, r := range reasons {
		if strings.HasPrefix(rc.Error, r.err.Error()) || strings.Contains(rc.Error, r.err.Error()) {
			return r.name
		}
	}
	return "Other"
}

// Metrics are the node's counters, rendered in the Prometheus text format.
type Metrics struct {
	mu            sync.Mutex
	height        uint64
	headTime      uint64  // ms
	blockInterval float64 // seconds between the last two header times
	produce       float64 // seconds spent on the last block
	blocks        uint64
	txs           uint64
	applied       map[string]uint64 // call name -> ok count
	rejected      map[string]uint64 // error name -> count (failed or invalid in a block)
	accepted      uint64
	refused       map[string]uint64 // reason -> count (at submission)
}

func newMetrics() *Metrics {
	return &Metrics{applied: map[string]uint64{}, rejected: map[string]uint64{}, refused: map[string]uint64{}}
}

func (m *Metrics) setHead(h, t uint64, interval float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.height, m.headTime, m.blockInterval = h, t, interval
}

func (m *Metrics) block(b *chain.BlockResult, prevTime uint64, took time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.height, m.headTime = b.Header.Height, b.Header.Time
	if prevTime > 0 {
		m.blockInterval = float64(b.Header.Time-prevTime) / 1000
	}
	m.produce = took.Seconds()
	m.blocks++
	m.txs += uint64(len(b.Receipts))
	for _, rc := range b.Receipts {
		if rc.OK {
			m.applied[rc.Call]++
		} else {
			m.rejected[receiptError(rc)]++
		}
	}
}

func (m *Metrics) submitAccepted() {
	m.mu.Lock()
	m.accepted++
	m.mu.Unlock()
}

func (m *Metrics) submitRejected(err error) {
	m.mu.Lock()
	m.refused[Reason(err)]++
	m.mu.Unlock()
}

// Height is the committed height.
func (m *Metrics) Height() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.height
}

// Write renders the metrics in the Prometheus text exposition format.
func (m *Metrics) Write(w io.Writer, mempoolTxs, mempoolBytes, subscribers int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	gauge := func(name, help string, v any) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %v\n", name, help, name, name, v)
	}
	counter := func(name, help, label string, vals map[string]uint64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name)
		for _, k := range slices.Sorted(maps.Keys(vals)) {
			fmt.Fprintf(&b, "%s{%s=%q} %d\n", name, label, k, vals[k])
		}
	}
	gauge("taod_height", "Committed chain height.", m.height)
	gauge("taod_head_time_seconds", "Header time of the head block (unix seconds).", float64(m.headTime)/1000)
	gauge("taod_block_interval_seconds", "Header time between the last two blocks.", m.blockInterval)
	gauge("taod_block_produce_seconds", "Time spent finalizing and committing the last block.", m.produce)
	gauge("taod_mempool_txs", "Calls waiting in the mempool.", mempoolTxs)
	gauge("taod_mempool_bytes", "Encoded bytes waiting in the mempool.", mempoolBytes)
	gauge("taod_stream_subscribers", "Open block stream subscriptions.", subscribers)
	fmt.Fprintf(&b, "# HELP taod_blocks_total Blocks produced since start.\n# TYPE taod_blocks_total counter\ntaod_blocks_total %d\n", m.blocks)
	fmt.Fprintf(&b, "# HELP taod_block_txs_total Calls included in blocks since start.\n# TYPE taod_block_txs_total counter\ntaod_block_txs_total %d\n", m.txs)
	counter("taod_calls_applied_total", "Calls applied successfully, by call.", "call", m.applied)
	counter("taod_calls_rejected_total", "Calls in blocks that failed or were invalid, by error name.", "error", m.rejected)
	fmt.Fprintf(&b, "# HELP taod_submit_accepted_total Calls accepted into the mempool.\n# TYPE taod_submit_accepted_total counter\ntaod_submit_accepted_total %d\n", m.accepted)
	counter("taod_submit_rejected_total", "Calls refused at submission, by reason.", "reason", m.refused)
	_, err := io.WriteString(w, b.String())
	return err
}
