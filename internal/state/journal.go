package state

// journal records how to undo each write made since the last Discard, so a
// failed call can be rolled back to a checkpoint (everything but its fee and
// nonce) without copying the state.
type journal struct{ undo []func() }

func (j *journal) push(f func()) { j.undo = append(j.undo, f) }

// Checkpoint marks the current position.
func (s *State) Checkpoint() int { return len(s.j.undo) }

// Revert undoes every write made after checkpoint cp.
func (s *State) Revert(cp int) {
	for i := len(s.j.undo) - 1; i >= cp; i-- {
		s.j.undo[i]()
		s.j.undo[i] = nil
	}
	s.j.undo = s.j.undo[:cp]
}

// Discard forgets the undo log (after a block is finalized).
func (s *State) Discard() {
	clear(s.j.undo)
	s.j.undo = s.j.undo[:0]
}
