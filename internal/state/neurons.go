package state

func (s *State) initNeurons() {}
