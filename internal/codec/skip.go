package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxDepth bounds the nesting of msgpack arrays and maps, as encoding/json
// bounds JSON nesting, so that hostile input cannot exhaust the stack.
const maxDepth = 10000

var errDepth = fmt.Errorf("exceeds max nesting depth %d", maxDepth)

// discard consumes n bytes (kept in the mark buffer).
func (m *markReader) discard(n uint64) error {
	for n > 0 {
		if m.r == m.w {
			if m.err != nil {
				return m.readErr()
			}
			m.fill()
			continue
		}
		k := uint64(m.w - m.r)
		if k > n {
			k = n
		}
		m.r += int(k)
		n -= k
	}
	return nil
}

// readUint reads an n-byte big-endian unsigned integer (n = 1, 2 or 4).
func (m *markReader) readUint(n int) (uint64, error) {
	var b [4]byte
	for i := 0; i < n; i++ {
		c, err := m.ReadByte()
		if err != nil {
			return 0, err
		}
		b[i] = c
	}
	switch n {
	case 1:
		return uint64(b[0]), nil
	case 2:
		return uint64(binary.BigEndian.Uint16(b[:])), nil
	}
	return uint64(binary.BigEndian.Uint32(b[:])), nil
}

// skipMsgpack consumes exactly one msgpack value without recursion or
// allocation proportional to declared lengths. The stream must not be at EOF
// (the caller peeks first), so any io.EOF here means a truncated value.
func skipMsgpack(m *markReader) error {
	var stack []uint64 // items left in each open container
	var small [16]uint64
	stack = small[:0]
	for {
		c, err := m.ReadByte()
		if err != nil {
			return err
		}
		var items uint64 // children of a container
		container := false
		switch {
		case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		case c&0xf0 == 0x80:
			container, items = true, 2*uint64(c&0x0f)
		case c&0xf0 == 0x90:
			container, items = true, uint64(c&0x0f)
		case c&0xe0 == 0xa0:
			err = m.discard(uint64(c & 0x1f))
		default:
			var n uint64
			switch c {
			case 0xc4, 0xd9: // bin8, str8
				if n, err = m.readUint(1); err == nil {
					err = m.discard(n)
				}
			case 0xc5, 0xda:
				if n, err = m.readUint(2); err == nil {
					err = m.discard(n)
				}
			case 0xc6, 0xdb:
				if n, err = m.readUint(4); err == nil {
					err = m.discard(n)
				}
			case 0xc7: // ext8: len, type, data
				if n, err = m.readUint(1); err == nil {
					err = m.discard(n + 1)
				}
			case 0xc8:
				if n, err = m.readUint(2); err == nil {
					err = m.discard(n + 1)
				}
			case 0xc9:
				if n, err = m.readUint(4); err == nil {
					err = m.discard(n + 1)
				}
			case 0xca, 0xce, 0xd2:
				err = m.discard(4)
			case 0xcb, 0xcf, 0xd3:
				err = m.discard(8)
			case 0xcc, 0xd0:
				err = m.discard(1)
			case 0xcd, 0xd1:
				err = m.discard(2)
			case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext: type + 1..16 bytes
				err = m.discard(1 + 1<<(c-0xd4))
			case 0xdc:
				n, err = m.readUint(2)
				container, items = true, n
			case 0xdd:
				n, err = m.readUint(4)
				container, items = true, n
			case 0xde:
				n, err = m.readUint(2)
				container, items = true, 2*n
			case 0xdf:
				n, err = m.readUint(4)
				container, items = true, 2*n
			default: // 0xc1
				return fmt.Errorf("msgpack: invalid code=%x", c)
			}
		}
		if err != nil {
			return err
		}
		if container && items > 0 {
			if len(stack) >= maxDepth {
				return errDepth
			}
			stack = append(stack, items)
			continue
		}
		// A value is complete: close every container it completes.
		for {
			if len(stack) == 0 {
				return nil
			}
			top := len(stack) - 1
			stack[top]--
			if stack[top] > 0 {
				break
			}
			stack = stack[:top]
		}
	}
}

// isEOF reports whether err is an end-of-input error.
func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// CheckMsgpack reports whether b is exactly one well-formed msgpack value.
// It walks the value without recursion and without allocating for declared
// lengths, so it is safe on hostile input. Decode untrusted bytes only after
// it passes: msgpack's reflection decoder (v5.4.1) pre-allocates a slice of
// whatever length an array header declares, so a few bytes claiming 2³²
// elements would otherwise allocate gigabytes; once the value is known to be
// complete, no declared length can exceed len(b).
func CheckMsgpack(b []byte) error {
	if len(b) == 0 {
		return io.ErrUnexpectedEOF
	}
	// A markReader over b itself: no buffer to fill, nothing copied.
	m := &markReader{rd: eofReader{}, buf: b, w: len(b), mark: -1}
	if err := skipMsgpack(m); err != nil {
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	if _, err := m.ReadByte(); err == nil {
		return fmt.Errorf("msgpack: trailing bytes after the value")
	}
	return nil
}

// eofReader is an exhausted io.Reader.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
