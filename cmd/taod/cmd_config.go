package main

import (
	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
)

func configCommand() *cli.Command {
	return &cli.Command{
		Name:  "config",
		Usage: "inspect the configuration",
		Subcommands: []*cli.Command{{
			Name:  "dump",
			Usage: "print the effective configuration as TOML",
			Description: `Prints the configuration taod run would use: defaults, overlaid by the
config file (if present), TAO_* variables and flags.

EXIT STATUS: 0 ok, 3 bad config.`,
			Flags: append([]cli.Flag{homeFlag(), configFlag()}, settingFlags()...),
			Action: func(c *cli.Context) error {
				if c.NArg() > 0 {
					return tcli.Usagef("config dump takes no arguments")
				}
				home, err := homeDir(c)
				if err != nil {
					return err
				}
				cfg, _, err := loadConfig(c, home, false)
				if err != nil {
					return err
				}
				return cfg.Encode(c.App.Writer)
			},
		}},
	}
}
