// Command amm runs the subnet pool (internal/amm) as a t8n-style filter:
// scenario records in, one result record per operation out. See README.md.
package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
)

func main() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// Main runs the amm binary with the given arguments and streams and returns
// the exit code (0 ok, 2 usage, 10 malformed input, 1 other failures).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tcli.Run(newApp(), args, stdin, stdout, stderr)
}

func newApp() *cli.App {
	return tcli.NewApp("amm", "subtensor's subnet pool, bit-exact, as a filter", []*cli.Command{
		runCommand(), quoteCommand(), maxCommand(), curveCommand(),
	})
}
