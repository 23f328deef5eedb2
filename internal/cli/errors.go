package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/codec"
)

// Exit codes: the documented contract of every binary (spec §3).
const (
	ExitOK          = 0   // success
	ExitRuntime     = 1   // runtime error (generic)
	ExitUsage       = 2   // bad flags, arguments or subcommand
	ExitConfig      = 3   // configuration error
	ExitPrecond     = 4   // domain precondition failed / tx rejected
	ExitMalformed   = 10  // cannot decode msgpack/JSON input, or truncated stream
	ExitIO          = 11  // file, socket or store I/O error
	ExitNode        = 12  // node unreachable / API error
	ExitInterrupted = 130 // SIGINT/SIGTERM, context cancelled
)

// ErrConfig marks configuration errors (exit 3); wrap it with %w.
var ErrConfig = errors.New("configuration error")

// ErrPrecondition marks a failed domain precondition or rejected tx (exit 4).
var ErrPrecondition = errors.New("precondition failed")

// ErrIO marks I/O errors that carry no *fs.PathError (exit 11).
var ErrIO = errors.New("i/o error")

// ErrNode marks an unreachable node or an API error (exit 12).
var ErrNode = errors.New("node error")

// UsageError is a bad flag, argument or subcommand (exit 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitError forces an exit code for Err.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode maps an error to the documented exit code. It is the one place
// where codes are decided; main.go may special-case before calling it.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var ue *UsageError
	var pe *fs.PathError
	var oe *net.OpError
	var de *net.DNSError
	var ec cli.ExitCoder
	switch {
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &ue):
		return ExitUsage
	case errors.Is(err, ErrConfig):
		return ExitConfig
	case errors.Is(err, ErrPrecondition):
		return ExitPrecond
	case errors.Is(err, codec.ErrMalformed), errors.Is(err, codec.ErrTruncated):
		return ExitMalformed
	case errors.Is(err, ErrNode), errors.As(err, &oe), errors.As(err, &de):
		return ExitNode
	case errors.Is(err, ErrIO), errors.As(err, &pe), errors.Is(err, fs.ErrNotExist),
		errors.Is(err, fs.ErrPermission), errors.Is(err, os.ErrClosed):
		return ExitIO
	case errors.As(err, &ec) && ec.ExitCode() != 0:
		return ec.ExitCode()
	case isCLIUsage(err):
		return ExitUsage
	}
	return ExitRuntime
}

// isCLIUsage recognises urfave/cli errors that are not routed through
// OnUsageError (missing required flags).
func isCLIUsage(err error) bool {
	return strings.HasPrefix(err.Error(), "Required flag")
}
