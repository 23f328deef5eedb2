package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

const crashEnv = "TAOKIT_STORE_CRASH_DB"

// crashBatch is the deterministic batch of height h used by the crash test.
func crashBatch(b *Batch, h uint64) {
	b.Reset()
	rng := rand.New(rand.NewPCG(h, 99))
	for range 300 {
		k := fmt.Appendf(nil, "k/%05d", rng.IntN(5000))
		if rng.IntN(4) == 0 {
			b.Delete(k)
			continue
		}
		v := make([]byte, rng.IntN(200))
		for i := range v {
			v[i] = byte(rng.Uint32())
		}
		b.Set(k, v)
	}
}

const crashRetain = 16

// TestMain runs the crash child when the test binary is re-executed by
// TestCrashRecovery, and the tests otherwise.
func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path)
	}
	os.Exit(m.Run())
}

// crashChild is the child process of TestCrashRecovery: it commits forever,
// printing each committed height, until killed.
func crashChild(path string) {
	s, err := OpenBolt(path, Options{Retain: crashRetain})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	b := NewBatch()
	for h := s.Height() + 1; ; h++ {
		crashBatch(b, h)
		if _, err := s.Commit(h, b); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Println(h)
	}
}

// TestCrashRecovery kills a committing child with SIGKILL at random moments
// and checks that the reopened store is at a committed height (no lower than
// the last one reported), with exactly that state, history and root.
func TestCrashRecovery(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.db")
	rng := rand.New(rand.NewPCG(1, 2))
	ref := NewMemory(Options{Retain: crashRetain})
	refB := NewBatch()
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill() }) // if we fail early
		// let it commit a few blocks, then kill it at a random moment
		sc := bufio.NewScanner(out)
		var last uint64
		want := 3 + rng.IntN(5)
		for n := 0; n < want && sc.Scan(); n++ {
			if last, err = strconv.ParseUint(sc.Text(), 10, 64); err != nil {
				t.Fatalf("child said %q", sc.Text())
			}
		}
		time.Sleep(time.Duration(rng.IntN(30000)) * time.Microsecond) // lands in some phase of a commit
		_ = cmd.Process.Signal(syscall.SIGKILL)
		for sc.Scan() { // drain what it reported before dying
			if h, err := strconv.ParseUint(sc.Text(), 10, 64); err == nil {
				last = h
			}
		}
		_ = cmd.Wait()
		if last == 0 {
			t.Fatalf("round %d: child committed nothing", round)
		}

		s, err := OpenBolt(path, Options{Retain: crashRetain})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		h := s.Height()
		if h < last || h > last+1 {
			t.Fatalf("round %d: reopened at height %d, child reported %d", round, h, last)
		}
		for ref.Height() < h {
			crashBatch(refB, ref.Height()+1)
			mustCommit(t, ref, ref.Height()+1, refB)
		}
		if s.Root() != ref.Root() {
			t.Fatalf("round %d: root at %d is %x, replay gives %x", round, h, s.Root(), ref.Root())
		}
		if got, err := RecomputeRoot(s); err != nil || got != s.Root() {
			t.Fatalf("round %d: recomputed root %x (%v), stored %x", round, got, err, s.Root())
		}
		if s.Oldest() != ref.Oldest() {
			t.Fatalf("round %d: oldest %d, replay %d", round, s.Oldest(), ref.Oldest())
		}
		for v := s.Oldest(); v <= h; v += 3 {
			snap, err := s.At(v)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := RecomputeRoot(snap); err != nil || got != snap.Root() {
				t.Fatalf("round %d: at %d recomputed %x, recorded %x (%v)", round, v, got, snap.Root(), err)
			}
			want, _ := ref.At(v)
			if snap.Root() != want.Root() {
				t.Fatalf("round %d: root at %d differs from replay", round, v)
			}
			snap.Release()
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: child reported %d, store at %d", round, last, h)
	}
}
