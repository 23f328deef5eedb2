package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/axon"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
)

func newServeCommand() *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "run the miner's axon: answer signed validator requests with a command",
		ArgsUsage: "-- COMMAND [ARGS...]",
		UsageText: `mine serve --netuid 1 --wallet.hotkey //Alice//miner1 --listen 0.0.0.0:8091 -- ./model.sh
   mine serve --netuid 1 --wallet.name me --wallet.hotkey m1 --external-ip 203.0.113.7 --external-port 18091 -- python3 model.py`,
		Description: `Publishes the axon on chain (serve_axon, signed by the hotkey; skipped when the chain
already has the same address), then serves POST /<synapse> requests signed by validators
(protocol: docs/participants.md and internal/axon). Each accepted request runs COMMAND with
the request body on stdin; its stdout is the answer. Environment: AXON_SYNAPSE, AXON_CALLER,
AXON_CALLER_UID, AXON_CALLER_STAKE, AXON_TIMEOUT_MS. At most --concurrency commands run at
once; up to --queue more wait, highest caller stake first. A request past its timeout
(the caller's, capped by --timeout) is answered 408 and its command's process group killed.

Callers must be registered on the subnet and hold a validator permit, unless
--allow-unregistered / --allow-no-permit. The metagraph is re-read every --refresh.

Refusals: 400 bad_request|body_hash_mismatch · 401 bad_signature|stale_nonce|future_nonce|
replayed_nonce|wrong_axon · 403 unregistered|no_validator_permit · 408 timeout · 413 too_large
· 500 command_failed · 503 busy.

EXIT STATUS: 0 after SIGINT/SIGTERM once requests in flight finished (130 from the signal),
4 hotkey not registered or serve_axon refused, 5 wallet, 11 cannot listen, 12 node unreachable.`,
		Flags: flags(walletFlags(), []cli.Flag{
			nodeFlag(), netuidFlag(),
			&cli.StringFlag{Name: "listen", Value: "0.0.0.0:8091", Usage: "listen `ADDR` (host:port; port 0 picks one)"},
			&cli.StringFlag{Name: "external-ip", Usage: "IP published on chain (behind NAT); default: the listen IP, else the local address used to reach the node"},
			&cli.UintFlag{Name: "external-port", Usage: "port published on chain (behind NAT); default: the listen port"},
			&cli.BoolFlag{Name: "no-publish", Usage: "do not send serve_axon"},
			&cli.BoolFlag{Name: "allow-unregistered", Usage: "answer callers that are not registered on the subnet"},
			&cli.BoolFlag{Name: "allow-no-permit", Usage: "answer registered callers without a validator permit"},
			&cli.IntFlag{Name: "concurrency", Value: 4, Usage: "commands running at once"},
			&cli.IntFlag{Name: "queue", Value: 64, Usage: "requests waiting at most (then 503 busy)"},
			&cli.DurationFlag{Name: "timeout", Value: 12 * time.Second, Usage: "longest a request may wait and run (the caller's timeout is capped by it)"},
			&cli.DurationFlag{Name: "refresh", Value: 12 * time.Second, Usage: "metagraph refresh interval (callers' registration, permit, stake)"},
			&cli.Int64Flag{Name: "max-body", Value: 4 << 20, Usage: "largest request body in bytes"},
			&cli.StringFlag{Name: "addr-file", Usage: "write the actual listen address to `FILE`"},
			&cli.UintFlag{Name: "axon-version", Value: axon.Version, Usage: "version published with the axon"},
		}),
		Action: runServe,
	}
}

func runServe(c *cli.Context) error {
	argv := c.Args().Slice()
	if len(argv) == 0 {
		return tcli.Usagef("no command given: mine serve [options] -- COMMAND [ARGS...]")
	}
	log, err := tcli.CommandLogger(c)
	if err != nil {
		return err
	}
	if c.Int("concurrency") < 1 || c.Int("queue") < 0 || c.Duration("timeout") <= 0 || c.Duration("refresh") <= 0 {
		return tcli.Usagef("--concurrency ≥ 1, --queue ≥ 0, --timeout and --refresh > 0")
	}
	netuid := uint16(c.Uint(flagNetuid))
	hot, err := loadHotkey(c)
	if err != nil {
		return err
	}
	ctx := c.Context
	node := client.New(c.String(flagNode))
	reg := axon.NewStaticRegistry(nil)
	mg, err := refreshRegistry(ctx, node, netuid, reg)
	if err != nil {
		return err
	}
	var mine *query.Neuron
	for i := range mg.Neurons {
		if mg.Neurons[i].Hotkey.ID() == hot.AccountID() {
			mine = &mg.Neurons[i]
		}
	}
	if mine == nil {
		return fmt.Errorf("%w: hotkey %s is not registered on netuid %d (register with `mine pow` or `taoctl register`)",
			errPrecondition, hot.SS58(), netuid)
	}
	queue := c.Int("queue")
	if queue == 0 {
		queue = -1 // axon.Config: 0 means the default, negative means none
	}
	srv, err := axon.NewServer(axon.Config{
		Keypair: hot, Registry: reg,
		Handler:           &axon.Command{Argv: argv, Logger: log},
		AllowUnregistered: c.Bool("allow-unregistered"), AllowNoPermit: c.Bool("allow-no-permit"),
		MaxConcurrent: c.Int("concurrency"), MaxQueue: queue, MaxTimeout: c.Duration("timeout"),
		DefaultTimeout: c.Duration("timeout"), MaxBodyBytes: c.Int64("max-body"), Logger: log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.String("listen"))
	if err != nil {
		return fmt.Errorf("%w: listen %s: %w", tcli.ErrIO, c.String("listen"), err)
	}
	defer ln.Close()
	laddr := ln.Addr().(*net.TCPAddr)
	if f := c.String("addr-file"); f != "" {
		if err := os.WriteFile(f, []byte(laddr.String()+"\n"), 0o644); err != nil {
			return fmt.Errorf("%w: %w", tcli.ErrIO, err)
		}
	}
	ext, err := externalAddr(c, laddr, node.Base())
	if err != nil {
		return err
	}
	if !c.Bool("no-publish") {
		if err := publish(ctx, c, node, hot, netuid, ext, mine.Axon, log); err != nil {
			return err
		}
	}
	log.Info("axon serving", "netuid", netuid, "uid", mine.UID, "hotkey", hot.SS58(), "listen", laddr.String(),
		"external", ext.String(), "command", argv, "concurrency", c.Int("concurrency"), "callers_known", reg.Len())
	go func() {
		t := time.NewTicker(c.Duration("refresh"))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := refreshRegistry(ctx, node, netuid, reg); err != nil && ctx.Err() == nil {
					log.Warn("metagraph refresh failed; keeping the previous one", "err", err)
				}
			}
		}
	}()
	err = srv.Serve(ctx, ln, 5*time.Second)
	log.Info("axon stopped", "answered", srv.Stats.Snapshot())
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("%w: serve: %w", tcli.ErrIO, err)
	}
	return nil
}

// refreshRegistry reads the metagraph into reg.
func refreshRegistry(ctx context.Context, node *client.Client, netuid uint16, reg *axon.StaticRegistry) (*query.Metagraph, error) {
	mg, err := node.Metagraph(ctx, netuid, query.MetagraphOptions{})
	if err != nil {
		return nil, fmt.Errorf("read metagraph of netuid %d: %w", netuid, err)
	}
	m := make(map[keys.AccountID]axon.Caller, len(mg.Neurons))
	for _, n := range mg.Neurons {
		m[n.Hotkey.ID()] = axon.Caller{UID: n.UID, Stake: n.TotalStake, ValidatorPermit: n.ValidatorPermit}
	}
	reg.Set(m)
	return mg, nil
}

// externalAddr is the address published on chain.
func externalAddr(c *cli.Context, laddr *net.TCPAddr, nodeURL string) (netip.AddrPort, error) {
	port := uint16(laddr.Port)
	if c.IsSet("external-port") {
		if c.Uint("external-port") == 0 || c.Uint("external-port") > 65535 {
			return netip.AddrPort{}, tcli.Usagef("--external-port %d out of range", c.Uint("external-port"))
		}
		port = uint16(c.Uint("external-port"))
	}
	if s := c.String("external-ip"); s != "" {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return netip.AddrPort{}, fmt.Errorf("%w: --external-ip %q: %w", errBadInput, s, err)
		}
		return netip.AddrPortFrom(ip.Unmap(), port), nil
	}
	if ip, ok := netip.AddrFromSlice(laddr.IP); ok && !ip.Unmap().IsUnspecified() {
		return netip.AddrPortFrom(ip.Unmap(), port), nil
	}
	// The local address the kernel would use to reach the node (no packet is sent).
	host := "127.0.0.1:9944"
	if u, err := url.Parse(nodeURL); err == nil && u.Host != "" {
		host = u.Host
	}
	conn, err := net.Dial("udp", host)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%w: cannot pick an external IP (%v): use --external-ip", tcli.ErrConfig, err)
	}
	defer conn.Close()
	ap := conn.LocalAddr().(*net.UDPAddr).AddrPort()
	return netip.AddrPortFrom(ap.Addr().Unmap(), port), nil
}

// publish sends serve_axon unless the chain already has this address.
func publish(ctx context.Context, c *cli.Context, node *client.Client, hot *keys.Keypair, netuid uint16, ext netip.AddrPort, cur query.Axon, log *slog.Logger) error {
	ipType := uint8(6)
	if ext.Addr().Is4() {
		ipType = 4
	}
	version := uint32(c.Uint("axon-version"))
	if cur.IP == ext.Addr().String() && cur.Port == ext.Port() && cur.IPType == ipType && cur.Version == version && cur.Protocol == 4 {
		log.Info("axon already published on chain", "addr", ext.String())
		return nil
	}
	call := tx.ServeAxon{Netuid: netuid, Version: version, IP: ext.Addr().String(), Port: ext.Port(), IPType: ipType, Protocol: 4}
	res, err := node.Send(ctx, hot, call, true)
	if err != nil {
		var ce *client.Error
		if errors.As(err, &ce) && ce.Reason != "" {
			return fmt.Errorf("%w: serve_axon: %s", errRejected, ce.Reason)
		}
		return fmt.Errorf("serve_axon: %w", err)
	}
	if res.Inclusion == nil {
		return fmt.Errorf("serve_axon: %w: no inclusion", client.ErrNode)
	}
	if rc := res.Inclusion.Receipt; !rc.OK {
		if rc.Error == "InvalidIpAddress" {
			return fmt.Errorf("%w: serve_axon: %s: the chain refuses %s (127.0.0.1 and unroutable addresses, as subtensor does); "+
				"listen on another loopback address such as 127.0.0.2, or give --external-ip", errRejected, rc.Error, ext.Addr())
		}
		return fmt.Errorf("%w: serve_axon: %s", errRejected, rc.Error)
	}
	log.Info("axon published on chain", "addr", ext.String(), "block", res.Inclusion.Height)
	return nil
}
