package state

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/store"
	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// Subnet records
//
// Every subnet's Pool and Emission change in every block's coinbase, so all
// of them live under one store key, 'p', rather than two keys per subnet:
// a block then makes one change to the state root's Merkle tree for its
// coinbase instead of one per subnet (the costliest part of a write is the
// tree update, not the bytes). The value is a msgpack array indexed by
// netuid, up to the highest netuid holding either, whose element is nil
// when the subnet has neither, else a bin holding the subnet record: the
// msgpack array [pool, emission], nil for an absent half. Elements are bins
// so a reader finds subnet n by hopping over n length headers without
// decoding the others. In memory Pools and Emissions stay two tables;
// subnetRecords flushes and loads them together, and their Read methods
// decode their half of subnet n's record.

const subnetRecordPrefix = 'p'

// subnetGroupKey is the store key of the subnet records.
var subnetGroupKey = []byte{subnetRecordPrefix}

// errSubnetGroup is a malformed subnet records value.
var errSubnetGroup = errors.New("malformed subnet records")

// subnetRecords is the flusher of the Pools and Emissions tables.
type subnetRecords struct {
	pools *Table[NetUID, Pool]
	ems   *Table[NetUID, Emission]
}

func (r subnetRecords) undoLast() {}
func (r subnetRecords) forget()   {}

func (r subnetRecords) flush(b *store.Batch, sc *scratch) error {
	if len(r.pools.d.dlist) == 0 && len(r.ems.d.dlist) == 0 {
		return nil
	}
	defer r.pools.clearDirty()
	defer r.ems.clearDirty()
	pd, ed := r.pools.d, r.ems.d
	if pd.n == 0 && ed.n == 0 {
		b.Delete(subnetGroupKey)
		return nil
	}
	last := 0 // one past the highest slot holding a half
	pd.each(func(i int, _ *Pool) { last = max(last, i+1) })
	ed.each(func(i int, _ *Emission) { last = max(last, i+1) })
	v := codec.AppendArrayLen(sc.val[:0], last)
	for i := range last {
		pl, hasPool := pd.at(i)
		em, hasEm := ed.at(i)
		if !hasPool && !hasEm {
			v = append(v, mpNil)
			continue
		}
		rec := append(sc.rec[:0], mpFixArray|2)
		rec = appendHalf(rec, &pl, hasPool, appendPool)
		rec = appendHalf(rec, &em, hasEm, appendEmission)
		sc.rec = rec
		v = codec.AppendBin(v, rec)
	}
	sc.val = v
	b.Set(subnetGroupKey, sc.val)
	return nil
}

// appendHalf encodes a present half, or nil.
func appendHalf[V any](b []byte, v *V, ok bool, enc func([]byte, *V) []byte) []byte {
	if !ok {
		return append(b, mpNil)
	}
	return enc(b, v)
}

// readLen reads a w-byte big-endian length at the start of b and returns
// it with the bytes after it; false when b is too short or the length
// exceeds len(b).
func readLen(b []byte, w int) (int, []byte, bool) {
	if len(b) < w {
		return 0, nil, false
	}
	var n uint64
	for _, c := range b[:w] {
		n = n<<8 | uint64(c)
	}
	if n > uint64(len(b)) { // also bounds the int conversion
		return 0, nil, false
	}
	return int(n), b[w:], true
}

// subnetGroupLen reads the array header of a subnet records value: the
// number of elements and the bytes after the header.
func subnetGroupLen(raw []byte) (int, []byte, error) {
	if len(raw) == 0 {
		return 0, nil, fmt.Errorf("%w: empty", errSubnetGroup)
	}
	c, rest := raw[0], raw[1:]
	switch {
	case c&0xf0 == mpFixArray:
		return int(c & 0x0f), rest, nil
	case c == 0xdc:
		if n, r, ok := readLen(rest, 2); ok {
			return n, r, nil
		}
	case c == 0xdd:
		if n, r, ok := readLen(rest, 4); ok {
			return n, r, nil
		}
	}
	return 0, nil, fmt.Errorf("%w: header %#x", errSubnetGroup, c)
}

// nextSubnetRecord splits the next element off b: the subnet record's bytes
// (nil for a nil element) and the rest.
func nextSubnetRecord(b []byte) (rec, rest []byte, err error) {
	if len(b) == 0 {
		return nil, nil, fmt.Errorf("%w: truncated", errSubnetGroup)
	}
	w := 0
	switch b[0] {
	case mpNil:
		return nil, b[1:], nil
	case mpBin8:
		w = 1
	case 0xc5:
		w = 2
	case 0xc6:
		w = 4
	default:
		return nil, nil, fmt.Errorf("%w: element code %#x", errSubnetGroup, b[0])
	}
	n, r, ok := readLen(b[1:], w)
	if !ok || n > len(r) || n == 0 {
		return nil, nil, fmt.Errorf("%w: element length", errSubnetGroup)
	}
	return r[:n:n], r[n:], nil
}

// eachSubnetRecord calls fn with every non-nil element of raw and its netuid.
func eachSubnetRecord(raw []byte, fn func(n NetUID, rec []byte) error) error {
	count, b, err := subnetGroupLen(raw)
	if err != nil {
		return err
	}
	if count > 1<<16 {
		return fmt.Errorf("%w: %d elements", errSubnetGroup, count)
	}
	for i := range count {
		var rec []byte
		if rec, b, err = nextSubnetRecord(b); err != nil {
			return err
		}
		if rec != nil {
			if err := fn(NetUID(i), rec); err != nil {
				return err
			}
		}
	}
	if len(b) != 0 {
		return fmt.Errorf("%w: %d bytes after the last element", errSubnetGroup, len(b))
	}
	return nil
}

// subnetRecordOf returns subnet n's record in raw (nil when it has none).
func subnetRecordOf(raw []byte, n int) ([]byte, error) {
	count, b, err := subnetGroupLen(raw)
	if err != nil {
		return nil, err
	}
	if n >= count {
		return nil, nil
	}
	for range n {
		if _, b, err = nextSubnetRecord(b); err != nil {
			return nil, err
		}
	}
	rec, _, err := nextSubnetRecord(b)
	return rec, err
}

func (r subnetRecords) load(rd store.Reader) error {
	r.pools.resetEntries()
	r.ems.resetEntries()
	raw, ok, err := rd.Get(subnetGroupKey)
	if err != nil || !ok {
		return err
	}
	return eachSubnetRecord(raw, func(n NetUID, rec []byte) error {
		var pl Pool
		var em Emission
		d := msgpack.NewDecoder(bytes.NewReader(rec))
		if err := openSubnetRecord(d); err != nil {
			return fmt.Errorf("decode subnet %d record: %w", n, err)
		}
		hasPool, err := nextHalf(d, &pl)
		if err != nil {
			return fmt.Errorf("decode pools value of subnet %d: %w", n, err)
		}
		hasEm, err := nextHalf(d, &em)
		if err != nil {
			return fmt.Errorf("decode emissions value of subnet %d: %w", n, err)
		}
		if hasPool {
			r.pools.loadEntry(n, pl)
		}
		if hasEm {
			r.ems.loadEntry(n, em)
		}
		return nil
	})
}

// decodeHalf decodes element i (0 or 1) of subnet record rec.
func decodeHalf[V any](rec []byte, i int) (V, bool, error) {
	var v V
	d := msgpack.NewDecoder(bytes.NewReader(rec))
	if err := openSubnetRecord(d); err != nil {
		return v, false, err
	}
	if i == 1 {
		if err := d.Skip(); err != nil {
			return v, false, err
		}
	}
	ok, err := nextHalf(d, &v)
	return v, ok, err
}

// openSubnetRecord reads the record's array header.
func openSubnetRecord(d *msgpack.Decoder) error {
	n, err := d.DecodeArrayLen()
	if err == nil && n != 2 {
		err = fmt.Errorf("subnet record of %d elements, want 2", n)
	}
	return err
}

// nextHalf decodes the next half into v; false when it is nil (absent).
func nextHalf[V any](d *msgpack.Decoder, v *V) (bool, error) {
	c, err := d.PeekCode()
	if err != nil {
		return false, err
	}
	if c == msgpcode.Nil {
		return false, d.Skip()
	}
	return true, d.Decode(v)
}

// shareSubnetRecord makes the Pools and Emissions tables share subnet
// records: their own flush and load become no-ops and one subnetRecords
// flushes and loads both.
func (s *State) shareSubnetRecord() {
	s.Pools.half, s.Emissions.half = 0, 1
	s.tables = append(s.tables, subnetRecords{s.Pools, s.Emissions})
}
