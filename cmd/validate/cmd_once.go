package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/validator"
)

func newOnceCommand() *cli.Command {
	return &cli.Command{
		Name:  "once",
		Usage: "run one validation round and submit weights (for cron)",
		UsageText: `validate once --netuid 1 --wallet.name me --wallet.hotkey v1 --scorer ./score.sh --challenge-cmd ./challenge.sh
   validate once … --scorer-batch ./score-batch.sh   # one scorer process per round (JSON Lines in, a score per line out)
   validate once … -o json | jq 'select(.weight > 0)'`,
		Description: `One round: load the state file, read the metagraph, query every served miner concurrently with a
signed request (--timeout), score each answer (--scorer, a process per answer, or --scorer-batch,
one process per round fed one JSON record per answered miner and printing one score per line, in
order; garbage output, missing lines, a non-zero exit or --scorer-timeout scores 0 and logs why;
unreachable miners score 0), combine with latency (--latency-weight), update the
moving average per uid (reset when the uid's hotkey changed), max-upscale to u16 weights and
submit: set_weights, or on a commit-reveal subnet reveal the pending commit in its window and
commit the new weights (the salt is saved to the state file before the commit is sent). The
weights rate limit is checked first. Then the state is saved. One record per uid on stdout.

` + exitStatusText,
		Flags:  roundFlags(),
		Action: func(c *cli.Context) error { return runOnce(c, false) },
	}
}

func newDryRunCommand() *cli.Command {
	return &cli.Command{
		Name:  "dry-run",
		Usage: "run a round and compute weights without submitting or saving anything",
		Description: `Like once, but sends nothing to the chain and leaves the state file untouched (the moving
averages shown are what once would save). Works for a hotkey that is not registered.

EXIT STATUS: 0 computed · 2 usage · 3 config · 6 wallet · 11 state file · 12 node unreachable`,
		Flags:  roundFlags(),
		Action: func(c *cli.Context) error { return runOnce(c, true) },
	}
}

func runOnce(c *cli.Context, dryRun bool) error {
	s, err := newSetup(c, dryRun)
	if err != nil {
		return err
	}
	st, err := s.loadState()
	if err != nil {
		return err
	}
	return s.round(c.Context, st, dryRun)
}

// round runs one round, writes its records and saves the state; it maps
// "nothing submitted" outcomes to errNothingToDo.
func (s *setup) round(ctx context.Context, st *validator.State, dryRun bool) error {
	out, rerr := s.v.Once(ctx, st)
	if out != nil {
		for _, sc := range out.Scores {
			if err := s.em.Emit(sc); err != nil {
				return err
			}
		}
		if err := s.em.Flush(); err != nil {
			return err
		}
	}
	if !dryRun && out != nil && !errors.Is(rerr, context.Canceled) {
		if err := saveState(st, s.statePath); err != nil {
			return errors.Join(rerr, err)
		}
	}
	if rerr != nil {
		return rerr
	}
	answered := 0
	for _, sc := range out.Scores {
		if sc.Status == "ok" {
			answered++
		}
	}
	s.log.Info("round done", "netuid", s.netuid, "round", st.Round, "height", out.Block, "action", out.Action,
		"miners", len(out.Scores), "answered", answered, "weights", len(out.Uids), "included", out.Included, "took", out.Took.Round(1e6))
	switch out.Action {
	case validator.ActionSet, validator.ActionCommitted, validator.ActionRevealed, validator.ActionDryRun:
		return nil
	}
	return fmt.Errorf("%w: %s", errNothingToDo, out.Action)
}
