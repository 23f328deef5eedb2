package main

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/taokit/taokit/internal/api/client"
	"github.com/taokit/taokit/internal/chain"
	"github.com/taokit/taokit/internal/config"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/node"
	"github.com/taokit/taokit/internal/store"
	"github.com/taokit/taokit/internal/tx"
)

// childEnv makes the test binary run taod's Main instead of the tests, so
// the crash test can start real taod processes without building one.
const childEnv = "TAOD_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(Main(append([]string{"taod"}, os.Args[1:]...), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child is a taod process on a home.
type child struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	c      *client.Client
}

func startChild(t *testing.T, home string, extra ...string) *child {
	t.Helper()
	_ = os.Remove(filepath.Join(home, addrFile))
	args := append([]string{"run", "--home", home, "--instant", "--api.listen", "127.0.0.1:0", "--log.format", "json", "--log.level", "warn"}, extra...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(home, addrFile))
		if err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return &child{cmd: cmd, stderr: &stderr, c: client.New(strings.TrimSpace(string(b)))}
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("taod did not start: %s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

// acked is a call the node reported as included in a committed block.
type acked struct {
	height uint64
	hash   chain.Hash
}

// TestCrashRecovery kills taod with SIGKILL at random moments while signed
// transfers stream in, then checks with the process dead that the store's
// root recomputes from its contents and that every call acknowledged as
// included is still in its block, restarts it and checks the chain goes on.
func TestCrashRecovery(t *testing.T) {
	iterations := 20
	home := t.TempDir()
	if err := runInit(home, initOptions{Subnets: 1, Config: config.Default()}, discard()); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(home, "data", "chain.db")
	senders := []string{"Alice", "Bob", "Charlie"}
	var mu sync.Mutex
	var acks []acked
	var lastHeight uint64
	rng := rand.New(rand.NewPCG(1, 2))
	for it := range iterations {
		ch := startChild(t, home)
		ctx, cancel := context.WithCancel(context.Background())
		head, err := ch.c.Head(ctx)
		if err != nil {
			cancel()
			ch.kill(t)
			t.Fatalf("iteration %d: head: %v\n%s", it, err, ch.stderr)
		}
		if head.Height < lastHeight {
			t.Fatalf("iteration %d: restarted at %d, below the committed %d", it, head.Height, lastHeight)
		}
		var wg sync.WaitGroup
		for i, name := range senders {
			kp, _ := keys.DevKeyByName(name)
			dest, _ := keys.DevKeyByName(senders[(i+1)%len(senders)])
			wg.Add(1)
			go func() {
				defer wg.Done()
				acc, err := ch.c.Account(ctx, kp.AccountID())
				if err != nil {
					return
				}
				for n := acc.Nonce; ctx.Err() == nil; n++ {
					raw, err := tx.Sign(kp, head.GenesisHash, n, tx.Transfer{Dest: dest.AccountID(), Value: 1_000_000})
					if err != nil {
						t.Error(err)
						return
					}
					res, err := ch.c.SubmitWait(ctx, raw, 5*time.Second)
					if err != nil {
						return // killed, or timed out: stop this sender
					}
					mu.Lock()
					acks = append(acks, acked{res.Inclusion.Height, res.Inclusion.Receipt.Hash})
					mu.Unlock()
				}
			}()
		}
		time.Sleep(time.Duration(30+rng.IntN(300)) * time.Millisecond)
		ch.kill(t)
		cancel()
		wg.Wait()

		// The process is dead: inspect the store directly.
		st, err := store.OpenBolt(dbPath, store.Options{})
		if err != nil {
			t.Fatalf("iteration %d: reopen after kill: %v", it, err)
		}
		h, _, err := node.VerifyRoot(st)
		if err != nil {
			t.Fatalf("iteration %d: %v", it, err)
		}
		chainHeight := h - 2
		mu.Lock()
		for _, a := range acks {
			if a.height > chainHeight {
				t.Fatalf("iteration %d: call acknowledged in block %d, store has only %d", it, a.height, chainHeight)
			}
			b, ok, err := chain.ReadBlock(st, a.height)
			if err != nil || !ok {
				t.Fatalf("iteration %d: block %d: %v %v", it, a.height, ok, err)
			}
			found := false
			for _, rc := range b.Receipts {
				found = found || rc.Hash == a.hash
			}
			if !found {
				t.Fatalf("iteration %d: acknowledged call %s missing from block %d", it, a.hash, a.height)
			}
		}
		t.Logf("iteration %d: killed at chain height %d, %d calls acknowledged so far, root verified", it, chainHeight, len(acks))
		mu.Unlock()
		lastHeight = chainHeight
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A last clean run: the chain continues from the committed head.
	ch := startChild(t, home)
	defer ch.kill(t)
	ctx := context.Background()
	kp, _ := keys.DevKeyByName("Dave")
	bob, _ := keys.DevKeyByName("Bob")
	res, err := ch.c.Send(ctx, kp, tx.Transfer{Dest: bob.AccountID(), Value: 1}, true)
	if err != nil || !res.Inclusion.Receipt.OK || res.Inclusion.Height != lastHeight+1 {
		t.Fatalf("after the crashes: %+v %v (last committed %d)", res, err, lastHeight)
	}
	if len(acks) == 0 {
		t.Fatal("no call was ever acknowledged: the test exercised nothing")
	}
}

func TestChildSignalShutdown(t *testing.T) {
	home := t.TempDir()
	ch := startChild(t, home, "--dev")
	ctx := context.Background()
	kp, _ := keys.DevKeyByName("Alice")
	bob, _ := keys.DevKeyByName("Bob")
	if _, err := ch.c.Send(ctx, kp, tx.Transfer{Dest: bob.AccountID(), Value: 1}, true); err != nil {
		t.Fatal(err)
	}
	if err := ch.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := ch.cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, ch.stderr)
	}
	if _, err := os.Stat(filepath.Join(home, addrFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("api.addr left behind: %v", err)
	}
	st, err := store.OpenBolt(filepath.Join(home, "data", "chain.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := node.VerifyRoot(st); err != nil {
		t.Fatal(err)
	}
}
