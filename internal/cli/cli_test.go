package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/codec"
)

func TestExitCode(t *testing.T) {
	t.Parallel()
	_, statErr := os.Stat("/nonexistent/taokit")
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"generic", errors.New("x"), 1},
		{"usage", Usagef("bad %s", "arg"), 2},
		{"wrapped usage", fmt.Errorf("cmd: %w", Usagef("x")), 2},
		{"config", fmt.Errorf("load: %w", ErrConfig), 3},
		{"precondition", fmt.Errorf("stake: %w", ErrPrecondition), 4},
		{"malformed", fmt.Errorf("read: %w", &codec.RecordError{Index: 2, Err: fmt.Errorf("%w: x", codec.ErrMalformed)}), 10},
		{"truncated", &codec.RecordError{Err: codec.ErrTruncated}, 10},
		{"path error", statErr, 11},
		{"not exist", fs.ErrNotExist, 11},
		{"io sentinel", fmt.Errorf("store: %w", ErrIO), 11},
		{"node", fmt.Errorf("query: %w", ErrNode), 12},
		{"net", &net.OpError{Op: "dial", Err: errors.New("refused")}, 12},
		{"canceled", fmt.Errorf("run: %w", context.Canceled), 130},
		{"forced", &ExitError{Code: 7, Err: errors.New("x")}, 7},
		{"forced wins over malformed", &ExitError{Code: 4, Err: codec.ErrMalformed}, 4},
		{"urfave exit coder", cli.Exit("x", 5), 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := ExitCode(tc.err); got != tc.want {
				t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

type rec struct {
	N    int    `json:"n"`
	Name string `json:"name"`
}

func testApp(t *testing.T) *cli.App {
	t.Helper()
	emit := &cli.Command{
		Name:  "emit",
		Usage: "write test records",
		Flags: []cli.Flag{&cli.IntFlag{Name: "count", Value: 2}},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return Usagef("unexpected argument %q", c.Args().First())
			}
			e, err := NewEmitter(c)
			if err != nil {
				return err
			}
			for i := 0; i < c.Int("count"); i++ {
				if err := e.Emit(rec{N: i, Name: fmt.Sprint("r", i)}); err != nil {
					return err
				}
			}
			return e.Flush()
		},
	}
	fail := &cli.Command{
		Name: "fail",
		Action: func(c *cli.Context) error {
			var v rec
			return codec.NewReader(c.App.Reader).Next(&v)
		},
	}
	logc := &cli.Command{
		Name: "log",
		Action: func(c *cli.Context) error {
			l, err := CommandLogger(c)
			if err != nil {
				return err
			}
			l.Debug("dbg", "height", 1)
			l.Info("hello", "height", 2)
			return nil
		},
	}
	group := &cli.Command{Name: "subnet", Subcommands: []*cli.Command{{Name: "list", Action: func(*cli.Context) error { return nil }}}}
	return NewApp("taotest", "test app", []*cli.Command{emit, fail, logc, group})
}

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(testApp(t), append([]string{"taotest"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunFormats(t *testing.T) {
	code, out, errOut := run(t, "", "-o", "json", "emit")
	if code != 0 || out != "{\"n\":0,\"name\":\"r0\"}\n{\"n\":1,\"name\":\"r1\"}\n" || errOut != "" {
		t.Errorf("json: %d %q %q", code, out, errOut)
	}
	// Global flag after the subcommand.
	code, out, _ = run(t, "", "emit", "--count", "3", "-o", "json")
	if code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("json after command: %d %q", code, out)
	}
	// auto on a non-terminal is msgpack.
	code, out, _ = run(t, "", "emit")
	r := codec.NewReader(strings.NewReader(out))
	if f, _ := r.Format(); code != 0 || f != codec.Msgpack {
		t.Fatalf("auto: %d %v", code, f)
	}
	for i := 0; i < 2; i++ {
		var v rec
		if err := r.Next(&v); err != nil || v.N != i {
			t.Errorf("msgpack record %d: %+v %v", i, v, err)
		}
	}
	code, out, _ = run(t, "", "-o", "table", "emit")
	if code != 0 || !strings.HasPrefix(out, "n  name") || !strings.Contains(out, "1  r1") {
		t.Errorf("table: %d\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown global flag", []string{"--bogus", "emit"}, "flag provided but not defined: -bogus"},
		{"unknown command flag", []string{"emit", "--bogus"}, "flag provided but not defined: -bogus"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown subcommand", []string{"subnet", "frob"}, `unknown command "frob"`},
		{"no command", nil, "no command given"},
		{"bad output", []string{"-o", "xml", "emit"}, `unknown output format "xml"`},
		{"bad output after command", []string{"emit", "-o", "xml"}, `unknown output format "xml"`},
		{"bad int", []string{"emit", "--count", "x"}, "invalid value"},
		{"extra arg", []string{"emit", "extra"}, `unexpected argument "extra"`},
		{"bad log level", []string{"--log.level", "loud", "log"}, `invalid log level "loud"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tc.args...)
			if code != ExitUsage {
				t.Errorf("code %d, want 2 (stderr %q)", code, errOut)
			}
			if !strings.HasPrefix(errOut, "taotest: ") || !strings.Contains(errOut, tc.msg) {
				t.Errorf("stderr %q, want %q", errOut, tc.msg)
			}
			if strings.Count(errOut, "taotest: ") != 1 {
				t.Errorf("error printed more than once: %q", errOut)
			}
			if strings.Contains(out, "{") {
				t.Errorf("records on stdout: %q", out)
			}
		})
	}
}

func TestRunMalformedInput(t *testing.T) {
	code, _, errOut := run(t, `{"n":"x"}`, "fail")
	if code != ExitMalformed || errOut != "taotest: record 0: field \"n\": cannot decode string into int\n" {
		t.Errorf("%d %q", code, errOut)
	}
	code, _, errOut = run(t, `{"n":1`, "fail")
	if code != ExitMalformed || !strings.Contains(errOut, "truncated") {
		t.Errorf("%d %q", code, errOut)
	}
}

func TestEnvOverride(t *testing.T) {
	t.Setenv("TAO_OUTPUT", "json")
	t.Setenv("TAO_COUNT", "1")
	code, out, _ := run(t, "", "emit")
	if code != 0 || out != "{\"n\":0,\"name\":\"r0\"}\n" {
		t.Errorf("env: %d %q", code, out)
	}
	// An explicit flag beats the env var.
	code, out, _ = run(t, "", "-o", "table", "emit")
	if code != 0 || !strings.HasPrefix(out, "n  name") {
		t.Errorf("flag over env: %d %q", code, out)
	}
	t.Setenv("TAO_OUTPUT", "xml")
	if code, _, _ := run(t, "", "emit"); code != ExitUsage {
		t.Errorf("bad env value: code %d", code)
	}
}

func TestEnvNames(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"output": "TAO_OUTPUT", "log.level": "TAO_LOG_LEVEL", "api-listen": "TAO_API_LISTEN"} {
		if got := EnvName(in); got != want {
			t.Errorf("EnvName(%q) = %q", in, got)
		}
	}
	app := testApp(t)
	for _, f := range app.Flags {
		if sf, ok := f.(*cli.StringFlag); ok && (len(sf.EnvVars) != 1 || sf.EnvVars[0] != EnvName(sf.Name)) {
			t.Errorf("flag %s env %v", sf.Name, sf.EnvVars)
		}
	}
}

func TestLogging(t *testing.T) {
	code, out, errOut := run(t, "", "--log.level", "debug", "--log.format", "json", "log")
	if code != 0 || out != "" {
		t.Fatalf("%d %q", code, out)
	}
	if !strings.Contains(errOut, `"msg":"dbg"`) || !strings.Contains(errOut, `"height":2`) {
		t.Errorf("json log: %q", errOut)
	}
	_, _, errOut = run(t, "", "log", "--log.format", "text")
	if !strings.Contains(errOut, "msg=hello height=2") || strings.Contains(errOut, "dbg") {
		t.Errorf("text log at info: %q", errOut)
	}
	// auto on a non-terminal is JSON.
	l, err := Logger(io.Discard, "warn", "auto")
	if err != nil || l.Enabled(context.Background(), -4) {
		t.Errorf("Logger: %v", err)
	}
	if _, err := Logger(io.Discard, "info", "xml"); ExitCode(err) != ExitUsage {
		t.Errorf("bad format: %v", err)
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	app := NewApp("taotest", "", []*cli.Command{{Name: "wait", Action: func(c *cli.Context) error {
		<-c.Context.Done()
		return c.Context.Err()
	}}})
	var errb bytes.Buffer
	if code := RunContext(ctx, app, []string{"taotest", "wait"}, nil, io.Discard, &errb); code != ExitInterrupted {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
}

func TestSilentExitError(t *testing.T) {
	app := NewApp("taotest", "", []*cli.Command{{Name: "diff", Action: func(*cli.Context) error {
		return &ExitError{Code: 1}
	}}})
	var errb bytes.Buffer
	if code := RunContext(context.Background(), app, []string{"taotest", "diff"}, nil, io.Discard, &errb); code != 1 || errb.Len() != 0 {
		t.Errorf("code %d stderr %q", code, errb.String())
	}
}
