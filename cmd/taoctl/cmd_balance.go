package main

import (
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/wallet"
)

func newBalanceCommand() *cli.Command {
	return &cli.Command{
		Name:    "balance",
		Aliases: []string{"b"},
		Usage:   "free balance, stake per subnet (α and its τ value) and total of coldkeys",
		UsageText: `taoctl balance --wallet.name alice
   taoctl balance --all
   taoctl balance --ss58 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY -o json
   taoctl balance --wallet.name //Alice --at-block 100`,
		Description: "Only public files are read (coldkeypub.txt): no password is ever asked.",
		Flags: flags(walletFlags(), []cli.Flag{
			nodeFlag(), rawFlag(), atBlockFlag(),
			&cli.StringSliceFlag{Name: "ss58", Aliases: []string{"address"}, Usage: "show these addresses instead of a wallet (repeatable)"},
			&cli.BoolFlag{Name: "all", Aliases: []string{"a"}, Usage: "every wallet under --wallet.path"},
		}),
		Action: runBalance,
	}
}

// stakeLine is one (hotkey, subnet) position.
type stakeLine struct {
	Netuid   uint16         `json:"netuid"`
	Symbol   string         `json:"symbol"`
	Hotkey   keys.AccountID `json:"hotkey"`
	Alpha    uint64         `json:"alpha"`     // α base units (τ RAO on root)
	TaoValue uint64         `json:"tao_value"` // at the spot price, RAO
}

// balanceRecord is one coldkey's balance.
type balanceRecord struct {
	Wallet  string         `json:"wallet,omitempty"`
	Coldkey keys.AccountID `json:"coldkey"`
	Free    uint64         `json:"free"`   // RAO
	Staked  uint64         `json:"staked"` // τ value of all stake, RAO
	Total   uint64         `json:"total"`  // free + staked, RAO
	Stakes  []stakeLine    `json:"stakes"`
}

type namedAccount struct {
	name string
	id   keys.AccountID
}

func runBalance(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	var accts []namedAccount
	switch {
	case len(c.StringSlice("ss58")) > 0:
		for _, s := range c.StringSlice("ss58") {
			id, err := parseAddress("--ss58", s)
			if err != nil {
				return err
			}
			accts = append(accts, namedAccount{id: id})
		}
	case c.Bool("all"):
		w0, err := wallet.New(c.String(flagWalletPath), "x")
		if err != nil {
			return err
		}
		names, err := wallet.List(w0.Path)
		if err != nil {
			return err
		}
		for _, n := range names {
			w, err := wallet.New(c.String(flagWalletPath), n)
			if err != nil {
				return err
			}
			id, err := w.ColdkeyPub()
			if err != nil {
				e.log.Warn("skipping wallet without coldkeypub.txt", "wallet", n, "err", err)
				continue
			}
			accts = append(accts, namedAccount{name: n, id: id})
		}
	default:
		id, err := e.coldkeyAddress()
		if err != nil {
			return err
		}
		accts = append(accts, namedAccount{name: c.String(flagWalletName), id: id})
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	subs, err := e.subnets()
	if err != nil {
		return err
	}
	sym := symbolsOf(subs)
	recs := make([]balanceRecord, 0, len(accts))
	for _, a := range accts {
		st, err := n.Stake(e.ctx, a.id, e.queryOpts()...)
		if err != nil {
			return n.nodeError("read stake of "+a.id.String(), err)
		}
		recs = append(recs, balanceOf(a, st, sym))
	}
	return emitBalances(e, recs)
}

func balanceOf(a namedAccount, st *query.ColdkeyStake, sym symbols) balanceRecord {
	r := balanceRecord{Wallet: a.name, Coldkey: a.id, Free: st.Free, Staked: st.TotalTaoValue, Stakes: []stakeLine{}}
	for _, s := range st.Stakes {
		r.Stakes = append(r.Stakes, stakeLine{Netuid: s.Netuid, Symbol: sym.of(s.Netuid), Hotkey: s.Hotkey.ID(), Alpha: s.Alpha, TaoValue: s.TaoValue})
	}
	r.Total = satAdd(r.Free, r.Staked)
	return r
}

func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// emitBalances prints one record per coldkey; the table has a row for the
// free balance, one per stake position and one for the total.
func emitBalances(e *runEnv, recs []balanceRecord) error {
	if !e.table() {
		return emitList(e, recs, nil, func(balanceRecord) []string { return nil })
	}
	type row struct{ cells []string }
	var rows []row
	for _, r := range recs {
		base := []string{r.Wallet, r.Coldkey.String()}
		rows = append(rows, row{append(base, "free", "", "", e.amt.TAO(r.Free))})
		for _, s := range r.Stakes {
			rows = append(rows, row{append(base, "stake "+u64(uint64(s.Netuid))+" "+s.Symbol, short(s.Hotkey), e.alpha(s.Symbol, s.Alpha), e.amt.TAO(s.TaoValue))})
		}
		rows = append(rows, row{append(base, "total", "", "", e.amt.TAO(r.Total))})
	}
	return emitList(e, rows, []string{"wallet", "coldkey", "balance", "hotkey", "stake", "value τ"}, func(r row) []string { return r.cells },
		output.AlignLeft, output.AlignLeft, output.AlignLeft, output.AlignLeft, output.AlignRight, output.AlignRight)
}
