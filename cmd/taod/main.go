// Command taod is the taokit node daemon: it produces blocks on the chain
// state machine (internal/chain), persists them in a bbolt store and serves
// the HTTP API (docs/api.md). See README.md.
//
// Exit status: 0 success, 1 runtime error, 2 usage, 3 configuration error,
// 4 precondition failed (e.g. init would overwrite), 10 malformed snapshot
// input, 11 I/O error (store, files, store in use), 130 interrupted
// (SIGINT/SIGTERM after a clean shutdown).
package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
)

func main() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// Main runs taod with the given arguments and streams and returns the exit
// code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tcli.Run(newApp(), args, stdin, stdout, stderr)
}

func newApp() *cli.App {
	return tcli.NewApp("taod", "the taokit node: block production, persistence, HTTP API", []*cli.Command{
		initCommand(), runCommand(), configCommand(), exportCommand(), importCommand(),
	})
}
