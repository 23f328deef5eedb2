package wallet

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/taokit/taokit/internal/keys"
)

// Defaults btcli and btwallet use.
const (
	DefaultName   = "default"
	DefaultHotkey = "default"
)

// DefaultPath returns ~/.bittensor/wallets, the directory that holds wallets.
func DefaultPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default wallet path: %w", err)
	}
	return filepath.Join(home, ".bittensor", "wallets"), nil
}

// Wallet is one named wallet directory, <Path>/<Name>, laid out as btwallet does:
// coldkey, coldkeypub.txt, hotkeys/<hotkey> and hotkeys/<hotkey>pub.txt.
type Wallet struct {
	Path string // the directory holding wallets, e.g. ~/.bittensor/wallets
	Name string // the wallet's directory name

	kdf kdfParams // Argon2i cost; the zero value means btwallet's parameters
}

// New returns the wallet <path>/<name>. It does not touch the disk; a leading "~/" in
// path is expanded.
func New(path, name string) (*Wallet, error) {
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("wallet %q: %w", name, err)
	}
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("wallet %q: %w", name, err)
		}
		path = filepath.Join(home, rest)
	}
	return &Wallet{Path: path, Name: name}, nil
}

// WriteOptions control how keys are written.
type WriteOptions struct {
	// Password seals the secret keyfile with $NACL; empty writes it unencrypted.
	Password string
	// Overwrite allows replacing existing files.
	Overwrite bool
}

// Dir is the wallet's directory.
func (w *Wallet) Dir() string { return filepath.Join(w.Path, w.Name) }

// ColdkeyPath is <dir>/coldkey.
func (w *Wallet) ColdkeyPath() string { return filepath.Join(w.Dir(), "coldkey") }

// ColdkeyPubPath is <dir>/coldkeypub.txt.
func (w *Wallet) ColdkeyPubPath() string { return filepath.Join(w.Dir(), "coldkeypub.txt") }

// HotkeysDir is <dir>/hotkeys.
func (w *Wallet) HotkeysDir() string { return filepath.Join(w.Dir(), "hotkeys") }

// HotkeyPath is <dir>/hotkeys/<name>.
func (w *Wallet) HotkeyPath(name string) string { return filepath.Join(w.HotkeysDir(), name) }

// HotkeyPubPath is <dir>/hotkeys/<name>pub.txt.
func (w *Wallet) HotkeyPubPath(name string) string {
	return filepath.Join(w.HotkeysDir(), name+"pub.txt")
}

func (w *Wallet) kdfParams() kdfParams {
	if w.kdf == (kdfParams{}) {
		return defaultKDF
	}
	return w.kdf
}

// SetColdkey writes kp as the coldkey (sealed when opts.Password is set) and its public
// parts to coldkeypub.txt.
func (w *Wallet) SetColdkey(kp *keys.Keypair, opts WriteOptions) error {
	return w.setPair(w.ColdkeyPath(), w.ColdkeyPubPath(), kp, opts)
}

// SetHotkey writes kp as hotkeys/<name> (sealed when opts.Password is set; btcli leaves
// hotkeys unencrypted) and its public parts to hotkeys/<name>pub.txt.
func (w *Wallet) SetHotkey(name string, kp *keys.Keypair, opts WriteOptions) error {
	if err := checkName(name); err != nil {
		return fmt.Errorf("set hotkey %q: %w", name, err)
	}
	return w.setPair(w.HotkeyPath(name), w.HotkeyPubPath(name), kp, opts)
}

func (w *Wallet) setPair(secretPath, pubPath string, kp *keys.Keypair, opts WriteOptions) error {
	if !opts.Overwrite {
		for _, p := range []string{secretPath, pubPath} {
			if err := mustNotExist(p); err != nil {
				return err
			}
		}
	}
	data, err := encodeKeyfile(kp, opts.Password, w.kdfParams())
	if err != nil {
		return err
	}
	defer clear(data)
	pub, err := PublicKeyfileData(kp.AccountID()).Marshal()
	if err != nil {
		return err
	}
	if err := WriteKeyfile(secretPath, data, opts.Overwrite); err != nil {
		return err
	}
	return WriteKeyfile(pubPath, pub, opts.Overwrite)
}

// SetColdkeyPub writes only coldkeypub.txt, for watch-only wallets (btcli regen-coldkeypub).
func (w *Wallet) SetColdkeyPub(acc keys.AccountID, overwrite bool) error {
	pub, err := PublicKeyfileData(acc).Marshal()
	if err != nil {
		return err
	}
	return WriteKeyfile(w.ColdkeyPubPath(), pub, overwrite)
}

// CreateColdkey generates a mnemonic of the given word count, writes the coldkey and
// returns the mnemonic for the user to record.
func (w *Wallet) CreateColdkey(words int, opts WriteOptions) (string, *keys.Keypair, error) {
	m, kp, err := generate(words)
	if err != nil {
		return "", nil, fmt.Errorf("create coldkey: %w", err)
	}
	if err := w.SetColdkey(kp, opts); err != nil {
		return "", nil, fmt.Errorf("create coldkey: %w", err)
	}
	return m, kp, nil
}

// CreateHotkey generates a mnemonic, writes hotkeys/<name> and returns the mnemonic.
func (w *Wallet) CreateHotkey(name string, words int, opts WriteOptions) (string, *keys.Keypair, error) {
	m, kp, err := generate(words)
	if err != nil {
		return "", nil, fmt.Errorf("create hotkey: %w", err)
	}
	if err := w.SetHotkey(name, kp, opts); err != nil {
		return "", nil, fmt.Errorf("create hotkey: %w", err)
	}
	return m, kp, nil
}

// RegenColdkey rebuilds the coldkey from a mnemonic, a 0x seed or a secret URI
// (e.g. "//Alice") and writes it.
func (w *Wallet) RegenColdkey(secret string, opts WriteOptions) (*keys.Keypair, error) {
	kp, err := keys.FromSURI(strings.TrimSpace(secret))
	if err != nil {
		return nil, fmt.Errorf("regen coldkey: %w", err)
	}
	if err := w.SetColdkey(kp, opts); err != nil {
		return nil, fmt.Errorf("regen coldkey: %w", err)
	}
	return kp, nil
}

// RegenHotkey rebuilds hotkeys/<name> from a mnemonic, a 0x seed or a secret URI.
func (w *Wallet) RegenHotkey(name, secret string, opts WriteOptions) (*keys.Keypair, error) {
	kp, err := keys.FromSURI(strings.TrimSpace(secret))
	if err != nil {
		return nil, fmt.Errorf("regen hotkey: %w", err)
	}
	if err := w.SetHotkey(name, kp, opts); err != nil {
		return nil, fmt.Errorf("regen hotkey: %w", err)
	}
	return kp, nil
}

// Coldkey loads and unlocks the coldkey. password is called only if it is encrypted.
func (w *Wallet) Coldkey(password PasswordFunc) (*keys.Keypair, error) {
	return w.loadPair(w.ColdkeyPath(), password)
}

// Hotkey loads hotkeys/<name>. password is called only if it is encrypted.
func (w *Wallet) Hotkey(name string, password PasswordFunc) (*keys.Keypair, error) {
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("hotkey %q: %w", name, err)
	}
	return w.loadPair(w.HotkeyPath(name), password)
}

func (w *Wallet) loadPair(path string, password PasswordFunc) (*keys.Keypair, error) {
	k, err := readKeyfile(path, password, w.kdfParams())
	if err != nil {
		return nil, err
	}
	if k.Pair == nil {
		return nil, fmt.Errorf("read keyfile %s: %w", path, ErrNoSecret)
	}
	return k.Pair, nil
}

// ColdkeyPub reads the coldkey's account from coldkeypub.txt (JSON or bare hex/SS58).
func (w *Wallet) ColdkeyPub() (keys.AccountID, error) {
	k, err := readKeyfile(w.ColdkeyPubPath(), nil, w.kdfParams())
	return k.Account, err
}

// HotkeyPub reads a hotkey's account from hotkeys/<name>pub.txt, falling back to the
// hotkey file itself when it is unencrypted (files written before btwallet 3.1.0).
func (w *Wallet) HotkeyPub(name string) (keys.AccountID, error) {
	if err := checkName(name); err != nil {
		return keys.AccountID{}, fmt.Errorf("hotkey %q: %w", name, err)
	}
	k, err := readKeyfile(w.HotkeyPubPath(name), nil, w.kdfParams())
	if err == nil {
		return k.Account, nil
	}
	k, err2 := readKeyfile(w.HotkeyPath(name), nil, w.kdfParams())
	if err2 != nil {
		return keys.AccountID{}, err
	}
	return k.Account, nil
}

// ColdkeyFormat reports how the coldkey file is stored.
func (w *Wallet) ColdkeyFormat() (Format, error) { return KeyfileFormat(w.ColdkeyPath()) }

func generate(words int) (string, *keys.Keypair, error) {
	m, err := keys.GenerateMnemonic(words)
	if err != nil {
		return "", nil, err
	}
	kp, err := keys.FromMnemonic(m, "")
	if err != nil {
		return "", nil, err
	}
	return m, kp, nil
}

// checkName rejects names that are empty or could escape the wallet directory.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") {
		return ErrInvalidName
	}
	return nil
}
