package axon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Command is a Handler that answers each request by running a program:
// the request body on its stdin, the answer from its stdout. The
// environment adds AXON_SYNAPSE (the synapse name), AXON_CALLER (the
// validator's SS58 hotkey), AXON_CALLER_UID, AXON_CALLER_STAKE and
// AXON_TIMEOUT_MS. When the request's timeout passes the command's whole
// process group is killed. A non-zero exit is a failure (500
// command_failed); the first lines of its stderr are logged.
type Command struct {
	Argv      []string
	Dir       string
	Env       []string // extra KEY=VALUE entries
	MaxOutput int      // stdout limit in bytes (default 16 MiB)
	Logger    *slog.Logger
}

type limitedBuffer struct {
	buf   bytes.Buffer
	limit int
	over  bool
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > l.limit {
		l.over = true
		n := l.limit - l.buf.Len()
		if n > 0 {
			l.buf.Write(p[:n])
		}
		return len(p), nil
	}
	return l.buf.Write(p)
}

// Serve implements Handler.
func (c *Command) Serve(ctx context.Context, r *Request) ([]byte, error) {
	if len(c.Argv) == 0 {
		return nil, fmt.Errorf("%w: no command configured", ErrCommandFailed)
	}
	limit := c.MaxOutput
	if limit <= 0 {
		limit = 16 << 20
	}
	cmd := exec.CommandContext(ctx, c.Argv[0], c.Argv[1:]...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), c.Env...)
	cmd.Env = append(cmd.Env,
		"AXON_SYNAPSE="+r.Name,
		"AXON_CALLER="+r.Caller.String(),
		"AXON_CALLER_UID="+strconv.Itoa(int(r.Info.UID)),
		"AXON_CALLER_STAKE="+strconv.FormatUint(r.Info.Stake, 10),
		"AXON_TIMEOUT_MS="+strconv.FormatInt(r.Timeout.Milliseconds(), 10),
	)
	cmd.Stdin = bytes.NewReader(r.Body)
	out := &limitedBuffer{limit: limit}
	errb := &limitedBuffer{limit: 4096}
	cmd.Stdout, cmd.Stderr = out, errb
	setProcessGroup(cmd)
	cmd.WaitDelay = 500 * time.Millisecond
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%w after %v: %w", ErrTimeout, time.Since(start).Round(time.Millisecond), ctx.Err())
	}
	if err != nil {
		if msg := strings.TrimSpace(errb.buf.String()); msg != "" && c.Logger != nil {
			c.Logger.Warn("miner command failed", "err", err, "stderr", msg)
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("%w: %s", ErrCommandFailed, ee.ProcessState.String())
		}
		return nil, fmt.Errorf("%w: %w", ErrCommandFailed, err)
	}
	if out.over {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrOutputTooLarge, limit)
	}
	return out.buf.Bytes(), nil
}
