package main

import (
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/tx"
)

func newRootCommand() *cli.Command {
	return &cli.Command{
		Name:  "root",
		Usage: "root subnet operations",
		Subcommands: []*cli.Command{{
			Name:  "claim",
			Usage: "claim the coldkey's root dividends on up to 5 subnets",
			UsageText: `taoctl root claim --wallet.name alice --netuids 1,2
   taoctl root claim --wallet.name alice --netuids 3 --dry-run -o json`,
			Flags: flags(walletFlags(), writeFlags(), []cli.Flag{nodeFlag(), rawFlag(),
				&cli.StringFlag{Name: "netuids", Required: true, Usage: "comma-separated subnets to claim on"}}),
			Action: func(c *cli.Context) error {
				e, err := newEnv(c)
				if err != nil {
					return err
				}
				nets, err := parseNetuids(c.String("netuids"))
				if err != nil {
					return err
				}
				for _, n := range nets {
					if _, err := e.subnet(n); err != nil {
						return err
					}
				}
				signer, err := e.coldkey()
				if err != nil {
					return err
				}
				return e.execute(plan{signer: signer, call: tx.ClaimRoot{Subnets: nets},
					summary: [][]string{{"subnets", joinU16(nets)}}})
			},
		}},
	}
}
