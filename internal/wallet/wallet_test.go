package wallet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/taokit/taokit/internal/keys"
)

// testWallet returns a wallet in a temporary directory with cheap Argon2 parameters.
func testWallet(t *testing.T, name string) *Wallet {
	t.Helper()
	w, err := New(t.TempDir(), name)
	if err != nil {
		t.Fatal(err)
	}
	w.kdf = cheapKDF
	return w
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestCreateLayoutAndRoundTrip(t *testing.T) {
	t.Parallel()
	w := testWallet(t, "alice")
	const pw = "hunter2-hunter2"
	mnemonic, cold, err := w.CreateColdkey(12, WriteOptions{Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if err := keys.ValidateMnemonic(mnemonic); err != nil {
		t.Fatalf("returned mnemonic invalid: %v", err)
	}
	_, hot, err := w.CreateHotkey(DefaultHotkey, 24, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}

	for _, p := range []string{w.ColdkeyPath(), w.ColdkeyPubPath(), w.HotkeyPath("default"), w.HotkeyPubPath("default")} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s mode %v, want 0600", p, m)
		}
	}
	for _, d := range []string{w.Dir(), w.HotkeysDir()} {
		if m := mode(t, d); m != 0o700 {
			t.Errorf("%s mode %v, want 0700", d, m)
		}
	}
	if got := filepath.Base(w.HotkeyPubPath("default")); got != "defaultpub.txt" {
		t.Errorf("hotkey pub file %s", got)
	}

	if f, err := w.ColdkeyFormat(); err != nil || f != FormatNaCl {
		t.Errorf("coldkey format = %v, %v", f, err)
	}
	if f, err := KeyfileFormat(w.HotkeyPath("default")); err != nil || f != FormatPlain {
		t.Errorf("hotkey format = %v, %v", f, err)
	}

	calls := 0
	got, err := w.Coldkey(func() (string, error) { calls++; return pw, nil })
	if err != nil {
		t.Fatal(err)
	}
	if got.Public() != cold.Public() || got.SecretKey() != cold.SecretKey() || got.Phrase() != mnemonic || calls != 1 {
		t.Errorf("coldkey round trip mismatch (password calls %d)", calls)
	}
	if _, err := w.Coldkey(StaticPassword("wrong")); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := w.Coldkey(nil); !errors.Is(err, ErrNoPassword) {
		t.Errorf("no password: %v", err)
	}
	pub, err := w.ColdkeyPub()
	if err != nil || pub != cold.AccountID() {
		t.Errorf("coldkeypub = %s, %v", pub, err)
	}

	h, err := w.Hotkey("default", func() (string, error) {
		t.Error("password asked for an unencrypted hotkey")
		return "", nil
	})
	if err != nil || h.Public() != hot.Public() {
		t.Errorf("hotkey = %v, %v", h, err)
	}
	if hp, err := w.HotkeyPub("default"); err != nil || hp != hot.AccountID() {
		t.Errorf("hotkey pub = %s, %v", hp, err)
	}
}

func TestOverwriteProtection(t *testing.T) {
	t.Parallel()
	w := testWallet(t, "w")
	if _, err := w.RegenColdkey("//Alice", WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.RegenColdkey("//Bob", WriteOptions{}); !errors.Is(err, ErrKeyfileExists) {
		t.Fatalf("second regen: %v, want ErrKeyfileExists", err)
	}
	kp, err := w.Coldkey(nil)
	if err != nil || kp.SS58() != "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" {
		t.Fatalf("coldkey changed after refused overwrite: %v", err)
	}
	// Only the pub file present still blocks a create.
	os.Remove(w.ColdkeyPath())
	if _, err := w.RegenColdkey("//Bob", WriteOptions{}); !errors.Is(err, ErrKeyfileExists) {
		t.Errorf("regen with coldkeypub present: %v", err)
	}
	if _, err := w.RegenColdkey("//Bob", WriteOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	kp, err = w.Coldkey(nil)
	if err != nil || kp.SS58() != bobSS58 {
		t.Errorf("after overwrite: %v", err)
	}
	if pub, _ := w.ColdkeyPub(); pub.String() != bobSS58 {
		t.Errorf("coldkeypub after overwrite = %s", pub)
	}
	entries, _ := os.ReadDir(w.Dir())
	for _, e := range entries {
		if e.Name() != "coldkey" && e.Name() != "coldkeypub.txt" {
			t.Errorf("stray file %s", e.Name())
		}
	}
}

func TestRegenFromSpecSecrets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, secret, ss58 string
		hasSeed            bool
	}{
		{"mnemonic", specMnemonic, specSS58, true},
		{"mnemonic with surrounding space", "  " + specMnemonic + "\n", specSS58, true},
		{"seed", specSeed, specSS58, true},
		{"uri", "//Alice", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", true},
		{"soft uri", specMnemonic + "/Alice", "5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := testWallet(t, "regen")
			if _, err := w.RegenHotkey("hk", tc.secret, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			k, err := ReadKeyfile(w.HotkeyPath("hk"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if k.Account.String() != tc.ss58 {
				t.Errorf("account %s, want %s", k.Account, tc.ss58)
			}
			if _, ok := k.Pair.Seed(); ok != tc.hasSeed {
				t.Errorf("seed recorded = %v, want %v", ok, tc.hasSeed)
			}
		})
	}
	w := testWallet(t, "bad")
	if _, err := w.RegenColdkey("old leopard", WriteOptions{}); !errors.Is(err, keys.ErrBadMnemonicLength) {
		t.Errorf("bad mnemonic: %v", err)
	}
	if _, err := os.Stat(w.Dir()); !errors.Is(err, fs.ErrNotExist) {
		t.Error("failed regen left a wallet directory")
	}
}

func TestLoadHandBuiltFiles(t *testing.T) {
	t.Parallel()
	w := testWallet(t, "legacy")
	const pw = "legacy-pw"
	json := []byte(`{"secretPhrase":"` + specMnemonic + `","accountId":"` + specPubHex + `"}`)
	for name, data := range map[string][]byte{
		"nacl":    handSealNaCl(t, json, pw, cheapKDF),
		"ansible": handAnsibleVault(t, json, pw),
	} {
		path := filepath.Join(w.Dir(), "coldkey")
		if err := WriteKeyfile(path, data, true); err != nil {
			t.Fatal(err)
		}
		kp, err := w.Coldkey(StaticPassword(pw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if kp.SS58() != specSS58 {
			t.Errorf("%s: %s", name, kp.SS58())
		}
		if _, err := w.Coldkey(StaticPassword("nope")); !errors.Is(err, ErrWrongPassword) {
			t.Errorf("%s wrong password: %v", name, err)
		}
	}
	// Our sealed coldkey opens by hand with the spec's construction.
	if _, err := w.RegenColdkey("//Dave", WriteOptions{Password: pw, Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(w.ColdkeyPath())
	if err != nil {
		t.Fatal(err)
	}
	plain, ok := handOpenNaCl(t, raw, pw, cheapKDF)
	if !ok {
		t.Fatal("hand open failed")
	}
	k, err := ParseKeyfile(plain)
	if err != nil || k.Pair == nil || k.Account != must(keys.FromSURI("//Dave")).AccountID() {
		t.Errorf("hand-opened keyfile: %v", err)
	}
	// Encrypted content that is not a keyfile is corrupt, not a wrong password.
	if err := WriteKeyfile(w.ColdkeyPath(), handSealNaCl(t, []byte("garbage"), pw, cheapKDF), true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Coldkey(StaticPassword(pw)); !errors.Is(err, ErrCorruptKeyfile) {
		t.Errorf("sealed garbage: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestPublicOnlyAndMissing(t *testing.T) {
	t.Parallel()
	w := testWallet(t, "watch")
	bob := must(keys.FromSURI("//Bob"))
	if err := w.SetColdkeyPub(bob.AccountID(), false); err != nil {
		t.Fatal(err)
	}
	if pub, err := w.ColdkeyPub(); err != nil || pub != bob.AccountID() {
		t.Errorf("coldkeypub = %s, %v", pub, err)
	}
	if _, err := w.Coldkey(nil); !errors.Is(err, ErrKeyfileNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing coldkey: %v", err)
	}
	// A public-only file where a secret is expected.
	if err := WriteKeyfile(w.ColdkeyPath(), []byte(`{"ss58Address":"`+bobSS58+`"}`), false); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Coldkey(nil); !errors.Is(err, ErrNoSecret) {
		t.Errorf("public-only coldkey: %v", err)
	}
	// Raw-hex coldkeypub.txt, as old SDK wallets have.
	if err := WriteKeyfile(w.ColdkeyPubPath(), []byte(specPubHex[2:]), true); err != nil {
		t.Fatal(err)
	}
	if pub, err := w.ColdkeyPub(); err != nil || pub.String() != specSS58 {
		t.Errorf("raw hex coldkeypub = %s, %v", pub, err)
	}
	// HotkeyPub falls back to an unencrypted hotkey file without a pub companion.
	if err := WriteKeyfile(w.HotkeyPath("old"), []byte(`{"secretSeed":"`+specSeed+`"}`), false); err != nil {
		t.Fatal(err)
	}
	if pub, err := w.HotkeyPub("old"); err != nil || pub.String() != specSS58 {
		t.Errorf("hotkey pub fallback = %s, %v", pub, err)
	}
	if _, err := w.HotkeyPub("absent"); !errors.Is(err, ErrKeyfileNotFound) {
		t.Errorf("absent hotkey pub: %v", err)
	}
}

func TestListAndHotkeys(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, name := range []string{"zeta", "alpha", "mid"} {
		w, err := New(root, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.RegenColdkey("//"+name, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(root, "not-a-wallet"), 0o700)
	os.MkdirAll(filepath.Join(root, ".hidden", "hotkeys"), 0o700)
	names, err := List(root)
	if err != nil || !slices.Equal(names, []string{"alpha", "mid", "zeta"}) {
		t.Errorf("List = %v, %v", names, err)
	}
	if names, err := List(filepath.Join(root, "missing")); err != nil || len(names) != 0 {
		t.Errorf("List(missing) = %v, %v", names, err)
	}

	w, _ := New(root, "alpha")
	w.kdf = cheapKDF
	if hk, err := w.Hotkeys(); err != nil || len(hk) != 0 {
		t.Errorf("no hotkeys yet: %v, %v", hk, err)
	}
	for _, hk := range []string{"miner2", "default", "miner1"} {
		if _, err := w.RegenHotkey(hk, "//"+hk, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// A watch-only hotkey: only the pub file.
	if err := WriteKeyfile(w.HotkeyPubPath("watch"), []byte(`{"ss58Address":"`+bobSS58+`"}`), false); err != nil {
		t.Fatal(err)
	}
	hk, err := w.Hotkeys()
	if err != nil || !slices.Equal(hk, []string{"default", "miner1", "miner2", "watch"}) {
		t.Errorf("Hotkeys = %v, %v", hk, err)
	}
}

func TestInvalidNames(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", ".", "..", "a/b", `a\b`, "../x", "a\x00b"} {
		if _, err := New(t.TempDir(), name); !errors.Is(err, ErrInvalidName) {
			t.Errorf("New(%q): %v", name, err)
		}
	}
	w := testWallet(t, "ok")
	kp := must(keys.FromSURI("//Eve"))
	if err := w.SetHotkey("../escape", kp, WriteOptions{}); !errors.Is(err, ErrInvalidName) {
		t.Errorf("SetHotkey escape: %v", err)
	}
	if _, err := w.Hotkey("", nil); !errors.Is(err, ErrInvalidName) {
		t.Errorf("Hotkey empty: %v", err)
	}
}

func TestNewExpandsHome(t *testing.T) {
	t.Parallel()
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	w, err := New("~/.bittensor/wallets", DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	if w.Dir() != filepath.Join(home, ".bittensor", "wallets", "default") {
		t.Errorf("Dir = %s", w.Dir())
	}
	if p, err := DefaultPath(); err != nil || p != filepath.Join(home, ".bittensor", "wallets") {
		t.Errorf("DefaultPath = %s, %v", p, err)
	}
}
