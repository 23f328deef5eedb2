package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/chain"
	tcli "github.com/taokit/taokit/internal/cli"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "write the state at a height as a msgpack stream of key/value records",
		Description: `Writes the chain state at --height (default: the head; older heights must be
within the retention window, or the store an archive) to --out or stdout: a
header record {kind, version, height, store_height, state_root, genesis_hash,
keys} then one {k, v} record per state key in byte order. The state includes
the chain metadata and every block record up to the height, so 'taod import'
restarts the chain from exactly there. The node must not be running on the
home (the store is locked).

EXIT STATUS: 0 ok, 3 bad config, 4 height not available, 11 I/O (store in use).`,
		Flags: append([]cli.Flag{
			homeFlag(), configFlag(),
			&cli.Uint64Flag{Name: "height", Usage: "chain height to export (default: the head)"},
			&cli.StringFlag{Name: "out", Usage: "output file (default stdout)"},
		}, settingFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return tcli.Usagef("export takes no arguments (use --out)")
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
			st, _, err := openStore(home, cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			if st.Height() == 0 {
				return fmt.Errorf("%w: the home has no chain yet", tcli.ErrPrecondition)
			}
			h := st.Height() - 2
			if c.IsSet("height") {
				h = c.Uint64("height")
			}
			snap, err := st.At(chain.StoreHeight(h))
			if err != nil {
				return fmt.Errorf("%w: height %d: %w", tcli.ErrPrecondition, h, err)
			}
			defer snap.Release()
			var w io.Writer = c.App.Writer
			var f *os.File
			if out := c.String("out"); out != "" && out != "-" {
				if f, err = os.Create(out); err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			hdr, err := writeSnapshot(w, snap)
			if err != nil {
				return fmt.Errorf("%w: export: %w", tcli.ErrIO, err)
			}
			if f != nil {
				if err := f.Close(); err != nil {
					return err
				}
			}
			log.Info("exported state", "height", hdr.Height, "keys", hdr.Keys, "root", hdr.StateRoot.String())
			return nil
		},
	}
}
