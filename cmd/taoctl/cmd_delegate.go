package main

import (
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/tx"
)

func newDelegateCommand() *cli.Command {
	return &cli.Command{
		Name:  "delegate",
		Usage: "delegate settings of a hotkey",
		Subcommands: []*cli.Command{{
			Name:  "take",
			Usage: "set the hotkey's delegate take (the share of its nominators' dividends it keeps)",
			UsageText: `taoctl delegate take --wallet.name alice --wallet.hotkey v1 --take 0.09
   taoctl delegate take --wallet.name alice --wallet.hotkey v1 --take 18% --dry-run`,
			Description: "Sends increase_take or decrease_take depending on the current take (the chain rate-limits increases).",
			Flags: flags(walletFlags(), writeFlags(), []cli.Flag{nodeFlag(), rawFlag(),
				&cli.StringFlag{Name: "take", Required: true, Usage: "the new take: a fraction (0.18) or percentage (18%)"}}),
			Action: runDelegateTake,
		}},
	}
}

func runDelegateTake(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	ppb, err := parseFraction(c.String("take"))
	if err != nil {
		return err
	}
	take := uint16(mulDiv(ppb, 65535, raoPerUnit))
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	ds, err := n.Delegates(e.ctx)
	if err != nil {
		return n.nodeError("list delegates", err)
	}
	cur, found := uint16(0), false
	for _, d := range ds {
		if d.Hotkey.ID() == hk {
			cur, found = d.Take, true
		}
	}
	if !found {
		return precondition("HotKeyAccountNotExists: hotkey %s is not known to the chain (register it first; nothing sent)", hk)
	}
	if cur == take {
		return precondition("the take of %s is already %s (nothing sent)", hk, frac16(take))
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	var call tx.Call = tx.DecreaseTake{Hotkey: hk, Take: take}
	if take > cur {
		call = tx.IncreaseTake{Hotkey: hk, Take: take}
	}
	return e.execute(plan{signer: signer, call: call, summary: [][]string{
		{"hotkey", hk.String()}, {"take now", frac16(cur)}, {"new take", frac16(take)},
	}})
}
