package yuma

import "github.com/taokit/taokit/internal/fixed"

// Output holds everything one epoch produces, per uid (length n each), as
// the chain stores or returns it (yuma.md §3.11). JSON names match the
// vectors' "derived" objects where those have the field.
type Output struct {
	// Block is the block the epoch ran at.
	Block uint64 `json:"block"`
	// ServerEmission and ValidatorEmission are the RAO amounts returned by
	// the epoch (incentive and dividend shares of the emission).
	ServerEmission    []uint64 `json:"server_emission"`
	ValidatorEmission []uint64 `json:"validator_emission"`
	// Emission is the Emission storage: normalized incentive+dividends × emission.
	Emission []uint64 `json:"emission"`
	// The u16 terms are fixed_proportion_to_u16 of the I32F32 proportions.
	Consensus      []uint16 `json:"consensus_u16"`
	Incentive      []uint16 `json:"incentive_u16"`
	Dividends      []uint16 `json:"dividends_u16"`
	ValidatorTrust []uint16 `json:"validator_trust_u16"`
	StakeWeight    []uint16 `json:"stake_weight_u16"`
	// Rank, Trust and PruningScore are no longer computed by the chain; its
	// getters return 0, 0 and 65535, and so do these.
	Rank         []uint16 `json:"rank_u16"`
	Trust        []uint16 `json:"trust_u16"`
	PruningScore []uint16 `json:"pruning_score_u16"`
	// NewValidatorPermit are the permits stored for the next epoch.
	NewValidatorPermit []bool `json:"new_validator_permit"`
	// Active is the activity mask (last update within the cutoff).
	Active []bool `json:"active"`
	// Stake is the floor of each uid's total stake (I64F64) in RAO.
	Stake []uint64 `json:"stake"`
	// BondsStored are the bond rows written back: uids with a new permit get
	// their EMA bond row (original Yuma: column max-upscaled; Yuma3: absolute
	// proportions), every other uid an empty row.
	BondsStored Rows `json:"bonds_stored"`
}

// Trace holds intermediate vectors of one epoch, named after the chain's
// trace-log lines. Set Workspace.Trace to collect them.
type Trace struct {
	// NormalisedStake is "Normalised Stake": the filtered, normalized stake.
	NormalisedStake []fixed.I32F32
	// ActiveStake is "Active Stake".
	ActiveStake []fixed.I32F32
	// Weights is "Weights (mask+norm)": the masked, row-normalized weights.
	Weights [][]Entry
	// Consensus is "Consensus".
	Consensus []fixed.I32F32
	// ValidatorTrust is "Validator Trust".
	ValidatorTrust []fixed.I32F32
	// Incentive is "Incentive (=Rank)".
	Incentive []fixed.I32F32
	// BondsDelta is "ΔB (norm)" (original Yuma only; nil under Yuma3).
	BondsDelta [][]Entry
	// EMABonds is the bond matrix the epoch stores, before the u16
	// conversion (original Yuma: already column max-upscaled).
	EMABonds [][]Entry
	// Dividends is "Dividends".
	Dividends []fixed.I32F32
	// NormalizedServerEmission, NormalizedValidatorEmission and
	// NormalizedCombinedEmission are the emission shares before × emission.
	NormalizedServerEmission    []fixed.I32F32
	NormalizedValidatorEmission []fixed.I32F32
	NormalizedCombinedEmission  []fixed.I32F32
}

// Entry is one entry of a fixed-point sparse matrix.
type Entry struct {
	Col uint16
	Val fixed.I32F32
}
