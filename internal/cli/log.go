package cli

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/taokit/taokit/internal/output"
)

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.TrimSpace(s))); err != nil {
		return l, fmt.Errorf("invalid log level %q (want debug|info|warn|error)", s)
	}
	return l, nil
}

// Logger returns a slog.Logger writing to stderr at level
// (debug|info|warn|error) in format text|json|auto (auto: text when stderr is
// a terminal, JSON otherwise). Logs never go to stdout.
func Logger(stderr io.Writer, level, format string) (*slog.Logger, error) {
	l, err := parseLevel(level)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "", "auto":
		if output.IsTerminal(stderr) {
			return slog.New(slog.NewTextHandler(stderr, opts)), nil
		}
		return slog.New(slog.NewJSONHandler(stderr, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(stderr, opts)), nil
	}
	return nil, Usagef("invalid log format %q (want auto|text|json)", format)
}
