package store

import (
	"bytes"
	"fmt"
	"math"
	"slices"
)

const (
	// MaxKeyLen is the longest key a batch may hold.
	MaxKeyLen = 4096
	// MaxValueLen is the longest value a batch may hold (16 MiB).
	MaxValueLen = 16 << 20
	// maxPrunePerCommit bounds the number of heights whose history one commit
	// prunes, so that lowering the retention on a large store catches up over
	// several commits instead of stalling one.
	maxPrunePerCommit = 8
)

// Hash is a 32-byte sha256 digest (state roots, bucket and leaf hashes).
type Hash [32]byte

// Range selects keys for Iterate: Start is inclusive, End exclusive; a nil
// bound is unbounded. Reverse walks from the largest key down.
type Range struct {
	Start, End []byte
	Reverse    bool
}

// All is the range over every key, ascending.
var All = Range{}

// Prefix returns the ascending range of keys that begin with p.
func Prefix(p []byte) Range {
	return Range{Start: bytes.Clone(p), End: prefixEnd(p)}
}

// prefixEnd returns the smallest key greater than every key with prefix p,
// or nil when there is none (p is empty or all 0xff).
func prefixEnd(p []byte) []byte {
	end := bytes.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Reader reads one consistent version of the state.
type Reader interface {
	// Height is the committed height this reader sees (0: the empty
	// genesis state before any commit).
	Height() uint64
	// Root is the state root at Height.
	Root() Hash
	// Get returns a copy of the value stored under key and whether the key is
	// present. A present key may hold an empty value.
	Get(key []byte) (value []byte, ok bool, err error)
	// Iterate calls fn for each key in r in byte order (or reverse). The key
	// and value slices are valid only during the call and must not be
	// modified. An error returned by fn stops the walk and is returned as is.
	Iterate(r Range, fn func(key, value []byte) error) error
}

// Snapshot is a Reader that pins a version until Release. Snapshots are safe
// to use concurrently with Commit and with each other (but a single Snapshot
// is not meant for concurrent use from many goroutines unless documented by
// the implementation).
type Snapshot interface {
	Reader
	// Release frees the snapshot; later reads return ErrReleased. Release is
	// idempotent.
	Release()
}

// Store is the chain state KV store: one writer (Commit), many readers.
// The Reader methods on a Store read the latest committed version, each call
// in its own consistent view.
type Store interface {
	Reader
	// Snapshot pins the latest committed version.
	Snapshot() (Snapshot, error)
	// At pins the version committed at height h. It fails with ErrFutureHeight
	// above Height and ErrPruned below Oldest.
	At(h uint64) (Snapshot, error)
	// Oldest is the lowest height At can serve.
	Oldest() uint64
	// Commit applies b atomically as height h, which must be Height()+1, and
	// returns the new state root. On error nothing is applied. b is not
	// modified and may be reused after Reset.
	Commit(h uint64, b *Batch) (Hash, error)
	// Close releases the store. Later calls fail with ErrClosed.
	Close() error
}

// Options configure a store.
type Options struct {
	// Retain is the number of recent heights, the latest included, that At
	// can serve. 0 keeps every height (archive node); 1 keeps no history.
	Retain uint64
	// NoSync skips fsync on commit (bbolt only). For tests and benchmarks:
	// a machine crash may then lose or corrupt recent commits.
	NoSync bool
	// MmapSize is bbolt's initial memory-map size (virtual address space,
	// not memory or disk; the file is not grown to it on Linux). A map large
	// enough for the state avoids remaps, which are costly and must wait for
	// every open read transaction. 0 means DefaultMmapSize.
	MmapSize int
}

// DefaultMmapSize is the default Options.MmapSize (1 GiB).
const DefaultMmapSize = 1 << 30

// op is one pending write: del true means delete.
type op struct {
	key, val []byte
	del      bool
	seq      int // write order within the batch
}

// Batch collects the writes of one block. The last write to a key wins.
// Set and Delete copy their arguments. A Batch is not safe for concurrent use.
type Batch struct {
	list []op
	err  error
}

// NewBatch returns an empty batch.
func NewBatch() *Batch { return &Batch{} }

// Set stores value under key. A nil or empty value is stored as an empty
// value: the key is present. An invalid key or value makes Commit fail.
func (b *Batch) Set(key, value []byte) { b.put(key, value, false) }

// Delete removes key; deleting an absent key is a no-op.
func (b *Batch) Delete(key []byte) { b.put(key, nil, true) }

func (b *Batch) put(key, value []byte, del bool) {
	if b.err == nil {
		b.err = checkKV(key, value)
	}
	// One allocation holds the key and the value. A store keeps both while
	// the write is current and drops both together once it is superseded:
	// the memory store takes the key slice of the latest write of a key,
	// never an older one's (see btreeApply, setLeaf), and copies the keys it
	// keeps apart from their values (separators), so that no old value stays
	// reachable through a key.
	n := len(key)
	if !del {
		n += len(value)
	}
	buf := make([]byte, n)
	k := buf[:copy(buf, key):len(key)]
	v := []byte{}
	if !del {
		copy(buf[len(key):], value)
		v = buf[len(key):]
	}
	b.list = append(b.list, op{key: k, val: v, del: del, seq: len(b.list)})
}

// Len is the number of distinct keys written.
func (b *Batch) Len() int {
	ops, _ := b.dedup()
	return len(ops)
}

// Reset empties the batch for reuse.
func (b *Batch) Reset() {
	clear(b.list)
	b.list = b.list[:0]
	b.err = nil
}

// sorted validates the batch and returns its ops sorted by key, one per key
// (the last write). The returned slice is fresh; its ops share the batch's
// byte slices.
func (b *Batch) sorted() ([]op, error) {
	if b == nil {
		return nil, nil
	}
	if b.err != nil {
		return nil, b.err
	}
	return b.dedup()
}

func (b *Batch) dedup() ([]op, error) {
	ops := slices.Clone(b.list)
	// equal keys sort in write order, so the last one wins
	slices.SortFunc(ops, func(x, y op) int {
		if c := bytes.Compare(x.key, y.key); c != 0 {
			return c
		}
		return x.seq - y.seq
	})
	out := ops[:0]
	for i, o := range ops {
		if i+1 < len(ops) && bytes.Equal(o.key, ops[i+1].key) {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

func checkKV(key, value []byte) error {
	switch {
	case len(key) == 0:
		return ErrEmptyKey
	case len(key) > MaxKeyLen:
		return fmt.Errorf("key of %d bytes: %w", len(key), ErrKeyTooLarge)
	case len(value) > MaxValueLen:
		return fmt.Errorf("value of %d bytes for key %x: %w", len(value), key[:min(len(key), 32)], ErrValueTooLarge)
	}
	return nil
}

// checkHeight validates a commit height against the latest one.
func checkHeight(latest, h uint64) error {
	if latest == math.MaxUint64-1 || h != latest+1 {
		return fmt.Errorf("commit height %d after %d: %w", h, latest, ErrHeightMismatch)
	}
	return nil
}

// nextOldest returns the oldest servable height after committing height h,
// given the previous oldest and the retention. Both implementations share it
// so that they agree on what At serves.
func nextOldest(oldest, h, retain uint64) uint64 {
	if retain == 0 {
		return oldest
	}
	var target uint64
	if h+1 > retain {
		target = h + 1 - retain
	}
	if target <= oldest {
		return oldest
	}
	return min(target, oldest+maxPrunePerCommit)
}

// checkAt validates a historical read height.
func checkAt(h, latest, oldest uint64) error {
	switch {
	case h > latest:
		return fmt.Errorf("read at height %d, latest %d: %w", h, latest, ErrFutureHeight)
	case h < oldest:
		return fmt.Errorf("read at height %d, oldest %d: %w", h, oldest, ErrPruned)
	}
	return nil
}

// inRange reports whether key lies in [start, end).
func inRange(key, start, end []byte) bool {
	return (start == nil || bytes.Compare(key, start) >= 0) && (end == nil || bytes.Compare(key, end) < 0)
}
