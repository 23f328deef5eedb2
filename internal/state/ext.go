package state

// Tables added by call families live in their own structs, embedded in
// State and initialised by New, so each family's storage is declared in its
// own file.

// StakingTables holds staking state beyond the core tables (see staking.go).
type StakingTables struct {
	// RootRegistrations is the root subnet's RegistrationsThisInterval,
	// reset at root epoch boundaries (root_register's interval cap).
	RootRegistrations *Table[struct{}, uint16]
}

// NeuronTables holds registration and weights state beyond the core tables (see neurons.go).
type NeuronTables struct {
	// BlockHashes maps a recent block height to its hash (frame_system's
	// BlockHash, kept for the last BlockHashRetention blocks), for PoW seals.
	BlockHashes *Table[uint64, [32]byte]
	// UsedWork maps a PoW registration's work (seal) to the work block it
	// was made for, for replay protection; entries older than the work
	// validity window are pruned by the registration hook.
	UsedWork *Table[[32]byte, uint64]
	// PendingChildKeys indexes the (subnet, parent hotkey) pairs whose
	// Family holds a scheduled children list; the value is the cooldown
	// block after which it applies.
	PendingChildKeys *Table[NetHotkey, uint64]
	// Outputs holds each subnet's last epoch results per uid.
	Outputs *Table[NetUID, EpochOutputs]
}

// EmissionTables holds coinbase and epoch state beyond the core tables (see emission.go).
type EmissionTables struct{}
