package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bbolt layout: one top-level bucket each.
var (
	bkState = []byte("state") // key -> value (the latest state)
	bkLeaf  = []byte("leaf")  // u16 bucket ‖ key -> leaf hash
	bkBHash = []byte("bhash") // u16 bucket -> bucket hash (absent: empty bucket)
	bkHist  = []byte("hist")  // esc(key) ‖ u64 h -> prev value before height h: 0x00 (absent) | 0x01 ‖ value
	bkHIdx  = []byte("hidx")  // u64 h ‖ key -> "" (which keys height h wrote; for pruning)
	bkRoots = []byte("roots") // u64 h -> root at h, for h in [oldest, latest]
	bkMeta  = []byte("meta")

	metaFormat = []byte("format")
	metaHeight = []byte("height")
	metaRoot   = []byte("root")
	metaOldest = []byte("oldest")
)

// formatVersion 2: 16-ary Merkle tree over the buckets. 3: the chain's state
// layout changed (epoch outputs per subnet); the version also guards what is
// stored, since nothing else tells layouts apart.
const formatVersion = 3

// BoltStore is the bbolt-backed Store. A commit is one bbolt read-write
// transaction (fsynced unless Options.NoSync). Reads run in bbolt read
// transactions (MVCC), so they never see a partial commit.
//
// bbolt caveat (deadlock rule): a commit that must grow the memory map waits
// until every open read transaction ends, and while it waits no new read
// transaction can start. So a goroutine must never hold a Snapshot (or be
// inside an Iterate callback) while it calls Commit, Snapshot, At, Get or
// Iterate on the same store: Release first. Release snapshots promptly.
// Close waits for open snapshots too.
type BoltStore struct {
	db     *bolt.DB
	retain uint64

	wmu    sync.Mutex // serialises Commit; guards tree, x, failed
	tree   merkle
	x      *hasher
	failed error

	mu     sync.RWMutex // guards the fields below
	height uint64
	root   Hash
	oldest uint64
	closed bool
}

var _ Store = (*BoltStore)(nil)

// OpenBolt opens or creates the store file at path.
func OpenBolt(path string, opts Options) (*BoltStore, error) {
	if opts.MmapSize <= 0 {
		opts.MmapSize = DefaultMmapSize
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:         time.Second,
		FreelistType:    bolt.FreelistMapType,
		NoFreelistSync:  true,
		NoSync:          opts.NoSync,
		InitialMmapSize: opts.MmapSize,
	})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &BoltStore{db: db, retain: opts.Retain, x: newHasher()}
	if err := s.load(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func (s *BoltStore) load() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bkState, bkLeaf, bkBHash, bkHist, bkHIdx, bkRoots, bkMeta} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bkMeta)
		if meta.Get(metaFormat) == nil { // fresh file
			empty := EmptyRoot()
			for _, kv := range [][2][]byte{
				{metaFormat, u64(formatVersion)},
				{metaHeight, u64(0)},
				{metaOldest, u64(0)},
				{metaRoot, empty[:]},
			} {
				if err := meta.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			if err := tx.Bucket(bkRoots).Put(u64(0), empty[:]); err != nil {
				return err
			}
		}
		m, err := readMeta(tx)
		if err != nil {
			return err
		}
		if m.format != formatVersion {
			return fmt.Errorf("format version %d, want %d: %w", m.format, formatVersion, ErrCorrupt)
		}
		err = tx.Bucket(bkBHash).ForEach(func(k, v []byte) error {
			if len(k) != 2 || len(v) != 32 || binary.BigEndian.Uint16(k) >= numBuckets {
				return fmt.Errorf("bucket hash record %x: %w", k, ErrCorrupt)
			}
			s.tree.setBucket(int(binary.BigEndian.Uint16(k)), Hash(v))
			return nil
		})
		if err != nil {
			return err
		}
		s.tree.build()
		if s.tree.root() != m.root {
			return fmt.Errorf("root %x at height %d does not match bucket hashes %x: %w", m.root, m.height, s.tree.root(), ErrCorrupt)
		}
		s.height, s.root, s.oldest = m.height, m.root, m.oldest
		return nil
	})
}

type metaRec struct {
	format, height, oldest uint64
	root                   Hash
}

func readMeta(tx *bolt.Tx) (metaRec, error) {
	var m metaRec
	b := tx.Bucket(bkMeta)
	if b == nil {
		return m, fmt.Errorf("no meta bucket: %w", ErrCorrupt)
	}
	f, h, o, r := b.Get(metaFormat), b.Get(metaHeight), b.Get(metaOldest), b.Get(metaRoot)
	if len(f) != 8 || len(h) != 8 || len(o) != 8 || len(r) != 32 {
		return m, fmt.Errorf("bad meta record: %w", ErrCorrupt)
	}
	m.format, m.height, m.oldest = binary.BigEndian.Uint64(f), binary.BigEndian.Uint64(h), binary.BigEndian.Uint64(o)
	copy(m.root[:], r)
	return m, nil
}

// Height returns the latest committed height.
func (s *BoltStore) Height() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.height
}

// Root returns the latest committed state root.
func (s *BoltStore) Root() Hash {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.root
}

// Oldest returns the lowest height At serves.
func (s *BoltStore) Oldest() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.oldest
}

func (s *BoltStore) isClosed() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.closed
}

func (s *BoltStore) mapErr(err error) error {
	if errors.Is(err, bolt.ErrDatabaseNotOpen) || (err != nil && s.isClosed()) {
		return ErrClosed
	}
	return err
}

// view runs fn on a reader of the latest committed version.
func (s *BoltStore) view(fn func(r *boltView) error) error {
	if s.isClosed() {
		return ErrClosed
	}
	return s.mapErr(s.db.View(func(tx *bolt.Tx) error {
		// at == latest: reads go to the state bucket only, so the meta
		// record (height, root) is not needed here
		return fn(newBoltView(tx, 0, 0, Hash{}))
	}))
}

// Get reads key at the latest height.
func (s *BoltStore) Get(key []byte) (val []byte, ok bool, err error) {
	err = s.view(func(r *boltView) error {
		val, ok, err = r.Get(key)
		return err
	})
	return val, ok, err
}

// Iterate walks the latest height inside one read transaction.
func (s *BoltStore) Iterate(rg Range, fn func(k, v []byte) error) error {
	return s.view(func(r *boltView) error { return r.Iterate(rg, fn) })
}

// Snapshot pins the latest version (a bbolt read transaction).
func (s *BoltStore) Snapshot() (Snapshot, error) { return s.snapshot(0, true) }

// At pins the version at height h.
func (s *BoltStore) At(h uint64) (Snapshot, error) { return s.snapshot(h, false) }

func (s *BoltStore) snapshot(h uint64, latest bool) (Snapshot, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	tx, err := s.db.Begin(false)
	if err != nil {
		return nil, s.mapErr(err)
	}
	m, err := readMeta(tx)
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if latest {
		h = m.height
	}
	if err := checkAt(h, m.height, m.oldest); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	root := m.root
	if h != m.height {
		r := tx.Bucket(bkRoots).Get(u64(h))
		if len(r) != 32 {
			_ = tx.Rollback()
			return nil, fmt.Errorf("root of height %d missing: %w", h, ErrCorrupt)
		}
		copy(root[:], r)
	}
	return &boltSnapshot{v: newBoltView(tx, h, m.height, root)}, nil
}

// boltSnapshot wraps a read transaction. It is not safe for concurrent use
// (bbolt transactions are not); take one snapshot per goroutine.
type boltSnapshot struct {
	v        *boltView
	released bool
}

func (s *boltSnapshot) Height() uint64 { return s.v.at }
func (s *boltSnapshot) Root() Hash     { return s.v.root }

func (s *boltSnapshot) Get(key []byte) ([]byte, bool, error) {
	if s.released {
		return nil, false, ErrReleased
	}
	return s.v.Get(key)
}

func (s *boltSnapshot) Iterate(r Range, fn func(k, v []byte) error) error {
	if s.released {
		return ErrReleased
	}
	return s.v.Iterate(r, fn)
}

func (s *boltSnapshot) Release() {
	if !s.released {
		s.released = true
		_ = s.v.tx.Rollback()
	}
}

// Close closes the file; it waits for open snapshots. It is idempotent.
func (s *BoltStore) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the whole file (the latest committed
// height and its retained history) to w, in one read transaction. The copy
// opens with OpenBolt.
func (s *BoltStore) Backup(w io.Writer) (int64, error) {
	if s.isClosed() {
		return 0, ErrClosed
	}
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup store: %w", s.mapErr(err))
	}
	return n, nil
}

// change is one effective write of a commit.
type change struct {
	key, val []byte // val nil: delete
	bucket   uint16
}

// Commit applies b as height h in one bbolt transaction: state writes,
// history, leaf and bucket hashes, root, metadata and pruning.
func (s *BoltStore) Commit(h uint64, b *Batch) (Hash, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.isClosed() {
		return Hash{}, ErrClosed
	}
	if s.failed != nil {
		return Hash{}, fmt.Errorf("commit height %d: earlier commit failed, reopen the store: %w", h, s.failed)
	}
	s.mu.RLock()
	latest, oldest := s.height, s.oldest
	s.mu.RUnlock()
	if err := checkHeight(latest, h); err != nil {
		return Hash{}, err
	}
	ops, err := b.sorted()
	if err != nil {
		return Hash{}, fmt.Errorf("commit height %d: %w", h, err)
	}
	newOldest := nextOldest(oldest, h, s.retain)
	keepHist := h > newOldest

	var (
		root Hash
		upd  []nodeUpd
	)
	err = s.db.Update(func(tx *bolt.Tx) error {
		st, lf, bh := tx.Bucket(bkState), tx.Bucket(bkLeaf), tx.Bucket(bkBHash)
		hi, hx, rt, mt := tx.Bucket(bkHist), tx.Bucket(bkHIdx), tx.Bucket(bkRoots), tx.Bucket(bkMeta)
		hb := u64(h)

		// Pass 1: read previous values, keep effective changes, write history.
		changes := make([]change, 0, len(ops))
		c := st.Cursor()
		for _, o := range ops {
			k, v := c.Seek(o.key)
			present := k != nil && bytes.Equal(k, o.key)
			if o.del && !present || !o.del && present && bytes.Equal(v, o.val) {
				continue
			}
			if keepHist {
				prev := []byte{0x00}
				if present {
					prev = append(append(make([]byte, 0, 1+len(v)), 0x01), v...)
				}
				if err := hi.Put(append(escKey(o.key), hb...), prev); err != nil {
					return err
				}
			}
			ch := change{key: o.key, bucket: bucketOf(o.key)}
			if !o.del {
				ch.val = o.val
			}
			changes = append(changes, ch)
		}
		// Pass 2: state and history index, in key order.
		for _, ch := range changes {
			var err error
			if ch.val == nil {
				err = st.Delete(ch.key)
			} else {
				err = st.Put(ch.key, ch.val)
			}
			if err == nil && keepHist {
				err = hx.Put(append(u64(h), ch.key...), []byte{})
			}
			if err != nil {
				return err
			}
		}
		// Pass 3: leaf hashes, in (bucket, key) order.
		byBucket := make([]change, len(changes))
		copy(byBucket, changes)
		sortChangesByBucket(byBucket)
		var dirtyList []uint16
		for _, ch := range byBucket {
			lk := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(ch.key)), ch.bucket)
			lk = append(lk, ch.key...)
			var err error
			if ch.val == nil {
				err = lf.Delete(lk)
			} else {
				l := s.x.leaf(ch.key, ch.val)
				err = lf.Put(lk, l[:])
			}
			if err != nil {
				return err
			}
			if len(dirtyList) == 0 || dirtyList[len(dirtyList)-1] != ch.bucket {
				dirtyList = append(dirtyList, ch.bucket)
			}
		}
		// Pass 4: rehash touched buckets (ascending).
		dirty := make([]nodeUpd, 0, len(dirtyList))
		for _, bk := range dirtyList {
			prefix := binary.BigEndian.AppendUint16(nil, bk)
			lc := lf.Cursor()
			k, v := lc.Seek(prefix)
			var bad error
			hsh := s.x.bucketHash(func() (Hash, bool) {
				if k == nil || !bytes.HasPrefix(k, prefix) {
					return Hash{}, false
				}
				var l Hash
				if len(v) != 32 {
					bad = fmt.Errorf("leaf record %x: %w", k, ErrCorrupt)
				}
				copy(l[:], v)
				k, v = lc.Next()
				return l, true
			})
			if bad != nil {
				return bad
			}
			dirty = append(dirty, nodeUpd{treeDepth, int(bk), hsh})
			var err error
			if hsh == (Hash{}) {
				err = bh.Delete(prefix)
			} else {
				err = bh.Put(prefix, hsh[:])
			}
			if err != nil {
				return err
			}
		}
		root, upd = s.tree.plan(dirty)

		// Pruning: history of heights (oldest, newOldest], roots below newOldest.
		for p := oldest + 1; p <= newOldest; p++ {
			if err := pruneHeight(hi, hx, p); err != nil {
				return err
			}
		}
		for p := oldest; p < newOldest; p++ {
			if err := rt.Delete(u64(p)); err != nil {
				return err
			}
		}
		if err := rt.Put(hb, root[:]); err != nil {
			return err
		}
		for _, kv := range [][2][]byte{{metaHeight, hb}, {metaOldest, u64(newOldest)}, {metaRoot, root[:]}} {
			if err := mt.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if !errors.Is(err, ErrCorrupt) {
			// The file may or may not hold the commit (e.g. fsync failed):
			// refuse further commits until the store is reopened.
			s.failed = err
		}
		return Hash{}, fmt.Errorf("commit height %d: %w", h, s.mapErr(err))
	}
	s.tree.apply(upd)
	s.mu.Lock()
	s.height, s.root, s.oldest = h, root, newOldest
	s.mu.Unlock()
	return root, nil
}

func sortChangesByBucket(cs []change) {
	// stable sort keeps key order within a bucket (input is key-sorted)
	slices.SortStableFunc(cs, func(a, b change) int { return int(a.bucket) - int(b.bucket) })
}

// pruneHeight deletes the history written at height p. Its work is
// proportional to the number of keys height p wrote.
func pruneHeight(hi, hx *bolt.Bucket, p uint64) error {
	prefix := u64(p)
	var keys [][]byte
	c := hx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := hi.Delete(append(escKey(k[8:]), prefix...)); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := hx.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// escKey encodes key order-preservingly and prefix-free: 0x00 becomes
// 0x00 0xff, and 0x00 0x01 terminates. So history records of one key are
// contiguous, sorted by height, and sorted across keys like the keys.
func escKey(key []byte) []byte {
	out := make([]byte, 0, len(key)+2+8)
	for _, c := range key {
		if c == 0 {
			out = append(out, 0x00, 0xff)
		} else {
			out = append(out, c)
		}
	}
	return append(out, 0x00, 0x01)
}

// unescHistKey splits a history record key into the key and its height.
func unescHistKey(raw []byte) (key []byte, h uint64, ok bool) {
	if len(raw) < 10 {
		return nil, 0, false
	}
	body := raw[:len(raw)-8]
	key = make([]byte, 0, len(body)-2)
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != 0 {
			key = append(key, c)
			continue
		}
		if i+1 >= len(body) {
			return nil, 0, false
		}
		switch body[i+1] {
		case 0xff:
			key = append(key, 0)
			i++
		case 0x01:
			if i+2 != len(body) {
				return nil, 0, false
			}
			return key, binary.BigEndian.Uint64(raw[len(raw)-8:]), true
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// decodePrev decodes a history value.
func decodePrev(v []byte) (val []byte, present bool, err error) {
	switch {
	case len(v) == 1 && v[0] == 0x00:
		return nil, false, nil
	case len(v) >= 1 && v[0] == 0x01:
		return v[1:], true, nil
	}
	return nil, false, fmt.Errorf("history record %x: %w", v[:min(len(v), 16)], ErrCorrupt)
}

// boltView reads the state at height at, inside a read transaction whose
// latest committed height is latest (at <= latest). For at < latest, a key's
// value is the previous value recorded by the first change after at, or the
// latest value when the key has not changed since.
type boltView struct {
	tx         *bolt.Tx
	st, hi     *bolt.Bucket
	at, latest uint64
	root       Hash
}

func newBoltView(tx *bolt.Tx, at, latest uint64, root Hash) *boltView {
	return &boltView{tx: tx, st: tx.Bucket(bkState), hi: tx.Bucket(bkHist), at: at, latest: latest, root: root}
}

func (r *boltView) Height() uint64 { return r.at }
func (r *boltView) Root() Hash     { return r.root }

// histAt returns the history record that gives key's value at r.at, if any.
func (r *boltView) histAt(c *bolt.Cursor, e []byte) (val []byte, present, found bool, err error) {
	k, v := c.Seek(binary.BigEndian.AppendUint64(e[:len(e):len(e)], r.at+1))
	if k == nil || len(k) != len(e)+8 || !bytes.HasPrefix(k, e) {
		return nil, false, false, nil
	}
	val, present, err = decodePrev(v)
	return val, present, true, err
}

func (r *boltView) Get(key []byte) ([]byte, bool, error) {
	if len(key) == 0 {
		return nil, false, nil
	}
	if r.at < r.latest {
		val, present, found, err := r.histAt(r.hi.Cursor(), escKey(key))
		if err != nil || found {
			return bytes.Clone(val), present, err
		}
	}
	k, v := r.st.Cursor().Seek(key)
	if k == nil || !bytes.Equal(k, key) {
		return nil, false, nil
	}
	return append([]byte{}, v...), true, nil
}

// stateIter walks the state bucket over a range.
type stateIter struct {
	c          *bolt.Cursor
	start, end []byte
	rev        bool
	k, v       []byte
}

func (it *stateIter) first() {
	switch {
	case !it.rev && it.start == nil:
		it.k, it.v = it.c.First()
	case !it.rev:
		it.k, it.v = it.c.Seek(it.start)
	case it.end == nil:
		it.k, it.v = it.c.Last()
	default:
		if it.k, it.v = it.c.Seek(it.end); it.k == nil {
			it.k, it.v = it.c.Last()
		} else {
			it.k, it.v = it.c.Prev()
		}
	}
	it.check()
}

func (it *stateIter) next() {
	if it.rev {
		it.k, it.v = it.c.Prev()
	} else {
		it.k, it.v = it.c.Next()
	}
	it.check()
}

func (it *stateIter) check() {
	if it.k != nil && !inRange(it.k, it.start, it.end) {
		it.k = nil
	}
	if it.v == nil {
		it.v = emptyVal // empty values are present: never hand out nil
	}
}

var emptyVal = []byte{}

// histIter walks, in key order over a range, the keys changed after r.at,
// yielding each one's value at r.at.
type histIter struct {
	r          *boltView
	c          *bolt.Cursor
	start, end []byte
	rev        bool
	pos        []byte // raw cursor key of the next group, nil at the end
	valid      bool
	key, val   []byte
	present    bool
	err        error
}

func (it *histIter) first() {
	switch {
	case !it.rev && it.start == nil:
		it.pos, _ = it.c.First()
	case !it.rev:
		it.pos, _ = it.c.Seek(escKey(it.start))
	case it.end == nil:
		it.pos, _ = it.c.Last()
	default:
		if it.pos, _ = it.c.Seek(escKey(it.end)); it.pos == nil {
			it.pos, _ = it.c.Last()
		} else {
			it.pos, _ = it.c.Prev()
		}
	}
	it.advance()
}

func (it *histIter) advance() {
	it.valid = false
	for it.pos != nil {
		key, _, ok := unescHistKey(it.pos)
		if !ok {
			it.err = fmt.Errorf("history key %x: %w", it.pos[:min(len(it.pos), 32)], ErrCorrupt)
			return
		}
		if !inRange(key, it.start, it.end) {
			return
		}
		e := escKey(key)
		val, present, found, err := it.r.histAt(it.c, e)
		if err != nil {
			it.err = err
			return
		}
		if it.rev {
			it.c.Seek(e)
			it.pos, _ = it.c.Prev()
		} else {
			it.pos, _ = it.c.Seek(append(e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
		}
		if found {
			it.key, it.val, it.present, it.valid = key, val, present, true
			return
		}
	}
}

func (r *boltView) Iterate(rg Range, fn func(k, v []byte) error) error {
	s := &stateIter{c: r.st.Cursor(), start: rg.Start, end: rg.End, rev: rg.Reverse}
	s.first()
	if r.at == r.latest {
		for ; s.k != nil; s.next() {
			if err := fn(s.k, s.v); err != nil {
				return err
			}
		}
		return nil
	}
	h := &histIter{r: r, c: r.hi.Cursor(), start: rg.Start, end: rg.End, rev: rg.Reverse}
	h.first()
	for s.k != nil || h.valid {
		if h.err != nil {
			return h.err
		}
		var c int
		switch {
		case s.k == nil:
			c = 1
		case !h.valid:
			c = -1
		default:
			c = bytes.Compare(s.k, h.key)
			if rg.Reverse {
				c = -c
			}
		}
		if c < 0 {
			if err := fn(s.k, s.v); err != nil {
				return err
			}
			s.next()
			continue
		}
		if h.present {
			if err := fn(h.key, h.val); err != nil {
				return err
			}
		}
		if c == 0 {
			s.next()
		}
		h.advance()
	}
	return h.err
}
