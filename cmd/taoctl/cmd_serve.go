package main

import (
	"net/netip"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/tx"
)

func newServeCommand() *cli.Command {
	return &cli.Command{
		Name:    "serve",
		Aliases: []string{"axon"},
		Usage:   "publish the hotkey's axon endpoint (IP and port) on a subnet",
		UsageText: `taoctl serve --wallet.name alice --wallet.hotkey miner1 --netuid 1 --ip 203.0.113.7 --port 8091
   taoctl serve --wallet.name alice --wallet.hotkey miner1 --netuid 1 --ip 0.0.0.0 --port 1   # mark as not serving`,
		Description: "Signed by the hotkey (it must be registered on the subnet). --ip is the external address miners are reached at.",
		Flags: flags(walletFlags(), writeFlags(), []cli.Flag{
			nodeFlag(), rawFlag(), netuidFlag(),
			&cli.StringFlag{Name: "ip", Required: true, Usage: "external IPv4 or IPv6 address"},
			&cli.UintFlag{Name: "port", Required: true, Usage: "external port"},
			&cli.UintFlag{Name: "protocol", Value: 4, Usage: "axon protocol number"},
			&cli.UintFlag{Name: "version", Usage: "axon version number"},
		}),
		Action: runServe,
	}
}

func runServe(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(c.String("ip"))
	if err != nil {
		return badInput("--ip %q is not an IPv4 or IPv6 address", c.String("ip"))
	}
	if c.Uint("port") > 0xffff || c.Uint("protocol") > 0xff || uint64(c.Uint("version")) > 0xffffffff {
		return badInput("--port, --protocol or --version out of range")
	}
	ipType := uint8(6)
	if ip.Is4() || ip.Is4In6() {
		ip, ipType = ip.Unmap(), 4
	}
	if _, err := e.subnet(netuid); err != nil {
		return err
	}
	hot, err := e.hotkey()
	if err != nil {
		return err
	}
	call := tx.ServeAxon{Netuid: netuid, Version: uint32(c.Uint("version")), IP: ip.String(), Port: uint16(c.Uint("port")),
		IPType: ipType, Protocol: uint8(c.Uint("protocol"))}
	return e.execute(plan{signer: hot, call: call, summary: [][]string{
		{"netuid", u64(uint64(netuid))}, {"hotkey", hot.SS58()}, {"axon", netip.AddrPortFrom(ip, call.Port).String()},
	}})
}
