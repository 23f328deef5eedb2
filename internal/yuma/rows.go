package yuma

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Pair is one stored sparse entry: a destination uid and a u16 value (a
// weight after set_weights max-upscaling, or a bond). Its JSON form is the
// two-element array [uid, value].
type Pair struct {
	UID   uint16
	Value uint16
}

// MarshalJSON writes [uid,value].
func (p Pair) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16)
	return p.appendJSON(b), nil
}

func (p Pair) appendJSON(b []byte) []byte {
	b = append(b, '[')
	b = strconv.AppendUint(b, uint64(p.UID), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(p.Value), 10)
	return append(b, ']')
}

// UnmarshalJSON reads exactly [uid,value] with both in 0..65535.
func (p *Pair) UnmarshalJSON(b []byte) error {
	var v []json.Number
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("entry %s: want [uid, value]", clip(b))
	}
	if len(v) != 2 {
		return fmt.Errorf("entry %s: want [uid, value], got %d elements", clip(b), len(v))
	}
	uid, err1 := strconv.ParseUint(string(v[0]), 10, 16)
	val, err2 := strconv.ParseUint(string(v[1]), 10, 16)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("entry %s: uid and value must be integers in 0..65535", clip(b))
	}
	p.UID, p.Value = uint16(uid), uint16(val)
	return nil
}

// clip shortens raw JSON for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// Rows is a sparse matrix stored by row: Rows[i] holds uid i's entries in
// stored order. It may be shorter than n (missing rows are empty). Its JSON
// form is an object keyed by the uid in decimal, listing non-empty rows in
// uid order: {"0": [[4, 65535], [5, 0]], "3": [[1, 7]]}.
type Rows [][]Pair

// NNZ returns the number of entries.
func (r Rows) NNZ() int {
	n := 0
	for _, row := range r {
		n += len(row)
	}
	return n
}

// Clone returns a deep copy.
func (r Rows) Clone() Rows {
	if r == nil {
		return nil
	}
	out := make(Rows, len(r))
	flat := make([]Pair, r.NNZ())
	for i, row := range r {
		if len(row) == 0 {
			continue
		}
		k := copy(flat, row)
		out[i], flat = flat[:k:k], flat[k:]
	}
	return out
}

// MarshalJSON writes the non-empty rows as an object keyed by uid, in uid order.
func (r Rows) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+12*r.NNZ())
	b = append(b, '{')
	first := true
	for i, row := range r {
		if len(row) == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = strconv.AppendUint(b, uint64(i), 10)
		b = append(b, '"', ':', '[')
		for k, p := range row {
			if k > 0 {
				b = append(b, ',')
			}
			b = p.appendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an object keyed by decimal uid (0..65535); a repeated
// key is an error. null gives no rows.
func (r *Rows) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*r = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("rows: want an object keyed by uid")
	}
	var rows Rows
	var seen []bool
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("rows: %w", err)
		}
		key, _ := tok.(string)
		uid, err := ParseUIDKey(key)
		if err != nil {
			return fmt.Errorf("rows: %w", err)
		}
		var row []Pair
		if err := dec.Decode(&row); err != nil {
			return fmt.Errorf("rows: row %q: %w", key, err)
		}
		if uid >= len(rows) {
			rows = append(rows, make(Rows, uid+1-len(rows))...)
			seen = append(seen, make([]bool, uid+1-len(seen))...)
		}
		if seen[uid] {
			return fmt.Errorf("rows: row %q given twice", key)
		}
		seen[uid] = true
		rows[uid] = row
	}
	*r = rows
	return nil
}

// ParseUIDKey parses an object key naming a uid: a decimal integer in 0..65535.
func ParseUIDKey(key string) (int, error) {
	v, err := strconv.ParseUint(key, 10, 16)
	if err != nil {
		return 0, fmt.Errorf("key %q is not a uid (an integer in 0..65535)", key)
	}
	return int(v), nil
}
