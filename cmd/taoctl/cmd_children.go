package main

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

func newChildrenCommand() *cli.Command {
	return &cli.Command{
		Name:    "children",
		Aliases: []string{"child"},
		Usage:   "child hotkeys: delegate a share of a hotkey's stake weight to other hotkeys",
		Subcommands: []*cli.Command{
			{
				Name:  "get",
				Usage: "show a hotkey's children, parents, pending schedule and childkey take on a subnet",
				UsageText: `taoctl children get --hotkey 5F… --netuid 1
   taoctl children get --wallet.name alice --wallet.hotkey parent --netuid 1 -o json
   taoctl children get --hotkey //Alice//subnet1 --netuid 1 --at-block 1000`,
				Flags:  flags(walletFlags(), readFlags(), []cli.Flag{netuidFlag()}),
				Action: runChildrenGet,
			},
			{
				Name:  "set",
				Usage: "schedule the hotkey's children on a subnet (applied after the chain's cooldown)",
				UsageText: `taoctl children set --wallet.name alice --wallet.hotkey parent --netuid 1 --child 5F…:0.5 --child 5G…:0.25
   taoctl children set --wallet.name alice --wallet.hotkey parent --netuid 1   # no --child: revoke all`,
				Flags: flags(walletFlags(), writeFlags(), []cli.Flag{nodeFlag(), rawFlag(), netuidFlag(),
					&cli.StringSliceFlag{Name: "child", Usage: "`ADDRESS:PROPORTION` (proportion a fraction 0–1 or a percentage); repeatable"}}),
				Action: runChildrenSet,
			},
			{
				Name:      "take",
				Usage:     "set the take the hotkey keeps as a child from its parents' dividends",
				UsageText: "taoctl children take --wallet.name alice --wallet.hotkey child --netuid 1 --take 0.09",
				Flags: flags(walletFlags(), writeFlags(), []cli.Flag{nodeFlag(), rawFlag(), netuidFlag(),
					&cli.StringFlag{Name: "take", Required: true, Usage: "a fraction (0.09) or percentage (9%)"}}),
				Action: runChildrenTake,
			},
		},
	}
}

func runChildrenGet(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	ch, err := n.Children(e.ctx, hk, netuid, e.queryOpts()...)
	if err != nil {
		var ce *client.Error
		if errors.As(err, &ce) && ce.Code == api.CodeNotFound {
			return precondition("subnet %d does not exist", netuid)
		}
		return n.nodeError("read children", err)
	}
	kv := [][]string{{"hotkey", ch.Hotkey.String()}, {"netuid", u64(uint64(ch.Netuid))}, {"block", u64(ch.Height)},
		{"childkey take", frac16(ch.ChildkeyTake)}}
	kv = append(kv, linkRows("child", ch.Children)...)
	kv = append(kv, linkRows("parent", ch.Parents)...)
	switch {
	case !ch.HasPending:
		kv = append(kv, []string{"pending", "none"})
	case len(ch.Pending) == 0:
		kv = append(kv, []string{"pending", "revoke all children"})
	default:
		kv = append(kv, linkRows("pending child", ch.Pending)...)
	}
	if ch.HasPending {
		applies := "at the first epoch after block " + u64(ch.PendingAt)
		if ch.PendingAppliesAt > 0 {
			applies = "block " + u64(ch.PendingAppliesAt) + " (" + applies + ")"
		}
		kv = append(kv, []string{"pending applies", applies})
	}
	if ch.LastSet > 0 {
		kv = append(kv, []string{"last set", "block " + u64(ch.LastSet)})
	}
	return e.emitOne(ch, kv)
}

// linkRows renders child or parent links as field/value rows ("none" for
// an empty list).
func linkRows(what string, ls []query.ChildLink) [][]string {
	if len(ls) == 0 {
		return [][]string{{what, "none"}}
	}
	rows := make([][]string, len(ls))
	for i, l := range ls {
		rows[i] = []string{what, l.Hotkey.String() + " " + propString(l.Proportion)}
	}
	return rows
}

// propString shows a child proportion (of u64::MAX) as a percentage,
// rounded to the nearest part per billion.
func propString(p uint64) string {
	r := new(big.Int).Mul(new(big.Int).SetUint64(p), big.NewInt(raoPerUnit))
	r.Add(r, new(big.Int).SetUint64(^uint64(0)/2))
	r.Quo(r, new(big.Int).SetUint64(^uint64(0)))
	return fracPPB(r.Uint64())
}

func runChildrenSet(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	var children []tx.Child
	var rows [][]string
	var sum uint64
	for _, spec := range c.StringSlice("child") {
		addr, prop, ok := strings.Cut(spec, ":")
		if !ok {
			return tcli.Usagef("--child %q: want ADDRESS:PROPORTION", spec)
		}
		id, err := e.hotkeyAddressOf(strings.TrimSpace(addr))
		if err != nil {
			return err
		}
		ppb, err := parseFraction(prop)
		if err != nil {
			return err
		}
		p := mulDiv(ppb, ^uint64(0), raoPerUnit)
		if sum+p < sum {
			return badInput("child proportions add up to more than 100%%")
		}
		sum += p
		children = append(children, tx.Child{Proportion: p, Child: id})
		rows = append(rows, []string{"child", fmt.Sprintf("%s %s", id, fracPPB(ppb))})
	}
	if _, err := e.subnet(netuid); err != nil {
		return err
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	if children == nil {
		children = []tx.Child{}
		rows = append(rows, []string{"children", "none (revoke)"})
	}
	return e.execute(plan{signer: signer, call: tx.SetChildren{Hotkey: hk, Netuid: netuid, Children: children},
		summary: append([][]string{{"netuid", u64(uint64(netuid))}, {"parent hotkey", hk.String()}}, rows...)})
}

func runChildrenTake(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	ppb, err := parseFraction(c.String("take"))
	if err != nil {
		return err
	}
	take := uint16(mulDiv(ppb, 65535, raoPerUnit))
	if _, err := e.subnet(netuid); err != nil {
		return err
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	return e.execute(plan{signer: signer, call: tx.SetChildkeyTake{Hotkey: hk, Netuid: netuid, Take: take},
		summary: [][]string{{"netuid", u64(uint64(netuid))}, {"hotkey", hk.String()}, {"take", frac16(take)}}})
}
