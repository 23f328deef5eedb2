package main

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	tcli "github.com/taokit/taokit/internal/cli"
	"github.com/taokit/taokit/internal/keys"
	"github.com/taokit/taokit/internal/pow"
)

func newSealCommand() *cli.Command {
	return &cli.Command{
		Name:  "seal",
		Usage: "compute one proof-of-work seal and check it against a difficulty (no node needed)",
		UsageText: `mine seal --block-hash 0x00…00 --hotkey 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY --nonce 1538 --difficulty 1000 -o json
   mine seal --order little …     (subtensor's little-endian reading since mid 2025)`,
		Description: `Byte order (internal/pow doc.go):
   bhk  = Keccak-256(block_hash[32] ‖ hotkey_pubkey[32])
   pre  = nonce as u64 LITTLE-endian (8 bytes) ‖ bhk
   seal = Keccak-256(SHA-256(pre))
A seal meets difficulty D iff W·D ≤ 2²⁵⁶−1, W the seal read as a 256-bit integer: BIG-endian
(seal[0] most significant) on the taokit chain (pow.ChainOrder; the Python client's and cubit's
rule); --order little reads seal[31] as most significant (subtensor since mid 2025).`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "block-hash", Required: true, Usage: "32-byte block hash, hex (0x optional)"},
			&cli.StringFlag{Name: "hotkey", Required: true, Usage: "hotkey: SS58, 0x public key, or secret URI"},
			&cli.Uint64Flag{Name: "nonce", Usage: "nonce"},
			&cli.Uint64Flag{Name: "difficulty", Value: 1, Usage: "difficulty to check"},
			&cli.StringFlag{Name: "order", Value: "chain", Usage: "seal integer byte order: chain (= big) | big | little"},
		},
		Action: runSeal,
	}
}

// sealRecord is the output of `mine seal`.
type sealRecord struct {
	BlockHash     string `json:"block_hash"`
	Hotkey        string `json:"hotkey"`
	Nonce         uint64 `json:"nonce"`
	BlockHotkey   string `json:"block_hotkey_hash"`
	Seal          string `json:"seal"`
	Order         string `json:"order"`
	Difficulty    uint64 `json:"difficulty"`
	Meets         bool   `json:"meets"`
	MaxDifficulty uint64 `json:"max_difficulty"` // highest difficulty this seal meets
}

func runSeal(c *cli.Context) error {
	bh, err := parseHash32(c.String("block-hash"))
	if err != nil {
		return err
	}
	hk, err := parseHotkey(c.String("hotkey"))
	if err != nil {
		return err
	}
	order, err := parseOrder(c.String("order"))
	if err != nil {
		return err
	}
	n, d := c.Uint64("nonce"), c.Uint64("difficulty")
	seal := pow.Seal(bh, hk, n)
	bhk := pow.BlockHotkeyHash(bh, hk)
	em, err := tcli.NewEmitter(c)
	if err != nil {
		return err
	}
	if err := em.Emit(sealRecord{BlockHash: "0x" + hex.EncodeToString(bh[:]), Hotkey: keys.AccountID(hk).String(), Nonce: n,
		BlockHotkey: hex.EncodeToString(bhk[:]), Seal: hex.EncodeToString(seal[:]), Order: order.String(), Difficulty: d,
		Meets: pow.MeetsDifficultyOrder(seal, d, order), MaxDifficulty: pow.MaxDifficulty(seal, order)}); err != nil {
		return err
	}
	return em.Flush()
}

func parseHash32(s string) ([32]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "0x"), "0X"))
	if err != nil || len(b) != 32 {
		return [32]byte{}, fmt.Errorf("%w: %q is not 32 bytes of hex", errBadInput, s)
	}
	return [32]byte(b), nil
}

func parseHotkey(s string) ([32]byte, error) {
	if strings.HasPrefix(s, "/") {
		kp, err := keys.FromSURI(s)
		if err != nil {
			return [32]byte{}, fmt.Errorf("%w: hotkey %q: %w", errBadInput, s, err)
		}
		return kp.Public(), nil
	}
	id, err := keys.ParseAccountIDAny(s)
	if err != nil {
		return [32]byte{}, fmt.Errorf("%w: hotkey %q: %w", errBadInput, s, err)
	}
	return id, nil
}

func parseOrder(s string) (pow.Endian, error) {
	switch s {
	case "chain":
		return pow.ChainOrder, nil
	case "little", "le", "little-endian":
		return pow.LittleEndian, nil
	case "big", "be", "big-endian":
		return pow.BigEndian, nil
	}
	return 0, tcli.Usagef("--order %q: want little or big", s)
}
