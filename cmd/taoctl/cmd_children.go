package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/tx"
)

func newChildrenCommand() *cli.Command {
	return &cli.Command{
		Name:    "children",
		Aliases: []string{"child"},
		Usage:   "child hotkeys: delegate a share of a hotkey's stake weight to other hotkeys",
		Subcommands: []*cli.Command{
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
