package codec

import (
	"errors"
	"io"
)

const readBufSize = 64 << 10

// markReader is a buffered io.Reader + io.ByteScanner that keeps the bytes of
// the current record (from mark to the read position); the buffer grows to
// hold a record larger than itself and shrinks back at the next mark.
type markReader struct {
	rd    io.Reader
	buf   []byte
	r, w  int
	mark  int // start of the current record in buf, or -1
	err   error
	ioErr error // last error from rd other than io.EOF
}

func newMarkReader(rd io.Reader) *markReader {
	return &markReader{rd: rd, buf: make([]byte, readBufSize), mark: -1}
}

// setMark starts a new record at the read position.
func (m *markReader) setMark() {
	if len(m.buf) > 4*readBufSize && m.w-m.r <= readBufSize {
		nb := make([]byte, readBufSize)
		m.w = copy(nb, m.buf[m.r:m.w])
		m.r = 0
		m.buf = nb
	}
	m.mark = m.r
}

// marked returns the bytes read since setMark, or nil if they were dropped.
func (m *markReader) marked() []byte {
	if m.mark < 0 {
		return nil
	}
	return m.buf[m.mark:m.r]
}

// fill reads more data; it is called only when r == w.
func (m *markReader) fill() {
	keep := m.r
	if m.mark >= 0 {
		keep = m.mark
	}
	if keep > 0 {
		copy(m.buf, m.buf[keep:m.w])
		m.w -= keep
		m.r -= keep
		if m.mark >= 0 {
			m.mark -= keep
		}
	}
	if m.w == len(m.buf) { // kept record bytes fill the buffer
		nb := make([]byte, 2*len(m.buf))
		copy(nb, m.buf[:m.w])
		m.buf = nb
	}
	for i := 0; i < 100; i++ {
		n, err := m.rd.Read(m.buf[m.w:])
		if n < 0 {
			n = 0
		}
		m.w += n
		if err != nil {
			m.err = err
			if err != io.EOF {
				m.ioErr = err
			}
			return
		}
		if n > 0 {
			return
		}
	}
	m.err = io.ErrNoProgress
}

func (m *markReader) readErr() error {
	err := m.err
	m.err = nil
	return err
}

// Read implements io.Reader.
func (m *markReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if m.r == m.w {
		if m.err != nil {
			return 0, m.readErr()
		}
		m.fill()
		if m.r == m.w {
			return 0, m.readErr()
		}
	}
	n := copy(p, m.buf[m.r:m.w])
	m.r += n
	return n, nil
}

// ReadByte implements io.ByteReader.
func (m *markReader) ReadByte() (byte, error) {
	for m.r == m.w {
		if m.err != nil {
			return 0, m.readErr()
		}
		m.fill()
	}
	c := m.buf[m.r]
	m.r++
	return c, nil
}

var errUnread = errors.New("codec: invalid UnreadByte")

// UnreadByte implements io.ByteScanner.
func (m *markReader) UnreadByte() error {
	if m.r == 0 {
		return errUnread
	}
	m.r--
	return nil
}

// skipSpace consumes JSON whitespace and returns the next byte without
// consuming it. err is io.EOF if only whitespace remains.
func (m *markReader) skipSpace() (byte, error) {
	for {
		c, err := m.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		_ = m.UnreadByte()
		return c, nil
	}
}
