// Command validate is a taokit validator: it queries the subnet's miners
// with signed challenges, scores their answers with the user's scorer and
// their latency, keeps a moving average per uid and submits weights
// (set_weights, or commit then reveal). `validate once` is one round for
// cron, `validate run` a round per tempo, `validate dry-run` computes
// without submitting. See docs/participants.md.
package main

import (
	"errors"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/validator"
	"github.com/taokit/taokit/internal/wallet"
)

// Exit codes (docs/participants.md): what cron learns from a round.
const (
	exitOK          = tcli.ExitOK          // weights set, committed or revealed (dry-run: computed)
	exitRuntime     = tcli.ExitRuntime     // anything else
	exitUsage       = tcli.ExitUsage       // bad flags or arguments
	exitConfig      = tcli.ExitConfig      // bad settings, or a state file of another subnet/hotkey
	exitRejected    = tcli.ExitPrecond     // the chain refused the call (error name printed), not registered, no permit
	exitNothing     = 5                    // nothing to do: rate limited, waiting for the reveal window, all scores zero
	exitWallet      = 6                    // wallet or password problem
	exitIO          = tcli.ExitIO          // state file I/O
	exitNode        = tcli.ExitNode        // node unreachable or API error
	exitInterrupted = tcli.ExitInterrupted // SIGINT/SIGTERM
)

func main() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// Main runs validate with the given arguments and streams and returns the
// exit code; tests call it in-process.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tcli.Run(newApp(), args, stdin, stdout, stderr)
}

func newApp() *cli.App {
	app := tcli.NewApp("validate", "taokit validator: score miners, set weights", []*cli.Command{
		newOnceCommand(),
		newRunCommand(),
		newDryRunCommand(),
	})
	app.UsageText = "validate [global options] command [options]"
	app.Description = exitStatusText
	wrapActions(app.Commands)
	return app
}

const exitStatusText = `EXIT STATUS (for cron)
   0 weights set, committed or revealed (dry-run: computed) · 1 other error · 2 usage
   · 3 config (bad settings, state file of another subnet or hotkey) · 4 refused by the chain
   (its error name is printed: SettingWeightsTooFast, RevealTooEarly, …), hotkey not registered,
   or no validator permit · 5 nothing to do (rate limited, waiting for the reveal window, every
   score zero) · 6 wallet/password · 11 state file I/O · 12 node unreachable · 130 interrupted`

func wrapActions(cmds []*cli.Command) {
	for _, c := range cmds {
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

// exitCode is the one switch mapping errors to validate's exit codes.
func exitCode(err error) int {
	var ue *tcli.UsageError
	var rej *validator.RejectedError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, errNothingToDo):
		return exitNothing
	case errors.As(err, &rej), errors.Is(err, validator.ErrNotRegistered), errors.Is(err, validator.ErrNoPermit):
		return exitRejected
	case errors.Is(err, validator.ErrBadConfig), errors.Is(err, validator.ErrStateMismatch), errors.Is(err, tcli.ErrConfig):
		return exitConfig
	case errors.Is(err, errWallet), errors.Is(err, wallet.ErrWrongPassword), errors.Is(err, wallet.ErrKeyfileNotFound),
		errors.Is(err, wallet.ErrCorruptKeyfile), errors.Is(err, wallet.ErrNoPassword):
		return exitWallet
	case errors.Is(err, client.ErrNode), errors.Is(err, tcli.ErrNode):
		return exitNode
	case errors.Is(err, errStateIO):
		return exitIO
	}
	return tcli.ExitCode(err)
}
