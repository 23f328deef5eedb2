package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/output"
	"github.com/taokit/taokit/internal/validator"
	"github.com/taokit/taokit/internal/wallet"
)

const (
	flagNode         = "node"
	flagNetuid       = "netuid"
	flagWalletPath   = "wallet.path"
	flagWalletName   = "wallet.name"
	flagWalletHotkey = "wallet.hotkey"
	flagPasswordFile = "password-file"
	passwordEnv      = "TAO_PASSWORD"
)

// roundFlags are the flags of every round command.
func roundFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagNode, Value: "http://127.0.0.1:9944", Usage: "taod API `URL`"},
		&cli.UintFlag{Name: flagNetuid, Required: true, Usage: "subnet `NETUID`"},
		&cli.StringFlag{Name: flagWalletPath, Value: "~/.bittensor/wallets", EnvVars: []string{"TAO_WALLET_PATH", "BT_WALLET_PATH"}, Usage: "directory holding wallets"},
		&cli.StringFlag{Name: flagWalletName, Value: "default", EnvVars: []string{"TAO_WALLET_NAME", "BT_WALLET_NAME"}, Usage: "wallet `NAME`"},
		&cli.StringFlag{Name: flagWalletHotkey, Value: "default", EnvVars: []string{"TAO_WALLET_HOTKEY", "BT_WALLET_HOTKEY"}, Usage: "hotkey `NAME`, or a secret URI such as //Alice//validator"},
		&cli.StringFlag{Name: flagPasswordFile, Usage: "read the hotkey password from `FILE` (else $" + passwordEnv + ")"},
		&cli.StringFlag{Name: "state", Usage: "state `FILE` (default ~/.taokit/validate/netuid<N>-<hotkey>.json)"},
		&cli.StringFlag{Name: "scorer", Usage: "per-answer scorer `COMMAND` (sh -c), run once per answer: the answer on stdin, challenge in $VALIDATE_CHALLENGE, expected answer in $VALIDATE_EXPECTED; prints a score in [0,1]. One of --scorer and --scorer-batch is required"},
		&cli.StringFlag{Name: "scorer-batch", Usage: "batch scorer `COMMAND` (sh -c), run once per round: one JSON record per answered miner on stdin ({\"uid\",\"hotkey\",\"challenge\",\"response\",\"expected\",\"latency_ms\"}), prints one score in [0,1] per line, in order"},
		&cli.StringFlag{Name: "challenge-cmd", Usage: "challenge `COMMAND` (sh -c): prints the challenge body; may write the expected answer to $VALIDATE_EXPECTED_FILE"},
		&cli.StringFlag{Name: "challenge", Usage: "fixed challenge body (when no --challenge-cmd)"},
		&cli.StringFlag{Name: "synapse", Value: "Query", Usage: "synapse `NAME` queried (POST /NAME)"},
		&cli.DurationFlag{Name: "timeout", Value: 12 * time.Second, Usage: "per-query timeout"},
		&cli.DurationFlag{Name: "scorer-timeout", Usage: "scorer timeout: per answer with --scorer (0: 10s), for the whole batch with --scorer-batch (0: 60s)"},
		&cli.Float64Flag{Name: "latency-weight", Value: 0, Usage: "share `W` of the score earned by speed: score = (1−W)·quality + W·(1 − latency/timeout)"},
		&cli.Float64Flag{Name: "alpha", Value: 0.1, Usage: "moving-average factor: ema = alpha·score + (1−alpha)·ema"},
		&cli.IntFlag{Name: "concurrency", Value: 256, Usage: "queries in flight"},
		&cli.IntFlag{Name: "score-concurrency", Usage: "scorers running at once (0: 2 × CPUs)"},
	}
}

// setup is what a round command needs.
type setup struct {
	log       *slog.Logger
	em        *output.Emitter
	node      *client.Client
	hot       *keys.Keypair
	netuid    uint16
	statePath string
	v         *validator.Validator
}

func newSetup(c *cli.Context, dryRun bool) (*setup, error) {
	log, err := tcli.CommandLogger(c)
	if err != nil {
		return nil, err
	}
	em, err := tcli.NewEmitter(c, output.WithRows(
		[]string{"uid", "hotkey", "status", "latency ms", "quality", "score", "ema", "weight"},
		func(v any) ([]string, error) {
			s := v.(validator.Score)
			hk := s.Hotkey.String()
			return []string{fmt.Sprint(s.UID), hk[:8] + "…", s.Status, fmt.Sprintf("%.1f", s.LatencyMS),
				fmt.Sprintf("%.3f", s.Quality), fmt.Sprintf("%.3f", s.Score), fmt.Sprintf("%.4f", s.EMA), fmt.Sprint(s.Weight)}, nil
		}))
	if err != nil {
		return nil, err
	}
	if c.NArg() > 0 {
		return nil, tcli.Usagef("unexpected arguments %q (flags go before arguments; this command takes none)", c.Args().Slice())
	}
	scorer, batch := c.String("scorer"), c.String("scorer-batch")
	if (scorer == "") == (batch == "") {
		return nil, tcli.Usagef("exactly one of --scorer (a command per answer) and --scorer-batch (one command per round) is required")
	}
	hot, err := loadHotkey(c)
	if err != nil {
		return nil, err
	}
	netuid := uint16(c.Uint(flagNetuid))
	node := client.New(c.String(flagNode))
	statePath := c.String("state")
	if statePath == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("%w: no --state and no home directory: %w", tcli.ErrConfig, err)
		}
		statePath = filepath.Join(home, ".taokit", "validate", fmt.Sprintf("netuid%d-%s.json", netuid, hot.SS58()))
	}
	if err := os.MkdirAll(filepath.Dir(statePath), 0o700); err != nil {
		return nil, fmt.Errorf("%w: %w", errStateIO, err)
	}
	var ch validator.ChallengeSource = validator.StaticChallenge(c.String("challenge"))
	if cmd := c.String("challenge-cmd"); cmd != "" {
		ch = &validator.ChallengeCommand{Command: cmd, Timeout: c.Duration("timeout")}
	}
	cfg := validator.Config{
		Netuid: netuid, Keypair: hot, Node: node, Synapse: c.String("synapse"), Timeout: c.Duration("timeout"),
		Concurrency: c.Int("concurrency"), ScoreConcurrency: c.Int("score-concurrency"),
		Challenge: ch, LatencyWeight: c.Float64("latency-weight"), Alpha: c.Float64("alpha"), DryRun: dryRun,
		SaveState: func(st *validator.State) error { return saveState(st, statePath) },
		Logger:    log,
	}
	if batch != "" {
		cfg.BatchScorer = &validator.BatchCommandScorer{Command: batch, Timeout: c.Duration("scorer-timeout")}
	} else {
		cfg.Scorer = &validator.CommandScorer{Command: scorer, Timeout: c.Duration("scorer-timeout")}
	}
	v, err := validator.New(cfg)
	if err != nil {
		return nil, err
	}
	return &setup{log: log, em: em, node: node, hot: hot, netuid: netuid, statePath: statePath, v: v}, nil
}

func saveState(st *validator.State, path string) error {
	if err := st.Save(path); err != nil {
		return fmt.Errorf("%w: %w", errStateIO, err)
	}
	return nil
}

// loadState loads the state file, reporting (never hiding) a corrupt one.
func (s *setup) loadState() (*validator.State, error) {
	st, aside, err := validator.LoadState(s.statePath, s.netuid, s.hot.SS58())
	if err != nil {
		if strings.Contains(err.Error(), "read state") {
			return nil, fmt.Errorf("%w: %w", errStateIO, err)
		}
		return nil, err
	}
	if aside != "" {
		s.log.Error("state file is corrupt: moved aside, starting from an empty state", "file", s.statePath, "moved_to", aside)
	}
	return st, nil
}

func loadHotkey(c *cli.Context) (*keys.Keypair, error) {
	hk := c.String(flagWalletHotkey)
	if strings.HasPrefix(hk, "/") {
		kp, err := keys.FromSURI(hk)
		if err != nil {
			return nil, tcli.Usagef("hotkey %q: %v", hk, err)
		}
		return kp, nil
	}
	w, err := wallet.New(c.String(flagWalletPath), c.String(flagWalletName))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errWallet, err)
	}
	kp, err := w.Hotkey(hk, func() (string, error) {
		if f := c.String(flagPasswordFile); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", fmt.Errorf("%w: --password-file: %w", errWallet, err)
			}
			return strings.TrimRight(string(b), "\r\n"), nil
		}
		if pw := os.Getenv(passwordEnv); pw != "" {
			return pw, nil
		}
		return "", fmt.Errorf("%w: hotkey %s is encrypted: use --password-file or %s", errWallet, hk, passwordEnv)
	})
	if err != nil {
		return nil, fmt.Errorf("%w: wallet %s hotkey %s: %w", errWallet, w.Name, hk, err)
	}
	return kp, nil
}
