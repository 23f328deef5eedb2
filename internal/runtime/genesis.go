package runtime

import (
	"fmt"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/state"
)

// GenesisSubnet describes a subnet created at genesis.
type GenesisSubnet struct {
	Owner           string           `toml:"owner"`  // SS58 or SURI of the owner coldkey
	Hotkey          string           `toml:"hotkey"` // SS58 or SURI of the owner hotkey
	Lock            uint64           `toml:"lock"`   // TAO (RAO) seeding the pool; default the minimum lock cost
	Started         bool             `toml:"started"`
	EmissionEnabled bool             `toml:"emission_enabled"`
	Hyperparameters map[string]int64 `toml:"hyperparameters"`
	Name            string           `toml:"name"`
	Neurons         []GenesisNeuron  `toml:"neurons"`
}

// GenesisNeuron registers a hotkey on a genesis subnet, optionally staking
// TAO to it. The stake's TAO is minted (added to issuance) and swapped into
// the subnet's pool fee-free, so the books balance as if it had been staked.
type GenesisNeuron struct {
	Hotkey  string `toml:"hotkey"`  // SS58 or SURI
	Coldkey string `toml:"coldkey"` // SS58 or SURI of the hotkey's owner
	Stake   uint64 `toml:"stake"`   // TAO (RAO) staked by the coldkey through the pool
	// ValidatorPermit grants a permit before the first epoch (which then
	// recomputes permits by stake as usual).
	ValidatorPermit bool `toml:"validator_permit"`
}

// InitGenesis creates the root subnet and the genesis subnets. The lock of a
// genesis subnet is minted (added to issuance) into its pool.
func InitGenesis(s *state.State, subnets []GenesisSubnet) error {
	createRootNetwork(s)
	c := NewCtx(s, 0, AccountID{})
	nets := make([]state.NetUID, 0, len(subnets))
	for i, gs := range subnets {
		owner, err := resolve(gs.Owner)
		if err != nil {
			return fmt.Errorf("subnets[%d].owner: %w", i, err)
		}
		hot, err := resolve(gs.Hotkey)
		if err != nil {
			return fmt.Errorf("subnets[%d].hotkey: %w", i, err)
		}
		if h, ok := s.Hotkeys.Get(hot); ok && h.Owner != owner {
			return fmt.Errorf("subnets[%d].hotkey: owned by another coldkey", i)
		}
		lock := gs.Lock
		if lock == 0 {
			lock = s.P().NetworkMinLockCost
		}
		g := s.G()
		if g.TotalIssuance+lock < g.TotalIssuance || g.TotalIssuance+lock > TotalSupply {
			return fmt.Errorf("subnets[%d].lock takes issuance past the %d RAO supply", i, TotalSupply)
		}
		g.TotalIssuance += lock
		s.SetG(g)
		n := nextNetuid(s)
		createSubnet(c, n, owner, hot, lock)
		sn, _ := s.Subnets.Get(n)
		sn.Name = gs.Name
		sn.EmissionEnabled = gs.EmissionEnabled
		s.Subnets.Set(n, sn)
		for _, name := range sortedKeys(gs.Hyperparameters) {
			if err := setHyperparameter(c, n, name, gs.Hyperparameters[name], true); err != nil {
				return fmt.Errorf("subnets[%d].hyperparameters.%s: %w", i, name, err)
			}
		}
		if gs.Started {
			em, _ := s.Emissions.Get(n)
			em.FirstEmissionBlock = 1
			s.Emissions.Set(n, em)
			sn, _ := s.Subnets.Get(n)
			sn.SubtokenEnabled = true
			s.Subnets.Set(n, sn)
		}
		nets = append(nets, n)
	}
	// Neurons and their stakes come after every subnet exists, so the pools
	// are all seeded at the same median price.
	for i, gs := range subnets {
		for j, gn := range gs.Neurons {
			if err := genesisNeuron(c, nets[i], gn); err != nil {
				return fmt.Errorf("subnets[%d].neurons[%d]: %w", i, j, err)
			}
		}
	}
	return nil
}

func resolve(s string) (AccountID, error) {
	if len(s) > 0 && (s[0] == '/' || s[:min(2, len(s))] == "0x") {
		kp, err := keys.FromSURI(s)
		if err != nil {
			return AccountID{}, err
		}
		return kp.AccountID(), nil
	}
	return keys.ParseAccountID(s)
}

// genesisNeuron registers one genesis neuron and stakes its TAO.
func genesisNeuron(c *Ctx, n state.NetUID, gn GenesisNeuron) error {
	s := c.S
	hot, err := resolve(gn.Hotkey)
	if err != nil {
		return fmt.Errorf("hotkey: %w", err)
	}
	cold, err := resolve(gn.Coldkey)
	if err != nil {
		return fmt.Errorf("coldkey: %w", err)
	}
	if h, ok := s.Hotkeys.Get(hot); ok && h.Owner != cold {
		return fmt.Errorf("hotkey owned by another coldkey")
	}
	if s.Uids.Has(state.NetHotkey{Net: n, Hotkey: hot}) {
		return fmt.Errorf("hotkey registered twice")
	}
	sn, _ := s.Subnets.Get(n)
	em, _ := s.Emissions.Get(n)
	if em.N >= sn.MaxAllowedUids {
		return fmt.Errorf("subnet full (%d uids)", sn.MaxAllowedUids)
	}
	ensureHotkeyOwner(s, hot, cold)
	uid := appendNeuron(c, n, hot)
	if gn.ValidatorPermit {
		o := NeuronOut(s, n, uid)
		o.ValidatorPermit = true
		setNeuronOut(s, n, uid, o)
	}
	if gn.Stake == 0 {
		return nil
	}
	if g := s.G(); g.TotalIssuance+gn.Stake < g.TotalIssuance || g.TotalIssuance+gn.Stake > TotalSupply {
		return fmt.Errorf("stake takes issuance past the %d RAO supply", TotalSupply)
	}
	mintTao(s, gn.Stake)
	r, err := SwapTaoForAlpha(s, n, gn.Stake, SwapOpts{DropFees: true})
	if err != nil {
		return fmt.Errorf("stake: %w", err)
	}
	recycleTao(s, gn.Stake-min(gn.Stake, r.AmountPaidIn))
	return IncreaseStake(s, hot, cold, n, r.AmountPaidOut)
}
