package main

import (
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/tx"
)

// transferPreview is what a transfer will do.
type transferPreview struct {
	From       keys.AccountID `json:"from"`
	To         keys.AccountID `json:"to"`
	Amount     uint64         `json:"amount"`      // RAO; for transfer-all the free balance now
	FreeBefore uint64         `json:"free_before"` // RAO
	KeepAlive  bool           `json:"keep_alive"`
}

func transferFlags() []cli.Flag {
	return flags(walletFlags(), writeFlags(), []cli.Flag{
		nodeFlag(), rawFlag(),
		&cli.StringFlag{Name: "dest", Aliases: []string{"destination", "d"}, Required: true, Usage: "recipient: SS58 address, key URI (//Bob) or wallet name"},
		&cli.BoolFlag{Name: "keep-alive", Usage: "fail rather than let the sender's balance fall below the existential deposit"},
	})
}

func newTransferCommand() *cli.Command {
	return &cli.Command{
		Name:  "transfer",
		Usage: "send τ from the wallet's coldkey",
		UsageText: `taoctl transfer --wallet.name alice --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1.5
   taoctl transfer --wallet.name //Alice --dest bob --amount 2500000000rao --yes
   taoctl transfer --wallet.name alice --dest //Bob --amount τ10 --dry-run -o json`,
		Description: "Amounts: 1.5 or τ1.5 or 1.5tao (TAO, at most 9 decimals) or 1500000000rao.",
		Flags: flags(transferFlags(), []cli.Flag{
			&cli.StringFlag{Name: "amount", Aliases: []string{"a"}, Required: true, Usage: "amount of τ"},
		}),
		Action: runTransfer,
	}
}

func runTransfer(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	amount, err := parseAmount(c.String("amount"), unitTAO, false)
	if err != nil {
		return err
	}
	dest, err := e.addressOf("--dest", c.String("dest"))
	if err != nil {
		return err
	}
	from, err := e.coldkeyAddress()
	if err != nil {
		return err
	}
	free, err := e.requireFree(from, amount)
	if err != nil {
		return err
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	keep := c.Bool("keep-alive")
	var call tx.Call = tx.Transfer{Dest: dest, Value: amount}
	if keep {
		call = tx.TransferKeepAlive{Dest: dest, Value: amount}
	}
	pv := transferPreview{From: from, To: dest, Amount: amount, FreeBefore: free, KeepAlive: keep}
	return e.execute(plan{signer: signer, call: call, preview: pv, summary: [][]string{
		{"to", dest.String()}, {"amount", e.amt.TAO(amount)}, {"free before", e.amt.TAO(free)},
		{"free after (before fee)", e.amt.TAO(free - amount)},
	}})
}

func newTransferAllCommand() *cli.Command {
	return &cli.Command{
		Name:  "transfer-all",
		Usage: "send the coldkey's whole free balance",
		UsageText: `taoctl transfer-all --wallet.name old --dest 5FHneW46… --keep-alive
   taoctl transfer-all --wallet.name old --dest newwallet --dry-run`,
		Flags:  transferFlags(),
		Action: runTransferAll,
	}
}

func runTransferAll(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	dest, err := e.addressOf("--dest", c.String("dest"))
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
	acc, err := n.Account(e.ctx, from)
	if err != nil {
		return n.nodeError("read balance", err)
	}
	if acc.Free == 0 {
		return precondition("InsufficientBalance: %s has no free balance (nothing sent)", from)
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	keep := c.Bool("keep-alive")
	pv := transferPreview{From: from, To: dest, Amount: acc.Free, FreeBefore: acc.Free, KeepAlive: keep}
	return e.execute(plan{signer: signer, call: tx.TransferAll{Dest: dest, KeepAlive: keep}, preview: pv, summary: [][]string{
		{"to", dest.String()}, {"amount", "all free balance (" + e.amt.TAO(acc.Free) + " now, less the fee)"},
	}})
}
