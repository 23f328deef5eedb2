package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api/client"
	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/config"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/tx"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// taod runs Main in-process.
func taod(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"taod"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestInit(t *testing.T) {
	home := filepath.Join(t.TempDir(), "h")
	if code, _, stderr := taod(t, "", "init", "--home", home, "--subnets", "2"); code != 0 {
		t.Fatalf("init: %d %s", code, stderr)
	}
	g, err := os.ReadFile(filepath.Join(home, genesisFile))
	if err != nil || !strings.Contains(string(g), "//Ferdie") || strings.Count(string(g), "[[subnets]]") != 2 {
		t.Fatalf("genesis:\n%s %v", g, err)
	}
	if _, err := config.Load(filepath.Join(home, configFile)); err != nil {
		t.Fatalf("written config does not load: %v", err)
	}
	code, _, stderr := taod(t, "", "init", "--home", home)
	if code != tcli.ExitPrecond || !strings.Contains(stderr, "--force") {
		t.Fatalf("second init: %d %s", code, stderr)
	}
	if code, _, stderr := taod(t, "", "init", "--home", home, "--force", "--subnets", "0"); code != 0 {
		t.Fatalf("init --force: %d %s", code, stderr)
	}
	t.Setenv("TAO_HOME", filepath.Join(t.TempDir(), "env"))
	if code, _, _ := taod(t, "", "init"); code != 0 {
		t.Fatal("init with TAO_HOME failed")
	}
	if _, err := os.Stat(filepath.Join(os.Getenv("TAO_HOME"), configFile)); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := taod(t, "", "init", "extra"); code != tcli.ExitUsage {
		t.Fatalf("init with an argument: %d", code)
	}
}

func TestConfigPrecedence(t *testing.T) {
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, configFile), []byte("[node]\nblock_time = \"5s\"\n[api]\nlisten = \"127.0.0.1:7000\"\nmax_wait = \"9s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dump := func(args ...string) config.Config {
		t.Helper()
		code, out, stderr := taod(t, "", append([]string{"config", "dump", "--home", home}, args...)...)
		if code != 0 {
			t.Fatalf("config dump: %d %s", code, stderr)
		}
		c, err := config.Parse([]byte(out), "dump")
		if err != nil {
			t.Fatalf("dump output does not parse: %v\n%s", err, out)
		}
		return c
	}
	c := dump()
	if c.Node.BlockTime != 5*time.Second || c.API.Listen != "127.0.0.1:7000" || c.Mempool.MaxTxs != config.Default().Mempool.MaxTxs {
		t.Fatalf("file over defaults: %+v", c)
	}
	t.Setenv("TAO_BLOCK_TIME", "3s")
	t.Setenv("TAO_API_MAX_WAIT", "4s")
	c = dump()
	if c.Node.BlockTime != 3*time.Second || c.API.MaxWait != 4*time.Second {
		t.Fatalf("env over file: %+v", c)
	}
	c = dump("--block-time", "2s", "--instant", "--archive")
	if c.Node.BlockTime != 2*time.Second || !c.Node.Instant || !c.Store.Archive || c.API.MaxWait != 4*time.Second {
		t.Fatalf("flags over env: %+v", c)
	}
	if code, _, stderr := taod(t, "", "config", "dump", "--home", home, "--block-time", "soon"); code != tcli.ExitConfig || !strings.Contains(stderr, "block-time") {
		t.Fatalf("bad flag value: %d %s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(home, configFile), []byte("[node]\nblock_time = \"5s\"\n\n[api]\nlisten = \"127.0.0.1:7000\"\nlisen = \"x\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := taod(t, "", "config", "dump", "--home", home)
	if code != tcli.ExitConfig || !strings.Contains(stderr, "config.toml:6") || !strings.Contains(stderr, "api.lisen") {
		t.Fatalf("unknown key: %d %s", code, stderr)
	}
	code, _, stderr = taod(t, "", "run", "--home", t.TempDir())
	if code != tcli.ExitConfig || !strings.Contains(stderr, "taod init") {
		t.Fatalf("run on an empty home: %d %s", code, stderr)
	}
}

// TestExportImport runs a chain, exports its state, imports it into a new
// home and continues the chain there from the same head.
func TestExportImport(t *testing.T) {
	home := t.TempDir()
	if err := runInit(home, initOptions{Subnets: 1, Config: config.Default()}, discard()); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.API.Listen = "127.0.0.1:0"
	cfg.Node.Instant = true
	ctx, cancel := context.WithCancel(context.Background())
	r, err := startNode(ctx, home, cfg, discard())
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(r.Addr)
	alice, _ := keys.DevKeyByName("Alice")
	bob, _ := keys.DevKeyByName("Bob")
	for range 3 {
		if _, err := c.Send(ctx, alice, tx.Transfer{Dest: bob.AccountID(), Value: 7}, true); err != nil {
			t.Fatal(err)
		}
	}
	head, _ := c.Head(ctx)
	bal, _ := c.Account(ctx, bob.AccountID())
	cancel()
	if err := r.wait(); err != nil {
		t.Fatal(err)
	}

	snap := filepath.Join(t.TempDir(), "state.msgpack")
	if code, _, stderr := taod(t, "", "export", "--home", home, "--out", snap); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	// An earlier height through stdout.
	code, out, stderr := taod(t, "", "export", "--home", home, "--height", "1")
	if code != 0 || len(out) == 0 {
		t.Fatalf("export --height 1: %d %s", code, stderr)
	}
	fork := t.TempDir()
	if code, _, stderr := taod(t, "", "import", "--home", fork, snap); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	if code, _, _ := taod(t, "", "import", "--home", fork, snap); code != tcli.ExitPrecond {
		t.Fatalf("import over a store: %d", code)
	}
	if code, _, _ := taod(t, out[:len(out)/2], "import", "--home", t.TempDir(), "-"); code != tcli.ExitMalformed {
		t.Fatalf("import of a truncated stream: %d", code)
	}
	if code, _, _ := taod(t, "garbage", "import", "--home", t.TempDir()); code != tcli.ExitMalformed {
		t.Fatalf("import of garbage: %d", code)
	}

	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	r2, err := startNode(ctx2, fork, cfg, discard())
	if err != nil {
		t.Fatal(err)
	}
	c2 := client.New(r2.Addr)
	head2, _ := c2.Head(ctx2)
	if head2 != head {
		t.Fatalf("fork head %+v, want %+v", head2, head)
	}
	bal2, _ := c2.Account(ctx2, bob.AccountID())
	if bal2 != bal {
		t.Fatalf("fork balance %+v, want %+v", bal2, bal)
	}
	res, err := c2.Send(ctx2, alice, tx.Transfer{Dest: bob.AccountID(), Value: 7}, true)
	if err != nil || res.Inclusion.Height != head.Height+1 || !res.Inclusion.Receipt.OK {
		t.Fatalf("fork continues: %+v %v", res, err)
	}
	cancel2()
	if err := r2.wait(); err != nil {
		t.Fatal(err)
	}
}
