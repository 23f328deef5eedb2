package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/wallet"
)

// Flag names shared by the commands (btcli's names; each also reads
// TAO_<NAME>, and the wallet ones BT_WALLET_*).
const (
	flagNode         = "node"
	flagNetuid       = "netuid"
	flagWalletPath   = "wallet.path"
	flagWalletName   = "wallet.name"
	flagWalletHotkey = "wallet.hotkey"
	flagPasswordFile = "password-file"
	passwordEnv      = "TAO_PASSWORD"
	defaultNode      = "http://127.0.0.1:9944"
)

func nodeFlag() cli.Flag {
	return &cli.StringFlag{Name: flagNode, Value: defaultNode, Usage: "taod API `URL`"}
}

func netuidFlag() cli.Flag {
	return &cli.UintFlag{Name: flagNetuid, Required: true, Usage: "subnet `NETUID`"}
}

func walletFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagWalletPath, Value: "~/.bittensor/wallets",
			EnvVars: []string{"TAO_WALLET_PATH", "BT_WALLET_PATH"}, Usage: "directory holding wallets"},
		&cli.StringFlag{Name: flagWalletName, Value: "default",
			EnvVars: []string{"TAO_WALLET_NAME", "BT_WALLET_NAME"}, Usage: "wallet (coldkey) `NAME`, or a secret URI such as //Alice"},
		&cli.StringFlag{Name: flagWalletHotkey, Value: "default",
			EnvVars: []string{"TAO_WALLET_HOTKEY", "BT_WALLET_HOTKEY"}, Usage: "hotkey `NAME`, or a secret URI such as //Alice//miner1"},
		&cli.StringFlag{Name: flagPasswordFile, Usage: "read the key password from `FILE` (else $" + passwordEnv + ")"},
	}
}

func flags(groups ...[]cli.Flag) []cli.Flag {
	var out []cli.Flag
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// passwordFunc reads a key password from --password-file or $TAO_PASSWORD;
// a daemon never prompts.
func passwordFunc(c *cli.Context, what string) wallet.PasswordFunc {
	return func() (string, error) {
		if f := c.String(flagPasswordFile); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", fmt.Errorf("%w: --password-file: %w", errWallet, err)
			}
			return strings.TrimRight(string(b), "\r\n"), nil
		}
		if pw := os.Getenv(passwordEnv); pw != "" {
			return pw, nil
		}
		return "", fmt.Errorf("%w: %s is encrypted: use --password-file FILE or set %s", errWallet, what, passwordEnv)
	}
}

// loadHotkey returns the signing hotkey: a secret URI's key, or the
// wallet's hotkey file.
func loadHotkey(c *cli.Context) (*keys.Keypair, error) {
	hk := c.String(flagWalletHotkey)
	if strings.HasPrefix(hk, "/") {
		kp, err := keys.FromSURI(hk)
		if err != nil {
			return nil, fmt.Errorf("%w: hotkey %q: %w", errBadInput, hk, err)
		}
		return kp, nil
	}
	w, err := wallet.New(c.String(flagWalletPath), c.String(flagWalletName))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errWallet, err)
	}
	kp, err := w.Hotkey(hk, passwordFunc(c, "hotkey "+hk))
	if err != nil {
		return nil, fmt.Errorf("%w: wallet %s hotkey %s: %w", errWallet, w.Name, hk, err)
	}
	return kp, nil
}

// coldkeyAddress returns the coldkey's address: a URI's, or the wallet's
// coldkeypub.txt (never unlocking the coldkey).
func coldkeyAddress(c *cli.Context) (keys.AccountID, error) {
	name := c.String(flagWalletName)
	if strings.HasPrefix(name, "/") {
		kp, err := keys.FromSURI(name)
		if err != nil {
			return keys.AccountID{}, fmt.Errorf("%w: wallet %q: %w", errBadInput, name, err)
		}
		return kp.AccountID(), nil
	}
	w, err := wallet.New(c.String(flagWalletPath), name)
	if err != nil {
		return keys.AccountID{}, fmt.Errorf("%w: %w", errWallet, err)
	}
	id, err := w.ColdkeyPub()
	if err != nil {
		return id, fmt.Errorf("%w: wallet %s: %w", errWallet, name, err)
	}
	return id, nil
}
