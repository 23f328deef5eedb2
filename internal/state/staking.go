package state

func (s *State) initStaking() {}
