package main

import (
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/runtime"
	"github.com/taokit/taokit/internal/tx"
)

func newSubnetHyperparametersCommand() *cli.Command {
	return &cli.Command{
		Name:    "hyperparameters",
		Aliases: []string{"hparams", "hyperparams"},
		Usage:   "get or set a subnet's hyperparameters",
		Subcommands: []*cli.Command{
			{
				Name:  "get",
				Usage: "every hyperparameter of a subnet, with who may set it and its bounds",
				UsageText: `taoctl subnet hyperparameters get --netuid 1
   taoctl subnet hyperparameters get --netuid 1 -o json | jq -r 'select(.name=="tempo").value'`,
				Flags:  flags(readFlags(), []cli.Flag{netuidFlag()}),
				Action: runHyperparametersGet,
			},
			{
				Name:  "set",
				Usage: "set one hyperparameter (subnet owner, or root for root-only ones)",
				UsageText: `taoctl subnet hyperparameters set --wallet.name alice --netuid 1 --param immunity_period --value 100
   taoctl subnet hyperparameters set --wallet.name alice --netuid 1 --param commit_reveal_weights_enabled --value true`,
				Flags: flags(walletFlags(), writeFlags(), []cli.Flag{
					nodeFlag(), rawFlag(), netuidFlag(),
					&cli.StringFlag{Name: "param", Aliases: []string{"name"}, Required: true, Usage: "hyperparameter `NAME` (see `get`)"},
					&cli.StringFlag{Name: "value", Required: true, Usage: "new value: an integer, or true/false"},
				}),
				Action: runHyperparametersSet,
			},
		},
	}
}

// hyperparameter is one row of `hyperparameters get`.
type hyperparameter struct {
	Name     string `json:"name"`
	Value    int64  `json:"value"`
	OwnerMay bool   `json:"owner_settable"`
	Min      int64  `json:"min"`
	Max      int64  `json:"max"`
}

func hyperparamMeta(name string) (runtime.Hyperparameter, bool) {
	i := slices.IndexFunc(runtime.Hyperparameters, func(h runtime.Hyperparameter) bool { return h.Name == name })
	if i < 0 {
		return runtime.Hyperparameter{}, false
	}
	return runtime.Hyperparameters[i], true
}

func runHyperparametersGet(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	s, err := e.subnet(netuid)
	if err != nil {
		return err
	}
	recs := make([]hyperparameter, 0, len(s.Hyperparameters))
	for _, hp := range s.Hyperparameters {
		r := hyperparameter{Name: hp.Name, Value: hp.Value}
		if m, ok := hyperparamMeta(hp.Name); ok {
			r.OwnerMay, r.Min, r.Max = m.OwnerMay, m.Min, m.Max
		}
		recs = append(recs, r)
	}
	return emitList(e, recs, []string{"name", "value", "set by", "min", "max"}, func(h hyperparameter) []string {
		who := "root"
		if h.OwnerMay {
			who = "owner"
		}
		return []string{h.Name, strconv.FormatInt(h.Value, 10), who, strconv.FormatInt(h.Min, 10), strconv.FormatInt(h.Max, 10)}
	})
}

func runHyperparametersSet(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	netuid, err := netuidArg(e)
	if err != nil {
		return err
	}
	name := c.String("param")
	meta, ok := hyperparamMeta(name)
	if !ok {
		names := make([]string, len(runtime.Hyperparameters))
		for i, h := range runtime.Hyperparameters {
			names[i] = h.Name
		}
		return badInput("unknown hyperparameter %q (known: %s)", name, strings.Join(names, ", "))
	}
	var v int64
	switch strings.ToLower(c.String("value")) {
	case "true", "yes", "on":
		v = 1
	case "false", "no", "off":
		v = 0
	default:
		if v, err = strconv.ParseInt(c.String("value"), 10, 64); err != nil {
			return badInput("--value %q is not an integer or true/false", c.String("value"))
		}
	}
	if v < meta.Min || v > meta.Max {
		return badInput("%s = %d is out of bounds [%d, %d] (nothing sent)", name, v, meta.Min, meta.Max)
	}
	s, err := e.subnet(netuid)
	if err != nil {
		return err
	}
	old := "?"
	for _, hp := range s.Hyperparameters {
		if hp.Name == name {
			old = strconv.FormatInt(hp.Value, 10)
		}
	}
	signer, err := e.coldkey()
	if err != nil {
		return err
	}
	return e.execute(plan{signer: signer, call: tx.SetHyperparameter{Netuid: netuid, Name: name, Value: v},
		summary: [][]string{{"netuid", u64(uint64(netuid))}, {"parameter", name}, {"old value", old}, {"new value", strconv.FormatInt(v, 10)}}})
}
