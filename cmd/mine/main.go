// Command mine is a taokit miner: `mine pow` registers a hotkey with proof
// of work, `mine serve` runs the miner's axon (a signed-request HTTP server
// that answers validators by running the user's command), `mine seal`
// computes single seals (the hash rule's golden vectors at the CLI). See
// docs/participants.md.
package main

import (
	"errors"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/pow"
)

// Exit codes (docs/participants.md).
const (
	exitOK          = tcli.ExitOK
	exitRuntime     = tcli.ExitRuntime     // anything else
	exitUsage       = tcli.ExitUsage       // bad flags or arguments
	exitConfig      = tcli.ExitConfig      // bad configuration
	exitRejected    = tcli.ExitPrecond     // the chain refused the call (its error name is printed) or a precondition failed
	exitWallet      = 5                    // wallet or password problem
	exitBadInput    = tcli.ExitMalformed   // malformed value (hex, address)
	exitIO          = tcli.ExitIO          // listen or file I/O
	exitNode        = tcli.ExitNode        // node unreachable or API error
	exitInterrupted = tcli.ExitInterrupted // SIGINT/SIGTERM
)

func main() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// Main runs mine with the given arguments and streams and returns the exit
// code; tests call it in-process.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tcli.Run(newApp(), args, stdin, stdout, stderr)
}

func newApp() *cli.App {
	app := tcli.NewApp("mine", "taokit miner: proof-of-work registration and the axon server", []*cli.Command{
		newPowCommand(),
		newSealCommand(),
		newServeCommand(),
	})
	app.UsageText = "mine [global options] command [options]   (options go before positional arguments)"
	app.Description = `EXIT STATUS
   0 ok · 1 other error · 2 usage · 3 config · 4 rejected by the chain (its error name is printed)
   or precondition failed · 5 wallet/password · 10 bad input · 11 I/O (listen, files)
   · 12 node unreachable · 130 interrupted`
	wrapActions(app.Commands)
	return app
}

func wrapActions(cmds []*cli.Command) {
	for _, c := range cmds {
		wrapActions(c.Subcommands)
		if c.Action == nil {
			continue
		}
		act := c.Action
		c.Action = func(ctx *cli.Context) error {
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

// exitCode is the one switch mapping errors to mine's exit codes.
func exitCode(err error) int {
	var ue *tcli.UsageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, errRejected), errors.Is(err, errPrecondition), errors.Is(err, tcli.ErrPrecondition):
		return exitRejected
	case errors.Is(err, errWallet):
		return exitWallet
	case errors.Is(err, errBadInput), errors.Is(err, pow.ErrInvalidOptions):
		return exitBadInput
	case errors.Is(err, client.ErrNode), errors.Is(err, tcli.ErrNode):
		return exitNode
	case errors.Is(err, tcli.ErrConfig):
		return exitConfig
	}
	return tcli.ExitCode(err)
}
