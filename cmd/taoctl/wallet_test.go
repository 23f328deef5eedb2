package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/nacl/secretbox"

	"github.com/taokit/taokit/internal/keys"
)

// Spec vectors (ecosystem.md §2.6).
const (
	specMnemonic = "old leopard transfer rib spatial phone calm indicate online fire caution review"
	specSS58     = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"
	specSeed     = "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143"
	aliceSS58    = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
	bobSS58      = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestWalletCreateListInspect(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	w := []string{"--wallet.path", dir, "--wallet.name", "alice", "--wallet.hotkey", "hk1"}
	r := ok(t, append([]string{"wallet", "create", "--no-password", "-o", "json"}, w...)...)
	recs := jsonLines[walletKey](t, r.stdout)
	if len(recs) != 2 || recs[0].Key != "coldkey" || recs[1].Key != "hotkey" || recs[1].Hotkey != "hk1" {
		t.Fatalf("create records: %+v", recs)
	}
	for _, rec := range recs {
		if err := keys.ValidateMnemonic(rec.Mnemonic); err != nil {
			t.Errorf("%s mnemonic %q: %v", rec.Key, rec.Mnemonic, err)
		}
		kp, err := keys.FromMnemonic(rec.Mnemonic, "")
		if err != nil || kp.AccountID() != rec.Address {
			t.Errorf("%s: mnemonic does not give %s (%v)", rec.Key, rec.Address, err)
		}
	}
	for _, f := range []string{"alice/coldkey", "alice/coldkeypub.txt", "alice/hotkeys/hk1", "alice/hotkeys/hk1pub.txt"} {
		if m := mode(t, filepath.Join(dir, f)); m != 0o600 {
			t.Errorf("%s mode %o, want 600", f, m)
		}
	}
	ok(t, append([]string{"wallet", "new-hotkey", "--n-words", "24", "-o", "json"}, append(w[:4:4], "--wallet.hotkey", "hk2")...)...)
	list := jsonLines[walletKey](t, ok(t, "wallet", "list", "--wallet.path", dir, "-o", "json").stdout)
	if len(list) != 3 || list[0].Address != recs[0].Address || list[1].Hotkey != "hk1" || list[2].Hotkey != "hk2" {
		t.Fatalf("list: %+v", list)
	}
	for _, k := range list {
		if k.Mnemonic != "" {
			t.Errorf("list leaks a mnemonic: %+v", k)
		}
	}
	ins := jsonOne[walletInspect](t, ok(t, append([]string{"wallet", "inspect", "--unlock", "-o", "json"}, w...)...).stdout)
	if !ins.Unlocked || ins.Format != "plain" || ins.Mode != "0600" || len(ins.Hotkeys) != 2 {
		t.Errorf("inspect: %+v", ins)
	}
	// Refuses to overwrite; the error names the cause (exit 5).
	fails(t, exitWallet, "already exists", append([]string{"wallet", "create", "--no-password"}, w...)...)
	// Bad word count is bad input.
	fails(t, exitBadInput, "--n-words", append([]string{"wallet", "new-coldkey", "--no-password", "--n-words", "13", "--overwrite"}, w...)...)
}

func TestWalletRegenVectors(t *testing.T) {
	// Not parallel: it works in a temporary current directory so that the
	// paths in the golden table have a fixed width.
	t.Chdir(t.TempDir())
	dir := "wallets"
	base := []string{"--wallet.path", dir, "--wallet.name", "spec", "-o", "json"}
	// Mnemonic, btcli's numbered form, and the seed all give the spec's key.
	numbered := ""
	for i, w := range strings.Fields(specMnemonic) {
		numbered += " " + strconv.Itoa(i+1) + "-" + w
	}
	for i, secret := range [][]string{{"--mnemonic", specMnemonic}, {"--mnemonic", numbered}, {"--seed", specSeed}} {
		args := append([]string{"wallet", "regen-coldkey", "--no-password"}, base...)
		if i > 0 {
			args = append(args, "--overwrite")
		}
		r := ok(t, append(args, secret...)...)
		if k := jsonOne[walletKey](t, r.stdout); k.Address.String() != specSS58 {
			t.Errorf("%v: %s, want %s", secret[0], k.Address, specSS58)
		}
	}
	// The mnemonic from stdin.
	r := taoctlIn(t, specMnemonic+"\n", append([]string{"wallet", "regen-coldkey", "--no-password", "--overwrite", "--mnemonic", "-"}, base...)...)
	if r.code != 0 || jsonOne[walletKey](t, r.stdout).Address.String() != specSS58 {
		t.Fatalf("mnemonic from stdin: %+v", r)
	}
	ok(t, append([]string{"wallet", "regen-hotkey", "--wallet.hotkey", "alice", "--uri", "//Alice"}, base...)...)
	ok(t, append([]string{"wallet", "regen-hotkey", "--wallet.hotkey", "bob", "--uri", "//Bob"}, base...)...)
	table := ok(t, "wallet", "list", "--wallet.path", dir, "-o", "table").stdout
	golden(t, "wallet_list.txt", table)
	goldenJSON(t, "wallet_list.json", ok(t, "wallet", "list", "--wallet.path", dir, "-o", "json").stdout)
}

func TestWalletBadMnemonic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := []string{"wallet", "regen-coldkey", "--no-password", "--wallet.path", dir, "--wallet.name", "x"}
	words := strings.Fields(specMnemonic)
	for name, m := range map[string]string{
		"checksum":     strings.Join(append(words[:11:11], "caution"), " "),
		"unknown word": strings.Join(append(words[:11:11], "bitcoinz"), " "),
		"length":       strings.Join(words[:11], " "),
	} {
		t.Run(name, func(t *testing.T) {
			fails(t, exitBadInput, "mnemonic", append(base, "--mnemonic", m)...)
		})
	}
	fails(t, exitBadInput, "seed", append(base, "--seed", "0x1234")...)
	fails(t, exitUsage, "exactly one", base...)
	if _, err := os.Stat(filepath.Join(dir, "x")); !os.IsNotExist(err) {
		t.Errorf("a failed regen wrote files: %v", err)
	}
}

func TestWalletSignVerify(t *testing.T) {
	t.Parallel()
	sig := jsonOne[signature](t, ok(t, "wallet", "sign", "--wallet.name", "//Alice", "--message", "hello taokit", "-o", "json").stdout)
	if sig.Signer.String() != aliceSS58 || len(sig.Signature) != 130 {
		t.Fatalf("sign: %+v", sig)
	}
	v := jsonOne[verification](t, ok(t, "wallet", "verify", "--message", "hello taokit", "--signature", sig.Signature, "--address", aliceSS58, "-o", "json").stdout)
	if !v.Valid {
		t.Fatal("signature does not verify")
	}
	ok(t, "wallet", "verify", "--wallet.name", "//Alice", "--message", "hello taokit", "--signature", sig.Signature, "-o", "json")
	fails(t, exitRejected, "does not verify", "wallet", "verify", "--message", "hello taokit!", "--signature", sig.Signature, "--address", aliceSS58, "-o", "json")
	fails(t, exitBadInput, "not an SS58", "wallet", "verify", "--message", "x", "--signature", sig.Signature, "--address", "5Grwva", "-o", "json")
	// Hotkey signing with a URI hotkey.
	hs := jsonOne[signature](t, ok(t, "wallet", "sign", "--wallet.hotkey", "//Bob", "--use-hotkey", "--message", "m", "-o", "json").stdout)
	if hs.Signer.String() != bobSS58 {
		t.Errorf("hotkey signer %s", hs.Signer)
	}
}

func TestWalletPasswordSources(t *testing.T) {
	// Not parallel: sets TAO_PASSWORD.
	dir := t.TempDir()
	base := []string{"wallet", "regen-coldkey", "--wallet.path", dir, "--wallet.name", "p", "--uri", "//Alice"}
	t.Setenv(passwordEnv, "")
	// stdin is not a terminal and no password source: a clear error, nothing blocks, nothing written.
	r := fails(t, exitWallet, "stdin is not a terminal", base...)
	if !strings.Contains(r.stderr, "--password-file") || !strings.Contains(r.stderr, passwordEnv) {
		t.Errorf("the error does not say how to give a password: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "p")); !os.IsNotExist(err) {
		t.Errorf("wrote files without a password: %v", err)
	}
	// A too-short password is refused before anything is sealed.
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fails(t, exitWallet, "at least 6", append(base, "--password-file", pw)...)
	t.Setenv(passwordEnv, "abc")
	fails(t, exitWallet, "at least 6", base...)
	fails(t, exitWallet, "password-file", append(base, "--password-file", filepath.Join(dir, "missing"))...)
}

func TestWalletCorruptVsMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := []string{"--wallet.path", dir, "--wallet.name", "c"}
	ok(t, append([]string{"wallet", "regen-coldkey", "--no-password", "--uri", "//Alice"}, base...)...)
	if err := os.WriteFile(filepath.Join(dir, "c", "coldkey"), []byte(`{"secretPhrase": "not a mnemonic at all"`), 0o600); err != nil {
		t.Fatal(err)
	}
	r := fails(t, exitWallet, "corrupt keyfile", append([]string{"wallet", "sign", "--message", "m"}, base...)...)
	if strings.Contains(r.stderr, "password") {
		t.Errorf("a corrupt keyfile is reported as a password problem: %s", r.stderr)
	}
	// Only coldkeypub.txt: the message says the keyfile is missing, not corrupt (bittensor #3144).
	if err := os.Remove(filepath.Join(dir, "c", "coldkey")); err != nil {
		t.Fatal(err)
	}
	r = fails(t, exitWallet, "keyfile not found", append([]string{"wallet", "sign", "--message", "m"}, base...)...)
	if strings.Contains(r.stderr, "corrupt") {
		t.Errorf("a missing coldkey is reported as corrupt: %s", r.stderr)
	}
	// Read-only commands need only the pub file.
	ok(t, append([]string{"wallet", "inspect", "-o", "json"}, base...)...)
	fails(t, exitWallet, "keyfile not found", "wallet", "inspect", "--wallet.path", dir, "--wallet.name", "nobody")

	// Watch-only wallets from addresses (regen-coldkeypub / regen-hotkeypub).
	watch := []string{"--wallet.path", dir, "--wallet.name", "watch", "--wallet.hotkey", "hk", "-o", "json"}
	ok(t, append([]string{"wallet", "regen-coldkeypub", "--ss58", aliceSS58}, watch...)...)
	ok(t, append([]string{"wallet", "regen-hotkeypub", "--ss58", "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"}, watch...)...)
	keys := jsonLines[walletKey](t, ok(t, "wallet", "list", "--wallet.path", dir, "-o", "json").stdout)
	var got []string
	for _, k := range keys {
		if k.Wallet == "watch" {
			got = append(got, k.Key+":"+k.Address.String()+":"+k.Format)
		}
	}
	if strings.Join(got, " ") != "coldkey:"+aliceSS58+":public hotkey:"+bobSS58+":public" {
		t.Errorf("watch-only wallet: %v", got)
	}
	fails(t, exitWallet, "keyfile not found", append([]string{"wallet", "sign", "--message", "m", "--use-hotkey"}, watch...)...)
	fails(t, exitBadInput, "not an SS58", append([]string{"wallet", "regen-coldkeypub", "--ss58", "5Grwva", "--overwrite"}, watch...)...)
}

// The $NACL reference rules (ecosystem.md §2.3): Argon2i v1.3, ops 8, mem
// 512 MiB, parallelism 1, btwallet's fixed salt; XSalsa20-Poly1305
// secretbox; "$NACL" ‖ 24-byte nonce ‖ box. Implemented here from the spec,
// independently of internal/wallet.
var naclSalt = []byte{0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1}

func referenceKey(pw string) *[32]byte {
	var k [32]byte
	copy(k[:], argon2.Key([]byte(pw), naclSalt, 8, 512*1024, 1, 32))
	return &k
}

func referenceOpen(t *testing.T, data []byte, key *[32]byte) []byte {
	t.Helper()
	if !strings.HasPrefix(string(data), "$NACL") || len(data) < 5+24+16 {
		t.Fatalf("not a $NACL keyfile: %q", data[:min(len(data), 16)])
	}
	var nonce [24]byte
	copy(nonce[:], data[5:29])
	plain, ok := secretbox.Open(nil, data[29:], &nonce, key)
	if !ok {
		t.Fatal("reference secretbox.Open failed: taoctl's keyfile does not follow the $NACL rules")
	}
	return plain
}

// TestKeyfileInterop writes a coldkey with taoctl and opens it with the
// reference rules (implemented above from the spec), and signs with taoctl
// using a coldkey sealed by libsodium itself (internal/wallet's fixture,
// made with btwallet's parameters). It pays the real Argon2i cost (512 MiB)
// four times, two at a time: taoctl's seal and the reference key, then
// taoctl's open and a wrong password.
func TestKeyfileInterop(t *testing.T) {
	t.Parallel()
	const pw = "taokit-test-pw" // also the libsodium fixture's password
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(pwFile, []byte(pw+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("not-the-password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wal := func(name string) []string {
		return []string{"--wallet.path", dir, "--wallet.name", name, "--password-file", pwFile}
	}
	fix, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "internal", "wallet", "testdata", "nacl_coldkey.bin"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "sodium", "coldkey"), fix)

	// The derivations run two at a time (one core each, 512 MiB each).
	var wg sync.WaitGroup
	var key *[32]byte
	var seal result
	wg.Go(func() { key = referenceKey(pw) })
	wg.Go(func() {
		seal = taoctl(t, append([]string{"wallet", "regen-coldkey", "--mnemonic", specMnemonic, "-o", "json"}, wal("sealed")...)...)
	})
	wg.Wait()
	if seal.code != 0 {
		t.Fatalf("regen-coldkey with a password: exit %d: %s", seal.code, seal.stderr)
	}

	// taoctl → reference.
	data, err := os.ReadFile(filepath.Join(dir, "sealed", "coldkey"))
	if err != nil {
		t.Fatal(err)
	}
	var kf map[string]string
	if err := json.Unmarshal(referenceOpen(t, data, key), &kf); err != nil {
		t.Fatal(err)
	}
	if kf["ss58Address"] != specSS58 || kf["secretPhrase"] != specMnemonic || kf["secretSeed"] != specSeed ||
		kf["accountId"] != "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446" || len(kf["privateKey"]) != 130 {
		t.Errorf("keyfile fields: %v", kf)
	}
	ins := jsonOne[walletInspect](t, ok(t, "wallet", "inspect", "--wallet.path", dir, "--wallet.name", "sealed", "-o", "json").stdout)
	if ins.Format != "nacl" || ins.Mode != "0600" || ins.Unlocked {
		t.Errorf("inspect without --unlock: %+v", ins)
	}

	// libsodium → taoctl: the libsodium-sealed coldkey unlocks and signs (its
	// coldkeypub.txt is the spec key's, as written above), while a wrong
	// password on taoctl's own file says so and is not reported as corrupt.
	pub, err := os.ReadFile(filepath.Join(dir, "sealed", "coldkeypub.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "sodium", "coldkeypub.txt"), pub)
	var signed, wrong result
	wg.Go(func() {
		signed = taoctl(t, append([]string{"wallet", "sign", "--message", "interop", "-o", "json"}, wal("sodium")...)...)
	})
	wg.Go(func() {
		wrong = taoctl(t, "wallet", "inspect", "--unlock", "--wallet.path", dir, "--wallet.name", "sealed", "--password-file", bad)
	})
	wg.Wait()
	if wrong.code != exitWallet || !strings.Contains(wrong.stderr, "wrong password") || strings.Contains(wrong.stderr, "corrupt") {
		t.Errorf("wrong password: exit %d: %s", wrong.code, wrong.stderr)
	}
	if signed.code != 0 {
		t.Fatalf("sign with the libsodium coldkey: exit %d: %s", signed.code, signed.stderr)
	}
	sig := jsonOne[signature](t, signed.stdout)
	if sig.Signer.String() != specSS58 {
		t.Fatalf("signed by %s, want %s", sig.Signer, specSS58)
	}
	ok(t, "wallet", "verify", "--message", "interop", "--signature", sig.Signature, "--address", specSS58)
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
