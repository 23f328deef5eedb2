package main

import (
	"fmt"
	"strings"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/wallet"
)

// isURI reports whether a wallet or hotkey flag holds a secret URI
// ("//Alice", "//Alice/stash") rather than a name. Names never contain '/'.
func isURI(s string) bool { return strings.HasPrefix(s, "/") }

// fromURI derives a dev or derived key from a secret URI.
func fromURI(s string) (*keys.Keypair, error) {
	kp, err := keys.FromSURI(s)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", s, err)
	}
	return kp, nil
}

// parseAddress parses an SS58 address (or 0x hex public key) given by the user.
func parseAddress(what, s string) (keys.AccountID, error) {
	id, err := keys.ParseAccountIDAny(strings.TrimSpace(s))
	if err != nil {
		return id, fmt.Errorf("%w: %s %q is not an SS58 address: %w", errBadInput, what, s, err)
	}
	return id, nil
}

// openWallet returns the wallet named by --wallet.path/--wallet.name.
func (e *runEnv) openWallet() (*wallet.Wallet, error) {
	name := e.c.String(flagWalletName)
	if isURI(name) {
		return nil, fmt.Errorf("%w: --wallet.name %q is a key URI; this command needs a wallet on disk", errBadInput, name)
	}
	return wallet.New(e.c.String(flagWalletPath), name)
}

// coldkeyLabel names the coldkey in prompts and messages.
func (e *runEnv) coldkeyLabel() string {
	return "coldkey of wallet " + e.c.String(flagWalletName)
}

// coldkey returns the signing coldkey: a URI's key, or the wallet's coldkey
// (prompting for its password when it is encrypted).
func (e *runEnv) coldkey() (*keys.Keypair, error) {
	name := e.c.String(flagWalletName)
	if isURI(name) {
		return fromURI(name)
	}
	w, err := e.openWallet()
	if err != nil {
		return nil, err
	}
	kp, err := w.Coldkey(e.passwordFunc(e.coldkeyLabel()))
	if err != nil {
		return nil, fmt.Errorf("wallet %s: %w", name, err)
	}
	return kp, nil
}

// coldkeyAddress returns the coldkey's address without unlocking it
// (coldkeypub.txt), so read-only commands never ask for a password.
func (e *runEnv) coldkeyAddress() (keys.AccountID, error) {
	name := e.c.String(flagWalletName)
	if isURI(name) {
		kp, err := fromURI(name)
		if err != nil {
			return keys.AccountID{}, err
		}
		return kp.AccountID(), nil
	}
	w, err := e.openWallet()
	if err != nil {
		return keys.AccountID{}, err
	}
	id, err := w.ColdkeyPub()
	if err != nil {
		return id, fmt.Errorf("wallet %s: %w", name, err)
	}
	return id, nil
}

// hotkey returns the signing hotkey: a URI's key or the wallet's hotkey file.
func (e *runEnv) hotkey() (*keys.Keypair, error) {
	hk := e.c.String(flagWalletHotkey)
	if isURI(hk) {
		return fromURI(hk)
	}
	if _, err := keys.ParseAccountID(hk); err == nil {
		return nil, fmt.Errorf("%w: --wallet.hotkey is an address; signing needs the hotkey's secret (a hotkey name or URI)", errBadInput)
	}
	w, err := e.hotkeyWallet(hk)
	if err != nil {
		return nil, err
	}
	kp, err := w.Hotkey(hk, e.passwordFunc("hotkey "+hk))
	if err != nil {
		return nil, fmt.Errorf("wallet %s hotkey %s: %w", w.Name, hk, err)
	}
	return kp, nil
}

// hotkeyAddress returns the hotkey's address: a URI's, an SS58 given
// directly, or the wallet's hotkey pub file.
func (e *runEnv) hotkeyAddress() (keys.AccountID, error) {
	return e.hotkeyAddressOf(e.c.String(flagWalletHotkey))
}

// hotkeyAddressOf resolves a hotkey given as a URI, an SS58 address, or a
// hotkey name in the current wallet.
func (e *runEnv) hotkeyAddressOf(hk string) (keys.AccountID, error) {
	if isURI(hk) {
		kp, err := fromURI(hk)
		if err != nil {
			return keys.AccountID{}, err
		}
		return kp.AccountID(), nil
	}
	if id, err := keys.ParseAccountID(hk); err == nil {
		return id, nil
	}
	w, err := e.hotkeyWallet(hk)
	if err != nil {
		return keys.AccountID{}, err
	}
	id, err := w.HotkeyPub(hk)
	if err != nil {
		return id, fmt.Errorf("wallet %s hotkey %s: %w", w.Name, hk, err)
	}
	return id, nil
}

// addressOf resolves an account given as an SS58 address, a URI, or the
// name of a wallet (its coldkey) under --wallet.path.
func (e *runEnv) addressOf(what, s string) (keys.AccountID, error) {
	switch {
	case isURI(s):
		kp, err := fromURI(s)
		if err != nil {
			return keys.AccountID{}, err
		}
		return kp.AccountID(), nil
	case looksLikeAddress(s):
		return parseAddress(what, s)
	}
	w, err := wallet.New(e.c.String(flagWalletPath), s)
	if err != nil {
		return keys.AccountID{}, fmt.Errorf("%w: %s %q is neither an address nor a wallet name", errBadInput, what, s)
	}
	id, err := w.ColdkeyPub()
	if err != nil {
		return id, fmt.Errorf("%w: %s %q is neither an address nor a wallet: %w", errBadInput, what, s, err)
	}
	return id, nil
}

// looksLikeAddress is true for strings shaped like SS58 (long base58) or
// 0x hex keys, so a typo in an address is reported as a bad address rather
// than as a missing wallet.
func looksLikeAddress(s string) bool {
	if strings.HasPrefix(s, "0x") {
		return true
	}
	return len(s) >= 40 && !strings.ContainsAny(s, " /.")
}

// hotkeyWallet is the wallet holding hotkey name hk; with a URI as the
// wallet name there is none, and the hotkey must be a URI or address too.
func (e *runEnv) hotkeyWallet(hk string) (*wallet.Wallet, error) {
	if name := e.c.String(flagWalletName); isURI(name) {
		return nil, fmt.Errorf("%w: --wallet.name is the key URI %q, so --wallet.hotkey must be a URI or an SS58 address, not the name %q",
			errBadInput, name, hk)
	}
	return e.openWallet()
}
