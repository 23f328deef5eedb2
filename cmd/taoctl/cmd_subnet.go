package main

import (
	"fmt"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

func newSubnetCommand() *cli.Command {
	return &cli.Command{
		Name:    "subnet",
		Aliases: []string{"subnets", "s"},
		Usage:   "list and inspect subnets, their metagraphs and hyperparameters; create and start subnets",
		Subcommands: []*cli.Command{
			newSubnetListCommand(), newSubnetShowCommand(), newSubnetMetagraphCommand(),
			newSubnetCreateCommand(), newSubnetStartCommand(), newSubnetHyperparametersCommand(),
			newSubnetBurnCostCommand(),
		},
	}
}

func readFlags() []cli.Flag { return []cli.Flag{nodeFlag(), rawFlag(), atBlockFlag()} }

// subnetRecord is a subnet as `subnet list` prints it: the node's record
// plus its market cap.
type subnetRecord struct {
	query.Subnet
	MarketCap uint64 `json:"market_cap"` // (α_in + α_out) × price, RAO
}

func newSubnetListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "every subnet: price, reserves, market cap, emission, tempo, owner, registration cost",
		UsageText: `taoctl subnet list
   taoctl subnet list -o json | jq 'select(.netuid > 0) | {netuid, price, burn}'
   taoctl subnet list --at-block 1000 --raw`,
		Flags:  readFlags(),
		Action: runSubnetList,
	}
}

func runSubnetList(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	subs, err := e.subnets()
	if err != nil {
		return err
	}
	recs := make([]subnetRecord, len(subs))
	for i, s := range subs {
		recs[i] = subnetRecord{Subnet: s, MarketCap: mulDiv(satAdd(s.AlphaIn, s.AlphaOut), s.PriceRAO, raoPerUnit)}
	}
	header := []string{"netuid", "name", "price τ/α", "market cap τ", "emission τ/block", "τ in", "α in", "α out", "tempo", "owner", "reg cost τ"}
	return emitList(e, recs, header, func(r subnetRecord) []string {
		return []string{
			u64(uint64(r.Netuid)), r.Symbol + " " + r.Name, e.price(r.PriceRAO), e.amt.TAO(r.MarketCap),
			e.amt.TAO(r.TaoInEmission), e.amt.TAO(r.TaoIn), e.alpha(r.Symbol, r.AlphaIn), e.alpha(r.Symbol, r.AlphaOut),
			fmt.Sprintf("%d/%d", r.BlocksSinceLastStep, r.Tempo), short(r.Owner), e.amt.TAO(r.Burn),
		}
	}, output.AlignRight, output.AlignLeft, output.AlignRight, output.AlignRight, output.AlignRight, output.AlignRight,
		output.AlignRight, output.AlignRight, output.AlignRight, output.AlignLeft, output.AlignRight)
}

// --- show / metagraph -------------------------------------------------------

func metagraphFlags() []cli.Flag {
	return flags(readFlags(), []cli.Flag{
		netuidFlag(),
		&cli.BoolFlag{Name: "weights", Usage: "include each uid's weight row (machine output)"},
		&cli.BoolFlag{Name: "bonds", Usage: "include each uid's bond row (machine output)"},
		&cli.BoolFlag{Name: "stakers", Usage: "include each uid's stake per coldkey (machine output)"},
	})
}

func newSubnetShowCommand() *cli.Command {
	return &cli.Command{
		Name:  "show",
		Usage: "a subnet's pool, emission and parameters, and its neurons",
		UsageText: `taoctl subnet show --netuid 1
   taoctl subnet show --netuid 1 --at-block 500 -o json`,
		Flags:  metagraphFlags(),
		Action: func(c *cli.Context) error { return runMetagraph(c, true) },
	}
}

func newSubnetMetagraphCommand() *cli.Command {
	return &cli.Command{
		Name:  "metagraph",
		Usage: "a subnet's metagraph: every per-uid field (stake α/τ, incentive, dividends, emission, …)",
		UsageText: `taoctl subnet metagraph --netuid 1
   taoctl subnet metagraph --netuid 1 --at-block 1200 --weights --bonds -o json
   taoctl subnet metagraph --netuid 1 -o msgpack | yuma …`,
		Flags:  metagraphFlags(),
		Action: func(c *cli.Context) error { return runMetagraph(c, false) },
	}
}

func runMetagraph(c *cli.Context, summary bool) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	mo := query.MetagraphOptions{Weights: c.Bool("weights"), Bonds: c.Bool("bonds"), Stakers: c.Bool("stakers")}
	mg, err := n.Metagraph(e.ctx, netuid, mo, e.queryOpts()...)
	if err != nil {
		if _, serr := e.subnet(netuid); serr != nil {
			return serr
		}
		return n.nodeError(fmt.Sprintf("metagraph of subnet %d", netuid), err)
	}
	fixSymbol(&mg.Subnet)
	if !e.table() {
		return e.emitOne(mg, nil)
	}
	if summary {
		if err := e.emitOne(nil, subnetSummary(e, mg.Height, mg.Subnet)); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
	}
	return emitNeurons(e, mg)
}

func subnetSummary(e *runEnv, height uint64, s query.Subnet) [][]string {
	return [][]string{
		{"netuid", u64(uint64(s.Netuid))}, {"name", s.Symbol + " " + s.Name}, {"block", u64(height)},
		{"owner", s.Owner.String()}, {"owner hotkey", s.OwnerHotkey.String()}, {"mechanism", s.Mechanism},
		{"price τ/α", e.price(s.PriceRAO) + " (" + s.Price + ")"}, {"τ pool", e.amt.TAO(s.TaoIn)},
		{"α pool", e.alpha(s.Symbol, s.AlphaIn)}, {"α outstanding", e.alpha(s.Symbol, s.AlphaOut)},
		{"emission τ/block", e.amt.TAO(s.TaoInEmission)}, {"α emission/block", e.alpha(s.Symbol, s.AlphaOutEmission)},
		{"tempo", fmt.Sprintf("%d (%d blocks since the last epoch, next at %d)", s.Tempo, s.BlocksSinceLastStep, s.NextEpochBlock)},
		{"neurons", fmt.Sprintf("%d / %d", s.N, s.MaxUIDs)}, {"registration cost", e.amt.TAO(s.Burn)},
		{"emission started", boolStr(s.FirstEmissionBlock > 0)},
	}
}

func emitNeurons(e *runEnv, mg *query.Metagraph) error {
	sym := mg.Subnet.Symbol
	header := []string{"uid", "hotkey", "coldkey", "active", "vpermit", "stake α", "value τ", "root τ", "total S",
		"incentive", "consensus", "dividends", "vtrust", "emission α", "take", "registered", "updated", "axon"}
	al := []output.Align{output.AlignRight, output.AlignLeft, output.AlignLeft, output.AlignLeft, output.AlignLeft}
	for range 13 {
		al = append(al, output.AlignRight)
	}
	al[len(al)-1] = output.AlignLeft
	return emitList(e, mg.Neurons, header, func(nu query.Neuron) []string {
		axon := "-"
		if nu.Axon.Port != 0 {
			axon = nu.Axon.IP + ":" + strconv.Itoa(int(nu.Axon.Port))
		}
		return []string{
			u64(uint64(nu.UID)), short(nu.Hotkey), short(nu.Coldkey), boolStr(nu.Active), boolStr(nu.ValidatorPermit),
			e.alpha(sym, nu.AlphaStake), e.amt.TAO(nu.AlphaStakeTAO), e.amt.TAO(nu.RootStake), e.alpha(sym, nu.TotalStake),
			frac16(nu.Incentive), frac16(nu.Consensus), frac16(nu.Dividends), frac16(nu.ValidatorTrust),
			e.alpha(sym, nu.Emission), frac16(nu.Take), u64(nu.BlockAtRegistration), u64(nu.LastUpdate), axon,
		}
	}, al...)
}

// --- create / start -----------------------------------------------------------

func newSubnetCreateCommand() *cli.Command {
	return &cli.Command{
		Name:  "create",
		Usage: "register a new subnet (shows the lock cost first; the coldkey locks it)",
		UsageText: `taoctl subnet create --wallet.name alice --wallet.hotkey owner --subnet-name "my subnet"
   taoctl subnet create --wallet.name //Alice --wallet.hotkey //Alice --dry-run`,
		Flags: flags(walletFlags(), writeFlags(), []cli.Flag{
			nodeFlag(), rawFlag(),
			&cli.StringFlag{Name: "subnet-name", Usage: "identity: name"},
			&cli.StringFlag{Name: "repo", Usage: "identity: GitHub repository"},
			&cli.StringFlag{Name: "contact", Usage: "identity: contact"},
			&cli.StringFlag{Name: "url", Usage: "identity: web site"},
			&cli.StringFlag{Name: "discord", Usage: "identity: discord handle"},
			&cli.StringFlag{Name: "description", Usage: "identity: description"},
		}),
		Action: runSubnetCreate,
	}
}

// lockPreview is what creating a subnet costs.
type lockPreview struct {
	LockCost uint64 `json:"lock_cost"` // RAO, for the next block
	Block    uint64 `json:"block"`
	Free     uint64 `json:"free"`
}

func runSubnetCreate(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	from, err := e.coldkeyAddress()
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	lc, err := n.LockCost(e.ctx)
	if err != nil {
		return n.nodeError("read lock cost", err)
	}
	acc, err := n.Account(e.ctx, from)
	if err != nil {
		return n.nodeError("read balance", err)
	}
	e.log.Info("subnet lock cost", "lock_cost_rao", lc.LockCost, "block", lc.Block)
	if e.table() && e.interactive() {
		e.note("Creating a subnet locks %s (the lock cost at block %d).", output.FormatTAO(lc.LockCost), lc.Block)
	}
	if acc.Free < lc.LockCost {
		return precondition("InsufficientBalance: creating a subnet locks %s, %s has %s free (nothing sent)",
			output.FormatTAO(lc.LockCost), from, output.FormatTAO(acc.Free))
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	call := tx.RegisterNetwork{Hotkey: hk}
	id := tx.SubnetIdentity{Name: c.String("subnet-name"), Repo: c.String("repo"), Contact: c.String("contact"),
		URL: c.String("url"), Discord: c.String("discord"), Description: c.String("description")}
	if id != (tx.SubnetIdentity{}) {
		call.Identity = &id
	}
	return e.execute(plan{signer: signer, call: call, preview: lockPreview{LockCost: lc.LockCost, Block: lc.Block, Free: acc.Free},
		summary: [][]string{{"owner hotkey", hk.String()}, {"lock cost", e.amt.TAO(lc.LockCost)}, {"free", e.amt.TAO(acc.Free)}}})
}

func newSubnetStartCommand() *cli.Command {
	return &cli.Command{
		Name:      "start",
		Usage:     "start a subnet's emission (owner; after the chain's start delay)",
		UsageText: "taoctl subnet start --wallet.name alice --netuid 2",
		Flags:     flags(walletFlags(), writeFlags(), []cli.Flag{nodeFlag(), rawFlag(), netuidFlag()}),
		Action: func(c *cli.Context) error {
			e, err := newEnv(c)
			if err != nil {
				return err
			}
			netuid, err := netuidArg(e)
			if err != nil {
				return err
			}
			if _, err := e.subnet(netuid); err != nil {
				return err
			}
			signer, err := e.coldkey()
			if err != nil {
				return err
			}
			return e.execute(plan{signer: signer, call: tx.StartCall{Netuid: netuid}, summary: [][]string{{"netuid", u64(uint64(netuid))}}})
		},
	}
}

// --- burn-cost ----------------------------------------------------------------

type burnCost struct {
	Netuid uint16 `json:"netuid"`
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
	Burn   uint64 `json:"burn"` // RAO
	N      uint16 `json:"num_uids"`
	Max    uint16 `json:"max_uids"`
}

func newSubnetBurnCostCommand() *cli.Command {
	return &cli.Command{
		Name:      "burn-cost",
		Usage:     "the registration (burn) cost of every subnet, in one call",
		UsageText: "taoctl subnet burn-cost\n   taoctl subnet burn-cost -o json | jq -s 'min_by(.burn)'",
		Flags:     readFlags(),
		Action: func(c *cli.Context) error {
			e, err := newEnv(c)
			if err != nil {
				return err
			}
			subs, err := e.subnets()
			if err != nil {
				return err
			}
			var recs []burnCost
			for _, s := range subs {
				if s.Netuid == 0 {
					continue
				}
				recs = append(recs, burnCost{Netuid: s.Netuid, Symbol: s.Symbol, Name: s.Name, Burn: s.Burn, N: s.N, Max: s.MaxUIDs})
			}
			return emitList(e, recs, []string{"netuid", "name", "burn cost τ", "neurons"}, func(b burnCost) []string {
				return []string{u64(uint64(b.Netuid)), b.Symbol + " " + b.Name, e.amt.TAO(b.Burn), fmt.Sprintf("%d/%d", b.N, b.Max)}
			}, output.AlignRight, output.AlignLeft, output.AlignRight, output.AlignRight)
		},
	}
}
