//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair (Linux /dev/ptmx) so prompts can be
// tested: the slave is the program's terminal, the test types into the
// master and reads what was printed.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("open /dev/ptmx: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("ptsname: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open pts: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// typing is one answer: typed once the screen shows prompt.
type typing struct{ prompt, text string }

// ttyRun runs taoctl with stdin and stderr on a terminal, typing each
// answer after its prompt has appeared.
func ttyRun(t *testing.T, answers []typing, args ...string) (stdout, screen string, code int) {
	t.Helper()
	m, s := openPTY(t)
	var mu sync.Mutex
	var seen bytes.Buffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := m.Read(buf)
			mu.Lock()
			seen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	typed := make(chan struct{})
	go func() {
		defer close(typed)
		from := 0
		for _, a := range answers {
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				mu.Lock()
				i := strings.Index(seen.String()[from:], a.prompt)
				mu.Unlock()
				if i >= 0 {
					from += i + len(a.prompt)
					break
				}
				if time.Now().After(deadline) {
					return
				}
			}
			if _, err := io.WriteString(m, a.text); err != nil {
				return
			}
		}
	}()
	var out bytes.Buffer
	code = Main(append([]string{"taoctl"}, args...), s, &out, s)
	<-typed
	s.Close()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	mu.Lock()
	defer mu.Unlock()
	return out.String(), seen.String(), code
}

// TestTerminalPrompts checks that prompts appear on a terminal (and only
// there): a password typed at the prompt, a mismatched confirmation, and the
// y/N confirmation of a write.
func TestTerminalPrompts(t *testing.T) {
	tc := startChain(t)
	dir := t.TempDir()
	t.Setenv(passwordEnv, "")

	// A new password is asked twice; a mismatch is refused before anything is written.
	_, screen, code := ttyRun(t, []typing{{"Enter password", "secret-one\n"}, {"Retype password", "secret-two\n"}}, "wallet", "regen-coldkey", "--uri", "//Alice", "--wallet.path", dir, "--wallet.name", "p")
	if code != exitWallet || !strings.Contains(screen, "Enter password") || !strings.Contains(screen, "Retype password") || !strings.Contains(screen, "do not match") {
		t.Fatalf("password prompt: exit %d, screen %q", code, screen)
	}
	if strings.Contains(screen, "secret-one") {
		t.Errorf("the password was echoed: %q", screen)
	}
	if _, err := os.Stat(dir + "/p"); !os.IsNotExist(err) {
		t.Errorf("a refused password still wrote the wallet: %v", err)
	}

	// A write asks y/N on a terminal: "n" sends nothing…
	send := []string{"transfer", "--wallet.name", "//Alice", "--dest", bobSS58, "--amount", "1", "--node", tc.url, "-o", "json"}
	_, screen, code = ttyRun(t, []typing{{"[y/N]", "n\n"}}, send...)
	if code != exitRuntime || !strings.Contains(screen, "Send transfer? [y/N]") || !strings.Contains(screen, "τ1.000000000") {
		t.Fatalf("declined transfer: exit %d, screen %q", code, screen)
	}
	if tc.head() != 0 {
		t.Fatal("a declined call was sent")
	}
	// …"y" sends it, and --yes skips the question.
	out, _, code := ttyRun(t, []typing{{"[y/N]", "y\n"}}, send...)
	if code != 0 || jsonOne[writeResult](t, out).Status != "included" {
		t.Fatalf("confirmed transfer: exit %d, %s", code, out)
	}
	out, screen, code = ttyRun(t, nil, append(send, "--yes")...)
	if code != 0 || strings.Contains(screen, "[y/N]") || jsonOne[writeResult](t, out).Status != "included" {
		t.Fatalf("--yes: exit %d, screen %q", code, screen)
	}
}
