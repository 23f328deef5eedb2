package yuma

import "github.com/taokit/taokit/internal/fixed"

// MaxUIDs is the largest subnet size an epoch accepts: uids are u16 on chain
// (SubnetworkN is a u16), so 65535. Nothing in the epoch is quadratic in n,
// so sizes far above the chain's MaxAllowedUids (256) run fine.
const MaxUIDs = 65535

// Params are the hyperparameters and per-epoch scalars the epoch reads
// (yuma.md §3.1, §5). JSON names mirror the vectors' "params".
type Params struct {
	// N is the subnet size (SubnetworkN); uids are 0..N-1.
	N int `json:"n"`
	// Tempo is the epoch period in blocks.
	Tempo uint16 `json:"tempo"`
	// ActivityCutoffFactorMilli gives the activity cutoff
	// max(1, ⌊factor·tempo/1000⌋) blocks.
	ActivityCutoffFactorMilli uint32 `json:"activity_cutoff_factor_milli"`
	// ActivityCutoffBlocks, when set, is the cutoff in blocks. If the factor is
	// set too, both must agree.
	ActivityCutoffBlocks *uint64 `json:"activity_cutoff_blocks,omitempty"`
	// KappaU16 is the consensus majority (u16/65535).
	KappaU16 uint16 `json:"kappa_u16"`
	// BondsPenaltyU16 interpolates bond weights from raw to clipped (u16/65535).
	BondsPenaltyU16 uint16 `json:"bonds_penalty_u16"`
	// BondsMovingAverage is in ppm: the EMA alpha is 1 − bma/1e6.
	BondsMovingAverage uint64 `json:"bonds_moving_average"`
	// Yuma3 selects the Yuma3 bonds and dividends (Yuma3On).
	Yuma3 bool `json:"yuma3"`
	// LiquidAlpha enables per-bond liquid alpha (Yuma3 only).
	LiquidAlpha bool `json:"liquid_alpha"`
	// AlphaLowU16 and AlphaHighU16 bound liquid alpha (u16/65535).
	AlphaLowU16  uint16 `json:"alpha_low_u16"`
	AlphaHighU16 uint16 `json:"alpha_high_u16"`
	// AlphaSigmoidSteepness is the liquid-alpha sigmoid steepness (used as s/−100).
	AlphaSigmoidSteepness int16 `json:"alpha_sigmoid_steepness"`
	// MaxAllowedValidators is k of the top-k validator permits.
	MaxAllowedValidators uint16 `json:"max_allowed_validators"`
	// StakeThreshold is the minimum total stake (RAO) for a non-owner stake to count.
	StakeThreshold uint64 `json:"stake_threshold"`
	// OwnerUID is the subnet owner's uid, if its hotkey is registered.
	OwnerUID *uint16 `json:"owner_uid"`
	// TaoWeightU64 scales root stake: tao_weight = TaoWeight/u64::MAX.
	TaoWeightU64 uint64 `json:"tao_weight_u64"`
	// LastMechanismStepBlock is LastMechansimStepBlock (0: never).
	LastMechanismStepBlock uint64 `json:"last_mechanism_step_block"`
	// CommitRevealEnabled applies the commit-reveal weight mask.
	CommitRevealEnabled bool `json:"commit_reveal_enabled"`
	// RaoEmission is the emission this epoch distributes.
	RaoEmission uint64 `json:"rao_emission"`
}

// DefaultTaoWeight is the runtime default TaoWeight (≈ 0.05268 of u64::MAX).
const DefaultTaoWeight uint64 = 971_718_665_099_567_868

// DefaultParams returns the values a new subnet gets on chain (runtime
// defaults plus init_new_network: Yuma3 on, 64 validators), with n = 0 and
// an emission of 1 alpha (1e9 RAO).
func DefaultParams() Params {
	return Params{
		Tempo:                     360,
		ActivityCutoffFactorMilli: 13_889,
		KappaU16:                  32_767,
		BondsPenaltyU16:           65_535,
		BondsMovingAverage:        900_000,
		Yuma3:                     true,
		AlphaLowU16:               45_875,
		AlphaHighU16:              58_982,
		AlphaSigmoidSteepness:     1000,
		MaxAllowedValidators:      64,
		TaoWeightU64:              DefaultTaoWeight,
		CommitRevealEnabled:       true,
		RaoEmission:               1_000_000_000,
	}
}

// cutoffFromFactor is get_activity_cutoff_blocks.
func cutoffFromFactor(factorMilli uint32, tempo uint16) uint64 {
	c := uint64(factorMilli) * uint64(tempo) / 1000 // ≤ 2^32·2^16: no overflow
	return max(c, 1)
}

// ActivityCutoff returns the activity cutoff in blocks.
func (p *Params) ActivityCutoff() uint64 {
	if p.ActivityCutoffBlocks != nil {
		return *p.ActivityCutoffBlocks
	}
	return cutoffFromFactor(p.ActivityCutoffFactorMilli, p.Tempo)
}

// Validate checks n against MaxUIDs and the cutoff fields against each other.
func (p *Params) Validate() error {
	if p.N < 0 {
		return fieldErr("params.n", "negative size %d", p.N)
	}
	if p.N > MaxUIDs {
		return &FieldError{Field: "params.n", Msg: "n above the cap of 65535", Kind: ErrTooManyUIDs}
	}
	if p.ActivityCutoffBlocks != nil && p.ActivityCutoffFactorMilli != 0 {
		if want := cutoffFromFactor(p.ActivityCutoffFactorMilli, p.Tempo); want != *p.ActivityCutoffBlocks {
			return fieldErr("params.activity_cutoff_blocks",
				"%d disagrees with activity_cutoff_factor_milli %d × tempo %d / 1000 = %d",
				*p.ActivityCutoffBlocks, p.ActivityCutoffFactorMilli, p.Tempo, want)
		}
	}
	if p.OwnerUID != nil && int(*p.OwnerUID) >= p.N {
		// The chain only knows an owner uid that is registered (< n).
		return fieldErr("params.owner_uid", "uid %d is not below n = %d", *p.OwnerUID, p.N)
	}
	return nil
}

// u16Proportion is u16_proportion_to_fixed: I32F32(u)/I32F32(65535), truncated.
func u16Proportion(u uint16) fixed.I32F32 {
	return fixed.I32F32FromInt(int64(u)).SafeDiv(fixed.I32F32FromInt(65535))
}

// Kappa is get_float_kappa.
func (p *Params) Kappa() fixed.I32F32 { return u16Proportion(p.KappaU16) }

// BondsPenalty is get_float_bonds_penalty.
func (p *Params) BondsPenalty() fixed.I32F32 { return u16Proportion(p.BondsPenaltyU16) }
