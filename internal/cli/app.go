// Package cli is the shared command-line plumbing of the taokit binaries: the
// app skeleton with global flags, env var derivation, exit codes and logging.
// It is the only internal package that imports urfave/cli.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"reflect"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/output"
)

// Global flag names.
const (
	FlagOutput    = "output"
	FlagLogLevel  = "log.level"
	FlagLogFormat = "log.format"
)

// EnvPrefix prefixes every derived environment variable.
const EnvPrefix = "TAO_"

// EnvName returns the env var for a flag: "log.level" → "TAO_LOG_LEVEL".
func EnvName(flag string) string {
	return EnvPrefix + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(flag))
}

// GlobalFlags returns fresh copies of the flags every command accepts.
func GlobalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: FlagOutput, Aliases: []string{"o"}, Value: "auto",
			Usage: "output format: auto|table|json|msgpack (auto: table on a terminal, else msgpack)"},
		&cli.StringFlag{Name: FlagLogLevel, Value: "info", Usage: "log level: debug|info|warn|error"},
		&cli.StringFlag{Name: FlagLogFormat, Value: "auto", Usage: "log format: auto|text|json (auto: text on a terminal)"},
	}
}

// NewApp builds an app with the shared defaults: global flags (also accepted
// after the subcommand), TAO_* env vars for every flag, usage errors as
// *UsageError, and no os.Exit inside urfave/cli (spec §2(a)).
func NewApp(name, usage string, cmds []*cli.Command) *cli.App {
	app := &cli.App{
		Name:                 name,
		Usage:                usage,
		Commands:             cmds,
		Flags:                GlobalFlags(),
		HideVersion:          true,
		EnableBashCompletion: false,
		ExitErrHandler:       func(*cli.Context, error) {},
		OnUsageError:         onUsageError,
		Action:               unknownCommand,
		Before: func(c *cli.Context) error {
			return checkGlobals(c)
		},
	}
	for _, c := range cmds {
		prepare(c)
	}
	deriveEnv(app.Flags)
	return app
}

func prepare(c *cli.Command) {
	c.OnUsageError = onUsageError
	if len(c.Subcommands) > 0 {
		if c.Action == nil {
			c.Action = unknownCommand
		}
		for _, s := range c.Subcommands {
			prepare(s)
		}
		deriveEnv(c.Flags)
		return
	}
	deriveEnv(c.Flags)
	// Let leaf commands take global flags after their name too. These copies
	// get no env vars: the root's copies read TAO_*, so an explicit root flag
	// still beats the env var (see Lookup).
	have := map[string]bool{}
	for _, f := range c.Flags {
		for _, n := range f.Names() {
			have[n] = true
		}
	}
	for _, g := range GlobalFlags() {
		if !have[g.Names()[0]] {
			c.Flags = append(c.Flags, g)
		}
	}
}

// deriveEnv sets EnvVars = [TAO_<NAME>] on flags that have none.
func deriveEnv(flags []cli.Flag) {
	for _, f := range flags {
		v := reflect.ValueOf(f)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			continue
		}
		ev := v.Elem().FieldByName("EnvVars")
		if ev.IsValid() && ev.CanSet() && ev.Len() == 0 {
			ev.Set(reflect.ValueOf([]string{EnvName(f.Names()[0])}))
		}
	}
}

func onUsageError(c *cli.Context, err error, _ bool) error {
	return &UsageError{Err: err}
}

func unknownCommand(c *cli.Context) error {
	if c.Args().Present() {
		return Usagef("unknown command %q", c.Args().First())
	}
	_ = cli.ShowSubcommandHelp(c)
	return Usagef("no command given")
}

func checkGlobals(c *cli.Context) error {
	if _, err := output.ParseFormat(Lookup(c, FlagOutput)); err != nil {
		return &UsageError{Err: err}
	}
	if _, err := parseLevel(Lookup(c, FlagLogLevel)); err != nil {
		return &UsageError{Err: err}
	}
	if f := Lookup(c, FlagLogFormat); f != "auto" && f != "text" && f != "json" {
		return Usagef("invalid log format %q (want auto|text|json)", f)
	}
	return nil
}

// Lookup returns a string flag from the nearest context (command, then
// parents) where it was set by flag or env var, else its default.
func Lookup(c *cli.Context, name string) string {
	for _, ctx := range c.Lineage() {
		if ctx.IsSet(name) {
			return ctx.String(name)
		}
	}
	return c.String(name)
}

// OutputFormat returns the resolved -o format for this command's stdout.
func OutputFormat(c *cli.Context) (output.Format, error) {
	f, err := output.ParseFormat(Lookup(c, FlagOutput))
	if err != nil {
		return f, &UsageError{Err: err}
	}
	return output.Resolve(f, c.App.Writer), nil
}

// NewEmitter returns an output.Emitter for the command's stdout and -o flag.
func NewEmitter(c *cli.Context, opts ...output.EmitterOption) (*output.Emitter, error) {
	f, err := OutputFormat(c)
	if err != nil {
		return nil, err
	}
	return output.NewEmitter(c.App.Writer, f, opts...), nil
}

// CommandLogger returns a logger on the app's stderr per --log.level/--log.format.
func CommandLogger(c *cli.Context) (*slog.Logger, error) {
	return Logger(c.App.ErrWriter, Lookup(c, FlagLogLevel), Lookup(c, FlagLogFormat))
}

// Run runs app with the given streams and args (args[0] is the program
// name), prints "<name>: <error>" to stderr once on failure and returns the
// exit code. SIGINT/SIGTERM cancel the context (exit 130).
func Run(app *cli.App, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunContext(ctx, app, args, stdin, stdout, stderr)
}

// RunContext is Run with a caller-supplied context.
func RunContext(ctx context.Context, app *cli.App, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app.Reader, app.Writer, app.ErrWriter = stdin, stdout, stderr
	app.ExitErrHandler = func(*cli.Context, error) {}
	err := app.RunContext(ctx, args)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	code := ExitCode(err)
	if err != nil {
		var ee *ExitError
		silent := errors.As(err, &ee) && ee.Err == nil
		if !silent {
			fmt.Fprintf(stderr, "%s: %v\n", app.Name, err)
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "run '%s --help' for usage\n", app.Name)
		}
	}
	return code
}
