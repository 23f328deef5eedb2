package state

// journal records the order of the writes made since the last Discard, so a
// failed call can be rolled back to a checkpoint (everything but its fee and
// nonce) without copying the state. Each table keeps the old values of its
// own writes (Table.undo); the journal only names, per write, the table
// that holds its undo entry, so writing allocates nothing beyond amortised
// slice growth.
type journal struct{ order []undoer }

// undoer is a table with an undo log.
type undoer interface {
	// undoLast reverts the table's most recent journaled write.
	undoLast()
	// forget drops the table's undo log.
	forget()
}

// Checkpoint marks the current position.
func (s *State) Checkpoint() int { return len(s.j.order) }

// Revert undoes every write made after checkpoint cp, newest first.
func (s *State) Revert(cp int) {
	for i := len(s.j.order) - 1; i >= cp; i-- {
		s.j.order[i].undoLast()
		s.j.order[i] = nil
	}
	s.j.order = s.j.order[:cp]
}

// Discard forgets the undo log (after a block is finalized).
func (s *State) Discard() {
	for _, t := range s.tables {
		t.forget()
	}
	clear(s.j.order)
	s.j.order = s.j.order[:0]
}
