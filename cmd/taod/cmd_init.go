package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/chain"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/config"
	"github.com/taokit/taokit/internal/runtime"
)

type initOptions struct {
	Force     bool
	Subnets   int    // ready subnets in the genesis, owned by //Alice
	ChainName string // genesis chain_name
	Config    config.Config
}

func initCommand() *cli.Command {
	return &cli.Command{
		Name:  "init",
		Usage: "write config.toml and a dev genesis.toml into the home",
		Description: `Writes <home>/config.toml (the defaults) and <home>/genesis.toml: the dev
accounts //Alice … //Ferdie with 1,000,000 TAO each, //Alice as root key, and
--subnets ready subnets (owned by //Alice, hotkeys //Alice//subnet<i>, started,
emission on). Refuses to overwrite unless --force, which also deletes the
home's chain store (a new genesis is a new chain).

EXIT STATUS: 0 ok, 2 usage, 3 bad config, 4 files exist (no --force), 11 I/O.`,
		Flags: []cli.Flag{
			homeFlag(),
			&cli.BoolFlag{Name: "force", Usage: "overwrite existing files and delete the chain store"},
			&cli.IntFlag{Name: "subnets", Value: 1, Usage: "ready subnets in the genesis"},
			&cli.StringFlag{Name: "chain-name", Value: "taokit-dev", Usage: "genesis chain name"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return tcli.Usagef("init takes no arguments")
			}
			home, err := homeDir(c)
			if err != nil {
				return err
			}
			log, err := tcli.CommandLogger(c)
			if err != nil {
				return err
			}
			if c.Int("subnets") < 0 || c.Int("subnets") > 64 {
				return tcli.Usagef("--subnets must be 0…64")
			}
			return runInit(home, initOptions{Force: c.Bool("force"), Subnets: c.Int("subnets"), ChainName: c.String("chain-name"), Config: config.Default()}, log)
		},
	}
}

// devGenesis is the dev genesis with n ready subnets.
func devGenesis(name string, n int) *chain.Genesis {
	g := chain.DevGenesis()
	if name != "" {
		g.ChainName = name
	}
	for i := 1; i <= n; i++ {
		g.Subnets = append(g.Subnets, runtime.GenesisSubnet{
			Owner: "//Alice", Hotkey: fmt.Sprintf("//Alice//subnet%d", i),
			Started: true, EmissionEnabled: true, Name: fmt.Sprintf("dev%d", i),
		})
	}
	return g
}

// runInit writes the home's config and genesis.
func runInit(home string, o initOptions, log *slog.Logger) error {
	cfgPath, genPath := filepath.Join(home, configFile), filepath.Join(home, genesisFile)
	if !o.Force {
		for _, p := range []string{cfgPath, genPath} {
			if _, err := os.Stat(p); err == nil {
				return fmt.Errorf("%w: %s exists (use --force to overwrite it and reset the chain)", tcli.ErrPrecondition, p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	var cb, gb bytes.Buffer
	fmt.Fprintf(&cb, "# taod configuration. Precedence: defaults < this file < TAO_* environment < flags.\n")
	if err := o.Config.Encode(&cb); err != nil {
		return err
	}
	fmt.Fprintf(&gb, "# taod genesis: dev accounts (SURIs resolve to the well-known dev keys). Balances in RAO.\n")
	if err := toml.NewEncoder(&gb).Encode(devGenesis(o.ChainName, o.Subnets)); err != nil {
		return err
	}
	if err := writeFileAtomic(cfgPath, cb.Bytes()); err != nil {
		return err
	}
	if err := writeFileAtomic(genPath, gb.Bytes()); err != nil {
		return err
	}
	if o.Force {
		db := config.Resolve(home, o.Config.Store.Path)
		if err := os.Remove(db); err == nil {
			log.Warn("deleted the chain store", "path", db)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	log.Info("initialised home", "home", home, "config", cfgPath, "genesis", genPath, "subnets", o.Subnets)
	return nil
}

// writeFileAtomic writes via a temporary file and rename.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
