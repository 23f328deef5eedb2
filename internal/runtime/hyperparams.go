package runtime

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Hyperparameter errors (pallet admin-utils and subtensor names).
var (
	ErrValueNotInBounds                  = newErr("ValueNotInBounds")
	ErrUnknownHyperparameter             = newErr("UnknownHyperparameter")
	ErrMaxValidatorsLargerThanMaxUIds    = newErr("MaxValidatorsLargerThanMaxUIds")
	ErrMaxAllowedUidsLessThanCurrentUids = newErr("MaxAllowedUIdsLessThanCurrentUIds")
	ErrBondsMovingAverageMaxReached      = newErr("BondsMovingAverageMaxReached")
	ErrLiquidAlphaDisabled               = newErr("LiquidAlphaDisabled")
	ErrAlphaLowOutOfRange                = newErr("AlphaLowOutOfRange")
	ErrAlphaHighTooLow                   = newErr("AlphaHighTooLow")
	ErrNegativeSigmoidSteepness          = newErr("NegativeSigmoidSteepness")
	ErrInvalidTempo                      = newErr("InvalidTempo")
	ErrCommitRevealEnabled               = newErr("CommitRevealEnabled")
)

// Hyperparameter describes one settable subnet parameter.
type Hyperparameter struct {
	Name      string
	OwnerMay  bool // subnet owner may set it (else root only)
	Min, Max  int64
	get       func(*state.Subnet) int64
	set       func(*state.Subnet, int64)
	check     func(c *Ctx, n state.NetUID, sn *state.Subnet, v int64) error
	rateLimit uint64 // owner rate limit in tempos; 0 = the default OwnerHyperparamRateLimit
}

func boolParam(name string, owner bool, f func(*state.Subnet) *bool) Hyperparameter {
	return Hyperparameter{Name: name, OwnerMay: owner, Min: 0, Max: 1,
		get: func(s *state.Subnet) int64 { return b2i(*f(s)) },
		set: func(s *state.Subnet, v int64) { *f(s) = v != 0 }}
}

func u16Param(name string, owner bool, lo, hi int64, f func(*state.Subnet) *uint16) Hyperparameter {
	return Hyperparameter{Name: name, OwnerMay: owner, Min: lo, Max: hi,
		get: func(s *state.Subnet) int64 { return int64(*f(s)) },
		set: func(s *state.Subnet, v int64) { *f(s) = uint16(v) }}
}

func u64Param(name string, owner bool, lo, hi int64, f func(*state.Subnet) *uint64) Hyperparameter {
	return Hyperparameter{Name: name, OwnerMay: owner, Min: lo, Max: hi,
		get: func(s *state.Subnet) int64 { return int64(*f(s)) },
		set: func(s *state.Subnet, v int64) { *f(s) = uint64(v) }}
}

const maxI64 = int64(^uint64(0) >> 1)

// Hyperparameters lists every parameter set_hyperparameter accepts, with
// who may set it and its bounds (dtao.md §5.6).
var Hyperparameters = []Hyperparameter{
	u16Param("tempo", false, 1, 50_400, func(s *state.Subnet) *uint16 { return &s.Tempo }),
	withCheck(u16Param("max_allowed_uids", true, 1, 256, func(s *state.Subnet) *uint16 { return &s.MaxAllowedUids }),
		func(c *Ctx, n state.NetUID, sn *state.Subnet, v int64) error {
			em, _ := c.S.Emissions.Get(n)
			if v < int64(em.N) {
				return ErrMaxAllowedUidsLessThanCurrentUids
			}
			if v < int64(sn.MinAllowedUids) || v < int64(sn.MaxAllowedValidators) {
				return ErrMaxValidatorsLargerThanMaxUIds
			}
			return nil
		}),
	u16Param("min_allowed_uids", false, 1, 256, func(s *state.Subnet) *uint16 { return &s.MinAllowedUids }),
	withCheck(u16Param("max_allowed_validators", false, 1, 256, func(s *state.Subnet) *uint16 { return &s.MaxAllowedValidators }),
		func(c *Ctx, n state.NetUID, sn *state.Subnet, v int64) error {
			if v > int64(sn.MaxAllowedUids) {
				return ErrMaxValidatorsLargerThanMaxUIds
			}
			return nil
		}),
	u16Param("immunity_period", true, 0, 65_535, func(s *state.Subnet) *uint16 { return &s.ImmunityPeriod }),
	u16Param("min_allowed_weights", true, 0, 65_535, func(s *state.Subnet) *uint16 { return &s.MinAllowedWeights }),
	withRate(u64Param("weights_version_key", true, 0, maxI64, func(s *state.Subnet) *uint64 { return &s.WeightsVersionKey }), 5),
	u64Param("weights_rate_limit", false, 0, maxI64, func(s *state.Subnet) *uint64 { return &s.WeightsSetRateLimit }),
	boolParam("commit_reveal_weights_enabled", true, func(s *state.Subnet) *bool { return &s.CommitRevealEnabled }),
	u64Param("commit_reveal_period", true, 1, 100, func(s *state.Subnet) *uint64 { return &s.RevealPeriodEpochs }),
	withCheck(u64Param("min_burn", true, 0, 1_000_000_000-1, func(s *state.Subnet) *uint64 { return &s.MinBurn }),
		func(_ *Ctx, _ state.NetUID, sn *state.Subnet, v int64) error {
			if uint64(v) >= sn.MaxBurn {
				return ErrValueNotInBounds
			}
			return nil
		}),
	withCheck(u64Param("max_burn", true, 100_000_001, maxI64, func(s *state.Subnet) *uint64 { return &s.MaxBurn }),
		func(_ *Ctx, _ state.NetUID, sn *state.Subnet, v int64) error {
			if uint64(v) <= sn.MinBurn {
				return ErrValueNotInBounds
			}
			return nil
		}),
	u16Param("burn_half_life", true, 1, 36_100, func(s *state.Subnet) *uint16 { return &s.BurnHalfLife }),
	{Name: "burn_increase_mult", OwnerMay: true, Min: 1, Max: 3,
		get: func(s *state.Subnet) int64 {
			return int64(fixed.U64F64FromBits(s.BurnIncreaseMultBits[0], s.BurnIncreaseMultBits[1]).ToU64())
		},
		set: func(s *state.Subnet, v int64) {
			hi, lo := fixed.U64F64FromU64(uint64(v)).Bits()
			s.BurnIncreaseMultBits = [2]uint64{hi, lo}
		}},
	boolParam("network_pow_registration_allowed", false, func(s *state.Subnet) *bool { return &s.PowRegistrationAllowed }),
	u64Param("difficulty", false, 1, maxI64, func(s *state.Subnet) *uint64 { return &s.Difficulty }),
	u16Param("kappa", false, 0, 65_535, func(s *state.Subnet) *uint16 { return &s.Kappa }),
	u16Param("rho", true, 0, 65_535, func(s *state.Subnet) *uint16 { return &s.Rho }),
	withCheck(u64Param("bonds_moving_average", true, 0, 1_000_000, func(s *state.Subnet) *uint64 { return &s.BondsMovingAverage }),
		func(c *Ctx, _ state.NetUID, _ *state.Subnet, v int64) error {
			if !isSudo(c) && v > 975_000 {
				return ErrBondsMovingAverageMaxReached
			}
			return nil
		}),
	u16Param("bonds_penalty", true, 0, 65_535, func(s *state.Subnet) *uint16 { return &s.BondsPenalty }),
	boolParam("bonds_reset_enabled", true, func(s *state.Subnet) *bool { return &s.BondsResetOn }),
	withCheck(u16Param("alpha_low", true, 1638, 65_535, func(s *state.Subnet) *uint16 { return &s.AlphaLow }),
		func(_ *Ctx, _ state.NetUID, sn *state.Subnet, v int64) error {
			if !sn.LiquidAlphaOn {
				return ErrLiquidAlphaDisabled
			}
			if v > int64(sn.AlphaHigh) {
				return ErrAlphaLowOutOfRange
			}
			return nil
		}),
	withCheck(u16Param("alpha_high", true, 1638, 65_535, func(s *state.Subnet) *uint16 { return &s.AlphaHigh }),
		func(_ *Ctx, _ state.NetUID, sn *state.Subnet, v int64) error {
			if !sn.LiquidAlphaOn {
				return ErrLiquidAlphaDisabled
			}
			if v < int64(sn.AlphaLow) {
				return ErrAlphaHighTooLow
			}
			return nil
		}),
	boolParam("liquid_alpha_enabled", true, func(s *state.Subnet) *bool { return &s.LiquidAlphaOn }),
	boolParam("yuma3_enabled", true, func(s *state.Subnet) *bool { return &s.Yuma3On }),
	{Name: "alpha_sigmoid_steepness", OwnerMay: true, Min: -32768, Max: 32767,
		get: func(s *state.Subnet) int64 { return int64(s.AlphaSigmoidSteepness) },
		set: func(s *state.Subnet, v int64) { s.AlphaSigmoidSteepness = int16(v) },
		check: func(c *Ctx, _ state.NetUID, _ *state.Subnet, v int64) error {
			if v < 0 && !isSudo(c) {
				return ErrNegativeSigmoidSteepness
			}
			return nil
		}},
	{Name: "activity_cutoff_factor", OwnerMay: true, Min: 1000, Max: 50_000,
		get: func(s *state.Subnet) int64 { return int64(s.ActivityCutoffFactorMilli) },
		set: func(s *state.Subnet, v int64) { s.ActivityCutoffFactorMilli = uint32(v) }},
	boolParam("transfers_enabled", true, func(s *state.Subnet) *bool { return &s.TransferToggle }),
	{Name: "recycle_or_burn", OwnerMay: true, Min: 0, Max: 1,
		get: func(s *state.Subnet) int64 { return int64(s.RecycleOrBurn) },
		set: func(s *state.Subnet, v int64) { s.RecycleOrBurn = uint8(v) }},
	u16Param("immune_neuron_limit", true, 1, 10, func(s *state.Subnet) *uint16 { return &s.ImmuneOwnerUidsLimit }),
	u16Param("min_non_immune_uids", false, 0, 256, func(s *state.Subnet) *uint16 { return &s.MinNonImmuneUids }),
	boolParam("owner_cut_enabled", true, func(s *state.Subnet) *bool { return &s.OwnerCutEnabled }),
	boolParam("network_registration_allowed", false, func(s *state.Subnet) *bool { return &s.NetworkRegistrationAllowed }),
	boolParam("subtoken_enabled", false, func(s *state.Subnet) *bool { return &s.SubtokenEnabled }),
	boolParam("emission_enabled", false, func(s *state.Subnet) *bool { return &s.EmissionEnabled }),
	u64Param("serving_rate_limit", true, 0, maxI64, func(s *state.Subnet) *uint64 { return &s.ServingRateLimit }),
	u64Param("ema_price_halving_period", false, 1, maxI64, func(s *state.Subnet) *uint64 { return &s.EMAPriceHalvingBlocks }),
	u16Param("fee_rate", false, 0, 10_000, func(s *state.Subnet) *uint16 { return &s.FeeRate }),
}

func withCheck(h Hyperparameter, f func(*Ctx, state.NetUID, *state.Subnet, int64) error) Hyperparameter {
	h.check = f
	return h
}

func withRate(h Hyperparameter, tempos uint64) Hyperparameter {
	h.rateLimit = tempos
	return h
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// LookupHyperparameter finds a parameter by name.
func LookupHyperparameter(name string) (Hyperparameter, int, bool) {
	for i, h := range Hyperparameters {
		if h.Name == name {
			return h, i, true
		}
	}
	return Hyperparameter{}, 0, false
}

// HyperparameterValues returns every parameter of a subnet by name, in the
// order of Hyperparameters.
func HyperparameterValues(sn state.Subnet) []struct {
	Name  string
	Value int64
} {
	out := make([]struct {
		Name  string
		Value int64
	}, len(Hyperparameters))
	for i, h := range Hyperparameters {
		out[i].Name, out[i].Value = h.Name, h.get(&sn)
	}
	return out
}

// inFreezeWindow reports whether owner changes are refused now: within the
// last AdminFreezeWindow blocks before the subnet's next epoch, or while an
// owner-triggered epoch is pending.
func inFreezeWindow(c *Ctx, n state.NetUID, sn state.Subnet) bool {
	em, _ := c.S.Emissions.Get(n)
	if em.PendingEpochAt > 0 {
		return true
	}
	tempo := uint64(sn.Tempo)
	if tempo == 0 {
		return false
	}
	next := em.LastEpochBlock + tempo
	return next > c.Block && next-c.Block <= c.S.P().AdminFreezeWindow
}

// setHyperparameter applies one change; asRoot bypasses the owner rules.
func setHyperparameter(c *Ctx, n state.NetUID, name string, v int64, asRoot bool) error {
	h, idx, ok := LookupHyperparameter(name)
	if !ok {
		return ErrUnknownHyperparameter
	}
	sn, ok := c.S.Subnets.Get(n)
	if !ok {
		return ErrSubnetNotExists
	}
	if !asRoot {
		if !h.OwnerMay {
			return ErrBadOrigin
		}
		if sn.Owner != c.Signer {
			return ErrNotSubnetOwner
		}
		if inFreezeWindow(c, n, sn) {
			return ErrAdminActionProhibitedDuringWeights
		}
		rate := h.rateLimit
		if rate == 0 {
			rate = c.S.P().OwnerHyperparamRateLimit
		}
		key := state.ParamKey{Net: n, Param: uint8(idx)}
		if last, ok := c.S.ParamSet.Get(key); ok && c.Block < last+rate*uint64(sn.Tempo) {
			return ErrTxRateLimitExceeded
		}
		c.S.ParamSet.Set(key, c.Block)
	}
	if v < h.Min || v > h.Max {
		return ErrValueNotInBounds
	}
	if h.check != nil {
		if err := h.check(c, n, &sn, v); err != nil {
			return err
		}
	}
	h.set(&sn, v)
	c.S.Subnets.Set(n, sn)
	c.Emit("HyperparameterSet", "netuid", uint16(n), "name", name, "value", v)
	return nil
}

func callSetHyperparameter(c *Ctx, a tx.SetHyperparameter) error {
	return setHyperparameter(c, state.NetUID(a.Netuid), a.Name, a.Value, isSudo(c))
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func init() {
	register(callSetHyperparameter, false)
}
