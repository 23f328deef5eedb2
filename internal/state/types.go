package state

// Meta identifies the chain and its head.
type Meta struct {
	_msgpack struct{} `msgpack:",as_array"`

	GenesisHash   [32]byte
	LastBlockHash [32]byte
	Height        uint64
}

// Globals holds chain-wide values (subtensor's plain storage values).
type Globals struct {
	_msgpack struct{} `msgpack:",as_array"`

	TotalIssuance uint64 // TotalIssuance (RAO)
	TotalStake    uint64 // TotalStake (RAO)
	Burned        uint64 // TAO burned (out of circulation, issuance unchanged)
	Recycled      uint64 // TAO recycled (issuance reduced), cumulative
	FeesBurned    uint64 // transaction fees burned (no block author), cumulative

	NetworkLastLockCost   uint64
	NetworkLastRegistered uint64 // block; 0 = never
	BlockEmission         uint64 // informational, last computed block emission
	Sudo                  AccountID
	SubnetsAdded          uint16 // count of non-root subnets
}

// Params are the chain constants fixed at genesis (runtime parameter_types
// and sudo-set globals). Defaults are subtensor's runtime values.
type Params struct {
	_msgpack struct{} `msgpack:",as_array"`

	ExistentialDeposit           uint64
	TxByteFee                    uint64 // RAO per byte of the encoded transaction
	TxBaseFee                    uint64 // RAO per paid call
	DefaultMinStake              uint64
	NominatorMinRequiredStake    uint64 // ppm factor of DefaultMinStake
	TaoWeight                    uint64 // u64 / u64::MAX
	SubnetOwnerCut               uint16
	StakeThreshold               uint64
	MaxEpochsPerBlock            uint32
	NetworkMinLockCost           uint64
	NetworkLockReductionInterval uint64
	NetworkRateLimit             uint64
	NetworkImmunityPeriod        uint64
	SubnetLimit                  uint16
	MinimumReserve               uint64 // pool minimum reserve (RAO)
	DefaultTake                  uint16 // Delegates default (11_796)
	MinDelegateTake              uint16
	MaxDelegateTake              uint16
	TxDelegateTakeRateLimit      uint64
	MinChildkeyTake              uint16
	MaxChildkeyTake              uint16
	PendingChildKeyCooldown      uint64
	SetChildrenRateLimit         uint64
	AdminFreezeWindow            uint64
	OwnerHyperparamRateLimit     uint64 // in tempos
	StartCallDelay               uint64
	DefaultTempo                 uint16
	InitialRootTaoReserve        uint64
	SubnetMovingAlphaRaw         uint64 // SubnetMovingAlpha as raw I96F32 bits (value·2^32); 0 = the default 0.000003
	RootClaimableThreshold       uint64 // RAO of alpha; claims below it are skipped
	NumRootClaim                 uint64 // coldkeys auto-claimed per block
	BlockRecordRetention         uint64 // blocks whose record (receipts, events) stays in state; 0 = all
}

// DefaultParams returns subtensor's production runtime values.
func DefaultParams() Params {
	return Params{
		ExistentialDeposit:           500,
		TxByteFee:                    1,
		TxBaseFee:                    100_000,
		DefaultMinStake:              2_000_000,
		TaoWeight:                    971_718_665_099_567_868,
		SubnetOwnerCut:               11_796,
		MaxEpochsPerBlock:            2,
		NetworkMinLockCost:           1_000_000_000_000,
		NetworkLockReductionInterval: 14 * 7200,
		NetworkRateLimit:             7200,
		NetworkImmunityPeriod:        1_296_000,
		SubnetLimit:                  128,
		MinimumReserve:               1_000_000,
		DefaultTake:                  11_796,
		MaxDelegateTake:              11_796,
		TxDelegateTakeRateLimit:      216_000,
		MaxChildkeyTake:              11_796,
		PendingChildKeyCooldown:      7200,
		SetChildrenRateLimit:         150,
		AdminFreezeWindow:            10,
		OwnerHyperparamRateLimit:     2,
		DefaultTempo:                 360,
		RootClaimableThreshold:       500_000,
		NumRootClaim:                 5,
		BlockRecordRetention:         7200,
	}
}

// Account is a TAO balance holder.
type Account struct {
	_msgpack struct{} `msgpack:",as_array"`

	Free  uint64
	Nonce uint64
}

// Subnet is a subnet's identity and hyperparameters (rarely written).
type Subnet struct {
	_msgpack struct{} `msgpack:",as_array"`

	Owner        AccountID
	OwnerHotkey  AccountID
	Mechanism    uint8 // 0 stable, 1 dynamic
	RegisteredAt uint64
	Name         string
	Symbol       string
	Identity     SubnetIdentity

	Tempo                      uint16
	MaxAllowedUids             uint16
	MinAllowedUids             uint16
	MaxAllowedValidators       uint16
	ImmunityPeriod             uint16
	MinAllowedWeights          uint16
	WeightsVersionKey          uint64
	WeightsSetRateLimit        uint64
	CommitRevealEnabled        bool
	RevealPeriodEpochs         uint64
	MinBurn                    uint64
	MaxBurn                    uint64
	BurnHalfLife               uint16
	BurnIncreaseMultBits       [2]uint64 // U64F64 (hi, lo)
	PowRegistrationAllowed     bool
	Difficulty                 uint64
	Kappa                      uint16
	Rho                        uint16
	BondsMovingAverage         uint64
	BondsPenalty               uint16
	BondsResetOn               bool
	AlphaLow                   uint16
	AlphaHigh                  uint16
	LiquidAlphaOn              bool
	Yuma3On                    bool
	AlphaSigmoidSteepness      int16
	ActivityCutoffFactorMilli  uint32
	TransferToggle             bool
	RecycleOrBurn              uint8 // 0 burn, 1 recycle
	ImmuneOwnerUidsLimit       uint16
	MinNonImmuneUids           uint16
	OwnerCutEnabled            bool
	NetworkRegistrationAllowed bool
	SubtokenEnabled            bool
	EmissionEnabled            bool
	ServingRateLimit           uint64
	EMAPriceHalvingBlocks      uint64
	FeeRate                    uint16
	MechanismCount             uint8
}

// SubnetIdentity is the owner-set description of a subnet.
type SubnetIdentity struct {
	_msgpack struct{} `msgpack:",as_array"`

	Name, Repo, Contact, URL, Discord, Description, Additional string
}

// Pool is a subnet's AMM and reserve state (written on every swap).
type Pool struct {
	_msgpack struct{} `msgpack:",as_array"`

	TaoReserve      uint64 // SubnetTAO
	AlphaIn         uint64 // SubnetAlphaIn
	AlphaOut        uint64 // SubnetAlphaOut
	ProtocolAlpha   uint64 // SubnetProtocolAlpha
	Locked          uint64 // SubnetLocked
	QuoteWeight     uint64 // SwapBalancer, Perquintill parts; 0 = never written (reads as ½)
	Volume          [2]uint64
	MovingPriceBits [2]uint64 // I96F32 (hi, lo)
	Initialized     bool      // PalSwapInitialized
}

// Emission is a subnet's per-block coinbase and epoch-scheduler bookkeeping.
type Emission struct {
	_msgpack struct{} `msgpack:",as_array"`

	TaoInEmission        uint64
	AlphaInEmission      uint64
	AlphaOutEmission     uint64
	ExcessTao            uint64
	RootSellTao          uint64
	PendingServer        uint64
	PendingValidator     uint64
	PendingRootAlpha     uint64
	PendingOwnerCut      uint64
	MinerBurnedBits      [2]uint64 // U96F32
	RootPropBits         [2]uint64 // U96F32
	LastEpochBlock       uint64
	PendingEpochAt       uint64
	EpochIndex           uint64
	BlocksSinceLastStep  uint64
	LastMechStepBlock    uint64
	FirstEmissionBlock   uint64 // 0 = start_call not done
	Burn                 uint64 // registration price
	RegistrationsThisBlk uint16
	RAORecycledForReg    uint64
	LastTempoSetBlock    uint64
	N                    uint16 // SubnetworkN
	AlphaRecycled        uint64 // alpha recycled (SubnetAlphaOut reduced), cumulative
	AlphaBurned          uint64 // alpha burned (out of circulation, issuance unchanged), cumulative
}

// AxonInfo is what serve_axon stores.
type AxonInfo struct {
	_msgpack struct{} `msgpack:",as_array"`

	Block    uint64
	Version  uint32
	IP       [2]uint64 // u128 (hi, lo)
	Port     uint16
	IPType   uint8
	Protocol uint8
}

// Neuron is one uid on a subnet: its hotkey, registration, the block it
// last set weights and the endpoints it serves. What the epoch computes for
// it is kept per subnet, in EpochOutputs.
type Neuron struct {
	_msgpack struct{} `msgpack:",as_array"`

	Hotkey              AccountID
	BlockAtRegistration uint64
	LastUpdate          uint64
	Axon                AxonInfo
	Prometheus          AxonInfo
}

// EpochOutputs is a subnet's last epoch results, one element per uid, as
// subtensor keeps them (the per-netuid vectors Active, ValidatorPermit,
// Emission, Incentive, Consensus, Dividends, ValidatorTrust, StakeWeight).
// An epoch rewrites the whole record: one store write per subnet rather
// than one per uid. Elements past a vector's end read as zero (At).
type EpochOutputs struct {
	_msgpack struct{} `msgpack:",as_array"`

	Active          []bool
	ValidatorPermit []bool
	Emission        []uint64
	Incentive       []uint16
	Consensus       []uint16
	Dividends       []uint16
	ValidatorTrust  []uint16
	StakeWeight     []uint16
}

// NeuronOutputs is one uid's element of EpochOutputs.
type NeuronOutputs struct {
	Active, ValidatorPermit bool
	Emission                uint64
	Incentive, Consensus    uint16
	Dividends               uint16
	ValidatorTrust          uint16
	StakeWeight             uint16
}

func elem[T any](v []T, i uint16) T {
	if int(i) < len(v) {
		return v[i]
	}
	var zero T
	return zero
}

// At returns uid's outputs (zero past the end of a vector).
func (o *EpochOutputs) At(uid uint16) NeuronOutputs {
	return NeuronOutputs{
		Active: elem(o.Active, uid), ValidatorPermit: elem(o.ValidatorPermit, uid), Emission: elem(o.Emission, uid),
		Incentive: elem(o.Incentive, uid), Consensus: elem(o.Consensus, uid), Dividends: elem(o.Dividends, uid),
		ValidatorTrust: elem(o.ValidatorTrust, uid), StakeWeight: elem(o.StakeWeight, uid),
	}
}

// with returns a copy of v (never sharing its memory) at least n long, with
// element i set to x.
func with[T any](v []T, n int, i uint16, x T) []T {
	out := make([]T, max(n, len(v), int(i)+1))
	copy(out, v)
	out[i] = x
	return out
}

// With returns a copy of o, sharing no memory with it, whose vectors are at
// least n long and hold x as uid's element. Values in tables are immutable,
// so changing one uid goes through a copy.
func (o *EpochOutputs) With(n int, uid uint16, x NeuronOutputs) EpochOutputs {
	return EpochOutputs{
		Active:          with(o.Active, n, uid, x.Active),
		ValidatorPermit: with(o.ValidatorPermit, n, uid, x.ValidatorPermit),
		Emission:        with(o.Emission, n, uid, x.Emission),
		Incentive:       with(o.Incentive, n, uid, x.Incentive),
		Consensus:       with(o.Consensus, n, uid, x.Consensus),
		Dividends:       with(o.Dividends, n, uid, x.Dividends),
		ValidatorTrust:  with(o.ValidatorTrust, n, uid, x.ValidatorTrust),
		StakeWeight:     with(o.StakeWeight, n, uid, x.StakeWeight),
	}
}

// WeightEntry is one stored weight (destination uid, u16 value).
type WeightEntry struct {
	_msgpack struct{} `msgpack:",as_array"`

	UID    uint16
	Weight uint16
}

// Hotkey is a hotkey's ownership and delegate data.
type Hotkey struct {
	_msgpack struct{} `msgpack:",as_array"`

	Owner          AccountID
	Take           uint16
	TakeSet        bool // Delegates has an explicit value
	LastTakeChange uint64
}

// Coldkey indexes what a coldkey owns and stakes to.
type Coldkey struct {
	_msgpack struct{} `msgpack:",as_array"`

	OwnedHotkeys   []AccountID // sorted
	StakingHotkeys []AccountID // sorted
	RootClaimType  uint8
	KeepSubnets    []NetUID
}

// SafeFloat is subtensor's share-pool decimal float: mantissa (u128, hi/lo)
// normalised into (10^20, 10^21] and a base-10 exponent.
type SafeFloat struct {
	_msgpack struct{} `msgpack:",as_array"`

	MantHi, MantLo uint64
	Exp            int64
}

// StakePool is a (hotkey, subnet) share pool: TotalHotkeyAlpha and its share denominator.
type StakePool struct {
	_msgpack struct{} `msgpack:",as_array"`

	Value          uint64
	Denom          SafeFloat
	AlphaLastEpoch uint64
	AlphaDividends uint64
}

// ChildLink is a parent→child delegation with its proportion (u64::MAX = 100%).
type ChildLink struct {
	_msgpack struct{} `msgpack:",as_array"`

	Proportion uint64
	Key        AccountID
}

// Family is a hotkey's child-key data on one subnet.
type Family struct {
	_msgpack struct{} `msgpack:",as_array"`

	Children        []ChildLink
	Parents         []ChildLink
	PendingChildren []ChildLink
	PendingAt       uint64 // block at which pending children apply (0: none)
	HasPending      bool
	LastSet         uint64
	ChildkeyTake    uint16
	LastTakeChange  uint64
}

// WeightCommit is one hash-based commit-reveal commitment.
type WeightCommit struct {
	_msgpack struct{} `msgpack:",as_array"`

	Hash        [32]byte
	CommitBlock uint64
	CommitEpoch uint64
}

// RootClaim tracks root-dividend accounting (claim_root).
type RootClaim struct {
	_msgpack struct{} `msgpack:",as_array"`

	RateBits [2]uint64 // RootClaimable, I96F32
}
