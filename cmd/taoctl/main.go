// Command taoctl is the taokit client: btcli-compatible wallets and every
// user operation against a taod node (balances, transfers, subnets,
// registration, staking with limits, weights, child keys, watching the
// chain). See docs/taoctl.md.
package main

import (
	"errors"
	"io"
	"os"
	"sync"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/codec"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/wallet"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

// Exit codes (docs/taoctl.md). The shared ones come from internal/cli; 5 is
// taoctl's own.
const (
	exitOK          = tcli.ExitOK          // success
	exitRuntime     = tcli.ExitRuntime     // anything not listed below
	exitUsage       = tcli.ExitUsage       // bad flags, arguments or command
	exitConfig      = tcli.ExitConfig      // bad configuration (e.g. an unusable --node URL)
	exitRejected    = tcli.ExitPrecond     // the chain rejected the call, or a precondition failed (unknown subnet, balance too low)
	exitWallet      = 5                    // wallet or password: wrong password, missing/corrupt keyfile, no password source
	exitBadInput    = tcli.ExitMalformed   // bad input: amount, address, mnemonic, seed
	exitIO          = tcli.ExitIO          // file I/O
	exitNode        = tcli.ExitNode        // node unreachable or API error
	exitInterrupted = tcli.ExitInterrupted // SIGINT/SIGTERM
)

func main() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// mainMu serialises Main: urfave/cli v2 writes to package-level values
// (HelpFlag, VersionFlag, the shared help command) while an app runs, so two
// apps running at once in one process race. A process runs Main once; tests
// run it many times concurrently.
var mainMu sync.Mutex

// Main runs taoctl with the given arguments (args[0] is the program name)
// and streams, and returns the exit code. Tests call it in-process.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	mainMu.Lock()
	defer mainMu.Unlock()
	return tcli.Run(newApp(), args, stdin, stdout, stderr)
}

func newApp() *cli.App {
	app := tcli.NewApp("taoctl", "the taokit client: wallets, balances, subnets, staking, weights", []*cli.Command{
		newWalletCommand(),
		newBalanceCommand(),
		newTransferCommand(),
		newTransferAllCommand(),
		newSubnetCommand(),
		newRegisterCommand(),
		newServeCommand(),
		newStakeCommand(),
		newUnstakeAllCommand(),
		newDelegateCommand(),
		newChildrenCommand(),
		newWeightsCommand(),
		newRootCommand(),
		newWatchCommand(),
		newCompletionCommand(),
	})
	app.Version = version
	app.HideVersion = false
	app.EnableBashCompletion = true
	app.Suggest = true
	app.UsageText = "taoctl [global options] command [subcommand] [options]   (options go before positional arguments)"
	app.Description = appDescription
	wrapActions(app.Commands)
	return app
}

const appDescription = `taoctl talks to a taod node (--node, default ` + defaultNode + `) and reads
btcli-compatible wallets (~/.bittensor/wallets). Every command takes -o auto|table|json|msgpack:
a table on a terminal, msgpack in a pipe; machine output always carries exact integers
(RAO for τ, base units for α). Every write takes --dry-run (build, sign and show the call
without sending) and --yes (no confirmation prompt; prompts only appear on a terminal).

Dev keys: give a secret URI wherever a wallet or hotkey name goes, e.g.
--wallet.name //Alice --wallet.hotkey //Bob.

EXIT STATUS
   0 ok · 1 other error · 2 usage · 3 config · 4 rejected by the chain or precondition failed
   (unknown subnet, insufficient balance; the chain's error name is printed) · 5 wallet/password
   · 10 bad input (amount, address, mnemonic) · 11 file I/O · 12 node unreachable · 130 interrupted`

// wrapActions routes every action's error through exitCode, so exit codes
// are decided in this file only. Leaf actions (except completion, which
// renders the app's flags) run with mainMu released: they call nothing in
// urfave/cli that touches its package-level values, so a slow action (an
// Argon2 unlock) does not hold up other in-process runs.
func wrapActions(cmds []*cli.Command) {
	for _, c := range cmds {
		wrapActions(c.Subcommands)
		if c.Action == nil {
			continue
		}
		act, release := c.Action, len(c.Subcommands) == 0 && c.Name != "completion"
		c.Action = func(ctx *cli.Context) error {
			if release {
				mainMu.Unlock()
				defer mainMu.Lock()
			}
			err := act(ctx)
			if err == nil {
				return nil
			}
			var ee *tcli.ExitError
			if errors.As(err, &ee) {
				return err
			}
			return &tcli.ExitError{Code: exitCode(err), Err: err}
		}
	}
}

// exitCode is the one switch mapping errors to taoctl's exit codes. Input
// taoctl itself judged bad (errBadInput) is 10 even when it names a wallet
// error; otherwise wallet errors come before key-format errors, since a
// keyfile whose phrase is invalid is a corrupt keyfile (5), not bad input.
func exitCode(err error) int {
	var rej *rejectedError
	var ue *tcli.UsageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &rej), errors.Is(err, errPrecondition), errors.Is(err, tcli.ErrPrecondition):
		return exitRejected
	case errors.Is(err, errBadInput):
		return exitBadInput
	case errors.Is(err, wallet.ErrWrongPassword), errors.Is(err, wallet.ErrCorruptKeyfile),
		errors.Is(err, wallet.ErrKeyfileNotFound), errors.Is(err, wallet.ErrKeyfileExists),
		errors.Is(err, wallet.ErrNoPassword), errors.Is(err, wallet.ErrNoSecret),
		errors.Is(err, wallet.ErrUnsupportedFormat), errors.Is(err, wallet.ErrInvalidName),
		errors.Is(err, errPassword):
		return exitWallet
	case errors.Is(err, keys.ErrUnknownWord), errors.Is(err, keys.ErrBadMnemonicChecksum),
		errors.Is(err, keys.ErrBadMnemonicLength), errors.Is(err, keys.ErrBadNumbering),
		errors.Is(err, keys.ErrInvalidSURI), errors.Is(err, keys.ErrInvalidSeed),
		errors.Is(err, keys.ErrInvalidSecretKey), errors.Is(err, keys.ErrBadChecksum),
		errors.Is(err, keys.ErrBadChar), errors.Is(err, keys.ErrBadLength),
		errors.Is(err, keys.ErrBadPrefix), errors.Is(err, keys.ErrWrongPrefix),
		errors.Is(err, keys.ErrInvalidPublicKey),
		errors.Is(err, codec.ErrMalformed), errors.Is(err, codec.ErrTruncated):
		return exitBadInput
	case errors.Is(err, errNodeUnreachable), errors.Is(err, tcli.ErrNode):
		return exitNode
	case errors.Is(err, tcli.ErrConfig):
		return exitConfig
	}
	return tcli.ExitCode(err)
}
