package codec

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
)

// Field paths are dotted map keys from the record root ("params.kappa"); array
// elements add no component, as in encoding/json's UnmarshalTypeError.Field.

// msgpackFieldAt returns the path of the innermost map key or value in b (one
// record, possibly cut short) that contains byte offset t. The decoder stops
// right after the byte it failed on, so t = len(b)-1 names the failing field.
func msgpackFieldAt(b []byte, t int) string {
	w := mpWalker{b: b, t: t}
	w.value(nil, 0)
	return strings.Join(w.best, ".")
}

const maxWalkDepth = 1000

type mpWalker struct {
	b    []byte
	pos  int
	t    int
	best []string
}

func (w *mpWalker) note(path []string) { w.best = append(w.best[:0:0], path...) }

// uint reads an n-byte big-endian length.
func (w *mpWalker) uint(n int) (uint64, bool) {
	if len(w.b)-w.pos < n {
		return 0, false
	}
	var v uint64
	switch n {
	case 1:
		v = uint64(w.b[w.pos])
	case 2:
		v = uint64(binary.BigEndian.Uint16(w.b[w.pos:]))
	case 4:
		v = uint64(binary.BigEndian.Uint32(w.b[w.pos:]))
	}
	w.pos += n
	return v, true
}

func (w *mpWalker) skip(n uint64) bool {
	if uint64(len(w.b)-w.pos) < n {
		return false
	}
	w.pos += int(n)
	return true
}

// value walks one value at w.pos; it returns false once data runs out or the
// walk has passed t.
func (w *mpWalker) value(path []string, depth int) bool {
	if w.pos > w.t || w.pos >= len(w.b) || depth > maxWalkDepth {
		return false
	}
	w.note(path)
	c := w.b[w.pos]
	w.pos++
	switch {
	case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		return true
	case c&0xf0 == 0x80:
		return w.mapN(uint64(c&0x0f), path, depth)
	case c&0xf0 == 0x90:
		return w.arrayN(uint64(c&0x0f), path, depth)
	case c&0xe0 == 0xa0:
		return w.skip(uint64(c & 0x1f))
	}
	var n uint64
	var ok bool
	switch c {
	case 0xc4, 0xd9: // bin8, str8
		n, ok = w.uint(1)
		return ok && w.skip(n)
	case 0xc5, 0xda:
		n, ok = w.uint(2)
		return ok && w.skip(n)
	case 0xc6, 0xdb:
		n, ok = w.uint(4)
		return ok && w.skip(n)
	case 0xc7: // ext8
		n, ok = w.uint(1)
		return ok && w.skip(n+1)
	case 0xc8:
		n, ok = w.uint(2)
		return ok && w.skip(n+1)
	case 0xc9:
		n, ok = w.uint(4)
		return ok && w.skip(n+1)
	case 0xca, 0xce, 0xd2: // float32, uint32, int32
		return w.skip(4)
	case 0xcb, 0xcf, 0xd3:
		return w.skip(8)
	case 0xcc, 0xd0:
		return w.skip(1)
	case 0xcd, 0xd1:
		return w.skip(2)
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1..16
		return w.skip(1 + 1<<(c-0xd4))
	case 0xdc:
		n, ok = w.uint(2)
		return ok && w.arrayN(n, path, depth)
	case 0xdd:
		n, ok = w.uint(4)
		return ok && w.arrayN(n, path, depth)
	case 0xde:
		n, ok = w.uint(2)
		return ok && w.mapN(n, path, depth)
	case 0xdf:
		n, ok = w.uint(4)
		return ok && w.mapN(n, path, depth)
	}
	return false // 0xc1: never used
}

func (w *mpWalker) arrayN(n uint64, path []string, depth int) bool {
	for i := uint64(0); i < n; i++ {
		if !w.value(path, depth+1) {
			return false
		}
	}
	return true
}

func (w *mpWalker) mapN(n uint64, path []string, depth int) bool {
	for i := uint64(0); i < n; i++ {
		if w.pos > w.t || w.pos >= len(w.b) {
			return false
		}
		name, ok := w.key()
		if !ok {
			w.note(path)
			return false
		}
		sub := append(path[:len(path):len(path)], name)
		w.note(sub)
		if !w.value(sub, depth+1) {
			return false
		}
	}
	return true
}

// key reads a map key; string keys give their text, others "?".
func (w *mpWalker) key() (string, bool) {
	c := w.b[w.pos]
	var n uint64
	var ok bool
	switch {
	case c&0xe0 == 0xa0:
		w.pos++
		n, ok = uint64(c&0x1f), true
	case c == 0xd9:
		w.pos++
		n, ok = w.uint(1)
	case c == 0xda:
		w.pos++
		n, ok = w.uint(2)
	case c == 0xdb:
		w.pos++
		n, ok = w.uint(4)
	default:
		save := w.best
		if !w.value(nil, maxWalkDepth) { // scalar keys only
			return "", false
		}
		w.best = save
		return "?", true
	}
	if !ok || uint64(len(w.b)-w.pos) < n {
		return "", false
	}
	s := string(w.b[w.pos : w.pos+int(n)])
	w.pos += int(n)
	return s, true
}

// jsonKeyPath returns the path of the first object key equal to name in the
// JSON value raw, or "".
func jsonKeyPath(raw []byte, name string) string {
	type frame struct {
		obj     bool
		wantKey bool
		key     string
	}
	var stack []frame
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if delim, ok := tok.(json.Delim); ok {
			switch delim {
			case '{', '[':
				stack = append(stack, frame{obj: delim == '{', wantKey: true})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].obj {
					stack[len(stack)-1].wantKey = true
				}
			}
			if len(stack) == 0 {
				return ""
			}
			continue
		}
		if len(stack) == 0 {
			return ""
		}
		top := &stack[len(stack)-1]
		if !top.obj {
			continue
		}
		if top.wantKey {
			top.key, _ = tok.(string)
			top.wantKey = false
			if top.key == name {
				var parts []string
				for _, f := range stack {
					if f.obj {
						parts = append(parts, f.key)
					}
				}
				return strings.Join(parts, ".")
			}
			continue
		}
		top.wantKey = true
	}
}
