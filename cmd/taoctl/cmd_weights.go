package main

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/query"
	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/tx"
)

func newWeightsCommand() *cli.Command {
	return &cli.Command{
		Name:    "weights",
		Aliases: []string{"wt", "weight"},
		Usage:   "set, commit and reveal a validator hotkey's weights",
		Description: `Weights are given as --uids and --weights (any non-negative numbers); they are scaled so the
largest becomes 65535, as the bittensor SDK does. All three calls are signed by the hotkey.`,
		Subcommands: []*cli.Command{newWeightsSetCommand(), newWeightsCommitCommand(), newWeightsRevealCommand()},
	}
}

func weightFlags() []cli.Flag {
	return flags(walletFlags(), writeFlags(), []cli.Flag{
		nodeFlag(), rawFlag(), netuidFlag(),
		&cli.StringFlag{Name: "uids", Usage: "comma-separated uids, e.g. 0,1,2"},
		&cli.StringFlag{Name: "weights", Usage: "comma-separated weights, e.g. 0.5,0.3,0.2"},
		&cli.StringFlag{Name: "version-key", Usage: "weights version key (default: the subnet's weights_version_key)"},
	})
}

// weightSet is the uids and normalised u16 values a call carries.
type weightSet struct {
	Netuid     uint16   `json:"netuid"`
	Uids       []uint16 `json:"uids"`
	Values     []uint16 `json:"values"`
	Salt       []uint16 `json:"salt,omitempty"`
	VersionKey uint64   `json:"version_key"`
	CommitHash string   `json:"commit_hash,omitempty"`
}

// parseWeights reads --uids and --weights and scales the weights to u16
// with the largest at 65535 (rounded to nearest).
func parseWeights(c *cli.Context) ([]uint16, []uint16, error) {
	us, ws := c.String("uids"), c.String("weights")
	if us == "" || ws == "" {
		return nil, nil, tcli.Usagef("give --uids and --weights")
	}
	uparts, wparts := strings.Split(us, ","), strings.Split(ws, ",")
	if len(uparts) != len(wparts) {
		return nil, nil, badInput("%d uids but %d weights", len(uparts), len(wparts))
	}
	uids := make([]uint16, len(uparts))
	raw := make([]uint64, len(wparts))
	seen := map[uint16]bool{}
	var maxW uint64
	for i := range uparts {
		u, err := strconv.ParseUint(strings.TrimSpace(uparts[i]), 10, 16)
		if err != nil {
			return nil, nil, badInput("uid %q is not a number below 65536", uparts[i])
		}
		if seen[uint16(u)] {
			return nil, nil, badInput("uid %d given twice", u)
		}
		seen[uint16(u)] = true
		uids[i] = uint16(u)
		w, err := parseDecimal9(strings.TrimSpace(wparts[i]))
		if err != nil {
			return nil, nil, badInput("weight %q: %v", wparts[i], err)
		}
		raw[i] = w
		maxW = max(maxW, w)
	}
	if maxW == 0 {
		return nil, nil, badInput("all weights are zero")
	}
	vals := make([]uint16, len(raw))
	for i, w := range raw {
		vals[i] = uint16(mulDiv(w, 65535, maxW) + boolU(mulDiv(w, 65535*2, maxW)%2 == 1))
	}
	return uids, vals, nil
}

func boolU(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func versionKey(c *cli.Context, s query.Subnet) (uint64, error) {
	if c.IsSet("version-key") {
		v, err := strconv.ParseUint(c.String("version-key"), 10, 64)
		if err != nil {
			return 0, badInput("--version-key %q is not an integer", c.String("version-key"))
		}
		return v, nil
	}
	return uint64(hyperparam(s, "weights_version_key")), nil
}

// weightsContext resolves the subnet, the hotkey and checks it is registered.
func weightsContext(e *runEnv) (query.Subnet, error) {
	netuid, err := netuidArg(e)
	if err != nil {
		return query.Subnet{}, err
	}
	return e.subnet(netuid)
}

func weightRows(e *runEnv, w weightSet) [][]string {
	pairs := make([]string, len(w.Uids))
	for i := range w.Uids {
		pairs[i] = fmt.Sprintf("%d:%d", w.Uids[i], w.Values[i])
	}
	rows := [][]string{{"netuid", u64(uint64(w.Netuid))}, {"weights (uid:u16)", strings.Join(pairs, " ")}, {"version key", u64(w.VersionKey)}}
	if len(w.Salt) > 0 {
		rows = append(rows, []string{"salt", joinU16(w.Salt)})
	}
	if w.CommitHash != "" {
		rows = append(rows, []string{"commit hash", w.CommitHash})
	}
	return rows
}

func joinU16(v []uint16) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(int(x))
	}
	return strings.Join(s, ",")
}

func newWeightsSetCommand() *cli.Command {
	return &cli.Command{
		Name:      "set",
		Usage:     "set weights directly (subnets without commit-reveal)",
		UsageText: "taoctl weights set --wallet.name v --wallet.hotkey v1 --netuid 1 --uids 0,1,2 --weights 0.5,0.3,0.2",
		Flags:     weightFlags(),
		Action: func(c *cli.Context) error {
			e, err := newEnv(c)
			if err != nil {
				return err
			}
			uids, vals, err := parseWeights(c)
			if err != nil {
				return err
			}
			s, err := weightsContext(e)
			if err != nil {
				return err
			}
			vk, err := versionKey(c, s)
			if err != nil {
				return err
			}
			hot, err := e.hotkey()
			if err != nil {
				return err
			}
			w := weightSet{Netuid: s.Netuid, Uids: uids, Values: vals, VersionKey: vk}
			return e.execute(plan{signer: hot, call: tx.SetWeights{Netuid: s.Netuid, Dests: uids, Weights: vals, VersionKey: vk},
				summary: weightRows(e, w), preview: w})
		},
	}
}

func newWeightsCommitCommand() *cli.Command {
	return &cli.Command{
		Name:  "commit",
		Usage: "commit a hash of weights (commit-reveal); keep the salt to reveal",
		UsageText: `taoctl weights commit --wallet.name v --wallet.hotkey v1 --netuid 1 --uids 0,1 --weights 1,1 --save commit.json
   taoctl weights commit --wallet.name v --wallet.hotkey v1 --netuid 1 --uids 0,1 --weights 1,1 --salt 1,2,3,4,5,6,7,8`,
		Flags: flags(weightFlags(), []cli.Flag{
			&cli.StringFlag{Name: "salt", Usage: "comma-separated u16 salt (default: 8 random values)"},
			&cli.StringFlag{Name: "save", Usage: "write uids, values, salt and version key to `FILE` for `weights reveal --from`"},
		}),
		Action: runWeightsCommit,
	}
}

func parseSalt(s string) ([]uint16, error) {
	var out []uint16
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(p), 10, 16)
		if err != nil {
			return nil, badInput("salt value %q is not a number below 65536", p)
		}
		out = append(out, uint16(v))
	}
	return out, nil
}

func runWeightsCommit(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	uids, vals, err := parseWeights(c)
	if err != nil {
		return err
	}
	var salt []uint16
	if c.IsSet("salt") {
		if salt, err = parseSalt(c.String("salt")); err != nil {
			return err
		}
	} else {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("salt: %w", err)
		}
		for i := 0; i < 16; i += 2 {
			salt = append(salt, binary.LittleEndian.Uint16(b[i:]))
		}
	}
	s, err := weightsContext(e)
	if err != nil {
		return err
	}
	vk, err := versionKey(c, s)
	if err != nil {
		return err
	}
	hot, err := e.hotkey()
	if err != nil {
		return err
	}
	h := runtime.CommitHash(hot.AccountID(), s.Netuid, uids, vals, salt, vk)
	w := weightSet{Netuid: s.Netuid, Uids: uids, Values: vals, Salt: salt, VersionKey: vk, CommitHash: "0x" + hex.EncodeToString(h[:])}
	if f := c.String("save"); f != "" && !c.Bool(flagDryRun) {
		b, _ := json.MarshalIndent(w, "", "  ")
		if err := os.WriteFile(f, append(b, '\n'), 0o600); err != nil {
			return fmt.Errorf("--save: %w", err)
		}
	}
	return e.execute(plan{signer: hot, call: tx.CommitWeights{Netuid: s.Netuid, CommitHash: h}, summary: weightRows(e, w), preview: w})
}

func newWeightsRevealCommand() *cli.Command {
	return &cli.Command{
		Name:  "reveal",
		Usage: "reveal committed weights",
		UsageText: `taoctl weights reveal --wallet.name v --wallet.hotkey v1 --netuid 1 --from commit.json
   taoctl weights reveal --wallet.name v --wallet.hotkey v1 --netuid 1 --uids 0,1 --weights 1,1 --salt 1,2,3,4,5,6,7,8`,
		Flags: flags(weightFlags(), []cli.Flag{
			&cli.StringFlag{Name: "salt", Usage: "the salt used at commit"},
			&cli.StringFlag{Name: "from", Usage: "read uids, values, salt and version key from a `FILE` written by commit --save"},
		}),
		Action: runWeightsReveal,
	}
}

func runWeightsReveal(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	var w weightSet
	if f := c.String("from"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("--from: %w", err)
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return badInput("--from %s: %v", f, err)
		}
	} else {
		if w.Uids, w.Values, err = parseWeights(c); err != nil {
			return err
		}
		if !c.IsSet("salt") {
			return tcli.Usagef("give --salt (or --from FILE)")
		}
		if w.Salt, err = parseSalt(c.String("salt")); err != nil {
			return err
		}
	}
	s, err := weightsContext(e)
	if err != nil {
		return err
	}
	if c.String("from") == "" || c.IsSet("version-key") {
		if w.VersionKey, err = versionKey(c, s); err != nil {
			return err
		}
	}
	w.Netuid, w.CommitHash = s.Netuid, ""
	hot, err := e.hotkey()
	if err != nil {
		return err
	}
	return e.execute(plan{signer: hot, call: tx.RevealWeights{Netuid: s.Netuid, Uids: w.Uids, Values: w.Values, Salt: w.Salt, VersionKey: w.VersionKey},
		summary: weightRows(e, w), preview: w})
}
