package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/chain"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/config"
	"github.com/taokit/taokit/internal/store"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "start a chain home from a snapshot (taod export)",
		ArgsUsage: "[FILE|-]",
		Description: `Creates the home's chain store from a snapshot stream (a file, or stdin for
- or no argument): the same state, state root, genesis hash and height, so
'taod run' continues the chain from there — a fork for what-if runs.
Writes config.toml with the defaults if the home has none. Refuses an
existing store unless --force (which replaces it).

EXIT STATUS: 0 ok, 4 store exists, 10 malformed or truncated snapshot,
11 I/O, 1 the imported root does not match the snapshot's.`,
		Flags: append([]cli.Flag{
			homeFlag(), configFlag(),
			&cli.BoolFlag{Name: "force", Usage: "replace an existing chain store"},
		}, settingFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return tcli.Usagef("import takes at most one argument")
			}
			home, err := homeDir(c)
			if err != nil {
				return err
			}
			cfg, _, err := loadConfig(c, home, false)
			if err != nil {
				return err
			}
			log, err := tcli.CommandLogger(c)
			if err != nil {
				return err
			}
			var in io.Reader = c.App.Reader
			if p := c.Args().First(); p != "" && p != "-" {
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				defer f.Close()
				in = f
			}
			return runImport(home, cfg, in, c.Bool("force"), log)
		},
	}
}

// runImport builds the home's store from a snapshot stream.
func runImport(home string, cfg config.Config, in io.Reader, force bool, log *slog.Logger) error {
	hdr, batch, err := readSnapshot(in)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	cfgPath := filepath.Join(home, configFile)
	if _, err := os.Stat(cfgPath); errors.Is(err, fs.ErrNotExist) {
		f, err := os.Create(cfgPath)
		if err != nil {
			return err
		}
		err = cfg.Encode(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	path := config.Resolve(home, cfg.Store.Path)
	if _, err := os.Stat(path); err == nil {
		if !force {
			return fmt.Errorf("%w: %s exists (use --force to replace it)", tcli.ErrPrecondition, path)
		}
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	if err := importStore(path, cfg, hdr, batch); err != nil {
		_ = os.Remove(path)
		return err
	}
	log.Info("imported state", "height", hdr.Height, "keys", hdr.Keys, "root", hdr.StateRoot.String(), "store", path)
	return nil
}

// importStore writes the snapshot as the store's version hdr.StoreHeight.
// The store only commits consecutive heights, so the heights below are
// committed empty (unsynced) first; the final commit is synced.
func importStore(path string, cfg config.Config, hdr snapshotHeader, b *store.Batch) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	fill, err := store.OpenBolt(path, store.Options{Retain: 1, NoSync: true})
	if err != nil {
		return fmt.Errorf("%w: %w", tcli.ErrIO, err)
	}
	empty := store.NewBatch()
	for h := uint64(1); h < hdr.StoreHeight; h++ {
		if _, err := fill.Commit(h, empty); err != nil {
			fill.Close()
			return fmt.Errorf("%w: %w", tcli.ErrIO, err)
		}
	}
	if err := fill.Close(); err != nil {
		return err
	}
	st, err := store.OpenBolt(path, store.Options{Retain: retain(cfg), NoSync: cfg.Store.NoSync})
	if err != nil {
		return fmt.Errorf("%w: %w", tcli.ErrIO, err)
	}
	root, err := st.Commit(hdr.StoreHeight, b)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%w: %w", tcli.ErrIO, err)
	}
	if chain.Hash(root) != hdr.StateRoot {
		return fmt.Errorf("imported state root %s does not match the snapshot's %s", chain.Hash(root), hdr.StateRoot)
	}
	return nil
}
