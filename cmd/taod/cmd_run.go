package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/chain"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/config"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/store"
)

func runCommand() *cli.Command {
	flags := append([]cli.Flag{
		homeFlag(), configFlag(),
		&cli.BoolFlag{Name: "dev", Usage: "dev chain: init the home if needed (a temporary one unless --home/TAO_HOME), 1 s blocks"},
	}, settingFlags()...)
	return &cli.Command{
		Name:  "run",
		Usage: "produce blocks and serve the API",
		Description: `Runs the node of the home: opens (or creates from genesis.toml) the chain
store, verifies its state root, produces a block every --block-time (or with
--instant as soon as calls are ready) and serves the API on --api.listen
(loopback by default). The API's actual address is written to <home>/api.addr.
SIGINT/SIGTERM stop it cleanly: the block in progress is finished and
committed, the store is closed. Calls still in the mempool are lost.

EXIT STATUS: 130 after a signal, 1 if block production failed, 3 bad config,
11 store or listen I/O error.`,
		Flags: flags,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return tcli.Usagef("run takes no arguments")
			}
			log, err := tcli.CommandLogger(c)
			if err != nil {
				return err
			}
			dev := c.Bool("dev")
			home, temp := "", false
			if dev && !c.IsSet("home") {
				if home, err = os.MkdirTemp("", "taod-dev-"); err != nil {
					return err
				}
				temp = true
				defer os.RemoveAll(home)
			} else if home, err = homeDir(c); err != nil {
				return err
			}
			if dev {
				if _, err := os.Stat(filepath.Join(home, configFile)); errors.Is(err, os.ErrNotExist) {
					cfg := config.Default()
					cfg.Node.BlockTime = time.Second
					if err := runInit(home, initOptions{Subnets: 1, ChainName: "taokit-dev", Config: cfg}, log); err != nil {
						return err
					}
				}
			}
			cfg, _, err := loadConfig(c, home, true)
			if err != nil {
				return err
			}
			if dev && !c.IsSet("block-time") {
				cfg.Node.BlockTime = time.Second
			}
			if temp {
				log.Info("dev chain in a temporary home, deleted on exit", "home", home)
			}
			return runRun(c.Context, home, cfg, log)
		},
	}
}

// running is a started node.
type running struct {
	Addr  string // the API's listen address
	Node  *node.Node
	store *store.BoltStore
	done  chan error
}

// startNode opens the home's chain and starts block production and the
// API; the node stops when ctx ends (see wait).
func startNode(ctx context.Context, home string, cfg config.Config, log *slog.Logger) (*running, error) {
	st, path, err := openStore(home, cfg)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			_ = st.Close()
		}
	}()
	var g *chain.Genesis
	if st.Height() == 0 {
		gp := config.Resolve(home, cfg.Node.Genesis)
		f, err := os.Open(gp)
		if err != nil {
			return nil, fmt.Errorf("%w: genesis: %w", tcli.ErrConfig, err)
		}
		g, err = chain.ParseGenesis(f, gp)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%w: %w", tcli.ErrConfig, err)
		}
	}
	if cfg.Node.VerifyRoot && st.Height() > 0 {
		start := time.Now()
		h, root, err := node.VerifyRoot(st)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", tcli.ErrIO, path, err)
		}
		log.Info("state root verified", "store_height", h, "root", fmt.Sprintf("%x", root), "took", time.Since(start).Round(time.Millisecond))
	}
	app, err := chain.Open(st, g, chain.Options{Logger: log, CheckInvariants: cfg.Node.CheckInvariants})
	if err != nil {
		return nil, err
	}
	n, err := node.New(app, node.Config{
		BlockTime: cfg.Node.BlockTime, Instant: cfg.Node.Instant,
		MaxBlockTxs: cfg.Node.MaxBlockTxs, MaxBlockBytes: cfg.Node.MaxBlockBytes,
		Mempool: node.MempoolConfig{MaxTxs: cfg.Mempool.MaxTxs, MaxBytes: cfg.Mempool.MaxBytes, MaxPerAccount: cfg.Mempool.MaxPerAccount},
		Logger:  log,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.API.Listen)
	if err != nil {
		return nil, fmt.Errorf("%w: api listen: %w", tcli.ErrIO, err)
	}
	addr := ln.Addr().String()
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		log.Warn("the API is reachable from other machines", "listen", addr)
	}
	if err := writeFileAtomic(filepath.Join(home, addrFile), []byte(addr+"\n")); err != nil {
		ln.Close()
		return nil, err
	}
	srv := api.New(n, api.Config{
		MaxBodyBytes: cfg.API.MaxBodyBytes, ReadTimeout: cfg.API.ReadTimeout,
		WriteTimeout: cfg.API.WriteTimeout, MaxWait: cfg.API.MaxWait, Logger: log,
	})
	info := app.Info()
	log.Info("taod started", "height", info.Height, "genesis", info.GenesisHash.String(), "api", "http://"+addr,
		"block_time", cfg.Node.BlockTime.String(), "instant", cfg.Node.Instant, "store", path)
	r := &running{Addr: addr, Node: n, store: st, done: make(chan error, 1)}
	ok = true
	go func() {
		nctx, stop := context.WithCancel(ctx)
		defer stop()
		srvErr := make(chan error, 1)
		go func() { srvErr <- srv.Serve(nctx, ln) }()
		runErr := n.Run(nctx)
		if runErr != nil {
			log.Error("block production stopped", "height", app.Info().Height, "err", runErr)
		}
		stop()
		n.Hub().Close()
		err := <-srvErr
		_ = os.Remove(filepath.Join(home, addrFile))
		if cerr := st.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if runErr != nil {
			err = runErr
		}
		log.Info("taod stopped", "height", app.Info().Height)
		r.done <- err
	}()
	return r, nil
}

// wait blocks until the node has stopped and returns why.
func (r *running) wait() error { return <-r.done }

// runRun runs the node until ctx ends.
func runRun(ctx context.Context, home string, cfg config.Config, log *slog.Logger) error {
	r, err := startNode(ctx, home, cfg, log)
	if err != nil {
		return err
	}
	return r.wait()
}
