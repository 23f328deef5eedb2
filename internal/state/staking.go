package state

func (s *State) initStaking() {
	s.RootRegistrations = newTable[struct{}, uint16](s, 'I', "root_registrations", unitKey)
}
