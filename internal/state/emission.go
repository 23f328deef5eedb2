package state

func (s *State) initEmission() {}
