package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

func newStakeCommand() *cli.Command {
	return &cli.Command{
		Name:    "stake",
		Aliases: []string{"st"},
		Usage:   "add, remove, move, transfer and swap stake, with a preview and a price limit on every path",
		Description: `Every staking write shows what will be received, simulated with internal/amm on the pool state
the node returns, and is price-protected by default: --tolerance (default 0.005 = 0.5%) sets a
limit price from the current price, --limit-price sets it directly, --allow-partial lets the call
fill only as much as the limit allows, --unsafe sends the unprotected call.
add, remove and swap use the chain's *_limit calls, so the limit is enforced on chain. move
between different hotkeys and transfer have no limit call on chain: taoctl checks the limit
against the preview (capping the amount with --allow-partial) and refuses before sending.`,
		Subcommands: []*cli.Command{
			newStakeAddCommand(), newStakeRemoveCommand(), newStakeMoveCommand(),
			newStakeTransferCommand(), newStakeSwapCommand(), newStakeListCommand(),
		},
	}
}

func limitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "tolerance", Aliases: []string{"rate-tolerance"}, Value: "0.005", Usage: "accepted price move, a fraction (0.005) or percentage (0.5%)"},
		&cli.StringFlag{Name: "limit-price", Usage: "explicit limit: τ per α for add (max) and remove (min); for moves the origin/destination price ratio (min)"},
		&cli.BoolFlag{Name: "allow-partial", Aliases: []string{"partial"}, Usage: "fill as much as the limit allows instead of failing"},
		&cli.BoolFlag{Name: "unsafe", Usage: "no price limit"},
	}
}

func stakeWriteFlags(extra ...cli.Flag) []cli.Flag {
	return flags(walletFlags(), writeFlags(), limitFlags(), []cli.Flag{nodeFlag(), rawFlag()}, extra)
}

// limitFor derives the price limit of a buy or sell at spot price
// priceRAO, from --limit-price or --tolerance (none with --unsafe).
func limitFor(e *runEnv, side amm.Side, priceRAO uint64) (limitMode, error) {
	c := e.c
	lm := limitMode{partial: c.Bool("allow-partial")}
	if c.Bool("unsafe") {
		if c.IsSet("limit-price") || c.IsSet("tolerance") || lm.partial {
			return lm, tcli.Usagef("--unsafe cannot be combined with --limit-price, --tolerance or --allow-partial")
		}
		return lm, nil
	}
	lm.on = true
	if c.IsSet("limit-price") {
		v, err := parseAmount(c.String("limit-price"), unitTAO, false)
		lm.limit = v
		return lm, err
	}
	tol, err := parseFraction(c.String("tolerance"))
	if err != nil {
		return lm, err
	}
	if side == amm.Buy {
		lm.limit = mulDiv(priceRAO, raoPerUnit+tol, raoPerUnit)
	} else {
		lm.limit = mulDiv(priceRAO, raoPerUnit-tol, raoPerUnit)
	}
	return lm, nil
}

// relLimitFor derives the limit of a cross-subnet move from the relative
// price rel (origin/destination, 1e-9 units).
func relLimitFor(e *runEnv, rel uint64) (limitMode, error) {
	c := e.c
	lm := limitMode{partial: c.Bool("allow-partial")}
	if c.Bool("unsafe") {
		if c.IsSet("limit-price") || c.IsSet("tolerance") || lm.partial {
			return lm, tcli.Usagef("--unsafe cannot be combined with --limit-price, --tolerance or --allow-partial")
		}
		return lm, nil
	}
	lm.on = true
	if c.IsSet("limit-price") {
		v, err := parseDecimal9(c.String("limit-price"))
		if err != nil || v == 0 {
			return lm, badInput("--limit-price %q: want a positive price ratio with at most 9 decimals", c.String("limit-price"))
		}
		lm.limit = v
		return lm, nil
	}
	tol, err := parseFraction(c.String("tolerance"))
	if err != nil {
		return lm, err
	}
	lm.limit = mulDiv(rel, raoPerUnit-tol, raoPerUnit)
	return lm, nil
}

// previewError turns a preview refusal into a precondition (nothing sent).
// fits names the most the limit allows ("" when unknown).
func previewError(err error, what, fits string) error {
	if errors.Is(err, errSlippage) {
		if fits != "" {
			what += " (at most " + fits + " fits the limit)"
		}
		return precondition("SlippageTooHigh: %s exceeds the price limit; use --allow-partial, a wider --tolerance or --limit-price (nothing sent)", what)
	}
	return precondition("%v: the pool refuses %s (nothing sent)", err, what)
}

func swapRows(e *runEnv, pv swapPreview, inSym, outSym string) [][]string {
	rows := [][]string{
		{"price τ/α", e.price(pv.PriceRAO)},
		{"amount in", e.alpha(inSym, pv.AmountIn)},
		{"expected out", e.alpha(outSym, pv.AmountOut)},
		{"swap fee", e.alpha(inSym, pv.Fee)},
		{"slippage", fracPPB(pv.SlippagePPB)},
		{"price after τ/α", e.price(pv.PriceAfterRAO)},
	}
	if pv.LimitRAO > 0 {
		rows = append(rows, []string{"limit price τ/α", e.price(pv.LimitRAO)})
	} else {
		rows = append(rows, []string{"limit price", "none (--unsafe)"})
	}
	if pv.Partial {
		rows = append(rows, []string{"partial fill", fmt.Sprintf("only %s of %s fits the limit", e.alpha(inSym, pv.AmountIn), e.alpha(inSym, pv.Requested))})
	}
	return rows
}

// position returns the coldkey's stake on (hotkey, netuid).
func (e *runEnv) position(coldkey, hotkey keys.AccountID, netuid uint16) (uint64, error) {
	n, err := e.nodeAPI()
	if err != nil {
		return 0, err
	}
	st, err := n.Stake(e.ctx, coldkey)
	if err != nil {
		return 0, n.nodeError("read stake", err)
	}
	for _, s := range st.Stakes {
		if s.Hotkey.ID() == hotkey && s.Netuid == netuid {
			return s.Alpha, nil
		}
	}
	return 0, nil
}

// requireStake fails (nothing sent) when the position holds less than amount.
func (e *runEnv) requireStake(coldkey, hotkey keys.AccountID, netuid uint16, amount uint64, sym string) (uint64, error) {
	have, err := e.position(coldkey, hotkey, netuid)
	if err != nil {
		return 0, err
	}
	if have < amount || have == 0 {
		return have, precondition("NotEnoughStakeToWithdraw: %s staked on hotkey %s in subnet %d, asked for %s (nothing sent)",
			output.FormatAmount(sym, have), hotkey, netuid, output.FormatAmount(sym, amount))
	}
	return have, nil
}

// --- add ------------------------------------------------------------------------

func newStakeAddCommand() *cli.Command {
	return &cli.Command{
		Name:  "add",
		Usage: "stake τ to a hotkey on a subnet (buys α)",
		UsageText: `taoctl stake add --wallet.name alice --wallet.hotkey miner1 --netuid 1 --amount 10
   taoctl stake add --wallet.name alice --wallet.hotkey 5F…(delegate) --netuid 1 --amount 10 --tolerance 1%
   taoctl stake add --wallet.name alice --netuid 1 --amount 100 --limit-price 0.02 --allow-partial
   taoctl stake add --wallet.name alice --netuid 1 --amount 10 --dry-run -o json | jq .preview`,
		Flags: stakeWriteFlags(netuidFlag(),
			&cli.StringFlag{Name: "amount", Aliases: []string{"a"}, Required: true, Usage: "τ to stake"}),
		Action: runStakeAdd,
	}
}

func runStakeAdd(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	amount, err := parseAmount(c.String("amount"), unitTAO, false)
	if err != nil {
		return err
	}
	s, err := e.subnet(netuid)
	if err != nil {
		return err
	}
	lm, err := limitFor(e, amm.Buy, s.PriceRAO)
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
	if _, err := e.requireFree(from, amount); err != nil {
		return err
	}
	pv, err := previewSwap(s, amm.Buy, amount, lm, false)
	if err != nil {
		return previewError(err, "staking "+output.FormatTAO(amount), output.FormatTAO(pv.MaxAmount))
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	var call tx.Call = tx.AddStake{Hotkey: hk, Netuid: netuid, Amount: amount}
	if lm.on {
		call = tx.AddStakeLimit{Hotkey: hk, Netuid: netuid, Amount: amount, LimitPrice: lm.limit, AllowPartial: lm.partial}
	}
	rows := append([][]string{{"netuid", fmt.Sprintf("%d %s %s", netuid, s.Symbol, s.Name)}, {"hotkey", hk.String()}}, swapRows(e, pv, output.SymbolTAO, s.Symbol)...)
	return e.execute(plan{signer: signer, call: call, summary: rows, preview: pv})
}

// --- remove -----------------------------------------------------------------------

func newStakeRemoveCommand() *cli.Command {
	return &cli.Command{
		Name:  "remove",
		Usage: "unstake α from a hotkey on a subnet (sells α for τ)",
		UsageText: `taoctl stake remove --wallet.name alice --wallet.hotkey miner1 --netuid 1 --amount 5
   taoctl stake remove --wallet.name alice --wallet.hotkey miner1 --netuid 1 --all --tolerance 2%
   taoctl stake remove --wallet.name alice --netuid 1 --amount 5α --limit-price 0.009 --allow-partial`,
		Flags: stakeWriteFlags(netuidFlag(),
			&cli.StringFlag{Name: "amount", Aliases: []string{"a"}, Usage: "α to unstake (1.5, α1.5, 1.5alpha or 1500000000rao)"},
			&cli.BoolFlag{Name: "all", Usage: "unstake the whole position (remove_stake_full_limit)"}),
		Action: runStakeRemove,
	}
}

func runStakeRemove(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	all := c.Bool("all")
	if all == c.IsSet("amount") {
		return tcli.Usagef("give exactly one of --amount or --all")
	}
	var amount uint64
	if !all {
		if amount, err = parseAmount(c.String("amount"), unitAlpha, false); err != nil {
			return err
		}
	}
	s, err := e.subnet(netuid)
	if err != nil {
		return err
	}
	lm, err := limitFor(e, amm.Sell, s.PriceRAO)
	if err != nil {
		return err
	}
	if all && lm.partial {
		return tcli.Usagef("--all never fills partially (remove_stake_full_limit); drop --allow-partial")
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	from, err := e.coldkeyAddress()
	if err != nil {
		return err
	}
	have, err := e.requireStake(from, hk, netuid, amount, s.Symbol)
	if err != nil {
		return err
	}
	if all {
		amount = have
	}
	pv, err := previewSwap(s, amm.Sell, amount, lm, false)
	if err != nil {
		return previewError(err, "unstaking "+output.FormatAmount(s.Symbol, amount), output.FormatAmount(s.Symbol, pv.MaxAmount))
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	var call tx.Call
	switch {
	case all && lm.on:
		limit := lm.limit
		call = tx.RemoveStakeFullLimit{Hotkey: hk, Netuid: netuid, LimitPrice: &limit}
	case all:
		call = tx.RemoveStakeFullLimit{Hotkey: hk, Netuid: netuid}
	case lm.on:
		call = tx.RemoveStakeLimit{Hotkey: hk, Netuid: netuid, Amount: amount, LimitPrice: lm.limit, AllowPartial: lm.partial}
	default:
		call = tx.RemoveStake{Hotkey: hk, Netuid: netuid, Amount: amount}
	}
	rows := append([][]string{{"netuid", fmt.Sprintf("%d %s %s", netuid, s.Symbol, s.Name)}, {"hotkey", hk.String()},
		{"position", output.FormatAmount(s.Symbol, have)}}, swapRows(e, pv, s.Symbol, output.SymbolTAO)...)
	return e.execute(plan{signer: signer, call: call, summary: rows, preview: pv})
}

// --- move / transfer / swap -----------------------------------------------------------

func moveFlags(extra ...cli.Flag) []cli.Flag {
	return stakeWriteFlags(append([]cli.Flag{
		&cli.UintFlag{Name: "origin-netuid", Required: true, Usage: "subnet the stake is in"},
		&cli.UintFlag{Name: "dest-netuid", Usage: "subnet the stake goes to (default: the origin)"},
		&cli.StringFlag{Name: "amount", Aliases: []string{"a"}, Required: true, Usage: "α of the origin subnet to move"},
	}, extra...)...)
}

// moveArgs are the parsed common arguments of move, transfer and swap.
type moveArgs struct {
	origin, dest query.Subnet
	amount       uint64
	hotkey       keys.AccountID // origin hotkey
	coldkey      keys.AccountID
	have         uint64
	preview      movePreview
	lm           limitMode
}

func parseMove(e *runEnv) (moveArgs, error) {
	var m moveArgs
	c := e.c
	on, dn := c.Uint("origin-netuid"), c.Uint("origin-netuid")
	if c.IsSet("dest-netuid") {
		dn = c.Uint("dest-netuid")
	}
	if on > 0xffff || dn > 0xffff {
		return m, badInput("netuid above 65535")
	}
	amount, err := parseAmount(c.String("amount"), unitAlpha, false)
	if err != nil {
		return m, err
	}
	m.amount = amount
	if m.origin, err = e.subnet(uint16(on)); err != nil {
		return m, err
	}
	if m.dest, err = e.subnet(uint16(dn)); err != nil {
		return m, err
	}
	if m.hotkey, err = e.hotkeyAddress(); err != nil {
		return m, err
	}
	if m.coldkey, err = e.coldkeyAddress(); err != nil {
		return m, err
	}
	if m.have, err = e.requireStake(m.coldkey, m.hotkey, m.origin.Netuid, amount, m.origin.Symbol); err != nil {
		return m, err
	}
	rel := mulDiv(priceRAO(poolOf(m.origin)), raoPerUnit, max(priceRAO(poolOf(m.dest)), 1))
	if m.lm, err = relLimitFor(e, rel); err != nil {
		return m, err
	}
	if m.preview, err = previewMove(m.origin, m.dest, amount, m.lm); err != nil {
		return m, previewError(err, "moving "+output.FormatAmount(m.origin.Symbol, amount), output.FormatAmount(m.origin.Symbol, m.preview.MaxAmount))
	}
	return m, nil
}

func moveRows(e *runEnv, m moveArgs) [][]string {
	mp := m.preview
	rows := [][]string{
		{"from", fmt.Sprintf("subnet %d %s, hotkey %s", m.origin.Netuid, m.origin.Symbol, m.hotkey)},
		{"position", e.alpha(m.origin.Symbol, m.have)},
		{"amount", e.alpha(m.origin.Symbol, mp.AmountIn)},
		{"expected received", e.alpha(m.dest.Symbol, mp.AmountOut)},
	}
	if mp.Sell != nil {
		rows = append(rows, []string{"sell leg", fmt.Sprintf("%s → %s (fee %s)", e.alpha(m.origin.Symbol, mp.Sell.AmountIn), e.amt.TAO(mp.Sell.AmountOut), e.alpha(m.origin.Symbol, mp.Sell.Fee))},
			[]string{"buy leg", fmt.Sprintf("%s → %s (fee %s)", e.amt.TAO(mp.Buy.AmountIn), e.alpha(m.dest.Symbol, mp.Buy.AmountOut), e.amt.TAO(mp.Buy.Fee))},
			[]string{"price ratio", fracRatio(mp.RelPrice)})
		if mp.LimitRel > 0 {
			where := "on chain"
			if !mp.OnChainLimit {
				where = "checked by taoctl before sending"
			}
			rows = append(rows, []string{"limit ratio", fracRatio(mp.LimitRel) + " (" + where + ")"})
		}
	}
	if mp.Partial {
		rows = append(rows, []string{"partial fill", "only " + e.alpha(m.origin.Symbol, mp.AmountIn) + " fits the limit"})
	}
	return rows
}

func fracRatio(v uint64) string {
	return fmt.Sprintf("%d.%09d", v/raoPerUnit, v%raoPerUnit)
}

func newStakeMoveCommand() *cli.Command {
	return &cli.Command{
		Name:  "move",
		Usage: "move stake to another hotkey and/or subnet (same coldkey)",
		UsageText: `taoctl stake move --wallet.name alice --wallet.hotkey v1 --dest-hotkey 5F… --origin-netuid 1 --amount 5
   taoctl stake move --wallet.name alice --wallet.hotkey v1 --origin-netuid 1 --dest-netuid 2 --amount 5 --tolerance 1%`,
		Flags:  moveFlags(&cli.StringFlag{Name: "dest-hotkey", Usage: "destination hotkey: SS58, URI or hotkey name (default: the same hotkey)"}),
		Action: runStakeMove,
	}
}

func runStakeMove(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	m, err := parseMove(e)
	if err != nil {
		return err
	}
	destHK := m.hotkey
	if c.IsSet("dest-hotkey") {
		if destHK, err = e.hotkeyAddressOf(c.String("dest-hotkey")); err != nil {
			return err
		}
	}
	if destHK == m.hotkey && m.origin.Netuid == m.dest.Netuid {
		return badInput("SameNetuid: the destination is the origin (give --dest-hotkey or --dest-netuid)")
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	var call tx.Call
	if destHK == m.hotkey && m.lm.on {
		// Same hotkey across subnets: swap_stake_limit enforces the limit on chain.
		m.preview.OnChainLimit = true
		call = tx.SwapStakeLimit{Hotkey: m.hotkey, OriginNetuid: m.origin.Netuid, DestNetuid: m.dest.Netuid,
			Amount: m.amount, LimitPrice: m.lm.limit, AllowPartial: m.lm.partial}
	} else {
		call = tx.MoveStake{OriginHotkey: m.hotkey, DestHotkey: destHK, OriginNetuid: m.origin.Netuid, DestNetuid: m.dest.Netuid, Amount: m.preview.AmountIn}
	}
	rows := append(moveRows(e, m), []string{"to", fmt.Sprintf("subnet %d %s, hotkey %s", m.dest.Netuid, m.dest.Symbol, destHK)})
	return e.execute(plan{signer: signer, call: call, summary: rows, preview: m.preview})
}

func newStakeTransferCommand() *cli.Command {
	return &cli.Command{
		Name:  "transfer",
		Usage: "give stake to another coldkey (same hotkey), optionally into another subnet",
		UsageText: `taoctl stake transfer --wallet.name alice --wallet.hotkey v1 --dest 5FHneW46… --origin-netuid 1 --amount 5
   taoctl stake transfer --wallet.name alice --wallet.hotkey v1 --dest bob --origin-netuid 1 --dest-netuid 2 --amount 5`,
		Flags:  moveFlags(&cli.StringFlag{Name: "dest", Required: true, Usage: "destination coldkey: SS58, URI or wallet name"}),
		Action: runStakeTransfer,
	}
}

func runStakeTransfer(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	dest, err := e.addressOf("--dest", c.String("dest"))
	if err != nil {
		return err
	}
	m, err := parseMove(e)
	if err != nil {
		return err
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	call := tx.TransferStake{DestColdkey: dest, Hotkey: m.hotkey, OriginNetuid: m.origin.Netuid, DestNetuid: m.dest.Netuid, Amount: m.preview.AmountIn}
	rows := append(moveRows(e, m), []string{"to coldkey", dest.String()}, []string{"to subnet", fmt.Sprintf("%d %s", m.dest.Netuid, m.dest.Symbol)})
	return e.execute(plan{signer: signer, call: call, summary: rows, preview: m.preview})
}

func newStakeSwapCommand() *cli.Command {
	return &cli.Command{
		Name:  "swap",
		Usage: "swap stake between subnets (same hotkey and coldkey)",
		UsageText: `taoctl stake swap --wallet.name alice --wallet.hotkey v1 --origin-netuid 1 --dest-netuid 2 --amount 5
   taoctl stake swap --wallet.name alice --wallet.hotkey v1 --origin-netuid 1 --dest-netuid 2 --amount 5 --limit-price 0.9 --allow-partial`,
		Flags:  moveFlags(),
		Action: runStakeSwap,
	}
}

func runStakeSwap(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	if !c.IsSet("dest-netuid") || c.Uint("dest-netuid") == c.Uint("origin-netuid") {
		return badInput("SameNetuid: give a --dest-netuid different from --origin-netuid")
	}
	m, err := parseMove(e)
	if err != nil {
		return err
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	var call tx.Call = tx.SwapStake{Hotkey: m.hotkey, OriginNetuid: m.origin.Netuid, DestNetuid: m.dest.Netuid, Amount: m.amount}
	if m.lm.on {
		m.preview.OnChainLimit = true
		call = tx.SwapStakeLimit{Hotkey: m.hotkey, OriginNetuid: m.origin.Netuid, DestNetuid: m.dest.Netuid,
			Amount: m.amount, LimitPrice: m.lm.limit, AllowPartial: m.lm.partial}
	}
	rows := append(moveRows(e, m), []string{"to subnet", fmt.Sprintf("%d %s", m.dest.Netuid, m.dest.Symbol)})
	return e.execute(plan{signer: signer, call: call, summary: rows, preview: m.preview})
}

// --- list -------------------------------------------------------------------------------

func newStakeListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "a coldkey's stake positions: α per (hotkey, subnet), price and τ value",
		UsageText: `taoctl stake list --wallet.name alice
   taoctl stake list --ss58 5GrwvaEF… -o json`,
		Flags: flags(walletFlags(), readFlags(), []cli.Flag{
			&cli.StringFlag{Name: "ss58", Aliases: []string{"address"}, Usage: "a coldkey address instead of the wallet"},
		}),
		Action: runStakeList,
	}
}

// stakePosition is one row of `stake list`.
type stakePosition struct {
	Coldkey  keys.AccountID `json:"coldkey"`
	Netuid   uint16         `json:"netuid"`
	Symbol   string         `json:"symbol"`
	Name     string         `json:"name"`
	Hotkey   keys.AccountID `json:"hotkey"`
	Alpha    uint64         `json:"alpha"`
	PriceRAO uint64         `json:"price_rao"`
	TaoValue uint64         `json:"tao_value"`
}

func runStakeList(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	var ck keys.AccountID
	if c.IsSet("ss58") {
		ck, err = parseAddress("--ss58", c.String("ss58"))
	} else {
		ck, err = e.coldkeyAddress()
	}
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	subs, err := e.subnets()
	if err != nil {
		return err
	}
	byNet := map[uint16]query.Subnet{}
	for _, s := range subs {
		byNet[s.Netuid] = s
	}
	st, err := n.Stake(e.ctx, ck, e.queryOpts()...)
	if err != nil {
		return n.nodeError("read stake", err)
	}
	recs := make([]stakePosition, 0, len(st.Stakes))
	for _, s := range st.Stakes {
		sn := byNet[s.Netuid]
		sym := sn.Symbol
		recs = append(recs, stakePosition{Coldkey: ck, Netuid: s.Netuid, Symbol: sym, Name: sn.Name, Hotkey: s.Hotkey.ID(),
			Alpha: s.Alpha, PriceRAO: sn.PriceRAO, TaoValue: s.TaoValue})
	}
	return emitList(e, recs, []string{"netuid", "name", "hotkey", "stake", "price τ/α", "value τ"}, func(p stakePosition) []string {
		return []string{u64(uint64(p.Netuid)), p.Symbol + " " + p.Name, p.Hotkey.String(), e.alpha(p.Symbol, p.Alpha), e.price(p.PriceRAO), e.amt.TAO(p.TaoValue)}
	}, output.AlignRight, output.AlignLeft, output.AlignLeft, output.AlignRight, output.AlignRight, output.AlignRight)
}
