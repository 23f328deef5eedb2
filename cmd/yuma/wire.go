package main

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/yuma"
)

// The JSON forms of yuma.Rows (an object keyed by uid) and yuma.Pair
// ([uid, value]) come from their own methods; these make msgpack streams use
// the same shapes, with the rows in uid order so output bytes are
// deterministic.
func init() {
	msgpack.Register(yuma.Pair{}, encodePair, decodePair)
	msgpack.Register(yuma.Rows(nil), encodeRows, decodeRows)
	_ = codec.Msgpack
}

func encodePair(e *msgpack.Encoder, v reflect.Value) error {
	p := v.Interface().(yuma.Pair)
	if err := e.EncodeArrayLen(2); err != nil {
		return err
	}
	if err := e.EncodeUint(uint64(p.UID)); err != nil {
		return err
	}
	return e.EncodeUint(uint64(p.Value))
}

func decodePair(d *msgpack.Decoder, v reflect.Value) error {
	n, err := d.DecodeArrayLen()
	if err != nil {
		return err
	}
	if n != 2 {
		return fmt.Errorf("msgpack: entry: want [uid, value], got %d elements", n)
	}
	var u [2]uint16
	for k := range u {
		x, err := d.DecodeInt64()
		if err != nil {
			return err
		}
		if x < 0 || x > 65535 {
			return fmt.Errorf("msgpack: entry: %d is not in 0..65535", x)
		}
		u[k] = uint16(x)
	}
	v.Set(reflect.ValueOf(yuma.Pair{UID: u[0], Value: u[1]}))
	return nil
}

func encodeRows(e *msgpack.Encoder, v reflect.Value) error {
	rows := v.Interface().(yuma.Rows)
	n := 0
	for _, r := range rows {
		if len(r) > 0 {
			n++
		}
	}
	if err := e.EncodeMapLen(n); err != nil {
		return err
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		if err := e.EncodeString(strconv.Itoa(i)); err != nil {
			return err
		}
		if err := e.EncodeArrayLen(len(r)); err != nil {
			return err
		}
		for _, p := range r {
			if err := encodePair(e, reflect.ValueOf(p)); err != nil {
				return err
			}
		}
	}
	return nil
}

func decodeRows(d *msgpack.Decoder, v reflect.Value) error {
	n, err := d.DecodeMapLen()
	if err != nil {
		return err
	}
	if n < 0 { // nil
		v.Set(reflect.Zero(v.Type()))
		return nil
	}
	var rows yuma.Rows
	var seen []bool
	for range n {
		key, err := d.DecodeInterfaceLoose()
		if err != nil {
			return err
		}
		var uid int
		switch k := key.(type) {
		case string:
			if uid, err = yuma.ParseUIDKey(k); err != nil {
				return fmt.Errorf("msgpack: rows: %w", err)
			}
		case int64:
			if k < 0 || k > 65535 {
				return fmt.Errorf("msgpack: rows: key %d is not a uid", k)
			}
			uid = int(k)
		case uint64:
			if k > 65535 {
				return fmt.Errorf("msgpack: rows: key %d is not a uid", k)
			}
			uid = int(k)
		default:
			return fmt.Errorf("msgpack: rows: key %v is not a uid", key)
		}
		cnt, err := d.DecodeArrayLen()
		if err != nil {
			return err
		}
		if cnt < 0 {
			cnt = 0
		}
		row := make([]yuma.Pair, cnt)
		for k := range row {
			if err := decodePair(d, reflect.ValueOf(&row[k]).Elem()); err != nil {
				return err
			}
		}
		if uid >= len(rows) {
			rows = append(rows, make(yuma.Rows, uid+1-len(rows))...)
			seen = append(seen, make([]bool, uid+1-len(seen))...)
		}
		if seen[uid] {
			return fmt.Errorf("msgpack: rows: row %d given twice", uid)
		}
		seen[uid] = true
		rows[uid] = row
	}
	v.Set(reflect.ValueOf(rows))
	return nil
}
