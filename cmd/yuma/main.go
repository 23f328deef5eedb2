// Command yuma runs subtensor's Yuma Consensus epoch (internal/yuma) as a
// t8n-style filter: epoch input records in, one output record per input
// (yuma epoch), or vector-style scenarios in, one record per step (yuma run).
// See README.md for the schemas.
package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
)

func main() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }

// Main runs the yuma binary with the given arguments and streams and returns
// the exit code (0 ok, 2 usage, 10 malformed input, 1 other failures).
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tcli.Run(newApp(), args, stdin, stdout, stderr)
}

func newApp() *cli.App {
	return tcli.NewApp("yuma", "subtensor's Yuma Consensus epoch, bit-exact, as a filter", []*cli.Command{
		epochCommand(), runCommand(),
	})
}
