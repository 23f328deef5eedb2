package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/wallet"
)

func newWalletCommand() *cli.Command {
	return &cli.Command{
		Name:    "wallet",
		Aliases: []string{"w", "wallets"},
		Usage:   "create, regenerate, list and inspect btcli-compatible wallets; sign and verify messages",
		Description: `Wallets live in --wallet.path (default ~/.bittensor/wallets) as btcli/btwallet lays them out:
<name>/coldkey, coldkeypub.txt, hotkeys/<hotkey>, hotkeys/<hotkey>pub.txt (mode 0600).
Coldkeys are sealed with $NACL (Argon2i + secretbox, btwallet's parameters); hotkeys are
not encrypted, as btcli does. Ansible Vault coldkeys from older tools are read too.`,
		Subcommands: []*cli.Command{
			newWalletCreateCommand(), newWalletNewColdkeyCommand(), newWalletNewHotkeyCommand(),
			newWalletRegenColdkeyCommand(), newWalletRegenHotkeyCommand(), newWalletRegenPubCommand("coldkey"),
			newWalletRegenPubCommand("hotkey"), newWalletListCommand(),
			newWalletInspectCommand(), newWalletSignCommand(), newWalletVerifyCommand(),
		},
	}
}

// walletKey is one key of a wallet as the wallet commands print it.
type walletKey struct {
	Wallet    string         `json:"wallet"`
	Key       string         `json:"key"`              // coldkey | hotkey
	Hotkey    string         `json:"hotkey,omitempty"` // the hotkey's name
	Address   keys.AccountID `json:"ss58"`
	PublicKey string         `json:"public_key"` // 0x hex
	Format    string         `json:"format"`     // plain | nacl | ansible-vault | fernet | public (pub file only)
	Path      string         `json:"path"`
	Mnemonic  string         `json:"mnemonic,omitempty"` // only when just created
}

var walletKeyHeader = []string{"wallet", "key", "hotkey", "ss58", "format", "path"}

func walletKeyRow(k walletKey) []string {
	return []string{k.Wallet, k.Key, k.Hotkey, k.Address.String(), k.Format, k.Path}
}

func emitCreated(e *runEnv, recs []walletKey) error {
	header := append(slices.Clone(walletKeyHeader), "mnemonic")
	err := emitList(e, recs, header, func(k walletKey) []string { return append(walletKeyRow(k), k.Mnemonic) })
	if err == nil && e.table() {
		e.note("Write the mnemonic(s) down and keep them secret: they are the only way to recover the keys.")
	}
	return err
}

// --- create / new-coldkey / new-hotkey -----------------------------------

type walletNewOptions struct {
	words      int
	noPassword bool
	overwrite  bool
}

func walletNewFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "n-words", Aliases: []string{"n_words"}, Value: 12, Usage: "mnemonic length: 12, 15, 18, 21 or 24 words"},
		&cli.BoolFlag{Name: "no-password", Aliases: []string{"no-use-password"}, Usage: "write the coldkey unencrypted (testing only)"},
		&cli.BoolFlag{Name: "overwrite", Usage: "replace existing key files"},
	}
}

func walletNewOpts(c *cli.Context) (walletNewOptions, error) {
	o := walletNewOptions{words: c.Int("n-words"), noPassword: c.Bool("no-password"), overwrite: c.Bool("overwrite")}
	if !slices.Contains(keys.MnemonicWordCounts, o.words) {
		return o, badInput("--n-words %d: want one of 12, 15, 18, 21, 24", o.words)
	}
	return o, nil
}

func newWalletCreateCommand() *cli.Command {
	return &cli.Command{
		Name:  "create",
		Usage: "create a wallet: a new coldkey (encrypted) and a new hotkey",
		UsageText: `taoctl wallet create --wallet.name alice --wallet.hotkey miner1
   TAO_PASSWORD=… taoctl wallet create --wallet.name alice -o json
   taoctl wallet create --wallet.name scratch --no-password --n-words 24`,
		Flags:  flags(walletFlags(), walletNewFlags()),
		Action: runWalletCreate,
	}
}

func runWalletCreate(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	o, err := walletNewOpts(c)
	if err != nil {
		return err
	}
	w, err := e.openWallet()
	if err != nil {
		return err
	}
	cold, err := createColdkey(e, w, o)
	if err != nil {
		return err
	}
	hot, err := createHotkey(e, w, o)
	if err != nil {
		return err
	}
	return emitCreated(e, []walletKey{cold, hot})
}

func createColdkey(e *runEnv, w *wallet.Wallet, o walletNewOptions) (walletKey, error) {
	wo := wallet.WriteOptions{Overwrite: o.overwrite}
	if !o.noPassword {
		pw, err := e.password("the new coldkey of wallet "+w.Name, true)
		if err != nil {
			return walletKey{}, err
		}
		wo.Password = pw
		e.log.Info("sealing the coldkey (Argon2i, 512 MiB; takes a few seconds)")
	}
	m, kp, err := w.CreateColdkey(o.words, wo)
	if err != nil {
		return walletKey{}, fmt.Errorf("wallet %s: %w", w.Name, err)
	}
	k := coldkeyRecord(w, kp.AccountID())
	k.Format, k.Mnemonic = formatName(w.ColdkeyPath()), m
	return k, nil
}

func createHotkey(e *runEnv, w *wallet.Wallet, o walletNewOptions) (walletKey, error) {
	hk := e.c.String(flagWalletHotkey)
	if isURI(hk) {
		return walletKey{}, badInput("--wallet.hotkey %q is a key URI, not a name for a new hotkey", hk)
	}
	m, kp, err := w.CreateHotkey(hk, o.words, wallet.WriteOptions{Overwrite: o.overwrite})
	if err != nil {
		return walletKey{}, fmt.Errorf("wallet %s: %w", w.Name, err)
	}
	k := hotkeyRecord(w, hk, kp.AccountID())
	k.Mnemonic = m
	return k, nil
}

func coldkeyRecord(w *wallet.Wallet, id keys.AccountID) walletKey {
	return walletKey{Wallet: w.Name, Key: "coldkey", Address: id, PublicKey: id.Hex(), Path: w.ColdkeyPath(), Format: formatName(w.ColdkeyPath())}
}

func hotkeyRecord(w *wallet.Wallet, name string, id keys.AccountID) walletKey {
	return walletKey{Wallet: w.Name, Key: "hotkey", Hotkey: name, Address: id, PublicKey: id.Hex(), Path: w.HotkeyPath(name), Format: formatName(w.HotkeyPath(name))}
}

// formatName reports a keyfile's storage format, "public" when only the
// pub file exists.
func formatName(path string) string {
	f, err := wallet.KeyfileFormat(path)
	if err != nil {
		return "public"
	}
	return f.String()
}

func newWalletNewColdkeyCommand() *cli.Command {
	return newWalletNewKeyCommand("new-coldkey", "create a new coldkey in a wallet",
		"taoctl wallet new-coldkey --wallet.name alice --n-words 24", createColdkey)
}

func newWalletNewHotkeyCommand() *cli.Command {
	return newWalletNewKeyCommand("new-hotkey", "create a new hotkey in a wallet",
		"taoctl wallet new-hotkey --wallet.name alice --wallet.hotkey miner2", createHotkey)
}

// newWalletNewKeyCommand builds new-coldkey and new-hotkey, which differ
// only in the key they create.
func newWalletNewKeyCommand(name, usage, example string, create func(*runEnv, *wallet.Wallet, walletNewOptions) (walletKey, error)) *cli.Command {
	return &cli.Command{
		Name:      name,
		Usage:     usage,
		UsageText: example,
		Flags:     flags(walletFlags(), walletNewFlags()),
		Action: func(c *cli.Context) error {
			e, err := newEnv(c)
			if err != nil {
				return err
			}
			o, err := walletNewOpts(c)
			if err != nil {
				return err
			}
			w, err := e.openWallet()
			if err != nil {
				return err
			}
			k, err := create(e, w, o)
			if err != nil {
				return err
			}
			return emitCreated(e, []walletKey{k})
		},
	}
}

// --- regen-coldkey / regen-hotkey -----------------------------------------

func regenFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "mnemonic", Usage: "the mnemonic (12–24 words, btcli's numbered form accepted); \"-\" reads it from stdin"},
		&cli.StringFlag{Name: "seed", Usage: "the 32-byte secret seed as 0x hex"},
		&cli.StringFlag{Name: "uri", Usage: "a secret URI such as //Alice or \"<mnemonic>//hard/soft\""},
		&cli.StringFlag{Name: "json", Usage: "a polkadot-js account export `FILE` (its password from --json-password)"},
		&cli.StringFlag{Name: "json-password", Usage: "password of the polkadot-js export"},
		&cli.BoolFlag{Name: "no-password", Aliases: []string{"no-use-password"}, Usage: "write the coldkey unencrypted (testing only)"},
		&cli.BoolFlag{Name: "overwrite", Usage: "replace existing key files"},
	}
}

// regenSecret returns the key a regen command was given.
func regenSecret(e *runEnv) (*keys.Keypair, error) {
	c := e.c
	var given []string
	for _, n := range []string{"mnemonic", "seed", "uri", "json"} {
		if c.String(n) != "" {
			given = append(given, "--"+n)
		}
	}
	if len(given) != 1 {
		return nil, tcli.Usagef("give exactly one of --mnemonic, --seed, --uri or --json (got %d)", len(given))
	}
	switch {
	case c.String("mnemonic") != "":
		m := c.String("mnemonic")
		if m == "-" {
			b, err := io.ReadAll(io.LimitReader(e.stdin, 4096))
			if err != nil {
				return nil, fmt.Errorf("read mnemonic from stdin: %w", err)
			}
			m = string(b)
		}
		norm, err := keys.NormalizeMnemonic(m)
		if err != nil {
			return nil, fmt.Errorf("%w: mnemonic: %w", errBadInput, err)
		}
		if err := keys.ValidateMnemonic(norm); err != nil {
			return nil, fmt.Errorf("%w: mnemonic: %w", errBadInput, err)
		}
		return keys.FromMnemonic(norm, "")
	case c.String("seed") != "":
		kp, err := keys.FromSeedHex(strings.TrimSpace(c.String("seed")))
		if err != nil {
			return nil, fmt.Errorf("%w: seed: %w", errBadInput, err)
		}
		return kp, nil
	case c.String("uri") != "":
		kp, err := keys.FromSURI(c.String("uri"))
		if err != nil {
			return nil, fmt.Errorf("%w: uri: %w", errBadInput, err)
		}
		return kp, nil
	}
	data, err := os.ReadFile(c.String("json"))
	if err != nil {
		return nil, fmt.Errorf("--json: %w", err)
	}
	kp, err := wallet.ImportPolkadotJSON(data, c.String("json-password"))
	if err != nil {
		return nil, fmt.Errorf("--json %s: %w", c.String("json"), err)
	}
	return kp, nil
}

func newWalletRegenColdkeyCommand() *cli.Command {
	return &cli.Command{
		Name:  "regen-coldkey",
		Usage: "rebuild a coldkey from its mnemonic, seed, URI or polkadot-js export",
		UsageText: `taoctl wallet regen-coldkey --wallet.name alice --mnemonic "old leopard transfer …"
   echo "$MNEMONIC" | taoctl wallet regen-coldkey --wallet.name alice --mnemonic - --password-file pw.txt
   taoctl wallet regen-coldkey --wallet.name dev --uri //Alice --no-password`,
		Flags:  flags(walletFlags(), regenFlags()),
		Action: runWalletRegenColdkey,
	}
}

func runWalletRegenColdkey(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	w, err := e.openWallet()
	if err != nil {
		return err
	}
	kp, err := regenSecret(e)
	if err != nil {
		return err
	}
	wo := wallet.WriteOptions{Overwrite: c.Bool("overwrite")}
	if !c.Bool("no-password") {
		if wo.Password, err = e.password("the coldkey of wallet "+w.Name, true); err != nil {
			return err
		}
		e.log.Info("sealing the coldkey (Argon2i, 512 MiB; takes a few seconds)")
	}
	if err := w.SetColdkey(kp, wo); err != nil {
		return fmt.Errorf("wallet %s: %w", w.Name, err)
	}
	return emitList(e, []walletKey{coldkeyRecord(w, kp.AccountID())}, walletKeyHeader, walletKeyRow)
}

func newWalletRegenHotkeyCommand() *cli.Command {
	return &cli.Command{
		Name:  "regen-hotkey",
		Usage: "rebuild a hotkey from its mnemonic, seed, URI or polkadot-js export",
		UsageText: `taoctl wallet regen-hotkey --wallet.name alice --wallet.hotkey miner1 --mnemonic "…"
   taoctl wallet regen-hotkey --wallet.name dev --wallet.hotkey bob --uri //Bob`,
		Flags:  flags(walletFlags(), regenFlags()),
		Action: runWalletRegenHotkey,
	}
}

func runWalletRegenHotkey(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	w, err := e.openWallet()
	if err != nil {
		return err
	}
	hk := c.String(flagWalletHotkey)
	if isURI(hk) {
		return badInput("--wallet.hotkey %q is a key URI, not a hotkey name (use --uri for the secret)", hk)
	}
	kp, err := regenSecret(e)
	if err != nil {
		return err
	}
	if err := w.SetHotkey(hk, kp, wallet.WriteOptions{Overwrite: c.Bool("overwrite")}); err != nil {
		return fmt.Errorf("wallet %s: %w", w.Name, err)
	}
	return emitList(e, []walletKey{hotkeyRecord(w, hk, kp.AccountID())}, walletKeyHeader, walletKeyRow)
}

// newWalletRegenPubCommand is regen-coldkeypub / regen-hotkeypub: a
// watch-only key from an address, for machines that must not hold secrets.
func newWalletRegenPubCommand(kind string) *cli.Command {
	return &cli.Command{
		Name:  "regen-" + kind + "pub",
		Usage: "write only the public " + kind + " file from an address (watch-only; read commands need nothing else)",
		UsageText: "taoctl wallet regen-" + kind + "pub --wallet.name alice --wallet.hotkey miner1 --ss58 5GrwvaEF…\n" +
			"   taoctl wallet regen-" + kind + "pub --wallet.name alice --ss58 0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
		Flags: flags(walletFlags(), []cli.Flag{
			&cli.StringFlag{Name: "ss58", Aliases: []string{"address", "public-key"}, Required: true, Usage: "SS58 address or 0x public key"},
			&cli.BoolFlag{Name: "overwrite", Usage: "replace an existing file"},
		}),
		Action: func(c *cli.Context) error {
			e, err := newEnv(c)
			if err != nil {
				return err
			}
			id, err := parseAddress("--ss58", c.String("ss58"))
			if err != nil {
				return err
			}
			w, err := e.openWallet()
			if err != nil {
				return err
			}
			rec := coldkeyRecord(w, id)
			if kind == "coldkey" {
				err = w.SetColdkeyPub(id, c.Bool("overwrite"))
			} else {
				hk := c.String(flagWalletHotkey)
				if isURI(hk) {
					return badInput("--wallet.hotkey %q is a key URI, not a hotkey name", hk)
				}
				var data []byte
				if data, err = wallet.PublicKeyfileData(id).Marshal(); err == nil {
					err = wallet.WriteKeyfile(w.HotkeyPubPath(hk), data, c.Bool("overwrite"))
				}
				rec = hotkeyRecord(w, hk, id)
			}
			if err != nil {
				return fmt.Errorf("wallet %s: %w", w.Name, err)
			}
			rec.Format = "public"
			return emitList(e, []walletKey{rec}, walletKeyHeader, walletKeyRow)
		},
	}
}

// --- list / inspect ---------------------------------------------------------

func newWalletListCommand() *cli.Command {
	return &cli.Command{
		Name:      "list",
		Usage:     "list wallets and their keys (addresses only; nothing is unlocked)",
		UsageText: "taoctl wallet list\n   taoctl wallet list --wallet.path ./wallets -o json | jq -r .ss58",
		Flags:     walletFlags(),
		Action:    runWalletList,
	}
}

// walletKeys lists a wallet's coldkey and hotkeys from their public files.
func walletKeys(w *wallet.Wallet) ([]walletKey, error) {
	var out []walletKey
	if id, err := w.ColdkeyPub(); err == nil {
		out = append(out, coldkeyRecord(w, id))
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("wallet %s: %w", w.Name, err)
	}
	hks, err := w.Hotkeys()
	if err != nil {
		return nil, err
	}
	for _, h := range hks {
		id, err := w.HotkeyPub(h)
		if err != nil {
			return nil, fmt.Errorf("wallet %s: %w", w.Name, err)
		}
		out = append(out, hotkeyRecord(w, h, id))
	}
	return out, nil
}

func runWalletList(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	path := c.String(flagWalletPath)
	w0, err := wallet.New(path, "x")
	if err != nil {
		return err
	}
	names, err := wallet.List(w0.Path)
	if err != nil {
		return err
	}
	var recs []walletKey
	for _, n := range names {
		w, err := wallet.New(path, n)
		if err != nil {
			return err
		}
		ks, err := walletKeys(w)
		if err != nil {
			e.log.Warn("skipping unreadable wallet", "wallet", n, "err", err)
			continue
		}
		recs = append(recs, ks...)
	}
	return emitList(e, recs, walletKeyHeader, walletKeyRow)
}

func newWalletInspectCommand() *cli.Command {
	return &cli.Command{
		Name:  "inspect",
		Usage: "show a wallet's keys, files and formats; --unlock checks the password",
		UsageText: `taoctl wallet inspect --wallet.name alice
   taoctl wallet inspect --wallet.name alice --unlock --password-file pw.txt
   taoctl wallet inspect --wallet.name //Alice`,
		Flags: flags(walletFlags(), []cli.Flag{
			&cli.BoolFlag{Name: "unlock", Usage: "decrypt the coldkey and check it matches coldkeypub.txt"},
		}),
		Action: runWalletInspect,
	}
}

// walletInspect is the inspect record.
type walletInspect struct {
	Wallet   string         `json:"wallet"`
	Dir      string         `json:"dir,omitempty"`
	Coldkey  keys.AccountID `json:"coldkey"`
	Public   string         `json:"public_key"`
	Format   string         `json:"format"`
	Mode     string         `json:"mode,omitempty"` // coldkey file mode
	Unlocked bool           `json:"unlocked"`
	Hotkeys  []walletKey    `json:"hotkeys"`
}

func runWalletInspect(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	name := c.String(flagWalletName)
	var rec walletInspect
	if isURI(name) {
		kp, err := fromURI(name)
		if err != nil {
			return err
		}
		rec = walletInspect{Wallet: name, Coldkey: kp.AccountID(), Public: kp.AccountID().Hex(), Format: "uri", Unlocked: true, Hotkeys: []walletKey{}}
	} else {
		w, err := e.openWallet()
		if err != nil {
			return err
		}
		id, err := w.ColdkeyPub()
		if err != nil {
			return fmt.Errorf("wallet %s: %w", name, err)
		}
		rec = walletInspect{Wallet: name, Dir: w.Dir(), Coldkey: id, Public: id.Hex(), Format: formatName(w.ColdkeyPath()), Hotkeys: []walletKey{}}
		if fi, err := os.Stat(w.ColdkeyPath()); err == nil {
			rec.Mode = fmt.Sprintf("%04o", fi.Mode().Perm())
		}
		if c.Bool("unlock") {
			kp, err := e.coldkey()
			if err != nil {
				return err
			}
			if kp.AccountID() != id {
				return fmt.Errorf("wallet %s: %w: coldkey %s does not match coldkeypub.txt %s", name, wallet.ErrCorruptKeyfile, kp.AccountID(), id)
			}
			rec.Unlocked = true
		}
		ks, err := walletKeys(w)
		if err != nil {
			return err
		}
		for _, k := range ks {
			if k.Key == "hotkey" {
				rec.Hotkeys = append(rec.Hotkeys, k)
			}
		}
	}
	kv := [][]string{
		{"wallet", rec.Wallet}, {"dir", rec.Dir}, {"coldkey", rec.Coldkey.String()}, {"public key", rec.Public},
		{"format", rec.Format}, {"mode", rec.Mode}, {"unlocked", strconv.FormatBool(rec.Unlocked)},
	}
	for _, h := range rec.Hotkeys {
		kv = append(kv, []string{"hotkey " + h.Hotkey, h.Address.String() + " (" + h.Format + ")"})
	}
	return e.emitOne(rec, kv)
}

// --- sign / verify ----------------------------------------------------------

func messageFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "the message; \"-\" reads it from stdin", Required: true},
		&cli.BoolFlag{Name: "hex", Usage: "the message is 0x hex bytes"},
		&cli.BoolFlag{Name: "use-hotkey", Usage: "use the hotkey instead of the coldkey"},
	}
}

func readMessage(e *runEnv) ([]byte, error) {
	m := e.c.String("message")
	if m == "-" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, 1<<20))
		if err != nil {
			return nil, fmt.Errorf("read message from stdin: %w", err)
		}
		m = string(b)
	}
	if e.c.Bool("hex") {
		b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(m), "0x"))
		if err != nil {
			return nil, badInput("--message is not hex: %v", err)
		}
		return b, nil
	}
	return []byte(m), nil
}

type signature struct {
	Signer    keys.AccountID `json:"signer"`
	Message   string         `json:"message"`
	Signature string         `json:"signature"` // 0x hex, 64 bytes
}

func newWalletSignCommand() *cli.Command {
	return &cli.Command{
		Name:  "sign",
		Usage: "sign a message with the coldkey (or --use-hotkey); sr25519, context \"substrate\"",
		UsageText: `taoctl wallet sign --wallet.name alice --message "hello"
   taoctl wallet sign --wallet.name //Alice --message hello -o json`,
		Flags:  flags(walletFlags(), messageFlags()),
		Action: runWalletSign,
	}
}

func runWalletSign(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	msg, err := readMessage(e)
	if err != nil {
		return err
	}
	var kp *keys.Keypair
	if c.Bool("use-hotkey") {
		kp, err = e.hotkey()
	} else {
		kp, err = e.coldkey()
	}
	if err != nil {
		return err
	}
	sig, err := kp.Sign(msg)
	if err != nil {
		return err
	}
	rec := signature{Signer: kp.AccountID(), Message: string(msg), Signature: "0x" + hex.EncodeToString(sig[:])}
	return e.emitOne(rec, [][]string{{"signer", rec.Signer.String()}, {"signature", rec.Signature}})
}

type verification struct {
	Signer keys.AccountID `json:"signer"`
	Valid  bool           `json:"valid"`
}

func newWalletVerifyCommand() *cli.Command {
	return &cli.Command{
		Name:  "verify",
		Usage: "verify a signature (exit status 4 when it does not verify)",
		UsageText: `taoctl wallet verify --message hello --signature 0x… --address 5GrwvaEF…
   taoctl wallet verify --wallet.name alice --message hello --signature 0x…`,
		Flags: flags(walletFlags(), messageFlags(), []cli.Flag{
			&cli.StringFlag{Name: "signature", Aliases: []string{"s"}, Required: true, Usage: "0x hex signature (64 bytes)"},
			&cli.StringFlag{Name: "address", Aliases: []string{"ss58"}, Usage: "signer address (default: the wallet's coldkey or --use-hotkey)"},
		}),
		Action: runWalletVerify,
	}
}

func runWalletVerify(c *cli.Context) error {
	e, err := newEnv(c)
	if err != nil {
		return err
	}
	msg, err := readMessage(e)
	if err != nil {
		return err
	}
	sig, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(c.String("signature")), "0x"))
	if err != nil || len(sig) != keys.SignatureSize {
		return badInput("--signature must be 0x followed by %d hex bytes", keys.SignatureSize)
	}
	var signer keys.AccountID
	switch {
	case c.String("address") != "":
		signer, err = parseAddress("--address", c.String("address"))
	case c.Bool("use-hotkey"):
		signer, err = e.hotkeyAddress()
	default:
		signer, err = e.coldkeyAddress()
	}
	if err != nil {
		return err
	}
	rec := verification{Signer: signer, Valid: keys.VerifyWrapped(signer, msg, sig)}
	if err := e.emitOne(rec, [][]string{{"signer", signer.String()}, {"valid", strconv.FormatBool(rec.Valid)}}); err != nil {
		return err
	}
	if !rec.Valid {
		return precondition("signature does not verify for %s", signer)
	}
	return nil
}
