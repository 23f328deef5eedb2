package state

import (
	"bytes"
	"fmt"

	"github.com/taokit/taokit/internal/store"
	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// Subnet records
//
// A subnet's Pool and Emission both change in every block's coinbase, so they
// share one store key, 'p' ‖ netuid, holding the msgpack array
// [pool, emission] (nil for a half that does not exist). One key per subnet
// instead of two halves the per-block writes to the store. In memory they
// stay two tables; subnetRecords flushes and loads them together, and their
// Read methods decode their half of the record.

const subnetRecordPrefix = 'p'

// subnetRecords is the flusher of the Pools and Emissions tables.
type subnetRecords struct {
	pools *Table[NetUID, Pool]
	ems   *Table[NetUID, Emission]
}

func (r subnetRecords) undoLast() {}
func (r subnetRecords) forget()   {}

func (r subnetRecords) flush(b *store.Batch, sc *scratch) error {
	var nets []NetUID
	r.pools.eachDirty(func(n NetUID) { nets = append(nets, n) })
	r.ems.eachDirty(func(n NetUID) {
		if !r.pools.isDirty(n) {
			nets = append(nets, n)
		}
	})
	for _, n := range nets {
		sc.key = netKey.enc(append(sc.key[:0], subnetRecordPrefix), n)
		pl, hasPool := r.pools.Get(n)
		em, hasEm := r.ems.Get(n)
		if !hasPool && !hasEm {
			b.Delete(sc.key)
			continue
		}
		v := append(sc.val[:0], 0x92)
		var err error
		if v, err = appendHalf(v, &pl, hasPool); err != nil {
			return fmt.Errorf("encode pools entry: %w", err)
		}
		if v, err = appendHalf(v, &em, hasEm); err != nil {
			return fmt.Errorf("encode emissions entry: %w", err)
		}
		sc.val = v
		b.Set(sc.key, sc.val)
	}
	r.pools.clearDirty()
	r.ems.clearDirty()
	return nil
}

func appendHalf[V any](b []byte, v *V, ok bool) ([]byte, error) {
	if !ok {
		return append(b, 0xc0), nil
	}
	return appendValue(b, v)
}

func (r subnetRecords) load(rd store.Reader) error {
	r.pools.resetEntries()
	r.ems.resetEntries()
	return rd.Iterate(store.Prefix([]byte{subnetRecordPrefix}), func(key, val []byte) error {
		n, err := netKey.dec(key[1:])
		if err != nil {
			return fmt.Errorf("decode subnet record key %x: %w", key, err)
		}
		var pl Pool
		var em Emission
		d := msgpack.NewDecoder(bytes.NewReader(val))
		if err := openSubnetRecord(d); err != nil {
			return fmt.Errorf("decode subnet record at %x: %w", key, err)
		}
		hasPool, err := nextHalf(d, &pl)
		if err != nil {
			return fmt.Errorf("decode pools value at %x: %w", key, err)
		}
		hasEm, err := nextHalf(d, &em)
		if err != nil {
			return fmt.Errorf("decode emissions value at %x: %w", key, err)
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

// decodeHalf decodes element i (0 or 1) of a subnet record.
func decodeHalf[V any](raw []byte, i int) (V, bool, error) {
	var v V
	d := msgpack.NewDecoder(bytes.NewReader(raw))
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
