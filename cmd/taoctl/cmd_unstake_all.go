package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/amm"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

func newUnstakeAllCommand() *cli.Command {
	return &cli.Command{
		Name:  "unstake-all",
		Usage: "unstake everything the coldkey holds on a hotkey, across subnets",
		UsageText: `taoctl unstake-all --wallet.name alice --wallet.hotkey v1
   taoctl unstake-all --wallet.name alice --wallet.hotkey v1 --tolerance 2% --yes
   taoctl unstake-all --wallet.name alice --wallet.hotkey v1 --unsafe --alpha-only`,
		Description: `Price-protected by default: one remove_stake_full_limit per position, each with a limit price
from --tolerance or --limit-price (the chain refuses a position whose price moved too far).
--unsafe sends the chain's single unstake_all (or unstake_all_alpha with --alpha-only, which
restakes the τ on root) with no limit.`,
		Flags:  stakeWriteFlags(&cli.BoolFlag{Name: "alpha-only", Usage: "with --unsafe: unstake_all_alpha (skip root, restake the τ on root)"}),
		Action: runUnstakeAll,
	}
}

// unstakeAllPreview lists what each position is expected to return.
type unstakeAllPreview struct {
	Positions []swapPreview `json:"positions"`
	TotalTao  uint64        `json:"total_tao"`
}

func runUnstakeAll(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	if c.Bool("alpha-only") && !c.Bool("unsafe") {
		return tcli.Usagef("--alpha-only needs --unsafe (unstake_all_alpha has no limit variant)")
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	ck, err := e.coldkeyAddress()
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	st, err := n.Stake(e.ctx, ck)
	if err != nil {
		return n.nodeError("read stake", err)
	}
	subs, err := e.subnets()
	if err != nil {
		return err
	}
	byNet := map[uint16]query.Subnet{}
	for _, s := range subs {
		byNet[s.Netuid] = s
	}
	type pos struct {
		s  query.Subnet
		pv swapPreview
		lm limitMode
	}
	var todo []pos
	var pv unstakeAllPreview
	for _, s := range st.Stakes {
		if s.Hotkey.ID() != hk || s.Alpha == 0 || (c.Bool("alpha-only") && s.Netuid == 0) {
			continue
		}
		sn := byNet[s.Netuid]
		lm, err := limitFor(e, amm.Sell, sn.PriceRAO)
		if err != nil {
			return err
		}
		lm.partial = false
		p, err := previewSwap(sn, amm.Sell, s.Alpha, lm, false)
		if err != nil {
			return previewError(err, fmt.Sprintf("unstaking %s on subnet %d", output.FormatAmount(sn.Symbol, s.Alpha), s.Netuid), "")
		}
		todo = append(todo, pos{s: sn, pv: p, lm: lm})
		pv.Positions = append(pv.Positions, p)
		pv.TotalTao = satAdd(pv.TotalTao, p.AmountOut)
	}
	if len(todo) == 0 {
		return precondition("AmountTooLow: %s has no stake on hotkey %s (nothing sent)", ck, hk)
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	if c.Bool("unsafe") {
		var call tx.Call = tx.UnstakeAll{Hotkey: hk}
		if c.Bool("alpha-only") {
			call = tx.UnstakeAllAlpha{Hotkey: hk}
		}
		rows := [][]string{{"hotkey", hk.String()}, {"positions", fmt.Sprint(len(todo))}, {"expected τ", e.amt.TAO(pv.TotalTao)}, {"limit", "none (--unsafe)"}}
		return e.execute(plan{signer: signer, call: call, summary: rows, preview: pv})
	}
	for _, p := range todo {
		limit := p.lm.limit
		call := tx.RemoveStakeFullLimit{Hotkey: hk, Netuid: p.s.Netuid, LimitPrice: &limit}
		rows := append([][]string{{"netuid", fmt.Sprintf("%d %s %s", p.s.Netuid, p.s.Symbol, p.s.Name)}, {"hotkey", hk.String()}},
			swapRows(e, p.pv, p.s.Symbol, "τ")...)
		if err := e.execute(plan{signer: signer, call: call, summary: rows, preview: p.pv}); err != nil {
			return err
		}
	}
	return nil
}
