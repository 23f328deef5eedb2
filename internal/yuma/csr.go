package yuma

import "github.com/taokit/taokit/internal/fixed"

// csr is a sparse matrix in compressed sparse row form: row i holds
// col[ptr[i]:ptr[i+1]] and val[ptr[i]:ptr[i+1]], in the order the chain's
// Vec<Vec<(u16, I32F32)>> would hold them.
type csr struct {
	ptr []int32
	col []uint16
	val []fixed.I32F32
}

// reset empties m, ready for rows appended with push and endRow.
func (m *csr) reset(nnzHint int) {
	m.ptr = append(m.ptr[:0], 0)
	if cap(m.col) < nnzHint {
		m.col = make([]uint16, 0, nnzHint)
		m.val = make([]fixed.I32F32, 0, nnzHint)
	}
	m.col, m.val = m.col[:0], m.val[:0]
}

func (m *csr) push(c uint16, v fixed.I32F32) {
	m.col = append(m.col, c)
	m.val = append(m.val, v)
}

func (m *csr) endRow() { m.ptr = append(m.ptr, int32(len(m.col))) }

// Hot loops fill a csr by index instead of push, which keeps the slice
// headers in registers: open returns col and val at full capacity (at least
// nnz), entries are written at increasing positions, closeRow(pos) ends a
// row after the entry at pos−1, and done(pos) sets the final lengths.
func (m *csr) open(nnz int) ([]uint16, []fixed.I32F32) {
	m.reset(nnz)
	return m.col[:cap(m.col)], m.val[:cap(m.val)]
}

func (m *csr) closeRow(pos int) { m.ptr = append(m.ptr, int32(pos)) }

func (m *csr) done(pos int) { m.col, m.val = m.col[:pos], m.val[:pos] }

// rows returns the number of rows.
func (m *csr) rows() int { return len(m.ptr) - 1 }

// bounds returns the entry range of row i.
func (m *csr) bounds(i int) (int, int) { return int(m.ptr[i]), int(m.ptr[i+1]) }

// entries returns row i as a slice of Entry (for traces and tests).
func (m *csr) entries() [][]Entry {
	out := make([][]Entry, m.rows())
	for i := range out {
		lo, hi := m.bounds(i)
		row := make([]Entry, 0, hi-lo)
		for k := lo; k < hi; k++ {
			row = append(row, Entry{m.col[k], m.val[k]})
		}
		out[i] = row
	}
	return out
}

// sortedRow reports whether row i's columns strictly increase.
func (m *csr) sortedRow(i int) bool {
	lo, hi := m.bounds(i)
	for k := lo + 1; k < hi; k++ {
		if m.col[k] <= m.col[k-1] {
			return false
		}
	}
	return true
}

func growSlice[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
