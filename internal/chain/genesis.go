package chain

import (
	"fmt"
	"io"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/state"
)

// Genesis describes the initial state (genesis.toml).
type Genesis struct {
	ChainName string                  `toml:"chain_name"`
	Sudo      string                  `toml:"sudo"` // root key: SS58 address or dev SURI such as //Alice
	Params    map[string]uint64       `toml:"params"`
	Accounts  []GenesisAccount        `toml:"accounts"`
	Subnets   []runtime.GenesisSubnet `toml:"subnets"`
}

// GenesisAccount funds one account.
type GenesisAccount struct {
	Address string `toml:"address"` // SS58 address or SURI (//Alice)
	Balance uint64 `toml:"balance"` // RAO
}

// ParseGenesis decodes a genesis TOML document; unknown keys are errors.
func ParseGenesis(r io.Reader, name string) (*Genesis, error) {
	var g Genesis
	md, err := toml.NewDecoder(r).Decode(&g)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrGenesis, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		ks := make([]string, len(und))
		for i, k := range und {
			ks[i] = k.String()
		}
		return nil, fmt.Errorf("%s: %w: unknown keys %s", name, ErrGenesis, strings.Join(ks, ", "))
	}
	return &g, nil
}

// ResolveAccount accepts an SS58 address or a secret URI (dev keys like //Alice).
func ResolveAccount(s string) (keys.AccountID, error) {
	if strings.HasPrefix(s, "/") || strings.Contains(s, " ") || strings.HasPrefix(s, "0x") {
		kp, err := keys.FromSURI(s)
		if err != nil {
			return keys.AccountID{}, err
		}
		return kp.AccountID(), nil
	}
	return keys.ParseAccountID(s)
}

// DevGenesis funds the dev accounts //Alice … //Ferdie with 1,000,000 TAO
// each, makes //Alice the root key, and sets no subnets.
func DevGenesis() *Genesis {
	g := &Genesis{ChainName: "taokit-dev", Sudo: "//Alice"}
	for _, n := range keys.DevAccountNames {
		g.Accounts = append(g.Accounts, GenesisAccount{Address: "//" + n, Balance: 1_000_000 * 1_000_000_000})
	}
	return g
}

// apply builds the genesis state.
func (g *Genesis) apply() (*state.State, error) {
	s := state.New()
	p := state.DefaultParams()
	if err := applyParamOverrides(&p, g.Params); err != nil {
		return nil, err
	}
	s.Params.Set(struct{}{}, p)
	glob := state.Globals{}
	if g.Sudo != "" {
		sudo, err := ResolveAccount(g.Sudo)
		if err != nil {
			return nil, fmt.Errorf("%w: sudo: %w", ErrGenesis, err)
		}
		glob.Sudo = sudo
	}
	for i, a := range g.Accounts {
		id, err := ResolveAccount(a.Address)
		if err != nil {
			return nil, fmt.Errorf("%w: accounts[%d]: %w", ErrGenesis, i, err)
		}
		if a.Balance < p.ExistentialDeposit {
			return nil, fmt.Errorf("%w: accounts[%d]: balance %d below the existential deposit %d", ErrGenesis, i, a.Balance, p.ExistentialDeposit)
		}
		acc := s.Accounts.GetOr(id, state.Account{})
		if acc.Free+a.Balance < acc.Free || glob.TotalIssuance+a.Balance < glob.TotalIssuance || glob.TotalIssuance+a.Balance > runtime.TotalSupply {
			return nil, fmt.Errorf("%w: accounts[%d]: balances exceed the 21M TAO supply", ErrGenesis, i)
		}
		acc.Free += a.Balance
		s.Accounts.Set(id, acc)
		glob.TotalIssuance += a.Balance
	}
	s.SetG(glob)
	if err := runtime.InitGenesis(s, g.Subnets); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrGenesis, err)
	}
	return s, nil
}
