package main

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/taokit/taokit/internal/codec"
)

// TestGoldenOutput renders tables and JSON from a fresh dev chain (nothing
// but genesis: //Alice's subnet 1 and root), where every value is
// deterministic, and compares them with testdata/golden (-update rewrites).
func TestGoldenOutput(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	node := []string{"--node", tc.url}
	for _, c := range []struct {
		file string
		args []string
	}{
		{"subnet_list.txt", []string{"subnet", "list", "-o", "table"}},
		{"subnet_list_raw.txt", []string{"subnet", "list", "-o", "table", "--raw"}},
		{"subnet_list.json", []string{"subnet", "list", "-o", "json"}},
		{"subnet_show.txt", []string{"subnet", "show", "--netuid", "1", "-o", "table"}},
		{"subnet_metagraph.txt", []string{"subnet", "metagraph", "--netuid", "1", "-o", "table"}},
		{"subnet_metagraph.json", []string{"subnet", "metagraph", "--netuid", "1", "-o", "json"}},
		{"subnet_hyperparameters.txt", []string{"subnet", "hyperparameters", "get", "--netuid", "1", "-o", "table"}},
		{"subnet_burn_cost.txt", []string{"subnet", "burn-cost", "-o", "table"}},
		{"subnet_burn_cost.json", []string{"subnet", "burn-cost", "-o", "json"}},
		{"balance.txt", []string{"balance", "--ss58", aliceSS58, "--ss58", bobSS58, "-o", "table"}},
		{"balance.json", []string{"balance", "--ss58", aliceSS58, "-o", "json"}},
		{"stake_list.txt", []string{"stake", "list", "--ss58", aliceSS58, "-o", "table"}},
	} {
		t.Run(c.file, func(t *testing.T) {
			out := ok(t, append(c.args, node...)...).stdout
			if strings.HasSuffix(c.file, ".json") {
				goldenJSON(t, c.file, out)
			} else {
				golden(t, c.file, out)
			}
		})
	}
	// A dry run's preview is deterministic too (the signature is not).
	w := jsonOne[writeResult](t, ok(t, append([]string{"stake", "add", "--wallet.name", "//Bob", "--wallet.hotkey", "//Alice//subnet1",
		"--netuid", "1", "--amount", "10", "--tolerance", "5%", "--dry-run", "-o", "json"}, node...)...).stdout)
	if w.Status != "dry-run" || w.Call != "add_stake_limit" || !strings.HasPrefix(w.Tx, "0x") {
		t.Fatalf("dry run: %+v", w)
	}
	goldenJSON(t, "stake_add_dry_run_preview.json", string(w.Preview)+"\n")
	goldenJSON(t, "stake_add_dry_run_args.json", string(w.Args)+"\n")
	// Dry runs send nothing.
	if tc.head() != 0 {
		t.Errorf("a dry run produced a block")
	}
}

// TestGoldenHelp pins the help of the root and of a few commands; every
// leaf command must carry examples (its usage text).
func TestGoldenHelp(t *testing.T) {
	t.Parallel()
	golden(t, "help.txt", ok(t, "--help").stdout)
	golden(t, "help_stake_add.txt", ok(t, "stake", "add", "--help").stdout)
	golden(t, "help_wallet_create.txt", ok(t, "wallet", "create", "--help").stdout)
	var walk func(prefix []string, cmds []*cliCommand)
	walk = func(prefix []string, cmds []*cliCommand) {
		for _, c := range cmds {
			path := append(append([]string{}, prefix...), c.Name)
			if len(c.Subcommands) > 0 {
				walk(path, c.Subcommands)
				continue
			}
			if c.Name == "help" {
				continue
			}
			if !strings.Contains(c.UsageText, "taoctl "+strings.Join(path, " ")) {
				t.Errorf("taoctl %s: --help has no example of itself", strings.Join(path, " "))
			}
			if r := taoctl(t, append(path, "--help")...); r.code != 0 {
				t.Errorf("taoctl %s --help: exit %d", strings.Join(path, " "), r.code)
			}
		}
	}
	walk(nil, newApp().Commands)
}

// TestMsgpackOutput checks that -o auto is msgpack in a pipe and that the
// msgpack records carry the same values as the JSON ones.
func TestMsgpackOutput(t *testing.T) {
	t.Parallel()
	tc := startChain(t)
	auto := ok(t, "subnet", "list", "--node", tc.url).stdout
	mp := ok(t, "subnet", "list", "--node", tc.url, "-o", "msgpack").stdout
	if auto != mp || strings.HasPrefix(mp, "{") {
		t.Fatalf("-o auto in a pipe is not msgpack: %q", auto[:min(len(auto), 40)])
	}
	r := codec.NewReader(strings.NewReader(mp), codec.WithFormat(codec.Msgpack), codec.DisallowUnknownFields(false))
	var got []subnetRecord
	for {
		var s subnetRecord
		err := r.Next(&s)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := jsonLines[subnetRecord](t, ok(t, "subnet", "list", "--node", tc.url, "-o", "json").stdout)
	if len(got) != len(want) || len(got) != 2 {
		t.Fatalf("msgpack %d records, json %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Netuid != want[i].Netuid || got[i].TaoIn != want[i].TaoIn || got[i].PriceRAO != want[i].PriceRAO ||
			got[i].Owner != want[i].Owner || got[i].MarketCap != want[i].MarketCap || got[i].Symbol != want[i].Symbol {
			t.Errorf("record %d: msgpack %+v, json %+v", i, got[i], want[i])
		}
	}
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	if out := ok(t, "completion", "bash").stdout; !strings.Contains(out, "complete -o bashdefault") || !strings.Contains(out, "--generate-bash-completion") {
		t.Errorf("bash completion: %s", out)
	}
	if out := ok(t, "completion", "zsh").stdout; !strings.Contains(out, "#compdef taoctl") {
		t.Errorf("zsh completion: %s", out)
	}
	if out := ok(t, "completion", "fish").stdout; !strings.Contains(out, "complete -c taoctl") {
		t.Errorf("fish completion: %s", out)
	}
	fails(t, exitUsage, "unknown shell", "completion", "tcsh")
}
