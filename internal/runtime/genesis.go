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
}

// InitGenesis creates the root subnet and the genesis subnets. The lock of a
// genesis subnet is minted (added to issuance) into its pool.
func InitGenesis(s *state.State, subnets []GenesisSubnet) error {
	createRootNetwork(s)
	c := NewCtx(s, 0, AccountID{})
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
