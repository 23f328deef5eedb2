package chain

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/vmihailenco/msgpack/v5"
)

// Block records
//
// A block record (the value under BlockKey) is one msgpack array, written by
// hand because a block with an epoch carries thousands of event attributes:
//
//	record  = [1, height, time, parent bin32, hash bin32, [receipt…], [event…]]
//	receipt = [index, hash bin32, signer bin32, nonce, call, valid, ok, error, fee, [event…]]
//	event   = [name, key1, value1, key2, value2, …]
//
// Integers use the smallest msgpack form; the leading 1 is the format version.

const blockRecordVersion = 1

var errBlockRecord = errors.New("malformed block record")

func appendBlockRecord(b []byte, res *BlockResult) []byte {
	b = codec.AppendArrayLen(b, 7)
	b = codec.AppendUint(b, blockRecordVersion)
	b = codec.AppendUint(b, res.Header.Height)
	b = codec.AppendUint(b, res.Header.Time)
	b = codec.AppendBin(b, res.Header.Parent[:])
	b = codec.AppendBin(b, res.Hash[:])
	b = codec.AppendArrayLen(b, len(res.Receipts))
	for i := range res.Receipts {
		r := &res.Receipts[i]
		b = codec.AppendArrayLen(b, 10)
		b = codec.AppendUint(b, uint64(r.Index))
		b = codec.AppendBin(b, r.Hash[:])
		b = codec.AppendBin(b, r.Signer[:])
		b = codec.AppendUint(b, r.Nonce)
		b = codec.AppendStr(b, r.Call)
		b = codec.AppendBool(b, r.Valid)
		b = codec.AppendBool(b, r.OK)
		b = codec.AppendStr(b, r.Error)
		b = codec.AppendUint(b, r.Fee)
		b = appendEvents(b, r.Events)
	}
	return appendEvents(b, res.Events)
}

func appendEvents(b []byte, evs []runtime.Event) []byte {
	b = codec.AppendArrayLen(b, len(evs))
	for _, e := range evs {
		b = codec.AppendArrayLen(b, 1+2*len(e.Attrs))
		b = codec.AppendStr(b, e.Name)
		for _, a := range e.Attrs {
			b = codec.AppendStr(b, a.Key)
			b = codec.AppendStr(b, a.Value)
		}
	}
	return b
}

func decodeBlockRecord(raw []byte) (*BlockResult, error) {
	d := msgpack.NewDecoder(bytes.NewReader(raw))
	var res BlockResult
	n, err := d.DecodeArrayLen()
	if err != nil || n != 7 {
		return nil, fmt.Errorf("%w: header (%d fields): %v", errBlockRecord, n, err)
	}
	ver, err := d.DecodeUint64()
	if err != nil || ver != blockRecordVersion {
		return nil, fmt.Errorf("%w: version %d: %v", errBlockRecord, ver, err)
	}
	if res.Header.Height, err = d.DecodeUint64(); err != nil {
		return nil, fmt.Errorf("%w: height: %w", errBlockRecord, err)
	}
	if res.Header.Time, err = d.DecodeUint64(); err != nil {
		return nil, fmt.Errorf("%w: time: %w", errBlockRecord, err)
	}
	if err := decodeHash(d, (*[32]byte)(&res.Header.Parent)); err != nil {
		return nil, fmt.Errorf("%w: parent: %w", errBlockRecord, err)
	}
	if err := decodeHash(d, (*[32]byte)(&res.Hash)); err != nil {
		return nil, fmt.Errorf("%w: hash: %w", errBlockRecord, err)
	}
	nr, err := d.DecodeArrayLen()
	if err != nil || nr < 0 {
		return nil, fmt.Errorf("%w: receipts: %v", errBlockRecord, err)
	}
	res.Receipts = make([]Receipt, nr) // empty, not nil, as FinalizeBlock returns it
	for i := range res.Receipts {
		if err := decodeReceipt(d, &res.Receipts[i]); err != nil {
			return nil, fmt.Errorf("%w: receipt %d: %w", errBlockRecord, i, err)
		}
	}
	if res.Events, err = decodeEvents(d); err != nil {
		return nil, fmt.Errorf("%w: events: %w", errBlockRecord, err)
	}
	return &res, nil
}

func decodeReceipt(d *msgpack.Decoder, r *Receipt) error {
	n, err := d.DecodeArrayLen()
	if err != nil || n != 10 {
		return fmt.Errorf("%d fields: %v", n, err)
	}
	idx, err := d.DecodeUint64()
	if err != nil || idx > math.MaxInt32 {
		return fmt.Errorf("index %d: %v", idx, err)
	}
	r.Index = int(idx)
	if err := decodeHash(d, (*[32]byte)(&r.Hash)); err != nil {
		return err
	}
	if err := decodeHash(d, (*[32]byte)(&r.Signer)); err != nil {
		return err
	}
	if r.Nonce, err = d.DecodeUint64(); err != nil {
		return err
	}
	if r.Call, err = d.DecodeString(); err != nil {
		return err
	}
	if r.Valid, err = d.DecodeBool(); err != nil {
		return err
	}
	if r.OK, err = d.DecodeBool(); err != nil {
		return err
	}
	if r.Error, err = d.DecodeString(); err != nil {
		return err
	}
	if r.Fee, err = d.DecodeUint64(); err != nil {
		return err
	}
	r.Events, err = decodeEvents(d)
	return err
}

func decodeEvents(d *msgpack.Decoder) ([]runtime.Event, error) {
	n, err := d.DecodeArrayLen()
	if err != nil || n <= 0 {
		return nil, err
	}
	evs := make([]runtime.Event, n)
	for i := range evs {
		m, err := d.DecodeArrayLen()
		if err != nil || m < 1 || m%2 != 1 {
			return nil, fmt.Errorf("event %d: %d fields: %v", i, m, err)
		}
		if evs[i].Name, err = d.DecodeString(); err != nil {
			return nil, err
		}
		if m > 1 {
			evs[i].Attrs = make([]runtime.Attr, m/2)
		}
		for j := range evs[i].Attrs {
			if evs[i].Attrs[j].Key, err = d.DecodeString(); err != nil {
				return nil, err
			}
			if evs[i].Attrs[j].Value, err = d.DecodeString(); err != nil {
				return nil, err
			}
		}
	}
	return evs, nil
}

func decodeHash(d *msgpack.Decoder, h *[32]byte) error {
	b, err := d.DecodeBytes()
	if err != nil {
		return err
	}
	if len(b) != 32 {
		return fmt.Errorf("%d-byte hash", len(b))
	}
	*h = [32]byte(b)
	return nil
}
