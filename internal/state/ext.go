package state

// Tables added by call families live in their own structs, embedded in
// State and initialised by New, so each family's storage is declared in its
// own file.

// StakingTables holds staking state beyond the core tables (see staking.go).
type StakingTables struct{}

// NeuronTables holds registration and weights state beyond the core tables (see neurons.go).
type NeuronTables struct{}

// EmissionTables holds coinbase and epoch state beyond the core tables (see emission.go).
type EmissionTables struct{}
