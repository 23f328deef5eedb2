package runtime

import (
	"math/bits"

	"github.com/taokit/taokit/internal/amm"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/state"
)

// MaxTempo is MAX_TEMPO: an epoch is forced after this many blocks without one.
const MaxTempo = 50_400

func init() {
	registerBeginHook(StageCoinbase, "coinbase", runCoinbase)
	registerBeginHook(StageMovingPrice, "moving_prices", updateMovingPrices)
}

var (
	u96One  = fixed.U96F32FromU64(1)
	u96Half = fixed.U96F32FromBits(0, 1<<31)
	u64One  = fixed.U64F64FromU64(1)
)

// nonRootSubnets returns every subnet but root, in netuid order.
func nonRootSubnets(s *state.State) []state.NetUID {
	all := s.Subnets.Keys()
	out := all[:0:0]
	for _, n := range all {
		if n != state.RootNet {
			out = append(out, n)
		}
	}
	return out
}

// subnetsToEmitTo is get_subnets_to_emit_to: started (start_call done),
// subtoken enabled and registration allowed.
func subnetsToEmitTo(s *state.State, subnets []state.NetUID) []state.NetUID {
	var out []state.NetUID
	for _, n := range subnets {
		sn, _ := s.Subnets.Get(n)
		em, _ := s.Emissions.Get(n)
		if n != state.RootNet && em.FirstEmissionBlock != 0 && sn.SubtokenEnabled && sn.NetworkRegistrationAllowed {
			out = append(out, n)
		}
	}
	return out
}

// TaoWeight is get_tao_weight: TaoWeight / u64::MAX as U96F32.
func TaoWeight(s *state.State) fixed.U96F32 { return taoWeightOf(s.P().TaoWeight) }

// taoWeightOf is U96F32(w) / U96F32(u64::MAX), the quotient truncated like
// every fixed-point division: its bits are ⌊w·2³²/(2⁶⁴−1)⌋, at most 2³²
// (one), which one 128-by-64-bit division gives. The coinbase needs it for
// every subnet in every block.
func taoWeightOf(w uint64) fixed.U96F32 {
	q, _ := bits.Div64(w>>32, w<<32, ^uint64(0))
	return fixed.U96F32FromBits(0, q)
}

// AlphaIssuance is SubnetAlphaIn + SubnetAlphaOut.
func AlphaIssuance(s *state.State, n state.NetUID) uint64 {
	pl, _ := s.Pools.Get(n)
	return satAddU64(pl.AlphaIn, pl.AlphaOut)
}

// RootProportion is root_proportion (dtao.md §2.3):
// tw·SubnetTAO[root] / (tw·SubnetTAO[root] + alpha issuance), 0 if undefined.
func RootProportion(s *state.State, n state.NetUID) fixed.U96F32 {
	root, _ := s.Pools.Get(state.RootNet)
	tw := fixed.U96F32FromU64(root.TaoReserve).SatMul(TaoWeight(s))
	return tw.SafeDiv(tw.SatAdd(fixed.U96F32FromU64(AlphaIssuance(s, n))))
}

// MovingPrice is get_moving_alpha_price: 1 for root and stable subnets,
// else the stored EMA.
func MovingPrice(s *state.State, n state.NetUID) fixed.U64F64 {
	if n == state.RootNet {
		return u64One
	}
	sn, _ := s.Subnets.Get(n)
	pl, _ := s.Pools.Get(n)
	return amm.MovingPrice(amm.Mechanism(sn.Mechanism), fixed.I96F32FromBits(pl.MovingPriceBits[0], pl.MovingPriceBits[1]))
}

// minerBurned reads MinerBurned (U96F32).
func minerBurned(s *state.State, n state.NetUID) fixed.U96F32 {
	em, _ := s.Emissions.Get(n)
	return fixed.U96F32FromBits(em.MinerBurnedBits[0], em.MinerBurnedBits[1])
}

// emissionShares is get_shares (dtao.md §2.2): EMA-price shares weighted by
// (1 − MinerBurned) and renormalised, falling back to the price shares when
// every weight is zero.
func emissionShares(s *state.State, set []state.NetUID) []fixed.U64F64 {
	prices := make([]fixed.U64F64, len(set))
	total := fixed.U64F64{}
	for i, n := range set {
		prices[i] = MovingPrice(s, n)
		total = total.SatAdd(prices[i])
	}
	shares := make([]fixed.U64F64, len(set))
	for i := range set {
		shares[i] = prices[i].SafeDiv(total)
	}
	weighted := make([]fixed.U64F64, len(set))
	wsum := fixed.U64F64{}
	for i, n := range set {
		burned := minerBurned(s, n).ToU64F64()
		if u64One.Less(burned) {
			burned = u64One
		}
		weighted[i] = shares[i].SatMul(u64One.SatSub(burned))
		wsum = wsum.SatAdd(weighted[i])
	}
	if wsum.IsZero() {
		return shares
	}
	for i := range weighted {
		weighted[i] = weighted[i].SafeDiv(wsum)
	}
	return weighted
}

// subnetBlockEmissions is get_subnet_block_emissions: each subnet's TAO
// share of the block emission, disabled subnets zeroed and their share
// redistributed over the enabled ones.
func subnetBlockEmissions(s *state.State, set []state.NetUID, emission fixed.U96F32) []fixed.U96F32 {
	shares := emissionShares(s, set)
	disabled := false
	enabledSum := fixed.U64F64{}
	enabled := make([]bool, len(set))
	for i, n := range set {
		sn, _ := s.Subnets.Get(n)
		enabled[i] = sn.EmissionEnabled
		if enabled[i] {
			enabledSum = enabledSum.SatAdd(shares[i])
		} else {
			disabled = true
		}
	}
	out := make([]fixed.U96F32, len(set))
	e := emission.ToU64F64()
	for i := range set {
		share := shares[i]
		if disabled {
			if enabled[i] && !enabledSum.IsZero() {
				share = share.SafeDiv(enabledSum)
			} else {
				share = fixed.U64F64{}
			}
		}
		out[i] = e.SatMul(share).ToU96F32()
	}
	return out
}

// rootSellFlag is get_network_root_sell_flag: Σ EMA prices > 1.
func rootSellFlag(s *state.State, set []state.NetUID) bool {
	sum := fixed.U64F64{}
	for _, n := range set {
		sum = sum.Add(MovingPrice(s, n))
	}
	return u64One.Less(sum)
}

// subnetTerms is get_subnet_terms for one subnet.
type subnetTerms struct {
	taoIn, alphaIn, alphaOut, excess fixed.U96F32
}

func termsFor(s *state.State, n state.NetUID, taoEmission fixed.U96F32) subnetTerms {
	alphaEmission := fixed.U96F32FromU64(BlockEmissionForIssuance(AlphaIssuance(s, n)))
	price := Price(s, n).ToU96F32()
	t := subnetTerms{taoIn: taoEmission, alphaOut: alphaEmission}
	t.alphaIn = taoEmission.SafeDivOr(price, fixed.U96F32{})
	cap := RootProportion(s, n).SatMul(alphaEmission)
	if cap.Less(t.alphaIn) {
		t.alphaIn = cap
		t.taoIn = t.alphaIn.SatMul(price)
	}
	t.excess = taoEmission.SatSub(t.taoIn)
	return t
}

// credit is minted TAO not yet placed anywhere; what is left at the end of
// the coinbase is recycled (issuance falls by it).
type credit struct{ left uint64 }

func (cr *credit) spend(amount uint64) bool {
	if cr.left < amount {
		return false
	}
	cr.left -= amount
	return true
}

// mintTao is mint_tao: issuance rises by min(amount, 21M − issuance).
func mintTao(s *state.State, amount uint64) uint64 {
	g := s.G()
	amount = min(amount, satSubU64(TotalSupply, g.TotalIssuance))
	g.TotalIssuance += amount
	s.SetG(g)
	return amount
}

// recycleTao lowers issuance by amount of TAO that left circulation.
func recycleTao(s *state.State, amount uint64) {
	if amount == 0 {
		return
	}
	g := s.G()
	g.TotalIssuance = satSubU64(g.TotalIssuance, amount)
	g.Recycled = satAddU64(g.Recycled, amount)
	s.SetG(g)
}

// recycleSubnetAlpha is recycle_subnet_alpha: SubnetAlphaOut falls.
func recycleSubnetAlpha(s *state.State, n state.NetUID, amount uint64) {
	if amount == 0 {
		return
	}
	pl, _ := s.Pools.Get(n)
	pl.AlphaOut = satSubU64(pl.AlphaOut, amount)
	s.Pools.Set(n, pl)
	em, _ := s.Emissions.Get(n)
	em.AlphaRecycled = satAddU64(em.AlphaRecycled, amount)
	s.Emissions.Set(n, em)
}

// burnSubnetAlpha is burn_subnet_alpha: out of circulation, issuance unchanged.
func burnSubnetAlpha(s *state.State, n state.NetUID, amount uint64) {
	if amount == 0 {
		return
	}
	em, _ := s.Emissions.Get(n)
	em.AlphaBurned = satAddU64(em.AlphaBurned, amount)
	s.Emissions.Set(n, em)
}

// runCoinbase is block emission + run_coinbase (dtao.md §1–§2).
func runCoinbase(c *Ctx) error {
	s := c.S
	g := s.G()
	emission := BlockEmissionForIssuance(g.TotalIssuance)
	if g.BlockEmission != emission {
		g.BlockEmission = emission
		s.SetG(g)
	}
	minted := mintTao(s, emission)
	cr := &credit{left: minted}

	for _, n := range nonRootSubnets(s) {
		em, _ := s.Emissions.Get(n)
		if em.RootSellTao != 0 {
			em.RootSellTao = 0
			s.Emissions.Set(n, em)
		}
	}
	subnets := nonRootSubnets(s)
	set := subnetsToEmitTo(s, subnets)
	taoEm := subnetBlockEmissions(s, set, fixed.U96F32FromU64(minted))
	sell := rootSellFlag(s, set)
	emitToSubnets(c, set, taoEm, cr, sell)
	recycleTao(s, cr.left)
	if minted > 0 {
		c.Emit("BlockEmission", "block", c.Block, "emission", minted, "recycled", cr.left)
	}
	due := drainPending(c, subnets)
	for _, d := range due {
		if err := distributeEmission(c, d); err != nil {
			return err
		}
		em, _ := s.Emissions.Get(d.net)
		em.LastMechStepBlock = c.Block
		s.Emissions.Set(d.net, em)
	}
	return nil
}

// emitToSubnets is emit_to_subnets: subnet terms, injection and chain buys,
// then the alpha-out split into the pending buckets.
func emitToSubnets(c *Ctx, set []state.NetUID, taoEm []fixed.U96F32, cr *credit, rootSell bool) {
	s := c.S
	terms := make([]subnetTerms, len(set))
	for i, n := range set {
		terms[i] = termsFor(s, n, taoEm[i])
	}
	for i, n := range set {
		injectAndMaybeSwap(c, n, terms[i], cr)
	}
	cut := fixed.U96F32FromU64(uint64(s.P().SubnetOwnerCut)).SafeDiv(fixed.U96F32FromU64(65535))
	for i, n := range set {
		alphaOut := terms[i].alphaOut
		created := alphaOut.ToU64()
		pl, _ := s.Pools.Get(n)
		pl.AlphaOut = satAddU64(pl.AlphaOut, created)
		s.Pools.Set(n, pl)
		em, _ := s.Emissions.Get(n)
		em.AlphaOutEmission = created
		sn, _ := s.Subnets.Get(n)
		ownerCut := fixed.U96F32{}
		if sn.OwnerCutEnabled {
			ownerCut = alphaOut.SatMul(cut)
			alphaOut = alphaOut.SatSub(ownerCut)
			em.PendingOwnerCut = satAddU64(em.PendingOwnerCut, ownerCut.ToU64())
		}
		rp := RootProportion(s, n)
		rootAlpha := rp.SatMul(alphaOut).SatMul(u96Half)
		server := alphaOut.SatMul(u96Half)
		validator := alphaOut.SatSub(server).SatSub(rootAlpha)
		em.PendingServer = satAddU64(em.PendingServer, server.ToU64())
		em.PendingValidator = satAddU64(em.PendingValidator, validator.ToU64())
		if rootSell {
			em.PendingRootAlpha = satAddU64(em.PendingRootAlpha, rootAlpha.ToU64())
		}
		s.Emissions.Set(n, em)
		if !rootSell {
			recycleSubnetAlpha(s, n, rootAlpha.ToU64())
		}
		c.Emit("SubnetEmission", "netuid", uint16(n), "tao_in", em.TaoInEmission, "alpha_in", em.AlphaInEmission,
			"alpha_out", created, "excess_tao", em.ExcessTao, "owner_cut", ownerCut.ToU64(), "root_alpha", rootAlpha.ToU64())
	}
}

// injectAndMaybeSwap is inject_and_maybe_swap for one subnet.
func injectAndMaybeSwap(c *Ctx, n state.NetUID, t subnetTerms, cr *credit) {
	s := c.S
	tau, alpha, excess := t.taoIn.ToU64(), t.alphaIn.ToU64(), t.excess.ToU64()
	// adjust_protocol_liquidity: re-weight for the addition; reserves unchanged.
	pl, _ := s.Pools.Get(n)
	w2 := amm.Perquintill(pl.QuoteWeight)
	if w2 == 0 {
		w2 = amm.HalfWeight
	}
	tauA, alphaA := tau, alpha
	if w, err := amm.WeightForAddedLiquidity(w2, pl.TaoReserve, pl.AlphaIn, tau, alpha); err != nil {
		tauA, alphaA = 0, 0
		c.Emit("InjectionRefused", "netuid", uint16(n), "tao", tau, "alpha", alpha)
	} else {
		pl.QuoteWeight = uint64(w)
		s.Pools.Set(n, pl)
	}
	em, _ := s.Emissions.Get(n)
	em.ExcessTao, em.TaoInEmission = 0, 0
	s.Emissions.Set(n, em)
	if excess > 0 && cr.spend(excess) {
		r, err := SwapTaoForAlpha(s, n, excess, SwapOpts{DropFees: true})
		paidIn := uint64(0)
		if err == nil {
			pl, _ := s.Pools.Get(n)
			pl.ProtocolAlpha = satAddU64(pl.ProtocolAlpha, r.AmountPaidOut)
			s.Pools.Set(n, pl)
			paidIn = r.AmountPaidIn
			em, _ := s.Emissions.Get(n)
			em.ExcessTao = paidIn
			s.Emissions.Set(n, em)
			c.Emit("ChainBuy", "netuid", uint16(n), "tao", paidIn, "alpha", r.AmountPaidOut)
		}
		// TAO moved for the buy but not taken by the pool would sit untracked
		// in the subnet account on subtensor; taokit recycles it so the books
		// stay exact.
		recycleTao(s, excess-min(excess, paidIn))
	}
	em, _ = s.Emissions.Get(n)
	em.AlphaInEmission = alphaA
	s.Emissions.Set(n, em)
	pl, _ = s.Pools.Get(n)
	pl.AlphaIn = satAddU64(pl.AlphaIn, alphaA)
	s.Pools.Set(n, pl)
	if tauA > 0 && cr.spend(tauA) {
		em, _ := s.Emissions.Get(n)
		em.TaoInEmission = tauA
		s.Emissions.Set(n, em)
		pl, _ := s.Pools.Get(n)
		pl.TaoReserve = satAddU64(pl.TaoReserve, tauA)
		s.Pools.Set(n, pl)
		g := s.G()
		g.TotalStake = satAddU64(g.TotalStake, tauA)
		s.SetG(g)
	}
}

// shouldRunEpoch is should_run_epoch (dtao.md §2.6).
func shouldRunEpoch(s *state.State, n state.NetUID, now uint64) bool {
	sn, _ := s.Subnets.Get(n)
	if sn.Tempo == 0 {
		return false
	}
	em, _ := s.Emissions.Get(n)
	if em.PendingEpochAt > 0 && now >= em.PendingEpochAt {
		return true
	}
	if em.BlocksSinceLastStep > MaxTempo {
		return true
	}
	return satSubU64(now, em.LastEpochBlock) >= uint64(sn.Tempo)
}

// NextEpochBlock is the block of the subnet's next automatic epoch
// (LastEpochBlock + tempo, or an earlier owner trigger); ok is false for tempo 0.
func NextEpochBlock(s *state.State, n state.NetUID) (uint64, bool) {
	sn, _ := s.Subnets.Get(n)
	if sn.Tempo == 0 {
		return 0, false
	}
	em, _ := s.Emissions.Get(n)
	next := satAddU64(em.LastEpochBlock, uint64(sn.Tempo))
	if em.PendingEpochAt > 0 {
		next = min(next, em.PendingEpochAt)
	}
	return next, true
}

// dueEpoch is one subnet's drained buckets.
type dueEpoch struct {
	net                               state.NetUID
	server, validator, root, ownerCut uint64
}

// epochInputConsistent is is_epoch_input_state_consistent: no hotkey holds two uids.
func epochInputConsistent(s *state.State, n state.NetUID) bool {
	em, _ := s.Emissions.Get(n)
	seen := make(map[AccountID]struct{}, em.N)
	for uid := uint16(0); uid < em.N; uid++ {
		nr, ok := s.Neurons.Get(state.NeuronKey{Net: n, UID: uid})
		if !ok {
			continue
		}
		if _, dup := seen[nr.Hotkey]; dup {
			return false
		}
		seen[nr.Hotkey] = struct{}{}
	}
	return true
}

// drainPending is drain_pending: decides which subnets run their epoch this
// block (deferring beyond MaxEpochsPerBlock) and takes their pending buckets.
func drainPending(c *Ctx, subnets []state.NetUID) []dueEpoch {
	s := c.S
	maxPer := s.P().MaxEpochsPerBlock
	var ran uint32
	var due []dueEpoch
	for _, n := range subnets {
		em, _ := s.Emissions.Get(n)
		em.BlocksSinceLastStep = satAddU64(em.BlocksSinceLastStep, 1)
		s.Emissions.Set(n, em)
		if !shouldRunEpoch(s, n, c.Block) {
			continue
		}
		if ran >= maxPer {
			em.PendingEpochAt = c.Block + 1
			s.Emissions.Set(n, em)
			c.Emit("EpochDeferred", "netuid", uint16(n), "from_block", c.Block, "to_block", c.Block+1)
			continue
		}
		if epochInputConsistent(s, n) {
			em.BlocksSinceLastStep = 0
			due = append(due, dueEpoch{net: n, server: em.PendingServer, validator: em.PendingValidator, root: em.PendingRootAlpha, ownerCut: em.PendingOwnerCut})
			em.PendingServer, em.PendingValidator, em.PendingRootAlpha, em.PendingOwnerCut = 0, 0, 0, 0
			ran++
		} else {
			c.Emit("EpochSkipped", "netuid", uint16(n), "block", c.Block)
		}
		em.LastEpochBlock = c.Block
		em.PendingEpochAt = 0
		em.EpochIndex++
		s.Emissions.Set(n, em)
	}
	return due
}

// updateMovingPrices is update_moving_prices and update_root_prop, after
// the coinbase, for the subnets emitted to.
func updateMovingPrices(c *Ctx) error {
	s := c.S
	for _, n := range subnetsToEmitTo(s, s.Subnets.Keys()) {
		sn, _ := s.Subnets.Get(n)
		pl, _ := s.Pools.Get(n)
		em, _ := s.Emissions.Get(n)
		b := amm.BlocksSinceStartCall(c.Block, em.FirstEmissionBlock)
		prev := fixed.I96F32FromBits(pl.MovingPriceBits[0], pl.MovingPriceBits[1])
		prevPrice := amm.MovingPrice(amm.Mechanism(sn.Mechanism), prev)
		next := amm.UpdateMovingPrice(prevPrice.ToI96F32(), Price(s, n), movingAlpha(s), b, sn.EMAPriceHalvingBlocks)
		hi, lo := next.Bits()
		if pl.MovingPriceBits != [2]uint64{hi, lo} {
			pl.MovingPriceBits = [2]uint64{hi, lo}
			s.Pools.Set(n, pl)
		}
		rh, rl := RootProportion(s, n).Bits()
		if em.RootPropBits != [2]uint64{rh, rl} {
			em.RootPropBits = [2]uint64{rh, rl}
			s.Emissions.Set(n, em)
		}
	}
	return nil
}

// movingAlpha is SubnetMovingAlpha (I96F32), a chain parameter.
func movingAlpha(s *state.State) fixed.I96F32 {
	if raw := s.P().SubnetMovingAlphaRaw; raw != 0 {
		return fixed.I96F32FromBits(0, raw)
	}
	return amm.DefaultMovingAlpha
}
