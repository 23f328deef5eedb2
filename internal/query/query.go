package query

import (
	"fmt"
	"math/big"
	"net/netip"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/fixed"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
	"github.com/taokit/taokit/internal/store"
)

// AccountID is an account (SS58 in JSON and msgpack).
type AccountID = keys.AccountID

// tables holds the table decoders. Table.Read and Table.ReadPrefix touch
// no table memory, so one set serves every goroutine.
var tables = state.New()

// Head describes the committed head seen by a reader.
type Head struct {
	Height      uint64     `json:"height"`
	Hash        chain.Hash `json:"hash"` // hash of block Height (zero at genesis)
	StateRoot   chain.Hash `json:"state_root"`
	GenesisHash chain.Hash `json:"genesis_hash"`
	Time        uint64     `json:"time"` // block time, unix ms (0 at genesis)
}

// ReadHead returns the head of the state r reads.
func ReadHead(r store.Reader) (Head, error) {
	m, ok, err := tables.Meta.Read(r, struct{}{})
	if err != nil {
		return Head{}, err
	}
	if !ok {
		return Head{}, ErrNoMeta
	}
	h := Head{Height: m.Height, Hash: chain.Hash(m.LastBlockHash), StateRoot: chain.Hash(r.Root()), GenesisHash: chain.Hash(m.GenesisHash)}
	if m.Height > 0 {
		b, ok, err := chain.ReadBlock(r, m.Height)
		if err != nil {
			return Head{}, err
		}
		if ok {
			h.Time = b.Header.Time
		}
	}
	return h, nil
}

// ReadBlock returns block h as r sees it; the state root is the root of the
// store version holding block h when r can serve it, else zero.
func ReadBlock(r store.Reader, h uint64) (*chain.BlockResult, error) {
	if h == 0 {
		return nil, fmt.Errorf("block 0 is the genesis state, not a block: %w", ErrNotFound)
	}
	b, ok, err := chain.ReadBlock(r, h)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("block %d: %w", h, ErrNotFound)
	}
	return b, nil
}

// Account is an account's balance and nonce.
type Account struct {
	Address Address `json:"address"`
	Free    uint64  `json:"free"`  // RAO
	Nonce   uint64  `json:"nonce"` // next nonce to sign with
}

// ReadAccount returns an account (zero balance and nonce when absent).
func ReadAccount(r store.Reader, id AccountID) (Account, error) {
	a, _, err := tables.Accounts.Read(r, id)
	if err != nil {
		return Account{}, err
	}
	return Account{Address: Address(id), Free: a.Free, Nonce: a.Nonce}, nil
}

// Identity is a subnet's owner-set description.
type Identity struct {
	Name        string `json:"name,omitempty"`
	Repo        string `json:"repo,omitempty"`
	Contact     string `json:"contact,omitempty"`
	URL         string `json:"url,omitempty"`
	Discord     string `json:"discord,omitempty"`
	Description string `json:"description,omitempty"`
	Additional  string `json:"additional,omitempty"`
}

// Hyperparameter is one subnet hyperparameter by its btcli name.
type Hyperparameter struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// Subnet is a subnet's dTAO view (bittensor's DynamicInfo plus
// MetagraphInfo's parameters).
type Subnet struct {
	Netuid       uint16   `json:"netuid"`
	Name         string   `json:"name"`
	Symbol       string   `json:"symbol"`
	Owner        Address  `json:"owner_coldkey"`
	OwnerHotkey  Address  `json:"owner_hotkey"`
	Mechanism    string   `json:"mechanism"` // dynamic | stable
	RegisteredAt uint64   `json:"network_registered_at"`
	Identity     Identity `json:"identity"`

	Tempo               uint16 `json:"tempo"`
	LastStep            uint64 `json:"last_step"`
	BlocksSinceLastStep uint64 `json:"blocks_since_last_step"`
	NextEpochBlock      uint64 `json:"next_epoch_block"` // last_step + tempo (0 when tempo is 0)

	// Commit-reveal timing. epoch_index counts the subnet's epochs run so
	// far (SubnetEpochIndex); a commit in the next block is recorded under
	// commit_epoch (epoch_index, plus one when an epoch is due in that
	// block), and its reveal is accepted only in a block whose epoch (by
	// the same rule) is reveal_epoch = commit_epoch + commit_reveal_period.
	EpochIndex          uint64 `json:"epoch_index"`
	CommitRevealEnabled bool   `json:"commit_reveal_enabled"`
	CommitRevealPeriod  uint64 `json:"commit_reveal_period"` // epochs (RevealPeriodEpochs)
	CommitEpoch         uint64 `json:"commit_epoch"`
	RevealEpoch         uint64 `json:"reveal_epoch"`

	Price         string     `json:"price"`     // τ per α, exact decimal
	PriceRAO      uint64     `json:"price_rao"` // RAO per whole α, floored
	MovingPrice   string     `json:"moving_price"`
	TaoIn         uint64     `json:"tao_in"`    // SubnetTAO, RAO
	AlphaIn       uint64     `json:"alpha_in"`  // SubnetAlphaIn
	AlphaOut      uint64     `json:"alpha_out"` // SubnetAlphaOut
	ProtocolAlpha uint64     `json:"protocol_alpha"`
	Locked        uint64     `json:"locked"`       // SubnetLocked, RAO
	QuoteWeight   uint64     `json:"quote_weight"` // balancer TAO weight, Perquintill parts (0: uninitialised)
	Volume        codec.U128 `json:"subnet_volume"`

	TaoInEmission      uint64 `json:"tao_in_emission"`
	AlphaInEmission    uint64 `json:"alpha_in_emission"`
	AlphaOutEmission   uint64 `json:"alpha_out_emission"`
	PendingServer      uint64 `json:"pending_server_emission"`
	PendingValidator   uint64 `json:"pending_validator_emission"`
	PendingRootAlpha   uint64 `json:"pending_root_emission"`
	PendingOwnerCut    uint64 `json:"pending_owner_cut"`
	FirstEmissionBlock uint64 `json:"first_emission_block"` // 0: start_call not done
	EmissionEnabled    bool   `json:"emission_enabled"`
	SubtokenEnabled    bool   `json:"subtoken_enabled"`

	Burn           uint64 `json:"burn"` // registration cost now, RAO
	N              uint16 `json:"num_uids"`
	MaxUIDs        uint16 `json:"max_uids"`
	RegistrationsB uint16 `json:"registrations_this_block"`

	Hyperparameters []Hyperparameter `json:"hyperparameters"`
}

// mini builds a state holding only what the runtime's read helpers need
// (params, globals, and the given subnets with their pools and emission
// records), so queries reuse the
// runtime's own price and lock-cost code on committed values.
func mini(r store.Reader, nets ...state.NetUID) (*state.State, error) {
	s := state.New()
	p, ok, err := tables.Params.Read(r, struct{}{})
	if err != nil {
		return nil, err
	}
	if ok {
		s.Params.Set(struct{}{}, p)
	}
	g, _, err := tables.Globals.Read(r, struct{}{})
	if err != nil {
		return nil, err
	}
	s.SetG(g)
	for _, n := range nets {
		sn, ok, err := tables.Subnets.Read(r, n)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		pl, _, err := tables.Pools.Read(r, n)
		if err != nil {
			return nil, err
		}
		em, _, err := tables.Emissions.Read(r, n)
		if err != nil {
			return nil, err
		}
		s.Subnets.Set(n, sn)
		s.Pools.Set(n, pl)
		s.Emissions.Set(n, em)
	}
	s.Discard()
	return s, nil
}

// priceRAO converts a U64F64 price in τ per α to RAO per whole α.
func priceRAO(p fixed.U64F64) uint64 {
	return p.SatMul(fixed.U64F64FromU64(1_000_000_000)).ToU64()
}

func buildSubnet(st *state.State, n state.NetUID, sn state.Subnet, head uint64) Subnet {
	pl, _ := st.Pools.Get(n)
	em, _ := st.Emissions.Get(n)
	price := runtime.Price(st, n)
	mech := "dynamic"
	if sn.Mechanism == runtime.MechanismStable {
		mech = "stable"
	}
	s := Subnet{
		Netuid: uint16(n), Name: sn.Name, Symbol: sn.Symbol, Owner: Address(sn.Owner), OwnerHotkey: Address(sn.OwnerHotkey),
		Mechanism: mech, RegisteredAt: sn.RegisteredAt,
		Identity: Identity{Name: sn.Identity.Name, Repo: sn.Identity.Repo, Contact: sn.Identity.Contact, URL: sn.Identity.URL,
			Discord: sn.Identity.Discord, Description: sn.Identity.Description, Additional: sn.Identity.Additional},
		Tempo: sn.Tempo, LastStep: em.LastEpochBlock, BlocksSinceLastStep: em.BlocksSinceLastStep,
		Price: price.String(), PriceRAO: priceRAO(price),
		MovingPrice: fixed.I96F32FromBits(pl.MovingPriceBits[0], pl.MovingPriceBits[1]).String(),
		TaoIn:       pl.TaoReserve, AlphaIn: pl.AlphaIn, AlphaOut: pl.AlphaOut, ProtocolAlpha: pl.ProtocolAlpha,
		Locked: pl.Locked, QuoteWeight: pl.QuoteWeight, Volume: codec.U128{Hi: pl.Volume[0], Lo: pl.Volume[1]},
		TaoInEmission: em.TaoInEmission, AlphaInEmission: em.AlphaInEmission, AlphaOutEmission: em.AlphaOutEmission,
		PendingServer: em.PendingServer, PendingValidator: em.PendingValidator, PendingRootAlpha: em.PendingRootAlpha,
		PendingOwnerCut: em.PendingOwnerCut, FirstEmissionBlock: em.FirstEmissionBlock,
		EmissionEnabled: sn.EmissionEnabled, SubtokenEnabled: sn.SubtokenEnabled,
		Burn: em.Burn, N: em.N, MaxUIDs: sn.MaxAllowedUids, RegistrationsB: em.RegistrationsThisBlk,
	}
	if sn.Tempo != 0 {
		s.NextEpochBlock = em.LastEpochBlock + uint64(sn.Tempo)
	}
	s.EpochIndex = em.EpochIndex
	s.CommitRevealEnabled, s.CommitRevealPeriod = sn.CommitRevealEnabled, sn.RevealPeriodEpochs
	s.CommitEpoch = runtime.CurrentEpochWithLookahead(st, n, head+1)
	s.RevealEpoch = s.CommitEpoch + sn.RevealPeriodEpochs
	if s.RevealEpoch < s.CommitEpoch {
		s.RevealEpoch = ^uint64(0)
	}
	for _, hp := range runtime.HyperparameterValues(sn) {
		s.Hyperparameters = append(s.Hyperparameters, Hyperparameter{Name: hp.Name, Value: hp.Value})
	}
	return s
}

// ReadSubnet returns one subnet.
func ReadSubnet(r store.Reader, n uint16) (Subnet, error) {
	s, err := mini(r, state.NetUID(n))
	if err != nil {
		return Subnet{}, err
	}
	h, err := headHeight(r)
	if err != nil {
		return Subnet{}, err
	}
	return subnetFrom(s, state.NetUID(n), h)
}

// headHeight is the chain height r reads.
func headHeight(r store.Reader) (uint64, error) {
	m, ok, err := tables.Meta.Read(r, struct{}{})
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, ErrNoMeta
	}
	return m.Height, nil
}

// subnetFrom builds subnet net from a mini state holding it, as of the
// block after head.
func subnetFrom(s *state.State, net state.NetUID, head uint64) (Subnet, error) {
	sn, ok := s.Subnets.Get(net)
	if !ok {
		return Subnet{}, fmt.Errorf("subnet %d: %w", net, ErrNotFound)
	}
	return buildSubnet(s, net, sn, head), nil
}

// ReadSubnets returns every subnet, root (0) first, in netuid order.
func ReadSubnets(r store.Reader) ([]Subnet, error) {
	var nets []state.NetUID
	if err := tables.Subnets.ReadPrefix(r, nil, func(n state.NetUID, _ state.Subnet) error {
		nets = append(nets, n)
		return nil
	}); err != nil {
		return nil, err
	}
	s, err := mini(r, nets...)
	if err != nil {
		return nil, err
	}
	h, err := headHeight(r)
	if err != nil {
		return nil, err
	}
	out := make([]Subnet, 0, len(nets))
	for _, n := range nets {
		sn, _ := s.Subnets.Get(n)
		out = append(out, buildSubnet(s, n, sn, h))
	}
	return out, nil
}

// Axon is a served endpoint (axon or prometheus).
type Axon struct {
	Block    uint64 `json:"block"`
	Version  uint32 `json:"version"`
	IP       string `json:"ip"` // dotted IPv4 / IPv6, or the raw u128 for other ip types
	Port     uint16 `json:"port"`
	IPType   uint8  `json:"ip_type"`
	Protocol uint8  `json:"protocol"`
}

func axonOf(a state.AxonInfo) Axon {
	out := Axon{Block: a.Block, Version: a.Version, Port: a.Port, IPType: a.IPType, Protocol: a.Protocol}
	hi, lo := a.IP[0], a.IP[1]
	switch {
	case a.IPType == 0 && hi == 0 && lo == 0:
		// never served
	case a.IPType == 4:
		out.IP = netip.AddrFrom4([4]byte{byte(lo >> 24), byte(lo >> 16), byte(lo >> 8), byte(lo)}).String()
	case a.IPType == 6:
		var b [16]byte
		for i := range 8 {
			b[i] = byte(hi >> (56 - 8*i))
			b[8+i] = byte(lo >> (56 - 8*i))
		}
		out.IP = netip.AddrFrom16(b).String()
	default:
		out.IP = codec.U128{Hi: hi, Lo: lo}.String()
	}
	return out
}

// Weight is one (uid, u16 value) entry of a weight or bond row.
type Weight struct {
	UID   uint16 `json:"uid"`
	Value uint16 `json:"value"`
}

// Staker is one coldkey's stake in a (hotkey, subnet) pool.
type Staker struct {
	Coldkey Address `json:"coldkey"`
	Alpha   uint64  `json:"alpha"`
}

// Neuron is one uid of a metagraph: every per-uid field the chain stores
// plus its stake. Incentive, consensus, dividends, validator_trust and
// stake_weight are u16 fractions of 65 535 as stored.
type Neuron struct {
	UID                 uint16  `json:"uid"`
	Hotkey              Address `json:"hotkey"`
	Coldkey             Address `json:"coldkey"`
	Active              bool    `json:"active"`
	ValidatorPermit     bool    `json:"validator_permit"`
	BlockAtRegistration uint64  `json:"block_at_registration"`
	LastUpdate          uint64  `json:"last_update"`
	Emission            uint64  `json:"emission"`
	Incentive           uint16  `json:"incentive"`
	Consensus           uint16  `json:"consensus"`
	Dividends           uint16  `json:"dividends"`
	ValidatorTrust      uint16  `json:"validator_trust"`
	StakeWeight         uint16  `json:"stake_weight"`
	Take                uint16  `json:"take"` // delegate take, of 65 535

	AlphaStake     uint64 `json:"alpha_stake"`     // TotalHotkeyAlpha on this subnet (α)
	AlphaStakeTAO  uint64 `json:"alpha_stake_tao"` // its τ value at the spot price (RAO)
	RootStake      uint64 `json:"root_stake"`      // τ staked on root (RAO)
	TotalStake     uint64 `json:"total_stake"`     // alpha_stake + tao_weight × root_stake (bittensor's S)
	AlphaDividends uint64 `json:"alpha_dividends"`
	AlphaLastEpoch uint64 `json:"alpha_last_epoch"`

	Axon       Axon `json:"axon"`
	Prometheus Axon `json:"prometheus"`

	Weights []Weight `json:"weights,omitempty"`
	Bonds   []Weight `json:"bonds,omitempty"`
	Stakers []Staker `json:"stakers,omitempty"`
}

// Metagraph is a subnet's full per-uid state at one height.
type Metagraph struct {
	Height  uint64   `json:"height"`
	Subnet  Subnet   `json:"subnet"`
	Neurons []Neuron `json:"neurons"`
}

// MetagraphOptions select the optional, larger parts of a metagraph.
type MetagraphOptions struct {
	Weights bool // each uid's weight row
	Bonds   bool // each uid's bond row
	Stakers bool // each uid's stake per coldkey
}

func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// alphaToTAO values alpha at the spot price (root alpha is τ itself).
func alphaToTAO(alpha uint64, price fixed.U64F64, net state.NetUID) uint64 {
	if net == state.RootNet {
		return alpha
	}
	return fixed.U64F64FromU64(alpha).SatMul(price).ToU64()
}

// safeFloat returns a SafeFloat as an exact rational.
func safeFloat(f state.SafeFloat) *big.Rat {
	m := new(big.Int).Lsh(new(big.Int).SetUint64(f.MantHi), 64)
	m.Or(m, new(big.Int).SetUint64(f.MantLo))
	if m.Sign() == 0 {
		return new(big.Rat)
	}
	e := f.Exp
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(abs64(e)), nil)
	if e >= 0 {
		return new(big.Rat).SetInt(m.Mul(m, p))
	}
	return new(big.Rat).SetFrac(m, p)
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// shareValue is a coldkey's stake in a pool: ⌊V · share / D⌋ (dtao.md §4.1).
func shareValue(pool state.StakePool, share state.SafeFloat) uint64 {
	d := safeFloat(pool.Denom)
	if d.Sign() == 0 {
		return 0
	}
	v := new(big.Rat).SetUint64(pool.Value)
	v.Mul(v, safeFloat(share))
	v.Quo(v, d)
	q := new(big.Int).Quo(v.Num(), v.Denom())
	if !q.IsUint64() {
		return ^uint64(0)
	}
	return q.Uint64()
}

// StakeEntry is one (hotkey, subnet) position of a coldkey.
type StakeEntry struct {
	Hotkey   Address `json:"hotkey"`
	Netuid   uint16  `json:"netuid"`
	Alpha    uint64  `json:"alpha"`     // α (τ on root)
	TaoValue uint64  `json:"tao_value"` // at the spot price, RAO
}

// ColdkeyStake is a coldkey's balance and every stake position.
type ColdkeyStake struct {
	Coldkey       Address      `json:"coldkey"`
	Free          uint64       `json:"free"`
	Stakes        []StakeEntry `json:"stakes"`
	TotalTaoValue uint64       `json:"total_tao_value"`
}

// ReadStake returns coldkey c's stake across hotkeys and subnets.
func ReadStake(r store.Reader, c AccountID) (*ColdkeyStake, error) {
	acc, _, err := tables.Accounts.Read(r, c)
	if err != nil {
		return nil, err
	}
	out := &ColdkeyStake{Coldkey: Address(c), Free: acc.Free, Stakes: []StakeEntry{}}
	ck, _, err := tables.Coldkeys.Read(r, c)
	if err != nil {
		return nil, err
	}
	prices := map[state.NetUID]fixed.U64F64{}
	for _, hk := range ck.StakingHotkeys {
		err := tables.Stakes.ReadPrefix(r, state.HotkeyPrefix(hk), func(k state.HotkeyNet, pool state.StakePool) error {
			share, ok, err := tables.Shares.Read(r, state.ShareKey{Hotkey: hk, Net: k.Net, Coldkey: c})
			if err != nil || !ok {
				return err
			}
			alpha := shareValue(pool, share)
			if alpha == 0 {
				return nil
			}
			price, ok := prices[k.Net]
			if !ok {
				s, err := mini(r, k.Net)
				if err != nil {
					return err
				}
				price = runtime.Price(s, k.Net)
				prices[k.Net] = price
			}
			e := StakeEntry{Hotkey: Address(hk), Netuid: uint16(k.Net), Alpha: alpha, TaoValue: alphaToTAO(alpha, price, k.Net)}
			out.Stakes = append(out.Stakes, e)
			out.TotalTaoValue = satAdd(out.TotalTaoValue, e.TaoValue)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Delegate is a hotkey with its owner, take and stake per subnet.
type Delegate struct {
	Hotkey     Address      `json:"hotkey"`
	Owner      Address      `json:"owner"`
	Take       uint16       `json:"take"` // of 65 535
	Nominators int          `json:"nominators"`
	Stakes     []StakeEntry `json:"stakes"` // total stake per subnet (hotkey field repeated)
}

// ReadDelegates lists every hotkey known to the chain.
func ReadDelegates(r store.Reader) ([]Delegate, error) {
	p, _, err := tables.Params.Read(r, struct{}{})
	if err != nil {
		return nil, err
	}
	var out []Delegate
	err = tables.Hotkeys.ReadPrefix(r, nil, func(id AccountID, hk state.Hotkey) error {
		d := Delegate{Hotkey: Address(id), Owner: Address(hk.Owner), Take: hk.Take, Stakes: []StakeEntry{}}
		if !hk.TakeSet {
			d.Take = p.DefaultTake
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		d := &out[i]
		nominators := map[AccountID]bool{}
		err := tables.Stakes.ReadPrefix(r, state.HotkeyPrefix(d.Hotkey.ID()), func(k state.HotkeyNet, pool state.StakePool) error {
			if pool.Value > 0 {
				d.Stakes = append(d.Stakes, StakeEntry{Hotkey: d.Hotkey, Netuid: uint16(k.Net), Alpha: pool.Value})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = tables.Shares.ReadPrefix(r, state.HotkeyPrefix(d.Hotkey.ID()), func(k state.ShareKey, _ state.SafeFloat) error {
			nominators[k.Coldkey] = true
			return nil
		})
		if err != nil {
			return nil, err
		}
		d.Nominators = len(nominators)
	}
	return out, nil
}

// Quote is a simulated swap through a subnet's pool.
type Quote struct {
	Netuid    uint16 `json:"netuid"`
	Side      string `json:"side"`       // buy (τ in, α out) | sell (α in, τ out)
	Amount    uint64 `json:"amount"`     // input, fee included
	AmountIn  uint64 `json:"amount_in"`  // what the pool takes, fee excluded
	AmountOut uint64 `json:"amount_out"` // what the pool pays
	Fee       uint64 `json:"fee"`        // in the input token
	Price     string `json:"price"`      // spot τ per α before the swap
	PriceRAO  uint64 `json:"price_rao"`
	IdealOut  uint64 `json:"ideal_out"`    // output at the spot price with no fee or slippage
	Slippage  uint64 `json:"slippage_ppm"` // (ideal_out − amount_out) / ideal_out, parts per million
}

// ReadQuote simulates a buy or sell of amount through subnet n's pool.
func ReadQuote(r store.Reader, n uint16, side string, amount uint64) (Quote, error) {
	if amount == 0 {
		return Quote{}, fmt.Errorf("%w: amount must be positive", ErrBadRequest)
	}
	net := state.NetUID(n)
	s, err := mini(r, net)
	if err != nil {
		return Quote{}, err
	}
	if !s.Subnets.Has(net) {
		return Quote{}, fmt.Errorf("subnet %d: %w", n, ErrNotFound)
	}
	price := runtime.Price(s, net)
	q := Quote{Netuid: n, Side: side, Amount: amount, Price: price.String(), PriceRAO: priceRAO(price)}
	opts := runtime.SwapOpts{Simulate: true}
	var res struct{ in, out, fee uint64 }
	switch side {
	case "buy":
		sr, err := runtime.SwapTaoForAlpha(s, net, amount, opts)
		if err != nil {
			return q, swapErr(err)
		}
		res.in, res.out, res.fee = sr.AmountPaidIn, sr.AmountPaidOut, sr.FeePaid
		if !price.IsZero() {
			q.IdealOut = fixed.U64F64FromU64(amount).SafeDiv(price).ToU64()
		}
	case "sell":
		sr, err := runtime.SwapAlphaForTao(s, net, amount, opts)
		if err != nil {
			return q, swapErr(err)
		}
		res.in, res.out, res.fee = sr.AmountPaidIn, sr.AmountPaidOut, sr.FeePaid
		q.IdealOut = fixed.U64F64FromU64(amount).SatMul(price).ToU64()
	default:
		return q, fmt.Errorf("%w: side %q (want buy or sell)", ErrBadRequest, side)
	}
	q.AmountIn, q.AmountOut, q.Fee = res.in, res.out, res.fee
	if q.IdealOut > q.AmountOut && q.IdealOut > 0 {
		d := new(big.Int).SetUint64(q.IdealOut - q.AmountOut)
		d.Mul(d, big.NewInt(1_000_000))
		d.Quo(d, new(big.Int).SetUint64(q.IdealOut))
		q.Slippage = d.Uint64()
	}
	return q, nil
}

// swapErr reports a pool refusal as a bad request with the chain's name.
func swapErr(err error) error {
	if name := runtime.ErrorName(err); name != "" {
		return fmt.Errorf("%w: swap refused: %s", ErrBadRequest, name)
	}
	return fmt.Errorf("%w: swap refused: %w", ErrBadRequest, err)
}

// PendingEmission is a subnet's emission accumulated since its last epoch.
type PendingEmission struct {
	Netuid              uint16 `json:"netuid"`
	Tempo               uint16 `json:"tempo"`
	LastStep            uint64 `json:"last_step"`
	BlocksSinceLastStep uint64 `json:"blocks_since_last_step"`
	NextEpochBlock      uint64 `json:"next_epoch_block"`
	PendingServer       uint64 `json:"pending_server_emission"`
	PendingValidator    uint64 `json:"pending_validator_emission"`
	PendingRootAlpha    uint64 `json:"pending_root_emission"`
	PendingOwnerCut     uint64 `json:"pending_owner_cut"`
	TaoInEmission       uint64 `json:"tao_in_emission"`
	AlphaInEmission     uint64 `json:"alpha_in_emission"`
	AlphaOutEmission    uint64 `json:"alpha_out_emission"`
}

// ReadPendingEmission returns every subnet's pending emission.
func ReadPendingEmission(r store.Reader) ([]PendingEmission, error) {
	subs, err := ReadSubnets(r)
	if err != nil {
		return nil, err
	}
	out := make([]PendingEmission, len(subs))
	for i, s := range subs {
		out[i] = PendingEmission{
			Netuid: s.Netuid, Tempo: s.Tempo, LastStep: s.LastStep, BlocksSinceLastStep: s.BlocksSinceLastStep,
			NextEpochBlock: s.NextEpochBlock, PendingServer: s.PendingServer, PendingValidator: s.PendingValidator,
			PendingRootAlpha: s.PendingRootAlpha, PendingOwnerCut: s.PendingOwnerCut, TaoInEmission: s.TaoInEmission,
			AlphaInEmission: s.AlphaInEmission, AlphaOutEmission: s.AlphaOutEmission,
		}
	}
	return out, nil
}

// LockCost is the TAO a register_network in the next block would lock.
type LockCost struct {
	Block    uint64 `json:"block"`     // the block the cost applies to
	LockCost uint64 `json:"lock_cost"` // RAO
}

// ReadLockCost returns the network lock cost for the block after r's head.
func ReadLockCost(r store.Reader) (LockCost, error) {
	head, err := ReadHead(r)
	if err != nil {
		return LockCost{}, err
	}
	s, err := mini(r)
	if err != nil {
		return LockCost{}, err
	}
	b := head.Height + 1
	return LockCost{Block: b, LockCost: runtime.NetworkLockCost(s, b)}, nil
}
