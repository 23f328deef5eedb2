// Package store is the key-value layer under the chain state machine: one
// Store interface with an in-memory implementation (MemStore, for tests and
// tools) and a bbolt implementation (BoltStore, for taod), plus an
// incremental, deterministic state root.
//
// # Model
//
// The state is a flat, byte-ordered map from non-empty keys (at most
// MaxKeyLen bytes) to values (at most MaxValueLen bytes). Empty values are
// allowed and differ from absence: Set(k, nil) makes k present with an empty
// value (Get returns a non-nil empty slice and ok == true, and the root
// changes); Delete(k) makes k absent. Typed layouts (fixed-width big-endian
// ids so that byte order is numeric order, one prefix per state family)
// belong to internal/state.
//
// Writes go through a Batch (last write to a key wins) and are applied by
// Commit(h, batch) with h == Height()+1, atomically: either the whole block
// is applied together with its height, root and history, or nothing is. A
// write that leaves a key's value unchanged is a no-op (no history record).
// Height 0 is the empty state before the first commit; its root is EmptyRoot.
//
// # Durability (BoltStore)
//
// A commit is one bbolt read-write transaction: the batch keys are sorted
// before Put (bbolt splits nodes only at commit, so unsorted random inserts
// are quadratic), and the state, history, leaf hashes, bucket hashes, the
// per-height root and the meta record (height, root, oldest) are written in
// the same transaction, fsynced unless Options.NoSync. bbolt flips its meta
// page last, so after a crash or kill -9 at any moment reopening yields the
// last committed height with exactly its state and root. OpenBolt checks the
// persisted root against the persisted bucket hashes. The file uses the map
// freelist and NoFreelistSync (the freelist is rebuilt on open).
//
// # History
//
// At(h) serves any height in [Oldest(), Height()]. Options.Retain is the
// number of recent heights kept, the latest included (0: archive, keep all;
// 1: no history). Pruning after each commit handles at most 8 heights, so its
// work per commit is bounded by the keys those heights wrote; lowering the
// retention of a big store catches up over several commits.
//
// MemStore keeps one immutable version per retained height: the state is a
// copy-on-write B+tree, so versions share structure and a commit copies only
// the nodes on the paths of the keys it writes, each node once.
//
// BoltStore keeps the latest state plus per-height reverse diffs. When
// height h changes key k, the record hist[esc(k) ‖ u64be(h)] holds k's value
// before h (0x00 for absent, or 0x01 ‖ value), and hidx[u64be(h) ‖ k] lists
// the keys h wrote, for pruning. esc is an order-preserving, prefix-free
// escaping (0x00 → 0x00 0xff, terminated by 0x00 0x01), so the records of a
// key are contiguous and sorted by height, and sorted across keys like the
// keys. The value of k at height v < latest is the previous value stored by
// the first change of k after v (one cursor seek to esc(k) ‖ u64be(v+1)), or
// the latest value if k has not changed since v. A historical Iterate merges
// the latest state with the keys changed after v in one ordered pass. Gets
// at any height therefore cost O(log n), independent of how far back v is.
//
// # State root
//
// Every key falls into one of 4096 buckets: the first 12 bits of
// sha256(key). With sha256 as H and big-endian integers:
//
//	leaf(k, v) = H(0x00 ‖ u32 len(k) ‖ k ‖ u32 len(v) ‖ v)
//	bucket(b)  = 32 zero bytes if empty, else H(0x01 ‖ leaf(k1,v1) ‖ leaf(k2,v2) ‖ …), k1 < k2 < … bytewise
//	node(c0…c15) = H(0x02 ‖ c0 ‖ … ‖ c15)
//	root       = top of the 16-ary Merkle tree (3 levels) over bucket(0) … bucket(4095)
//
// The root depends only on the set of (key, value) pairs, not on the order or
// grouping of writes, nor on the implementation. Both stores keep the leaf
// hashes per bucket in key order (BoltStore in its "leaf" bucket) and the
// 4096 bucket hashes, so a commit rehashes only the touched buckets (32 bytes
// per key in each) and the 3 tree nodes above each: its cost is
// proportional to the keys written times the average bucket size
// (state size / 4096), not to the whole state. RecomputeRoot recomputes the
// root from any Reader in one pass, to check the incremental one.
//
// # Concurrency
//
// One writer: Commit calls are serialised. Readers never see a partial
// commit: MemStore snapshots hold an immutable version; BoltStore snapshots
// hold a bbolt read transaction (MVCC). The Reader methods of a Store read
// the latest version, each call in its own view. A BoltStore snapshot is not
// safe for concurrent use (take one per goroutine), and a goroutine must not
// hold one while it starts another read or a Commit on the same store: a
// commit that remaps the file waits for open read transactions, and new read
// transactions queue behind it (see BoltStore). Release snapshots promptly.
//
// Slices passed to an Iterate callback are valid only during the call and
// must not be modified; Get returns a copy.
package store
