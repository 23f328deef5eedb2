package runtime

import (
	"slices"

	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/tx"
)

// Subnet lifecycle errors (dtao.md §5).
var (
	ErrNetworkTxRateLimitExceeded   = newErr("NetworkTxRateLimitExceeded")
	ErrSubnetLimitReached           = newErr("SubnetLimitReached")
	ErrCannotAffordLockCost         = newErr("CannotAffordLockCost")
	ErrFirstEmissionBlockAlreadySet = newErr("FirstEmissionBlockNumberAlreadySet")
	ErrNeedWaitingMoreBlocksToStart = newErr("NeedWaitingMoreBlocksToStarCall")
	ErrRootNetworkDoesNotExist      = newErr("RootNetworkDoesNotExist")
)

// Subnet mechanisms.
const (
	MechanismStable  uint8 = 0
	MechanismDynamic uint8 = 1
)

// burnIncreaseMultDefault is DefaultBurnIncreaseMult: U64F64::from_num(1.26).
var burnIncreaseMultDefault = fixed.U64F64FromFloat64(1.26)

// defaultSubnet returns init_new_network's values for a new dynamic subnet (dtao.md §5.6).
func defaultSubnet(p state.Params) state.Subnet {
	hi, lo := burnIncreaseMultDefault.Bits()
	return state.Subnet{
		Mechanism:                  MechanismDynamic,
		Tempo:                      p.DefaultTempo,
		MaxAllowedUids:             256,
		MinAllowedUids:             64,
		MaxAllowedValidators:       64,
		ImmunityPeriod:             5000,
		MinAllowedWeights:          1,
		WeightsSetRateLimit:        100,
		CommitRevealEnabled:        true,
		RevealPeriodEpochs:         1,
		MinBurn:                    500_000,
		MaxBurn:                    100_000_000_000,
		BurnHalfLife:               360,
		BurnIncreaseMultBits:       [2]uint64{hi, lo},
		Difficulty:                 10_000_000,
		Kappa:                      32_767,
		Rho:                        10,
		BondsMovingAverage:         900_000,
		BondsPenalty:               65_535,
		AlphaLow:                   45_875,
		AlphaHigh:                  58_982,
		Yuma3On:                    true,
		AlphaSigmoidSteepness:      1000,
		ActivityCutoffFactorMilli:  13_889,
		TransferToggle:             true,
		ImmuneOwnerUidsLimit:       1,
		MinNonImmuneUids:           10,
		OwnerCutEnabled:            true,
		NetworkRegistrationAllowed: true,
		ServingRateLimit:           50,
		EMAPriceHalvingBlocks:      201_600,
		FeeRate:                    33,
		MechanismCount:             1,
	}
}

// createRootNetwork adds netuid 0: the stable root subnet (tempo 100, 64 uids).
func createRootNetwork(s *state.State) {
	sn := defaultSubnet(s.P())
	sn.Mechanism = MechanismStable
	sn.Tempo = 100
	sn.MaxAllowedUids = 64
	sn.MaxAllowedValidators = 64
	sn.SubtokenEnabled = true
	sn.CommitRevealEnabled = false
	sn.FeeRate = 0
	s.Subnets.Set(state.RootNet, sn)
	s.Pools.Set(state.RootNet, state.Pool{})
	s.Emissions.Set(state.RootNet, state.Emission{})
}

// NetworkLockCost is get_network_lock_cost (dtao.md §5.2): doubles at each
// registration and decays linearly back over the reduction interval (which
// halves with each emission halving), never below the minimum.
func NetworkLockCost(s *state.State, now uint64) uint64 {
	p, g := s.P(), s.G()
	last := g.NetworkLastLockCost
	if last == 0 {
		last = p.NetworkMinLockCost
	}
	lb := g.NetworkLastRegistered
	mult := uint64(1)
	if lb != 0 {
		mult = 2
	}
	em := BlockEmissionForIssuance(g.TotalIssuance)
	ieff := fixed.I64F64FromU64(p.NetworkLockReductionInterval).
		SatMul(fixed.I64F64FromU64(em).SafeDiv(fixed.I64F64FromU64(1_000_000_000))).ToU64()
	var per uint64
	if ieff != 0 {
		per = last / ieff
	}
	lock := satSubU64(satMulU64(last, mult), satMulU64(per, satSubU64(now, lb)))
	return max(lock, p.NetworkMinLockCost)
}

// medianSubnetPrice is get_median_subnet_alpha_price: the median spot price
// of non-root subnets with a positive price (the mean of the two middle ones
// for an even count), or 1.
func medianSubnetPrice(s *state.State) fixed.U64F64 {
	var prices []fixed.U64F64
	for _, n := range s.Subnets.Keys() {
		if n == state.RootNet {
			continue
		}
		if p := Price(s, n); !p.IsZero() {
			prices = append(prices, p)
		}
	}
	if len(prices) == 0 {
		return fixed.U64F64FromU64(1)
	}
	slices.SortFunc(prices, func(a, b fixed.U64F64) int { return a.Cmp(b) })
	m := len(prices) / 2
	if len(prices)%2 == 1 {
		return prices[m]
	}
	return prices[m-1].SatAdd(prices[m]).SafeDiv(fixed.U64F64FromU64(2))
}

// nextNetuid returns the lowest free non-root netuid.
func nextNetuid(s *state.State) state.NetUID {
	for n := state.NetUID(1); n != 0; n++ {
		if !s.Subnets.Has(n) {
			return n
		}
	}
	return 0
}

// createSubnet writes a new dynamic subnet owned by (owner, hotkey), seeds its
// pool with lock TAO at the median price, and registers the owner hotkey as
// uid 0 (do_register_network after the checks).
func createSubnet(c *Ctx, n state.NetUID, owner, hotkey AccountID, lock uint64) {
	s := c.S
	p := s.P()
	sn := defaultSubnet(p)
	sn.Owner, sn.OwnerHotkey, sn.RegisteredAt = owner, hotkey, c.Block
	s.Subnets.Set(n, sn)

	// The whole lock seeds the pool (pool_tao = max(lock, min) = lock, since
	// the lock cost never falls below the minimum) at the median price.
	poolTao := lock
	poolAlpha := fixed.U64F64FromU64(poolTao).SafeDiv(medianSubnetPrice(s)).ToU64()
	s.Pools.Set(n, state.Pool{TaoReserve: poolTao, AlphaIn: poolAlpha, Locked: lock})
	g := s.G()
	g.TotalStake += poolTao
	g.SubnetsAdded++
	s.SetG(g)

	tempo := uint64(sn.Tempo)
	em := state.Emission{Burn: 1_000_000_000}
	if tempo > 0 {
		em.LastEpochBlock = satSubU64(c.Block, uint64(n)%tempo)
	}
	s.Emissions.Set(n, em)
	ensureHotkeyOwner(s, hotkey, owner)
	appendNeuron(c, n, hotkey)
	c.Emit("NetworkAdded", "netuid", uint16(n), "mechanism", sn.Mechanism, "owner", owner, "hotkey", hotkey, "lock", lock)
}

// ensureHotkeyOwner records that owner owns hotkey if the hotkey is new.
func ensureHotkeyOwner(s *state.State, hotkey, owner AccountID) {
	if s.Hotkeys.Has(hotkey) {
		return
	}
	s.Hotkeys.Set(hotkey, state.Hotkey{Owner: owner, Take: s.P().DefaultTake})
	ck := s.Coldkeys.GetOr(owner, state.Coldkey{})
	ck.OwnedHotkeys = insertSorted(ck.OwnedHotkeys, hotkey)
	s.Coldkeys.Set(owner, ck)
}

// appendNeuron gives hotkey the next uid on n (append_neuron).
func appendNeuron(c *Ctx, n state.NetUID, hotkey AccountID) uint16 {
	em, _ := c.S.Emissions.Get(n)
	uid := em.N
	em.N++
	c.S.Emissions.Set(n, em)
	c.S.Neurons.Set(state.NeuronKey{Net: n, UID: uid}, state.Neuron{Hotkey: hotkey, BlockAtRegistration: c.Block, LastUpdate: c.Block})
	setNeuronOut(c.S, n, uid, state.NeuronOutputs{Active: true})
	c.S.Uids.Set(state.NetHotkey{Net: n, Hotkey: hotkey}, uid)
	return uid
}

func callRegisterNetwork(c *Ctx, a tx.RegisterNetwork) error {
	s := c.S
	coldkey := c.Signer
	if h, ok := s.Hotkeys.Get(a.Hotkey); ok && h.Owner != coldkey {
		return ErrNonAssociatedColdKey
	}
	p, g := s.P(), s.G()
	if g.NetworkLastRegistered != 0 && c.Block-g.NetworkLastRegistered < p.NetworkRateLimit {
		return ErrNetworkTxRateLimitExceeded
	}
	n := nextNetuid(s)
	if g.SubnetsAdded >= p.SubnetLimit || n == 0 {
		prune, ok := networkToPrune(s, c.Block)
		if !ok {
			return ErrSubnetLimitReached
		}
		if err := dissolveNetwork(c, prune); err != nil {
			return err
		}
		n = prune
	}
	lock := NetworkLockCost(s, c.Block)
	if Free(s, coldkey) < lock {
		return ErrCannotAffordLockCost
	}
	if err := Debit(s, coldkey, lock, true); err != nil {
		return ErrCannotAffordLockCost
	}
	g = s.G()
	g.NetworkLastLockCost = lock
	g.NetworkLastRegistered = c.Block
	s.SetG(g)
	createSubnet(c, n, coldkey, a.Hotkey, lock)
	if a.Identity != nil {
		sn, _ := s.Subnets.Get(n)
		sn.Identity = identityOf(*a.Identity)
		sn.Name = a.Identity.Name
		s.Subnets.Set(n, sn)
	}
	return nil
}

func identityOf(i tx.SubnetIdentity) state.SubnetIdentity {
	return state.SubnetIdentity{Name: i.Name, Repo: i.Repo, Contact: i.Contact, URL: i.URL, Discord: i.Discord, Description: i.Description, Additional: i.Additional}
}

// networkToPrune is get_network_to_prune: among non-root subnets past their
// immunity, the one with the lowest moving price; ties go to the earliest
// registration (then the lowest netuid).
func networkToPrune(s *state.State, now uint64) (state.NetUID, bool) {
	imm := s.P().NetworkImmunityPeriod
	var best state.NetUID
	var bestPrice fixed.I96F32
	var bestAt uint64
	found := false
	for _, n := range s.Subnets.Keys() {
		if n == state.RootNet {
			continue
		}
		sn, _ := s.Subnets.Get(n)
		if now < sn.RegisteredAt+imm {
			continue
		}
		pl, _ := s.Pools.Get(n)
		price := fixed.I96F32FromBits(pl.MovingPriceBits[0], pl.MovingPriceBits[1])
		if !found || price.Less(bestPrice) || (price.Cmp(bestPrice) == 0 && sn.RegisteredAt < bestAt) {
			best, bestPrice, bestAt, found = n, price, sn.RegisteredAt, true
		}
	}
	return best, found
}

func callStartCall(c *Ctx, a tx.StartCall) error {
	n := state.NetUID(a.Netuid)
	sn, ok := c.S.Subnets.Get(n)
	if !ok {
		return ErrSubnetNotExists
	}
	if sn.Owner != c.Signer && !isSudo(c) {
		return ErrNotSubnetOwner
	}
	em, _ := c.S.Emissions.Get(n)
	if em.FirstEmissionBlock != 0 {
		return ErrFirstEmissionBlockAlreadySet
	}
	if c.Block < sn.RegisteredAt+c.S.P().StartCallDelay {
		return ErrNeedWaitingMoreBlocksToStart
	}
	em.FirstEmissionBlock = c.Block + 1
	c.S.Emissions.Set(n, em)
	sn.SubtokenEnabled = true
	c.S.Subnets.Set(n, sn)
	c.Emit("FirstEmissionBlockNumberSet", "netuid", a.Netuid, "block", c.Block+1)
	return nil
}

func callSetSubnetIdentity(c *Ctx, a tx.SetSubnetIdentity) error {
	n := state.NetUID(a.Netuid)
	sn, ok := c.S.Subnets.Get(n)
	if !ok {
		return ErrSubnetNotExists
	}
	if sn.Owner != c.Signer {
		return ErrNotSubnetOwner
	}
	sn.Identity = identityOf(a.Identity)
	sn.Name = a.Identity.Name
	c.S.Subnets.Set(n, sn)
	c.Emit("SubnetIdentitySet", "netuid", a.Netuid)
	return nil
}

// isSudo reports whether the signer is the chain's root key.
func isSudo(c *Ctx) bool {
	g := c.S.G()
	return !g.Sudo.IsZero() && g.Sudo == c.Signer
}

func insertSorted(list []AccountID, a AccountID) []AccountID {
	i, found := slices.BinarySearchFunc(list, a, cmpAccount)
	if found {
		return list
	}
	out := make([]AccountID, 0, len(list)+1)
	out = append(out, list[:i]...)
	out = append(out, a)
	return append(out, list[i:]...)
}

func removeSorted(list []AccountID, a AccountID) []AccountID {
	i, found := slices.BinarySearchFunc(list, a, cmpAccount)
	if !found {
		return list
	}
	out := make([]AccountID, 0, len(list)-1)
	out = append(out, list[:i]...)
	return append(out, list[i+1:]...)
}

func cmpAccount(a, b AccountID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func satSubU64(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}

func satAddU64(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

func satMulU64(a, b uint64) uint64 {
	if a != 0 && b > ^uint64(0)/a {
		return ^uint64(0)
	}
	return a * b
}

func init() {
	register(callRegisterNetwork, false)
	register(callStartCall, false)
	register(callSetSubnetIdentity, false)
}
