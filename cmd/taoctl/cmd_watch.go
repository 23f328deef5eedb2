package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/output"
)

func newWatchCommand() *cli.Command {
	return &cli.Command{
		Name:  "watch",
		Usage: "follow new blocks and their events from the node's stream",
		UsageText: `taoctl watch
   taoctl watch --from 1 --count 10 -o json | jq '.receipts[] | select(.ok | not)'
   taoctl watch --events`,
		Description: "Machine output is one record per block (header, hash, state root, receipts with events, block events).",
		Flags: []cli.Flag{nodeFlag(), rawFlag(),
			&cli.Uint64Flag{Name: "from", Usage: "replay from block `H` first, then follow"},
			&cli.Uint64Flag{Name: "count", Usage: "stop after `N` blocks (0: follow until interrupted)"},
			&cli.BoolFlag{Name: "events", Usage: "tables: one line per event and receipt as well"},
		},
		Action: runWatch,
	}
}

// errEnough stops the stream after --count blocks.
var errEnough = errors.New("enough blocks")

func runWatch(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	n, err := e.nodeAPI()
	if err != nil {
		return err
	}
	count, seen := c.Uint64("count"), uint64(0)
	var em *output.Emitter
	if !e.table() {
		em = output.NewEmitter(e.stdout, e.format)
	} else {
		fmt.Fprintf(e.stdout, "%-8s %-19s %-12s %5s %6s %6s\n", "height", "time", "hash", "txs", "failed", "events")
	}
	err = n.Follow(e.ctx, c.Uint64("from"), func(b *chain.BlockResult) error {
		if em != nil {
			if err := em.Emit(b); err != nil {
				return err
			}
			if err := em.Flush(); err != nil {
				return err
			}
		} else {
			printBlock(e, b, c.Bool("events"))
		}
		seen++
		if count > 0 && seen >= count {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		return nil
	}
	return n.nodeError("watch", err)
}

func printBlock(e *runEnv, b *chain.BlockResult, events bool) {
	failed, nev := 0, len(b.Events)
	for _, r := range b.Receipts {
		if !r.OK {
			failed++
		}
		nev += len(r.Events)
	}
	t := time.UnixMilli(int64(b.Header.Time)).UTC().Format("2006-01-02 15:04:05")
	h := b.Hash.String()
	if len(h) > 12 {
		h = h[:12]
	}
	fmt.Fprintf(e.stdout, "%-8d %-19s %-12s %5d %6d %6d\n", b.Header.Height, t, h, len(b.Receipts), failed, nev)
	if !events {
		return
	}
	for _, r := range b.Receipts {
		status := "ok"
		if !r.OK {
			status = "failed " + r.Error
		}
		fmt.Fprintf(e.stdout, "    tx %s %s by %s: %s (fee %s)\n", strings.TrimPrefix(r.Hash.String(), "0x")[:10], r.Call, short(r.Signer), status, e.amt.TAO(r.Fee))
		for _, ev := range r.Events {
			fmt.Fprintf(e.stdout, "      %s\n", eventString(ev))
		}
	}
	for _, ev := range b.Events {
		fmt.Fprintf(e.stdout, "    %s\n", eventString(ev))
	}
}
