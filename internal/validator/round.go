package validator

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime"
	"sync"
	"time"

	"github.com/taokit/taokit/internal/api"
	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/axon"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/query"
	chainrt "github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/tx"
)

// Node is the part of the taod client a validator uses; *client.Client
// implements it.
type Node interface {
	Metagraph(ctx context.Context, netuid uint16, mo query.MetagraphOptions, opts ...client.QueryOption) (*query.Metagraph, error)
	Subnet(ctx context.Context, netuid uint16, opts ...client.QueryOption) (query.Subnet, error)
	Send(ctx context.Context, kp *keys.Keypair, call tx.Call, wait bool) (*api.SubmitResult, error)
}

// Config configures a Validator.
type Config struct {
	Netuid   uint16
	Keypair  *keys.Keypair
	Node     Node
	Dendrite *axon.Dendrite // default: a new one for Keypair
	// Synapse is the name queried (default "Query").
	Synapse string
	// Timeout is the per-query timeout (default 12 s).
	Timeout time.Duration
	// Concurrency bounds the queries in flight (default 256) and
	// ScoreConcurrency the scorers running (default 2 × CPUs).
	Concurrency      int
	ScoreConcurrency int
	// Scorer rates each answer on its own; BatchScorer rates all of a
	// round's answers in one call (after every query is done). Exactly one
	// is required.
	Scorer      Scorer
	BatchScorer BatchScorer
	Challenge   ChallengeSource // default: an empty body
	// LatencyWeight is the share of the score earned by speed (Rule).
	LatencyWeight float64
	// Alpha is the moving-average factor (default 0.1, bittensor's template).
	Alpha float64
	// DryRun computes weights without submitting anything.
	DryRun bool
	// SaveState persists the state; it is called before a commit is sent,
	// so the salt is on disk before the chain sees the hash.
	SaveState func(*State) error
	Logger    *slog.Logger
}

// Actions a round can end with.
const (
	ActionSet           = "set"            // set_weights included
	ActionCommitted     = "committed"      // commit_weights included
	ActionRevealed      = "revealed"       // reveal_weights included (and nothing newer to commit)
	ActionDryRun        = "dry_run"        // computed only
	ActionRateLimited   = "rate_limited"   // weights rate limit not passed yet
	ActionWaitingReveal = "waiting_reveal" // a commit waits for its reveal window
	ActionNoWeights     = "no_weights"     // every score is zero
)

// Score is the per-uid record a round writes to stdout.
type Score struct {
	Round        uint64         `json:"round"`
	Block        uint64         `json:"block"`
	Netuid       uint16         `json:"netuid"`
	UID          uint16         `json:"uid"`
	Hotkey       keys.AccountID `json:"hotkey"`
	Status       string         `json:"status"` // ok, or why it scored 0: no_axon, unreachable, timeout, a refusal reason, scorer_failed
	LatencyMS    float64        `json:"latency_ms"`
	Quality      float64        `json:"quality"`
	LatencyScore float64        `json:"latency_score"`
	Score        float64        `json:"score"`
	EMA          float64        `json:"ema"`
	Weight       uint16         `json:"weight"` // the u16 weight as the chain stores it
}

// Outcome is the result of one round.
type Outcome struct {
	Action   string
	Block    uint64 // head when the round started
	Included uint64 // block holding the submitted call
	Scores   []Score
	Uids     []uint16
	Values   []uint16
	Revealed bool // a pending commit was revealed this round
	Took     time.Duration
}

// Validator runs rounds.
type Validator struct {
	cfg Config
	log *slog.Logger
}

// New checks cfg and returns a Validator.
func New(cfg Config) (*Validator, error) {
	if cfg.Keypair == nil || cfg.Node == nil || (cfg.Scorer == nil && cfg.BatchScorer == nil) {
		return nil, fmt.Errorf("%w: keypair, node and scorer are required", ErrBadConfig)
	}
	if cfg.Scorer != nil && cfg.BatchScorer != nil {
		return nil, fmt.Errorf("%w: a per-answer scorer and a batch scorer are mutually exclusive", ErrBadConfig)
	}
	if cfg.LatencyWeight < 0 || cfg.LatencyWeight > 1 {
		return nil, fmt.Errorf("%w: latency weight %v outside [0,1]", ErrBadConfig, cfg.LatencyWeight)
	}
	if cfg.Alpha == 0 {
		cfg.Alpha = 0.1
	}
	if cfg.Alpha < 0 || cfg.Alpha > 1 {
		return nil, fmt.Errorf("%w: alpha %v outside (0,1]", ErrBadConfig, cfg.Alpha)
	}
	if cfg.Synapse == "" {
		cfg.Synapse = "Query"
	}
	if !axon.ValidName(cfg.Synapse) {
		return nil, fmt.Errorf("%w: synapse name %q", ErrBadConfig, cfg.Synapse)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 12 * time.Second
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 256
	}
	if cfg.ScoreConcurrency <= 0 {
		cfg.ScoreConcurrency = 2 * runtime.NumCPU()
	}
	if cfg.Challenge == nil {
		cfg.Challenge = StaticChallenge(nil)
	}
	if cfg.Dendrite == nil {
		cfg.Dendrite = axon.NewDendrite(cfg.Keypair, nil)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SaveState == nil {
		cfg.SaveState = func(*State) error { return nil }
	}
	return &Validator{cfg: cfg, log: cfg.Logger}, nil
}

// Hyperparameter returns a subnet hyperparameter by its btcli name.
func Hyperparameter(s query.Subnet, name string) (int64, bool) {
	for _, h := range s.Hyperparameters {
		if h.Name == name {
			return h.Value, true
		}
	}
	return 0, false
}

// servedAddr returns a neuron's axon host:port, if it serves one.
func servedAddr(a query.Axon) (string, bool) {
	if a.Port == 0 || (a.IPType != 4 && a.IPType != 6) {
		return "", false
	}
	ip, err := netip.ParseAddr(a.IP)
	if err != nil || ip.IsUnspecified() {
		return "", false
	}
	return netip.AddrPortFrom(ip, a.Port).String(), true
}

// nodeErr marks errors talking to the node.
func nodeErr(what string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// send submits a call and waits for its receipt; a refused call is a
// *RejectedError.
func (v *Validator) send(ctx context.Context, call tx.Call) (uint64, error) {
	res, err := v.cfg.Node.Send(ctx, v.cfg.Keypair, call, true)
	if err != nil {
		var ce *client.Error
		if errors.As(err, &ce) && ce.Code == api.CodeTxRejected {
			name := ce.Reason
			if name == "" {
				name = ce.Message
			}
			return 0, &RejectedError{Call: call.CallName(), Name: name}
		}
		return 0, nodeErr("submit "+call.CallName(), err)
	}
	if res.Inclusion == nil {
		return 0, nodeErr("submit "+call.CallName(), fmt.Errorf("%w: no inclusion in the answer", client.ErrNode))
	}
	if rc := res.Inclusion.Receipt; !rc.Valid || !rc.OK {
		return res.Inclusion.Height, &RejectedError{Call: call.CallName(), Name: rc.Error}
	}
	return res.Inclusion.Height, nil
}

// Once runs one round on st (updated in place; the caller saves it).
// Records are in the Outcome even when an error is returned after scoring.
func (v *Validator) Once(ctx context.Context, st *State) (*Outcome, error) {
	start := time.Now()
	cfg := v.cfg
	mg, err := cfg.Node.Metagraph(ctx, cfg.Netuid, query.MetagraphOptions{})
	if err != nil {
		return nil, nodeErr("read metagraph", err)
	}
	me := cfg.Keypair.AccountID()
	self := -1
	for i := range mg.Neurons {
		if mg.Neurons[i].Hotkey.ID() == me {
			self = int(mg.Neurons[i].UID)
		}
	}
	out := &Outcome{Block: mg.Height}
	defer func() { out.Took = time.Since(start) }()
	if self < 0 && !cfg.DryRun {
		return out, fmt.Errorf("%w: %s on netuid %d", ErrNotRegistered, me, cfg.Netuid)
	}
	if !cfg.DryRun && st.Pending != nil {
		if err := v.reveal(ctx, st, mg, out); err != nil {
			return out, err
		}
	}
	round := st.Round + 1
	ch, err := cfg.Challenge.Challenge(ctx, round, mg.Height)
	if err != nil {
		return out, err
	}
	scores := v.scoreAll(ctx, mg, self, ch)
	if ctx.Err() != nil {
		return out, ctx.Err()
	}
	// Moving averages, reset when a uid changed hands.
	n := uint16(len(mg.Neurons))
	kept := st.Neurons[:0]
	for _, ns := range st.Neurons {
		if ns.UID < n {
			kept = append(kept, ns)
		}
	}
	st.Neurons = kept
	emas := make(map[uint16]float64, len(scores))
	for i := range scores {
		sc := &scores[i]
		ns := st.upsert(sc.UID)
		if ns.Hotkey != sc.Hotkey.String() {
			if ns.Hotkey != "" {
				v.log.Info("uid changed hands; moving average reset", "uid", sc.UID, "old", ns.Hotkey, "new", sc.Hotkey.String())
			}
			*ns = NeuronState{UID: sc.UID, Hotkey: sc.Hotkey.String()}
		}
		ns.EMA = EMA(ns.EMA, sc.Score, cfg.Alpha)
		ns.LastScore, ns.UpdatedBlock = sc.Score, mg.Height
		ns.Rounds++
		sc.EMA = ns.EMA
		sc.Round = round
		emas[sc.UID] = ns.EMA
	}
	minW, _ := Hyperparameter(mg.Subnet, "min_allowed_weights")
	out.Uids, out.Values = Weights(emas, n, self, uint16(max(0, min(minW, 65535))))
	wmap := make(map[uint16]uint16, len(out.Uids))
	for i, u := range out.Uids {
		wmap[u] = out.Values[i]
	}
	for i := range scores {
		scores[i].Weight = wmap[scores[i].UID]
	}
	out.Scores = scores
	st.Round, st.LastRoundBlock = round, mg.Height
	if cfg.DryRun {
		out.Action = ActionDryRun
		return out, nil
	}
	err = v.submit(ctx, st, mg, uint16(self), out)
	return out, err
}

// scoreAll queries every uid but self and scores the answers.
func (v *Validator) scoreAll(ctx context.Context, mg *query.Metagraph, self int, ch Challenge) []Score {
	cfg := v.cfg
	rule := Rule{LatencyWeight: cfg.LatencyWeight, Timeout: cfg.Timeout}
	scores := make([]Score, 0, len(mg.Neurons))
	for _, nr := range mg.Neurons {
		if int(nr.UID) == self {
			continue
		}
		scores = append(scores, Score{Block: mg.Height, Netuid: cfg.Netuid, UID: nr.UID, Hotkey: nr.Hotkey.ID()})
	}
	qsem := make(chan struct{}, cfg.Concurrency)
	ssem := make(chan struct{}, cfg.ScoreConcurrency)
	// Batch mode: the answers wait here for one scorer call after the queries.
	var batch []*Sample
	if cfg.BatchScorer != nil {
		batch = make([]*Sample, len(scores))
	}
	var wg sync.WaitGroup
	for i := range scores {
		sc := &scores[i]
		addr, ok := servedAddr(mg.Neurons[sc.UID].Axon)
		if !ok {
			sc.Status = "no_axon"
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case qsem <- struct{}{}:
			case <-ctx.Done():
				sc.Status = "interrupted"
				return
			}
			res := cfg.Dendrite.Call(ctx, axon.Target{Hotkey: sc.Hotkey, Addr: addr}, cfg.Synapse, ch.Body, cfg.Timeout)
			<-qsem
			sc.LatencyMS = float64(res.Latency.Microseconds()) / 1000
			if !res.OK() {
				sc.Status = res.Reason
				if sc.Status == "" {
					sc.Status = axon.ReasonUnreachable
				}
				v.log.Info("miner query failed; score 0", "uid", sc.UID, "hotkey", sc.Hotkey.String(), "addr", addr,
					"status", sc.Status, "err", res.Err)
				return
			}
			if batch != nil {
				batch[i] = &Sample{UID: sc.UID, Hotkey: sc.Hotkey.String(), Challenge: ch.Body,
					Expected: ch.Expected, Response: res.Body, Latency: res.Latency}
				return
			}
			select {
			case ssem <- struct{}{}:
			case <-ctx.Done():
				sc.Status = "interrupted"
				return
			}
			q, err := cfg.Scorer.Score(ctx, &Sample{UID: sc.UID, Hotkey: sc.Hotkey.String(), Challenge: ch.Body,
				Expected: ch.Expected, Response: res.Body, Latency: res.Latency})
			<-ssem
			if err != nil {
				sc.Status = "scorer_failed"
				v.log.Warn("scorer failed; score 0", "uid", sc.UID, "hotkey", sc.Hotkey.String(), "err", err)
				return
			}
			sc.Status, sc.Quality = axon.ReasonOK, q
			sc.LatencyScore, sc.Score = rule.Combine(true, q, res.Latency)
		}()
	}
	wg.Wait()
	if batch != nil {
		v.scoreBatch(ctx, scores, batch, rule)
	}
	return scores
}

// scoreBatch scores a round's answers (batch[i] is scores[i]'s, nil when
// the query failed) with one BatchScorer call.
func (v *Validator) scoreBatch(ctx context.Context, scores []Score, batch []*Sample, rule Rule) {
	var idx []int
	var samples []*Sample
	for i, s := range batch {
		if s != nil {
			idx = append(idx, i)
			samples = append(samples, s)
		}
	}
	if len(samples) == 0 || ctx.Err() != nil {
		for _, i := range idx {
			scores[i].Status = "interrupted"
		}
		return
	}
	res, err := v.cfg.BatchScorer.ScoreBatch(ctx, samples)
	if err == nil && len(res) != len(samples) {
		err = fmt.Errorf("%w: %d results for %d answers", ErrScorer, len(res), len(samples))
	}
	if err != nil {
		uids := make([]uint16, len(idx))
		for k, i := range idx {
			scores[i].Status = "scorer_failed"
			uids[k] = scores[i].UID
		}
		v.log.Warn("batch scorer failed; every answered miner scores 0", "miners", len(idx), "uids", uids, "err", err)
		return
	}
	for k, i := range idx {
		sc := &scores[i]
		if res[k].Err != nil {
			sc.Status = "scorer_failed"
			v.log.Warn("scorer failed; score 0", "uid", sc.UID, "hotkey", sc.Hotkey.String(), "err", res[k].Err)
			continue
		}
		sc.Status, sc.Quality = axon.ReasonOK, res[k].Quality
		sc.LatencyScore, sc.Score = rule.Combine(true, res[k].Quality, samples[k].Latency)
	}
}

// reveal handles a pending commit first thing in a round (its window can
// be short): reveal it in its window, drop it when expired.
func (v *Validator) reveal(ctx context.Context, st *State, mg *query.Metagraph, out *Outcome) error {
	cfg := v.cfg
	next := mg.Height + 1
	cr, _ := Hyperparameter(mg.Subnet, "commit_reveal_weights_enabled")
	// 1. A pending commit: reveal it in its window, drop it when expired.
	if p := st.Pending; p != nil {
		switch {
		case cr == 0:
			v.log.Warn("commit-reveal was turned off; dropping the pending commit", "hash", p.Hash)
			st.Pending = nil
		case p.CommitBlock == 0 || next > p.RevealUntil:
			v.log.Warn("pending commit expired before it could be revealed; dropping it", "hash", p.Hash,
				"commit_block", p.CommitBlock, "reveal_until", p.RevealUntil, "head", mg.Height)
			st.Pending = nil
		case next >= p.RevealFrom:
			blk, err := v.send(ctx, tx.RevealWeights{Netuid: cfg.Netuid, Uids: p.Uids, Values: p.Values, Salt: p.Salt, VersionKey: p.VersionKey})
			var rej *RejectedError
			switch {
			case errors.As(err, &rej) && rej.Name == "RevealTooEarly":
				v.log.Info("reveal too early; keeping the commit", "hash", p.Hash)
				return nil
			case errors.As(err, &rej):
				v.log.Warn("reveal refused; dropping the commit", "hash", p.Hash, "err", rej.Name)
				st.Pending = nil
				return err
			case err != nil:
				return err
			}
			v.log.Info("weights revealed", "block", blk, "uids", len(p.Uids), "hash", p.Hash)
			st.Pending, st.LastSetBlock = nil, blk
			out.Revealed, out.Included, out.Action = true, blk, ActionRevealed
		default:
			v.log.Info("commit waiting for its reveal window", "hash", p.Hash, "reveal_from", p.RevealFrom, "head", mg.Height)
			return nil
		}
	}
	return nil
}

// submit applies the weight rules: reveal a due commit, then set or commit
// the new weights if the rate limit allows.
func (v *Validator) submit(ctx context.Context, st *State, mg *query.Metagraph, self uint16, out *Outcome) error {
	cfg := v.cfg
	sub := mg.Subnet
	meN := mg.Neurons[self]
	next := mg.Height + 1
	cr, _ := Hyperparameter(sub, "commit_reveal_weights_enabled")
	if st.Pending != nil && cr != 0 && !out.Revealed {
		out.Action = ActionWaitingReveal
		return nil
	}
	if !meN.ValidatorPermit && meN.Hotkey != sub.OwnerHotkey {
		if out.Revealed {
			return nil
		}
		return fmt.Errorf("%w: uid %d (NeuronNoValidatorPermit; permits are given at epochs by stake)", ErrNoPermit, self)
	}
	if len(out.Uids) == 0 {
		if !out.Revealed {
			out.Action = ActionNoWeights
		}
		return nil
	}
	rl, _ := Hyperparameter(sub, "weights_rate_limit")
	if meN.LastUpdate != 0 && next-min(next, meN.LastUpdate) < uint64(max(rl, 0)) {
		if !out.Revealed {
			out.Action = ActionRateLimited
		}
		v.log.Info("weights rate limit not passed", "last_update", meN.LastUpdate, "rate_limit", rl, "next_allowed", meN.LastUpdate+uint64(rl))
		return nil
	}
	vk, _ := Hyperparameter(sub, "weights_version_key")
	version := uint64(max(vk, 0))
	if cr == 0 {
		blk, err := v.send(ctx, tx.SetWeights{Netuid: cfg.Netuid, Dests: out.Uids, Weights: out.Values, VersionKey: version})
		if err != nil {
			return err
		}
		st.LastSetBlock, out.Included, out.Action = blk, blk, ActionSet
		v.log.Info("weights set", "block", blk, "uids", len(out.Uids))
		return nil
	}
	if st.Pending != nil {
		return nil
	}
	tempo := uint64(sub.Tempo)
	period, _ := Hyperparameter(sub, "commit_reveal_period")
	if tempo == 0 || period <= 0 {
		return fmt.Errorf("%w: commit-reveal on but tempo %d / commit_reveal_period %d never reach a reveal", ErrBadConfig, tempo, period)
	}
	salt := NewSalt()
	h := chainrt.CommitHash(me(cfg), cfg.Netuid, out.Uids, out.Values, salt, version)
	st.Pending = &PendingCommit{Hash: "0x" + hex.EncodeToString(h[:]), Uids: out.Uids, Values: out.Values, Salt: salt, VersionKey: version}
	if err := cfg.SaveState(st); err != nil {
		st.Pending = nil
		return fmt.Errorf("save the commit's salt before sending it: %w", err)
	}
	blk, err := v.send(ctx, tx.CommitWeights{Netuid: cfg.Netuid, CommitHash: h})
	if err != nil {
		var rej *RejectedError
		if errors.As(err, &rej) {
			st.Pending = nil
		}
		return err
	}
	// The reveal is accepted in the epoch R epochs after the commit's:
	// epochs run at last_step + k·tempo, counted as of the commit's block.
	at, err := cfg.Node.Subnet(ctx, cfg.Netuid, client.At(blk))
	if err != nil {
		at = sub
		at.LastStep = mg.Subnet.LastStep
		v.log.Warn("could not read the subnet at the commit block; estimating the reveal window from the round's head", "err", err)
	}
	last := at.LastStep
	for last+tempo <= blk {
		last += tempo
	}
	p := st.Pending
	p.CommitBlock = blk
	p.RevealFrom = last + uint64(period)*tempo
	p.RevealUntil = p.RevealFrom + tempo - 1
	out.Included = blk
	if !out.Revealed {
		out.Action = ActionCommitted
	}
	v.log.Info("weights committed", "block", blk, "hash", p.Hash, "reveal_from", p.RevealFrom, "reveal_until", p.RevealUntil)
	return nil
}

func me(cfg Config) keys.AccountID { return cfg.Keypair.AccountID() }
