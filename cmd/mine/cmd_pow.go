package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/pow"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/tx"
	"github.com/taokit/taokit/internal/validator"
)

func newPowCommand() *cli.Command {
	return &cli.Command{
		Name:  "pow",
		Usage: "register a hotkey on a subnet with proof of work",
		UsageText: `mine pow --netuid 1 --wallet.name me --wallet.hotkey m1 --threads 2
   mine pow --netuid 1 --wallet.name //Alice --wallet.hotkey //Alice//m1 -o json      (progress records on stdout)
   mine pow --offline --block-hash 0x00…00 --hotkey-pub 5Grw… --difficulty 1000000 --threads 1`,
		Description: `Solves the subnet's proof of work for the head block with all cores (--threads), restarting on
the new block hash whenever the chain moves on (each nonce is an independent trial, so a restart
loses nothing), and sends the register call signed by the hotkey (the coldkey is only named: its
coldkeypub.txt is read). Work is accepted for 2 blocks after its block (internal/pow
WorkValidityBlocks), so a solution that went stale is solved again.

Seal rule and byte order: see ` + "`mine seal --help`" + ` and internal/pow's package documentation. The solver
returns the smallest valid nonce ≥ --start-nonce whatever --threads is.

Progress: a status line on stderr when it is a terminal (hash rate, difficulty, block, best
seal's difficulty); otherwise progress records (event "progress") on stdout in the -o format,
then one "solved" and one "registered" record.

--offline solves a given problem (--block-hash, --hotkey-pub, --difficulty) without a node and
prints the solution.

EXIT STATUS: 0 registered (or solved with --offline/--no-submit), 4 refused by the chain (error
name printed) or the hotkey is already registered / the subnet has PoW off, 5 wallet, 10 bad
input, 12 node unreachable, 130 interrupted.`,
		Flags: flags(walletFlags(), []cli.Flag{
			nodeFlag(),
			&cli.UintFlag{Name: flagNetuid, Usage: "subnet `NETUID` (required unless --offline)"},
			&cli.IntFlag{Name: "threads", Usage: "solver threads (0: all cores)"},
			&cli.Uint64Flag{Name: "start-nonce", Usage: "first nonce tried"},
			&cli.BoolFlag{Name: "no-submit", Usage: "solve for the chain's head but send nothing"},
			&cli.IntFlag{Name: "attempts", Value: 10, Usage: "solve/submit attempts when work goes stale or the chain refuses it as stale"},
			&cli.DurationFlag{Name: "progress-interval", Value: time.Second, Usage: "progress report interval"},
			&cli.BoolFlag{Name: "offline", Usage: "solve --block-hash/--hotkey-pub/--difficulty without a node"},
			&cli.StringFlag{Name: "block-hash", Usage: "offline: 32-byte block hash, hex"},
			&cli.StringFlag{Name: "hotkey-pub", Usage: "offline: hotkey (SS58, 0x public key or secret URI)"},
			&cli.Uint64Flag{Name: "difficulty", Usage: "offline: difficulty"},
			&cli.StringFlag{Name: "order", Value: "chain", Usage: "offline: seal byte order: chain (= big) | big | little"},
		}),
		Action: runPow,
	}
}

// powRecord is one record of `mine pow`'s output stream.
type powRecord struct {
	Event          string  `json:"event"` // progress | solved | registered
	Netuid         uint16  `json:"netuid,omitempty"`
	Hotkey         string  `json:"hotkey,omitempty"`
	Block          uint64  `json:"block"`
	BlockHash      string  `json:"block_hash"`
	Difficulty     uint64  `json:"difficulty"`
	Threads        int     `json:"threads"`
	Hashes         uint64  `json:"hashes"`
	ElapsedS       float64 `json:"elapsed_s"`
	Rate           float64 `json:"rate_hps"`
	InstantRate    float64 `json:"instant_rate_hps"`
	BestDifficulty uint64  `json:"best_difficulty"`
	BestSeal       string  `json:"best_seal,omitempty"`
	Nonce          uint64  `json:"nonce"`
	Seal           string  `json:"seal,omitempty"`
	Included       uint64  `json:"included_block,omitempty"`
	UID            int     `json:"uid,omitempty"`
}

// progressSink shows solver progress: a status line on a terminal, or
// records on stdout.
type progressSink struct {
	mu      sync.Mutex
	bar     *progressbar.ProgressBar
	em      *output.Emitter
	records bool
	base    powRecord
	last    powRecord // the latest report (the final one once Solve returned)
}

// solved returns a "solved" record carrying the latest rates.
func (ps *progressSink) solved() powRecord {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	r := ps.base
	r.Event, r.ElapsedS, r.Rate, r.InstantRate = "solved", ps.last.ElapsedS, ps.last.Rate, ps.last.InstantRate
	return r
}

func newProgressSink(c *cli.Context, em *output.Emitter) *progressSink {
	ps := &progressSink{em: em}
	if output.IsTerminal(c.App.ErrWriter) {
		ps.bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(c.App.ErrWriter),
			progressbar.OptionSetVisibility(true), progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSpinnerType(14), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(10))
	} else {
		ps.records = em.Format() != output.FormatTable
	}
	return ps
}

func (ps *progressSink) problem(block uint64, hash [32]byte, diff uint64, threads int) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.base.Block, ps.base.BlockHash, ps.base.Difficulty, ps.base.Threads = block, "0x"+hex.EncodeToString(hash[:]), diff, threads
}

func (ps *progressSink) report(p pow.Progress) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	r := ps.base
	r.Event, r.Hashes, r.ElapsedS, r.Rate, r.InstantRate = "progress", p.Hashes, p.Elapsed.Seconds(), p.Rate, p.InstantRate
	r.BestDifficulty = p.BestDifficulty
	if p.BestDifficulty > 0 {
		r.BestSeal = hex.EncodeToString(p.BestSeal[:])
	}
	ps.last = r
	if ps.bar != nil {
		ps.bar.Describe(fmt.Sprintf("block %d · difficulty %s · %s/s · best %s · %s hashes",
			r.Block, si(float64(r.Difficulty)), si(p.Rate), si(float64(p.BestDifficulty)), si(float64(p.Hashes))))
		_ = ps.bar.Set64(int64(min(p.Hashes, 1<<62)))
		return
	}
	if ps.records && !p.Final {
		_ = ps.em.Emit(r)
		_ = ps.em.Flush()
	}
}

func (ps *progressSink) finish() {
	if ps.bar != nil {
		_ = ps.bar.Finish()
	}
}

// si formats a number with a k/M/G/T suffix.
func si(v float64) string {
	switch {
	case v >= 1e12:
		return fmt.Sprintf("%.2fT", v/1e12)
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func runPow(c *cli.Context) error {
	log, err := tcli.CommandLogger(c)
	if err != nil {
		return err
	}
	em, err := tcli.NewEmitter(c)
	if err != nil {
		return err
	}
	defer em.Flush()
	if c.Int("threads") < 0 {
		return tcli.Usagef("--threads must be ≥ 0")
	}
	if c.Bool("offline") {
		return runPowOffline(c, em)
	}
	if !c.IsSet(flagNetuid) {
		return tcli.Usagef("--netuid is required (or --offline)")
	}
	netuid := uint16(c.Uint(flagNetuid))
	hot, err := loadHotkey(c)
	if err != nil {
		return err
	}
	cold, err := coldkeyAddress(c)
	if err != nil {
		return err
	}
	node := client.New(c.String(flagNode))
	ctx := c.Context
	ps := newProgressSink(c, em)
	defer ps.finish()
	threads := c.Int("threads")
	for attempt := 1; attempt <= c.Int("attempts"); attempt++ {
		// The difficulty is re-read every attempt: the chain adjusts it.
		mg, err := node.Metagraph(ctx, netuid, query.MetagraphOptions{})
		if err != nil {
			return fmt.Errorf("read subnet %d: %w", netuid, err)
		}
		for _, n := range mg.Neurons {
			if n.Hotkey.ID() == hot.AccountID() {
				return fmt.Errorf("%w: hotkey %s is already registered on netuid %d as uid %d", errPrecondition, hot.SS58(), netuid, n.UID)
			}
		}
		if v, _ := validator.Hyperparameter(mg.Subnet, "network_pow_registration_allowed"); v == 0 {
			return fmt.Errorf("%w: SubNetRegistrationDisabled: subnet %d does not allow PoW registration", errPrecondition, netuid)
		}
		dv, _ := validator.Hyperparameter(mg.Subnet, "difficulty")
		diff := uint64(max(dv, 0))
		sol, block, err := solveLive(ctx, node, hot.AccountID(), diff, c.Uint64("start-nonce"), threads, c.Duration("progress-interval"), ps, log)
		if err != nil {
			return err
		}
		rec := ps.solved()
		rec.Netuid, rec.Hotkey = netuid, hot.SS58()
		rec.Block, rec.BlockHash = block, "0x"+hex.EncodeToString(sol.Problem.BlockHash[:])
		rec.Hashes, rec.Nonce, rec.Seal = sol.Hashes, sol.Nonce, hex.EncodeToString(sol.Seal[:])
		rec.BestDifficulty = pow.MaxDifficulty(sol.Seal, pow.ChainOrder)
		if err := em.Emit(rec); err != nil {
			return err
		}
		_ = em.Flush()
		if c.Bool("no-submit") {
			return nil
		}
		head, err := node.Head(ctx)
		if err != nil {
			return fmt.Errorf("read head: %w", err)
		}
		if pow.CheckWorkBlock(block, head.Height+1) != nil {
			log.Warn("work went stale before it could be sent; solving again", "work_block", block, "head", head.Height, "attempt", attempt)
			continue
		}
		call := tx.RegisterPow{Netuid: netuid, BlockNumber: block, Nonce: sol.Nonce, Work: sol.Seal[:], Hotkey: hot.AccountID(), Coldkey: cold}
		res, err := node.Send(ctx, hot, call, true)
		if err != nil {
			var ce *client.Error
			if errors.As(err, &ce) && ce.Reason != "" {
				return fmt.Errorf("%w: register: %s", errRejected, ce.Reason)
			}
			return fmt.Errorf("register: %w", err)
		}
		if res.Inclusion == nil {
			return fmt.Errorf("register: %w: no inclusion", client.ErrNode)
		}
		rc := res.Inclusion.Receipt
		if !rc.OK {
			if rc.Error == "InvalidWorkBlock" || rc.Error == "InvalidDifficulty" {
				log.Warn("chain refused the work (stale, or the difficulty moved); solving again", "reason", rc.Error, "attempt", attempt)
				continue
			}
			return fmt.Errorf("%w: register: %s", errRejected, rc.Error)
		}
		rec.Event, rec.Included, rec.UID = "registered", res.Inclusion.Height, -1
		if mg, err := node.Metagraph(ctx, netuid, query.MetagraphOptions{}); err == nil {
			for _, n := range mg.Neurons {
				if n.Hotkey.ID() == hot.AccountID() {
					rec.UID = int(n.UID)
				}
			}
		}
		log.Info("registered", "netuid", netuid, "hotkey", hot.SS58(), "uid", rec.UID, "block", rec.Included)
		return em.Emit(rec)
	}
	return fmt.Errorf("%w: work kept going stale after %d attempts (the difficulty is too high for this machine's speed and the block time)",
		errPrecondition, c.Int("attempts"))
}

// solveLive solves for the head block, restarting on every new block, and
// returns the solution with its block height.
func solveLive(ctx context.Context, node *client.Client, hotkey keys.AccountID, diff, start uint64, threads int, every time.Duration, ps *progressSink, log *slog.Logger) (pow.Solution, uint64, error) {
	head, err := node.Head(ctx)
	if err != nil {
		return pow.Solution{}, 0, fmt.Errorf("read head: %w", err)
	}
	heights := map[[32]byte]uint64{head.Hash: head.Height}
	var mu sync.Mutex
	p := pow.Problem{BlockHash: head.Hash, Hotkey: hotkey, Difficulty: diff, StartNonce: start, Order: pow.ChainOrder}
	ps.problem(head.Height, head.Hash, diff, threads)
	updates := make(chan pow.Problem)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		last := head.Height
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-pctx.Done():
				return
			case <-t.C:
			}
			h, err := node.Head(pctx)
			if err != nil || h.Height == last {
				continue
			}
			last = h.Height
			mu.Lock()
			heights[h.Hash] = h.Height
			mu.Unlock()
			np := p
			np.BlockHash = h.Hash
			select {
			case updates <- np:
				ps.problem(h.Height, h.Hash, diff, threads)
				log.Debug("chain moved on; new block hash", "block", h.Height)
			case <-pctx.Done():
				return
			}
		}
	}()
	sol, err := pow.SolveUpdates(ctx, p, updates, pow.Options{Threads: threads, Progress: ps.report, ProgressInterval: every})
	if err != nil {
		return sol, 0, fmt.Errorf("solve proof of work: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	return sol, heights[sol.Problem.BlockHash], nil
}

func runPowOffline(c *cli.Context, em *output.Emitter) error {
	bh, err := parseHash32(c.String("block-hash"))
	if err != nil {
		return err
	}
	hk, err := parseHotkey(c.String("hotkey-pub"))
	if err != nil {
		return err
	}
	order, err := parseOrder(c.String("order"))
	if err != nil {
		return err
	}
	p := pow.Problem{BlockHash: bh, Hotkey: hk, Difficulty: c.Uint64("difficulty"), StartNonce: c.Uint64("start-nonce"), Order: order}
	ps := newProgressSink(c, em)
	ps.problem(0, bh, p.Difficulty, c.Int("threads"))
	defer ps.finish()
	sol, err := pow.Solve(c.Context, p, pow.Options{Threads: c.Int("threads"), Progress: ps.report, ProgressInterval: c.Duration("progress-interval")})
	if err != nil {
		return fmt.Errorf("solve proof of work: %w", err)
	}
	rec := ps.solved()
	rec.Hotkey, rec.Hashes = keys.AccountID(hk).String(), sol.Hashes
	rec.Nonce, rec.Seal, rec.BestDifficulty = sol.Nonce, hex.EncodeToString(sol.Seal[:]), pow.MaxDifficulty(sol.Seal, order)
	return em.Emit(rec)
}

var _ io.Writer = (*progressbar.ProgressBar)(nil)
