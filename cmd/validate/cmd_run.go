package main

import (
	"context"
	"errors"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/chain"
)

func newRunCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "run a round once per tempo, following the node's block stream",
		Description: `Follows the node's block stream and runs a round (see once) every --every blocks (default: the
subnet's tempo), and as soon as a pending commit's reveal window opens. A round in progress is
finished on SIGINT/SIGTERM, its state saved, then it exits. Failed rounds are logged and retried
at the next trigger; a broken stream is reconnected.

EXIT STATUS: 130 after SIGINT/SIGTERM (clean stop) · 2 usage · 3 config · 6 wallet · 11 state file`,
		Flags:  append(roundFlags(), &cli.Uint64Flag{Name: "every", Usage: "blocks between rounds (0: the subnet's tempo)"}),
		Action: runLoop,
	}
}

func runLoop(c *cli.Context) error {
	s, err := newSetup(c, false)
	if err != nil {
		return err
	}
	st, err := s.loadState()
	if err != nil {
		return err
	}
	ctx := c.Context
	heights := make(chan uint64, 1)
	go func() {
		var from uint64
		for ctx.Err() == nil {
			err := s.node.Follow(ctx, from, func(b *chain.BlockResult) error {
				from = b.Header.Height + 1
				select {
				case <-heights:
				default:
				}
				heights <- b.Header.Height
				return nil
			})
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("block stream broke; reconnecting", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	var lastRound uint64
	for {
		var h uint64
		select {
		case <-ctx.Done():
			s.log.Info("stopping", "rounds", st.Round)
			return ctx.Err()
		case h = <-heights:
		}
		every := c.Uint64("every")
		if every == 0 {
			sub, err := s.node.Subnet(ctx, s.netuid)
			if err != nil {
				s.log.Warn("read subnet", "err", err)
				continue
			}
			every = max(uint64(sub.Tempo), 1)
		}
		due := lastRound == 0 || h >= lastRound+every
		if p := st.Pending; p != nil && h+1 >= p.RevealFrom && h+1 <= p.RevealUntil {
			due = true
		}
		if !due {
			continue
		}
		lastRound = h
		// Finish a round in progress even when a signal arrives.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.Duration("timeout")+2*time.Minute)
		err := s.round(rctx, st, false)
		cancel()
		if err != nil && !errors.Is(err, errNothingToDo) {
			s.log.Error("round failed", "err", err, "exit_code", exitCode(err))
			if code := exitCode(err); code == exitConfig || code == exitIO || code == exitWallet {
				return err
			}
		}
	}
}
