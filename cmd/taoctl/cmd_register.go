package main

import (
	"context"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/pow"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

func newRegisterCommand() *cli.Command {
	return &cli.Command{
		Name:    "register",
		Aliases: []string{"reg"},
		Usage:   "register the wallet's hotkey as a neuron on a subnet (burn, or --pow)",
		UsageText: `taoctl register --wallet.name alice --wallet.hotkey miner1 --netuid 1
   taoctl register --wallet.name alice --wallet.hotkey miner1 --netuid 1 --max-cost 0.5
   taoctl register --wallet.name alice --wallet.hotkey miner1 --netuid 1 --pow --threads 2`,
		Description: `Burned registration pays the subnet's registration cost from the coldkey (shown first);
--max-cost sends register_limit, which the chain refuses (RegistrationPriceLimitExceeded) if the
cost rose above it. --pow solves the subnet's proof of work with internal/pow (the subnet must
allow PoW registration) and sends the seal signed by the hotkey; no τ is paid.`,
		Flags: flags(walletFlags(), writeFlags(), []cli.Flag{
			nodeFlag(), rawFlag(), netuidFlag(),
			&cli.StringFlag{Name: "max-cost", Usage: "refuse a burn above this many τ (register_limit)"},
			&cli.BoolFlag{Name: "pow", Usage: "register with proof of work instead of a burn"},
			&cli.IntFlag{Name: "threads", Usage: "PoW solver threads (0: all cores)"},
		}),
		Action: runRegister,
	}
}

// registerPreview is what a registration will cost.
type registerPreview struct {
	Netuid     uint16         `json:"netuid"`
	Hotkey     keys.AccountID `json:"hotkey"`
	Burn       uint64         `json:"burn"` // RAO (0 for PoW)
	MaxCost    uint64         `json:"max_cost,omitempty"`
	Difficulty uint64         `json:"difficulty,omitempty"`
	PowNonce   uint64         `json:"pow_nonce,omitempty"`
	PowBlock   uint64         `json:"pow_block,omitempty"`
	PowHashes  uint64         `json:"pow_hashes,omitempty"`
}

func runRegister(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	var maxCost uint64
	if c.IsSet("max-cost") {
		if maxCost, err = parseAmount(c.String("max-cost"), unitTAO, true); err != nil {
			return err
		}
	}
	s, err := e.subnet(netuid)
	if err != nil {
		return err
	}
	if c.Bool("pow") {
		return registerPow(e, s)
	}
	hk, err := e.hotkeyAddress()
	if err != nil {
		return err
	}
	from, err := e.coldkeyAddress()
	if err != nil {
		return err
	}
	if c.IsSet("max-cost") && s.Burn > maxCost {
		return precondition("RegistrationPriceLimitExceeded: the registration cost is %s, above --max-cost %s (nothing sent)",
			output.FormatTAO(s.Burn), output.FormatTAO(maxCost))
	}
	if _, err := e.requireFree(from, s.Burn); err != nil {
		return err
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	var call tx.Call = tx.BurnedRegister{Netuid: netuid, Hotkey: hk}
	if c.IsSet("max-cost") {
		call = tx.RegisterLimit{Netuid: netuid, Hotkey: hk, LimitPrice: maxCost}
	}
	rows := [][]string{{"netuid", u64(uint64(netuid)) + " " + s.Symbol + " " + s.Name}, {"hotkey", hk.String()}, {"cost (burned)", e.amt.TAO(s.Burn)}}
	if c.IsSet("max-cost") {
		rows = append(rows, []string{"max cost", e.amt.TAO(maxCost)})
	}
	return e.execute(plan{signer: signer, call: call, summary: rows,
		preview: registerPreview{Netuid: netuid, Hotkey: hk, Burn: s.Burn, MaxCost: maxCost}})
}

// registerPow solves the subnet's PoW for the head block and sends the
// seal. Work is valid for pow.WorkValidityBlocks blocks, so a solution that
// took too long is solved again for the new head.
func registerPow(e *runEnv, s query.Subnet) error {
	hot, err := e.hotkey()
	if err != nil {
		return err
	}
	cold, err := e.coldkeyAddress()
	if err != nil {
		return err
	}
	diff := uint64(0)
	for _, hp := range s.Hyperparameters {
		if hp.Name == "difficulty" {
			diff = uint64(hp.Value)
		}
		if hp.Name == "network_pow_registration_allowed" && hp.Value == 0 {
			return precondition("SubNetRegistrationDisabled: subnet %d does not allow PoW registration (nothing sent)", s.Netuid)
		}
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	for attempt := 0; attempt < 5; attempt++ {
		head, err := n.Head(e.ctx)
		if err != nil {
			return n.nodeError("read head", err)
		}
		p := pow.Problem{BlockHash: head.Hash, Hotkey: hot.AccountID(), Difficulty: diff, Order: pow.ChainOrder}
		start := time.Now()
		sol, err := pow.Solve(e.ctx, p, pow.Options{Threads: e.c.Int("threads"), Progress: func(pr pow.Progress) {
			e.log.Info("solving proof of work", "netuid", s.Netuid, "difficulty", diff, "block", head.Height,
				"hashes", pr.Hashes, "rate_hps", int64(pr.Rate), "best_difficulty", pr.BestDifficulty)
		}})
		if err != nil {
			return fmt.Errorf("solve proof of work: %w", err)
		}
		now, err := n.Head(e.ctx)
		if err != nil {
			return n.nodeError("read head", err)
		}
		if pow.CheckWorkBlock(head.Height, now.Height+1) != nil {
			e.log.Warn("proof of work expired before it could be sent; solving again", "block", head.Height, "head", now.Height)
			continue
		}
		e.log.Info("proof of work solved", "nonce", sol.Nonce, "hashes", sol.Hashes, "took", time.Since(start).Round(time.Millisecond))
		call := tx.RegisterPow{Netuid: s.Netuid, BlockNumber: head.Height, Nonce: sol.Nonce, Work: sol.Seal[:], Hotkey: hot.AccountID(), Coldkey: cold}
		return e.execute(plan{signer: hot, call: call,
			summary: [][]string{{"netuid", u64(uint64(s.Netuid))}, {"hotkey", hot.SS58()}, {"coldkey", cold.String()},
				{"difficulty", u64(diff)}, {"work block", u64(head.Height)}, {"nonce", u64(sol.Nonce)}},
			preview: registerPreview{Netuid: s.Netuid, Hotkey: hot.AccountID(), Difficulty: diff, PowNonce: sol.Nonce, PowBlock: head.Height, PowHashes: sol.Hashes}})
	}
	return fmt.Errorf("proof of work kept expiring (difficulty %d is too high for this machine's speed): %w", diff, context.DeadlineExceeded)
}
