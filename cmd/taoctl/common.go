package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/output"
)

// Flag names shared by many commands. They are declared on each command
// (btcli style: `taoctl stake add --wallet.name w --netuid 1 …`); each also
// reads the environment variable TAO_<NAME> (and BT_* for the wallet ones).
const (
	flagNode         = "node"
	flagWalletPath   = "wallet.path"
	flagWalletName   = "wallet.name"
	flagWalletHotkey = "wallet.hotkey"
	flagPasswordFile = "password-file"
	flagDryRun       = "dry-run"
	flagYes          = "yes"
	flagNoWait       = "no-wait"
	flagRaw          = "raw"
	flagNetuid       = "netuid"
	flagAtBlock      = "at-block"
)

// passwordEnv names the environment variable holding the coldkey password.
const passwordEnv = "TAO_PASSWORD"

func nodeFlag() cli.Flag {
	return &cli.StringFlag{Name: flagNode, Value: defaultNode, Usage: "taod API `URL`"}
}

func walletFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagWalletPath, Aliases: []string{"wallet-path", "p"}, Value: "~/.bittensor/wallets",
			EnvVars: []string{"TAO_WALLET_PATH", "BT_WALLET_PATH"}, Usage: "directory holding wallets"},
		&cli.StringFlag{Name: flagWalletName, Aliases: []string{"wallet-name", "w"}, Value: "default",
			EnvVars: []string{"TAO_WALLET_NAME", "BT_WALLET_NAME"}, Usage: "wallet (coldkey) `NAME`, or a secret URI such as //Alice"},
		&cli.StringFlag{Name: flagWalletHotkey, Aliases: []string{"hotkey", "H"}, Value: "default",
			EnvVars: []string{"TAO_WALLET_HOTKEY", "BT_WALLET_HOTKEY"}, Usage: "hotkey `NAME`, a secret URI such as //Bob, or an SS58 address where only the address is needed"},
		&cli.StringFlag{Name: flagPasswordFile, Usage: "read the coldkey password from `FILE` (else $" + passwordEnv + ", else a prompt on a terminal)"},
	}
}

func writeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: flagDryRun, Usage: "build, sign and show the call and its effect; send nothing"},
		&cli.BoolFlag{Name: flagYes, Aliases: []string{"y", "no-prompt"}, Usage: "do not ask for confirmation (prompts only appear on a terminal)"},
		&cli.BoolFlag{Name: flagNoWait, Usage: "return once the node accepts the call, without waiting for its block"},
	}
}

func rawFlag() cli.Flag {
	return &cli.BoolFlag{Name: flagRaw, Usage: "tables show integer RAO / α base units instead of τ and α"}
}

func netuidFlag() cli.Flag {
	return &cli.UintFlag{Name: flagNetuid, Required: true, Usage: "subnet `NETUID`"}
}

func atBlockFlag() cli.Flag {
	return &cli.Uint64Flag{Name: flagAtBlock, Aliases: []string{"block"}, Usage: "read the state at block `H` (within the node's history window)"}
}

// flags concatenates flag groups.
func flags(groups ...[]cli.Flag) []cli.Flag {
	var out []cli.Flag
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// runEnv is what a command's run function gets: the streams, the logger,
// the resolved shared options and lazily the node client.
type runEnv struct {
	c      *cli.Context
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
	amt    output.Amounts
	format output.Format

	node *nodeClient // lazily made by nodeAPI
}

func newEnv(c *cli.Context) (*runEnv, error) {
	if c.NArg() > 0 {
		return nil, tcli.Usagef("unexpected argument %q (options go before arguments; this command takes none)", c.Args().First())
	}
	log, err := tcli.CommandLogger(c)
	if err != nil {
		return nil, err
	}
	f, err := tcli.OutputFormat(c)
	if err != nil {
		return nil, err
	}
	return &runEnv{
		c: c, ctx: c.Context, stdin: c.App.Reader, stdout: c.App.Writer, stderr: c.App.ErrWriter,
		log: log, amt: output.Amounts{Raw: c.Bool(flagRaw)}, format: f,
	}, nil
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// interactive reports whether prompts may be shown: stdin and stderr are terminals.
func (e *runEnv) interactive() bool {
	return isTerminal(e.stdin) && output.IsTerminal(e.stderr)
}

// confirm asks a yes/no question on a terminal. Without a terminal, or with
// --yes, it answers yes: scripts are never blocked by a prompt.
func (e *runEnv) confirm(question string) error {
	if e.c.Bool(flagYes) || !e.interactive() {
		return nil
	}
	fmt.Fprintf(e.stderr, "%s [y/N]: ", question)
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return errDeclined
}

// table reports whether output is a table for people.
func (e *runEnv) table() bool { return e.format == output.FormatTable }

// emitOne writes one record: as a two-column field/value table for people,
// or as the record itself for machines.
func (e *runEnv) emitOne(rec any, kv [][]string) error {
	if e.table() {
		t := output.Table{Header: []string{"field", "value"}, Rows: kv, Align: []output.Align{output.AlignLeft, output.AlignLeft}}
		return t.Render(e.stdout)
	}
	em := output.NewEmitter(e.stdout, e.format)
	if err := em.Emit(rec); err != nil {
		return err
	}
	return em.Flush()
}

// emitList writes records: one table row each for people, one record each
// for machines.
func emitList[T any](e *runEnv, recs []T, header []string, row func(T) []string, align ...output.Align) error {
	em := output.NewEmitter(e.stdout, e.format,
		output.WithRows(header, func(v any) ([]string, error) { return row(v.(T)), nil }),
		output.WithAlign(align...))
	for _, r := range recs {
		if err := em.Emit(r); err != nil {
			return err
		}
	}
	if e.table() && len(recs) == 0 {
		t := output.Table{Header: header}
		return t.Render(e.stdout)
	}
	return em.Flush()
}

// note writes a human remark to stderr (never stdout, which is data).
func (e *runEnv) note(format string, args ...any) {
	fmt.Fprintf(e.stderr, format+"\n", args...)
}
